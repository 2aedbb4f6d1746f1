"""The settings dialog: hotkeys, shop profile, paste timing, lint rules and start-at-login in one place.

A thin layer over ``quickreply.settings``: the catalogue gives the spin-box ranges, the choices and
the hotkey rule, so the dialog cannot produce a value the CLI would refuse. It loads the current values
into widgets, tests hotkeys against the desktop (a combination another program holds is refused before
it is saved), and writes everything back in one ``Settings.update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from quickreply import autostart as autostart_mod
from quickreply import settings as settings_mod
from quickreply.core import lint, lintrules
from quickreply.platform import base, combos
from quickreply.ui import palette, profile_form

HOTKEYS = ("hotkey.popup", "hotkey.lint")
# The paste timings shown, with the step of their spin boxes (the range is the catalogue's), in ms.
TIMING_STEPS = {"paste.focus_timeout_ms": 100, "paste.pre_paste_delay_ms": 10, "paste.restore_delay_ms": 100}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def _labels() -> dict[str, str]:
    """Chinese names of the settings shown in the dialog (translated when a translator is loaded)."""
    return {
        "hotkey.popup": _tr("打开搜索弹窗"),
        "hotkey.lint": _tr("检查聊天框草稿"),
        "paste": _tr("粘贴"),
        "paste_and_send": _tr("粘贴并发送"),
        "copy_only": _tr("只复制"),
        "type": _tr("模拟键入"),
        "paste.focus_timeout_ms": _tr("等待聊天窗口获得焦点"),
        "paste.pre_paste_delay_ms": _tr("粘贴前等待"),
        "paste.restore_delay_ms": _tr("恢复原剪贴板"),
        "zh_CN": _tr("简体中文"),
        "en": "English",
    }


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
        self.labels = _labels()
        self.setWindowTitle(self.tr("设置"))
        self.setMinimumWidth(560)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._hotkey_tab(), self.tr("快捷键"))
        self.tabs.addTab(self._profile_tab(), self.tr("店铺资料"))
        self.tabs.addTab(self._paste_tab(), self.tr("粘贴"))
        self.tabs.addTab(self._lint_tab(), self.tr("规范检查"))
        self.tabs.addTab(self._general_tab(), self.tr("常规"))

        self.error_label = _error_label()
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

    # -- tabs ---------------------------------------------------------------------------------------

    def _hotkey_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.hotkey_edits: dict[str, QLineEdit] = {}
        for name in HOTKEYS:
            edit = QLineEdit()
            edit.setPlaceholderText(_setting(name).default_for(self.settings.platform))
            edit.setToolTip(_help(name))
            edit.textEdited.connect(self._clear_hotkey_message)
            self.hotkey_edits[name] = edit
            form.addRow(self.labels[name] + self.tr(":"), edit)
        self.popup_hotkey_edit = self.hotkey_edits["hotkey.popup"]
        self.lint_hotkey_edit = self.hotkey_edits["hotkey.lint"]

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
        self.hotkey_error = _error_label()

        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(self.hotkey_error)
        layout.addWidget(hint)
        layout.addStretch(1)
        return page

    def _profile_tab(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            self.tr("话术中的 {店铺名}、{包邮门槛} 等占位符会自动填成这里的值;")
            + self.tr("留空的项在粘贴前询问。")
        )
        intro.setWordWrap(True)
        self.profile_form = profile_form.ProfileForm()
        self.profile_edits = self.profile_form.edits
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.profile_form)
        layout.addStretch(1)
        return page

    def _paste_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.paste_mode_combo = QComboBox()
        for mode in _setting("paste.mode").choices:
            self.paste_mode_combo.addItem(self.labels.get(mode, mode), mode)
        self.paste_mode_combo.setToolTip(_help("paste.mode"))
        form.addRow(self.tr("默认粘贴方式:"), self.paste_mode_combo)

        self.paste_shortcut_combo = QComboBox()
        for shortcut in _setting("paste.shortcut").examples:
            self.paste_shortcut_combo.addItem(shortcut, shortcut)
        self.paste_shortcut_combo.setToolTip(_help("paste.shortcut"))
        form.addRow(self.tr("粘贴按键:"), self.paste_shortcut_combo)

        self.timing_spins: dict[str, QSpinBox] = {}
        for name, step in TIMING_STEPS.items():
            spin = QSpinBox()
            spin.setRange(_setting(name).minimum or 0, _setting(name).maximum or 0)
            spin.setSingleStep(step)
            spin.setSuffix(" ms")
            spin.setToolTip(_help(name))
            spin.setMinimumWidth(110)
            self.timing_spins[name] = spin
            form.addRow(self.labels[name] + self.tr(":"), spin)
        return page

    def _lint_tab(self) -> QWidget:
        page = QWidget()
        self.ad_law_check = QCheckBox(self.tr("同时检查广告法极限词(如「最便宜」「第一」)"))
        self.ad_law_check.setToolTip(_help("lint.ad_law"))
        self.ad_law_check.toggled.connect(self._show_builtin_rules)
        self.builtin_rules = QLabel()
        self.builtin_rules.setWordWrap(True)

        self.rule_list = QListWidget()
        self.rule_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_rule_button = QPushButton(self.tr("添加…"))
        self.add_rule_button.clicked.connect(self.add_rule_files)
        self.remove_rule_button = QPushButton(self.tr("移除"))
        self.remove_rule_button.clicked.connect(self.remove_rule_files)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_rule_button)
        buttons.addWidget(self.remove_rule_button)
        buttons.addStretch(1)
        rules_row = QHBoxLayout()
        rules_row.addWidget(self.rule_list, 1)
        rules_row.addLayout(buttons)
        self.rule_error = _error_label()

        layout = QVBoxLayout(page)
        layout.addWidget(self.ad_law_check)
        layout.addWidget(self.builtin_rules)
        layout.addWidget(QLabel(self.tr("额外的规则文件(*.rules.toml),在内置规则之后加载:")))
        layout.addLayout(rules_row)
        layout.addWidget(self.rule_error)
        return page

    def _general_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        self.language_combo = QComboBox()
        for language in _setting("ui.language").choices:
            self.language_combo.addItem(self.labels.get(language, language), language)
        form.addRow(self.tr("界面语言:"), self.language_combo)
        language_hint = QLabel(self.tr("界面语言在重新启动 quickreply 后生效。"))
        language_hint.setWordWrap(True)
        self.autostart_check = QCheckBox(self.tr("开机启动(登录系统后自动运行 quickreply)"))
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(language_hint)
        layout.addWidget(self.autostart_check)
        layout.addStretch(1)
        return page

    # -- loading ------------------------------------------------------------------------------------

    def load(self) -> None:
        """Show the stored values (defaults for what was never set)."""
        for name, edit in self.hotkey_edits.items():
            edit.setText(str(self.settings.get(name)))
        self.profile_form.load(profile_form.current(self.settings))
        _select(self.paste_mode_combo, str(self.settings.get("paste.mode")), self.labels)
        _select(self.paste_shortcut_combo, str(self.settings.get("paste.shortcut")), {})
        for name, spin in self.timing_spins.items():
            spin.setValue(int(self.settings.get(name)))
        self.ad_law_check.setChecked(bool(self.settings.get("lint.ad_law")))
        self._show_builtin_rules(self.ad_law_check.isChecked())
        self.rule_list.clear()
        self.rule_list.addItems(self.settings.get("lint.rule_files"))
        _select(self.language_combo, str(self.settings.get("ui.language")), self.labels)
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
                return self._hotkey_failed(self.labels[name] + self.tr(":") + error.reason)
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
                    + self.labels[name]
                    + ")"
                )
            except base.DesktopError as error:
                return self._hotkey_failed(self.labels[name] + self.tr(":") + str(error))
            hotkey.unregister()
        if notes:
            self._hotkey_message(notes[0], ok=True)
        return values

    def _hotkey_failed(self, message: str) -> dict[str, str] | None:
        """Show why a hotkey cannot be used; always None (the result of ``_validate_hotkeys``)."""
        self._hotkey_message(message, ok=False)
        self.tabs.setCurrentIndex(0)
        return None

    def _hotkey_message(self, message: str, ok: bool) -> None:
        self.hotkey_error.setStyleSheet(palette.OK_STYLE if ok else palette.ERROR_STYLE)
        self.hotkey_error.setText(message)
        self.hotkey_error.setVisible(bool(message))

    def _clear_hotkey_message(self) -> None:
        self._hotkey_message("", ok=False)
        self.error_label.hide()

    # -- rule files ---------------------------------------------------------------------------------

    def rule_files(self) -> list[str]:
        """The extra rule files as listed."""
        return [self.rule_list.item(i).text() for i in range(self.rule_list.count())]

    def add_rule_files(self) -> None:
        """Ask for rule files and append those not listed yet; a file that does not load is refused."""
        listed = self.rule_files()
        start = str(Path(listed[-1]).parent) if listed else str(Path.home())
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("选择规则文件"), start, self.tr("规则文件 (*.rules.toml);;所有文件 (*)")
        )
        errors = []
        for path in paths:
            if not path or path in listed:
                continue
            try:
                lintrules.load(path)
            except lintrules.RuleError as error:
                errors.append(str(error))
                continue
            self.rule_list.addItem(path)
            listed.append(path)
        self.rule_error.setText("\n".join(errors))
        self.rule_error.setVisible(bool(errors))

    def remove_rule_files(self) -> None:
        """Drop the selected rule files from the list."""
        for item in self.rule_list.selectedItems():
            self.rule_list.takeItem(self.rule_list.row(item))
        self.rule_error.hide()

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
                self.tabs.setCurrentIndex(4)
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
        return {
            "paste.mode": self.paste_mode_combo.currentData(),
            "paste.shortcut": self.paste_shortcut_combo.currentData(),
            **{name: spin.value() for name, spin in self.timing_spins.items()},
            "lint.ad_law": self.ad_law_check.isChecked(),
            "lint.rule_files": self.rule_files(),
            "ui.language": self.language_combo.currentData(),
        }

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


def _help(name: str) -> str:
    return _setting(name).help


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(palette.ERROR_STYLE)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def _select(combo: QComboBox, value: str, labels: dict[str, str]) -> None:
    """Select the item whose data is ``value``, adding it when the stored value is not a listed one."""
    index = combo.findData(value)
    if index < 0:
        combo.addItem(labels.get(value, value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
