"""The settings dialog: hotkeys, shop profile, paste timing, lint rules and start-at-login in one place.

A thin layer over ``quickreply.settings``: ``PAGES`` says which catalogue settings each tab shows
and what they are called, and every row's widget is built from the catalogue entry
(``setting_field``), so the dialog cannot produce a value the CLI would refuse. What is not a plain
setting has its own widgets: the hotkey test, the shop profile form, the list of rule files and the
start-at-login switch. It loads the current values, tests hotkeys against the desktop (a combination
another program holds is refused before it is saved), and writes everything back in one
``Settings.update``.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from quickreply import autostart as autostart_mod
from quickreply import settings as settings_mod
from quickreply.core import lint, lint_exceptions
from quickreply.core.kinds import PasteMode
from quickreply.platform import base, combos
from quickreply.ui import palette, plaintext, profile_form, rule_files, setting_field

CONTEXT = "SettingsDialog"
HOTKEYS = ("hotkey.popup", "hotkey.lint")


@dataclasses.dataclass(frozen=True)
class Row:
    """One catalogue setting on a page: its name in the interface, and a spin box's step."""

    name: str
    label: str
    step: int = 1


# The tabs in order, with the settings each shows. Titles, labels and value names are source strings
# of the SettingsDialog translation context, translated when the dialog is built.
PAGES: tuple[tuple[str, tuple[Row, ...]], ...] = (
    (
        "快捷键",
        (
            Row("hotkey.popup", "打开搜索弹窗"),
            Row("hotkey.lint", "检查聊天框草稿"),
        ),
    ),
    ("店铺资料", ()),
    (
        "粘贴",
        (
            Row("paste.mode", "默认粘贴方式"),
            Row("paste.shortcut", "粘贴按键"),
            Row("paste.focus_timeout_ms", "等待聊天窗口获得焦点", 100),
            Row("paste.pre_paste_delay_ms", "粘贴前等待", 10),
            Row("paste.restore_delay_ms", "恢复原剪贴板", 100),
            Row("popup.clipboard_seconds", "带出刚复制的买家消息(秒,0 关闭)", 5),
        ),
    ),
    (
        "规范检查",
        (
            Row("lint.ad_law", "同时检查广告法极限词(如「最便宜」「第一」)"),
            Row("lint.allowed_words", "本店允许的说法"),
        ),
    ),
    ("常规", (Row("ui.language", "界面语言"),)),
)
HOTKEY_PAGE, PROFILE_PAGE, PASTE_PAGE, LINT_PAGE, GENERAL_PAGE = range(len(PAGES))
VALUE_NAMES = {
    PasteMode.PASTE: "粘贴",
    PasteMode.PASTE_AND_SEND: "粘贴并发送",
    PasteMode.COPY_ONLY: "只复制",
    PasteMode.TYPE: "模拟键入",
    "zh_CN": "简体中文",
    "en": "English",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class SettingsDialog(QDialog):
    """Edits the settings; 确定 validates and saves, 取消 leaves everything as it was.

    Args:
        settings: the settings to show and change.
        desktop: used to test that a new hotkey is free (registered and released at once).
        autostart: start-at-login switch (default: the one for this platform).
        current_hotkeys: combinations the app holds now; they are not re-registered to test them.
    """

    def __init__(
        self,
        settings: settings_mod.Settings,
        desktop: base.Desktop,
        parent: QWidget | None = None,
        autostart: autostart_mod.Autostart | None = None,
        current_hotkeys: set[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.desktop = desktop
        self.autostart = autostart if autostart is not None else autostart_mod.Autostart()
        self.current_hotkeys = {_canonical(c) for c in current_hotkeys or set()}
        self.setWindowTitle(self.tr("设置"))
        self.setMinimumWidth(560)

        self.fields: dict[str, setting_field.SettingField] = {}
        value_names = {value: _tr(name) for value, name in VALUE_NAMES.items()}
        value_names |= {e.id: e.label for e in lint_exceptions.catalogue()}  # the words themselves
        extras = (
            self._hotkey_extras,
            self._profile_extras,
            _stretch,
            self._lint_extras,
            self._general_extras,
        )
        self.tabs = QTabWidget()
        for (title, rows), add_extras in zip(PAGES, extras, strict=True):
            page = QWidget()
            layout = QVBoxLayout(page)
            form = QFormLayout()
            for row in rows:
                field = setting_field.SettingField(
                    _setting(row.name), _tr(row.label), settings.platform, row.step, value_names
                )
                self.fields[row.name] = field
                if field.spans_row:
                    form.addRow(field.widget)
                else:
                    form.addRow(_tr(row.label) + self.tr(":"), field.widget)
            if rows:
                layout.addLayout(form)
            add_extras(layout)
            self.tabs.addTab(page, _tr(title))

        self.error_label = plaintext.error_label()
        button = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(button.Ok | button.Cancel)
        self.buttons.button(button.Ok).setText(self.tr("确定"))
        self.buttons.button(button.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.load()

    def label(self, name: str) -> str:
        """The interface name of a setting shown in the dialog."""
        return self.fields[name].label

    # -- what is not a plain setting ------------------------------------------------------------------

    def _hotkey_extras(self, layout: QVBoxLayout) -> None:
        self.hotkey_edits = {name: cast(QLineEdit, self.fields[name].widget) for name in HOTKEYS}
        for edit in self.hotkey_edits.values():
            edit.textEdited.connect(self._clear_hotkey_message)
        self.check_button = QPushButton(self.tr("检查"))
        self.check_button.setToolTip(self.tr("试着注册这两个快捷键,看是否被其他程序占用"))
        self.check_button.clicked.connect(self.check_hotkeys)
        check_row = QHBoxLayout()
        check_row.addWidget(self.check_button)
        check_row.addStretch(1)
        hint = QLabel(
            self.tr("写法如 ctrl+alt+space、ctrl+shift+f1;修饰键可用 ctrl、alt、shift、win。")
            + self.tr("保存后立即生效。")
        )
        hint.setWordWrap(True)
        self.hotkey_error = plaintext.error_label()
        layout.addLayout(check_row)
        layout.addWidget(self.hotkey_error)
        layout.addWidget(hint)
        layout.addStretch(1)

    def _profile_extras(self, layout: QVBoxLayout) -> None:
        intro = QLabel(
            self.tr("话术中的 {店铺名}、{包邮门槛} 等占位符会自动填成这里的值;")
            + self.tr("留空的项在粘贴前询问。")
        )
        intro.setWordWrap(True)
        self.profile_form = profile_form.ProfileForm()
        self.profile_edits = self.profile_form.edits
        layout.addWidget(intro)
        layout.addWidget(self.profile_form)
        layout.addStretch(1)

    def _lint_extras(self, layout: QVBoxLayout) -> None:
        self.ad_law_check = cast(QCheckBox, self.fields["lint.ad_law"].widget)
        self.ad_law_check.toggled.connect(self._show_builtin_rules)
        self.builtin_rules = QLabel()
        self.builtin_rules.setWordWrap(True)
        self.rules = rule_files.RuleFilesEditor()
        layout.addWidget(self.builtin_rules)
        layout.addWidget(self.rules)

    def _general_extras(self, layout: QVBoxLayout) -> None:
        language_hint = QLabel(self.tr("界面语言在重新启动 quickreply 后生效。"))
        language_hint.setWordWrap(True)
        self.autostart_check = QCheckBox(self.tr("开机启动(登录系统后自动运行 quickreply)"))
        layout.addWidget(language_hint)
        layout.addWidget(self.autostart_check)
        layout.addStretch(1)

    # -- loading ------------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the stored values (defaults for what was never set)."""
        for name, field in self.fields.items():
            field.load(self.settings.get(name))
        self.profile_form.load(profile_form.current(self.settings))
        self._show_builtin_rules(self.ad_law_check.isChecked())
        self.rules.load(self.settings.get("lint.rule_files"))
        try:
            self.autostart_was = self.autostart.enabled()
        except OSError:
            self.autostart_was = False
        self.autostart_check.setChecked(self.autostart_was)

    # -- hotkeys ------------------------------------------------------------------------------------

    def check_hotkeys(self) -> bool:
        """The 检查 button: validate both hotkeys and test them against the desktop; show the outcome."""
        result = self._validate_hotkeys(only_changed=False)
        if result is not None and not self.hotkey_error.text():
            self._hotkey_message(self.tr("两个快捷键都可以使用。"), ok=True)
        return result is not None

    def _validate_hotkeys(self, only_changed: bool) -> dict[str, str] | None:
        """The hotkeys in our text format, or None after showing why one cannot be used.

        With ``only_changed`` (on save) a combination equal to the stored one is not re-tested: if
        another program holds it, saving the other settings does not make that worse.
        """
        self._clear_hotkey_message()
        values: dict[str, str] = {}
        for name, edit in self.hotkey_edits.items():
            try:
                values[name] = _setting(name).validate(edit.text())
            except settings_mod.SettingError as error:
                return self._hotkey_failed(self.label(name) + self.tr(":") + error.reason)
        if values["hotkey.popup"] == values["hotkey.lint"]:
            return self._hotkey_failed(self.tr("两个快捷键不能相同。"))
        notes = []
        for name, combo in values.items():
            if combo in self.current_hotkeys:
                continue
            if only_changed and combo == _canonical(str(self.settings.get(name))):
                continue
            try:
                hotkey = self.desktop.register_hotkey(combo, lambda: None)
            except base.HotkeyUnavailable as error:
                notes.append(self.tr("无法测试快捷键:") + str(error))
                continue
            except base.HotkeyConflict:
                return self._hotkey_failed(
                    self.tr("快捷键「{0}」已被其他程序占用,请换一个组合。").format(combo)
                    + " ("
                    + self.label(name)
                    + ")"
                )
            except base.DesktopError as error:
                return self._hotkey_failed(self.label(name) + self.tr(":") + str(error))
            hotkey.unregister()
        if notes:
            self._hotkey_message(notes[0], ok=True)
        return values

    def _hotkey_failed(self, message: str) -> dict[str, str] | None:
        """Show why a hotkey cannot be used; always None (the result of ``_validate_hotkeys``)."""
        self._hotkey_message(message, ok=False)
        self.tabs.setCurrentIndex(HOTKEY_PAGE)
        return None

    def _hotkey_message(self, message: str, ok: bool) -> None:
        self.hotkey_error.setStyleSheet(palette.OK_STYLE if ok else palette.ERROR_STYLE)
        self.hotkey_error.setText(message)
        self.hotkey_error.setVisible(bool(message))

    def _clear_hotkey_message(self) -> None:
        self._hotkey_message("", ok=False)
        self.error_label.hide()

    # -- lint rules ---------------------------------------------------------------------------------

    def _show_builtin_rules(self, ad_law: bool) -> None:
        names = "、".join(path.name for path in lint.default_files(ad_law))
        self.builtin_rules.setText(self.tr("内置规则:") + names)

    # -- saving -------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Validate, then write every setting; False (and nothing written) after showing an error."""
        hotkeys = self._validate_hotkeys(only_changed=True)
        if hotkeys is None:
            return False
        try:  # the widgets offer only what the catalogue allows; this keeps it so
            values = self.settings.check({**hotkeys, **self._values()})
        except settings_mod.SettingError as error:
            return self._failed(str(error))
        wanted = self.autostart_check.isChecked()
        if wanted != self.autostart_was:
            try:
                if wanted:
                    self.autostart.enable(autostart_mod.default_command())
                else:
                    self.autostart.disable()
            except OSError as error:
                self.tabs.setCurrentIndex(GENERAL_PAGE)
                return self._failed(self.tr("无法更改开机启动:") + str(error))
            self.autostart_was = wanted

        self.settings.update(values)
        profile_form.keep(self.settings, self.profile_form.values())
        for name, edit in self.hotkey_edits.items():
            edit.setText(hotkeys[name])
        self.error_label.hide()
        return True

    def _values(self) -> dict[str, Any]:
        """What the widgets other than the hotkeys and the profile say, by setting name."""
        values = {name: field.value() for name, field in self.fields.items() if name not in HOTKEYS}
        return {**values, "lint.rule_files": self.rules.files()}

    def _failed(self, message: str) -> bool:
        self.error_label.setText(message)
        self.error_label.show()
        return False

    def _on_accept(self) -> None:
        if self.save():
            self.accept()


def _canonical(text: str) -> str:
    """A combination in our text format ("Ctrl+Alt+Space" → "ctrl+alt+space"); unparsable text as is."""
    try:
        return str(combos.parse(text))
    except base.DesktopError:
        return text.strip().lower()


def _setting(name: str) -> settings_mod.Setting:
    return settings_mod.BY_NAME[name]


def _stretch(layout: QVBoxLayout) -> None:
    layout.addStretch(1)
