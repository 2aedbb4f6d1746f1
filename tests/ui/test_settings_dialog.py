"""The settings dialog loads, validates and saves through Settings and the store (offscreen Qt)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from quickreply import settings
from quickreply.core import lint, lint_exceptions, render
from quickreply.platform import base
from quickreply.ui import setting_field, settings_dialog, translator
from quickreply.ui.settings_dialog import SettingsDialog
from tests.desktops import RecordingDesktop

RULES = 'version = 1\n\n[[rule]]\nid = "x"\nkind = "existence"\nlevel = "warning"\nmessage = "m"\npatterns = ["x"]\n'


class FakeAutostart:
    def __init__(self, enabled: bool = False, fail: bool = False) -> None:
        self.is_enabled = enabled
        self.fail = fail
        self.calls: list[tuple[str, object]] = []

    def enabled(self) -> bool:
        return self.is_enabled

    def enable(self, command: list[str]) -> None:
        if self.fail:
            raise PermissionError("denied")
        self.calls.append(("enable", command))
        self.is_enabled = True

    def disable(self) -> None:
        self.calls.append(("disable", None))
        self.is_enabled = False


class ConflictDesktop(RecordingDesktop):
    """A desktop where another program holds some combinations."""

    def __init__(self, taken: set[str]) -> None:
        super().__init__(can_paste=True)
        self.taken = taken

    def register_hotkey(self, combo, callback):
        if combo in self.taken:
            raise base.HotkeyConflict(f"{combo} 已被占用")
        return super().register_hotkey(combo, callback)


@pytest.fixture
def conf(fresh_store):
    return settings.Settings(fresh_store, platform="linux")


@pytest.fixture
def make(qtbot, conf):
    def make(desktop=None, auto=None, **kwargs):
        dialog = SettingsDialog(
            conf, desktop or RecordingDesktop(can_paste=True), autostart=auto or FakeAutostart(), **kwargs
        )
        qtbot.addWidget(dialog)
        return dialog

    return make


def test_loads_defaults_and_stored_values(make, conf, fresh_store):
    conf.set("hotkey.lint", "ctrl+shift+k")
    conf.set("paste.mode", "copy_only")
    conf.set("paste.restore_delay_ms", 2500)
    conf.set("lint.ad_law", True)
    fresh_store.set_setting("profile", {"店铺名": "小米旗舰店", "包邮门槛": "99"})
    fresh_store.set_setting("lint.rule_files", ["/rules/a.rules.toml"])
    fresh_store.set_setting("ui.language", "en")

    dialog = make(auto=FakeAutostart(enabled=True))
    assert dialog.windowTitle() == "设置"
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == [
        "快捷键",
        "店铺资料",
        "粘贴",
        "规范检查",
        "常规",
    ]
    assert dialog.hotkey_edits["hotkey.popup"].text() == "ctrl+alt+space"
    assert dialog.hotkey_edits["hotkey.lint"].text() == "ctrl+shift+k"
    assert dialog.profile_edits["店铺名"].text() == "小米旗舰店"
    assert dialog.profile_edits["包邮门槛"].text() == "99"
    assert dialog.profile_edits["工号"].text() == ""
    assert dialog.fields["paste.mode"].widget.currentData() == "copy_only"
    assert dialog.fields["paste.mode"].widget.currentText() == "只复制"
    assert dialog.fields["paste.shortcut"].widget.currentData() == "ctrl+v"
    assert dialog.fields["paste.restore_delay_ms"].widget.value() == 2500
    assert dialog.fields["paste.pre_paste_delay_ms"].widget.value() == 30  # the Linux default
    assert dialog.fields["paste.focus_timeout_ms"].widget.suffix() == " ms"
    assert (
        dialog.fields["paste.focus_timeout_ms"].widget.toolTip()
        == settings.BY_NAME["paste.focus_timeout_ms"].help
    )
    assert dialog.ad_law_check.isChecked()
    assert "ad-law.rules.toml" in dialog.builtin_rules.text()
    assert dialog.rules.files() == ["/rules/a.rules.toml"]
    assert dialog.fields["ui.language"].widget.currentData() == "en"
    assert dialog.autostart_check.isChecked()


def test_profile_labels_are_the_field_descriptions(make):
    dialog = make()
    assert list(dialog.profile_edits) == list(render.PROFILE_FIELDS)
    assert dialog.tabs.widget(1).isAncestorOf(dialog.profile_form)
    form = dialog.profile_form.form
    labels = [form.labelForField(edit).text() for edit in dialog.profile_edits.values()]
    assert labels == [f"{d}:" for d in render.PROFILE_FIELDS.values()]


def test_edits_are_saved(make, conf, fresh_store):
    desktop = RecordingDesktop(can_paste=True)
    dialog = make(desktop=desktop)
    dialog.hotkey_edits["hotkey.popup"].setText("Ctrl+Shift+Space")
    dialog.hotkey_edits["hotkey.lint"].setText("alt + F2")
    dialog.fields["paste.mode"].widget.setCurrentIndex(
        dialog.fields["paste.mode"].widget.findData("paste_and_send")
    )
    dialog.fields["paste.shortcut"].widget.setCurrentIndex(
        dialog.fields["paste.shortcut"].widget.findData("shift+insert")
    )
    dialog.fields["paste.focus_timeout_ms"].widget.setValue(1500)
    dialog.fields["paste.pre_paste_delay_ms"].widget.setValue(80)
    dialog.fields["paste.restore_delay_ms"].widget.setValue(600)
    dialog.ad_law_check.setChecked(True)
    dialog.fields["ui.language"].widget.setCurrentIndex(dialog.fields["ui.language"].widget.findData("en"))

    assert dialog.save()
    assert conf.get("hotkey.popup") == "ctrl+shift+space"
    assert conf.get("hotkey.lint") == "alt+f2"
    assert (
        dialog.hotkey_edits["hotkey.popup"].text() == "ctrl+shift+space"
    )  # shown in our format after saving
    assert conf.get("paste.mode") == "paste_and_send"
    assert conf.get("paste.shortcut") == "shift+insert"
    assert conf.get("paste.focus_timeout_ms") == 1500
    assert conf.get("paste.pre_paste_delay_ms") == 80
    assert conf.get("paste.restore_delay_ms") == 600
    assert conf.get("lint.ad_law") is True
    assert fresh_store.get_setting("ui.language") == "en"
    assert fresh_store.get_setting("lint.rule_files") == []
    # Each new hotkey was tried on the desktop and released straight away.
    assert ("register_hotkey", "ctrl+shift+space") in desktop.calls
    assert ("unregister", "ctrl+shift+space") in desktop.calls
    assert ("register_hotkey", "alt+f2") in desktop.calls
    assert desktop.hotkeys == {}


def test_ok_saves_and_accepts_cancel_does_not(make, conf):
    dialog = make()
    dialog.fields["paste.mode"].widget.setCurrentIndex(dialog.fields["paste.mode"].widget.findData("type"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert conf.get("paste.mode") == "paste"
    assert dialog.result() == dialog.DialogCode.Rejected

    dialog = make()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "确定"
    dialog.fields["paste.mode"].widget.setCurrentIndex(dialog.fields["paste.mode"].widget.findData("type"))
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert conf.get("paste.mode") == "type"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_invalid_hotkey_is_refused_and_nothing_changes(make, conf, fresh_store):
    dialog = make()
    dialog.hotkey_edits["hotkey.popup"].setText("ctrl+")
    dialog.fields["paste.mode"].widget.setCurrentIndex(dialog.fields["paste.mode"].widget.findData("type"))
    dialog.profile_edits["店铺名"].setText("新店")
    dialog.tabs.setCurrentIndex(2)

    assert dialog.save() is False
    assert "ctrl+" in dialog.hotkey_error.text()
    assert not dialog.hotkey_error.isHidden()
    assert "color: #c62828" in dialog.hotkey_error.styleSheet()
    assert dialog.tabs.currentIndex() == 0  # the error is shown where it is
    assert conf.get("hotkey.popup") == "ctrl+alt+space"
    assert conf.get("paste.mode") == "paste"
    assert fresh_store.get_setting("profile") is None

    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_hotkey_without_modifier_and_duplicate_hotkeys_are_refused(make, conf):
    dialog = make()
    dialog.hotkey_edits["hotkey.popup"].setText("k")
    assert not dialog.save()
    assert "修饰键" in dialog.hotkey_error.text()

    dialog.hotkey_edits["hotkey.popup"].setText("ctrl+alt+j")
    assert not dialog.save()
    assert "不能相同" in dialog.hotkey_error.text()
    assert conf.get("hotkey.popup") == "ctrl+alt+space"


def test_conflicting_hotkey_is_refused_with_the_message(make, conf):
    desktop = ConflictDesktop({"ctrl+alt+x"})
    dialog = make(desktop=desktop)
    dialog.hotkey_edits["hotkey.lint"].setText("Ctrl+Alt+X")
    assert dialog.save() is False
    assert "ctrl+alt+x" in dialog.hotkey_error.text()
    assert "占用" in dialog.hotkey_error.text()
    assert conf.get("hotkey.lint") == "ctrl+alt+j"

    # Typing clears the message; a free combination saves.
    dialog.hotkey_edits["hotkey.lint"].textEdited.emit("ctrl+alt+y")
    assert dialog.hotkey_error.isHidden()
    dialog.hotkey_edits["hotkey.lint"].setText("ctrl+alt+y")
    assert dialog.save()
    assert conf.get("hotkey.lint") == "ctrl+alt+y"


def test_check_button_reports_conflicts_and_success(make):
    dialog = make(desktop=ConflictDesktop({"ctrl+alt+space"}))
    dialog.check_button.click()
    assert "占用" in dialog.hotkey_error.text()

    dialog.hotkey_edits["hotkey.popup"].setText("ctrl+alt+q")
    dialog.check_button.click()
    assert dialog.hotkey_error.text() == "两个快捷键都可以使用。"
    assert "color: #2e7d32" in dialog.hotkey_error.styleSheet()


def test_hotkeys_the_app_holds_are_not_re_registered(make):
    # The app holds ctrl+alt+space itself, so registering it again would report a conflict.
    desktop = ConflictDesktop({"ctrl+alt+space"})
    dialog = make(desktop=desktop, current_hotkeys={"Ctrl+Alt+Space"})
    assert dialog.check_hotkeys()
    assert ("register_hotkey", "ctrl+alt+space") not in desktop.calls
    assert ("register_hotkey", "ctrl+alt+j") in desktop.calls


def test_unchanged_hotkeys_are_not_tested_on_save(make, conf):
    desktop = ConflictDesktop({"ctrl+alt+space", "ctrl+alt+j"})
    dialog = make(desktop=desktop)
    dialog.profile_edits["工号"].setText("007")
    assert dialog.save()
    assert not any(call[0] == "register_hotkey" for call in desktop.calls)


def test_copy_only_desktop_still_saves_hotkeys(make, conf):
    dialog = make(desktop=RecordingDesktop(reason="Wayland 不支持全局快捷键"))
    dialog.hotkey_edits["hotkey.popup"].setText("ctrl+alt+p")
    assert dialog.save()
    assert conf.get("hotkey.popup") == "ctrl+alt+p"
    assert "Wayland" in dialog.hotkey_error.text()


def test_profile_saved_as_a_dict(make, fresh_store):
    fresh_store.set_setting("profile", {"店铺名": "旧店名", "旧字段": "保留"})
    dialog = make()
    dialog.profile_edits["店铺名"].setText("  小米旗舰店 ")
    dialog.profile_edits["工号"].setText("客服 007")
    dialog.profile_edits["包邮门槛"].setText("99")
    dialog.profile_edits["默认快递"].setText("顺丰")
    dialog.profile_edits["发货时间"].setText("16:00")
    assert dialog.save()
    assert fresh_store.get_setting("profile", {}) == {
        "店铺名": "小米旗舰店",
        "工号": "客服 007",
        "包邮门槛": "99",
        "默认快递": "顺丰",
        "发货时间": "16:00",
        "旧字段": "保留",
    }


def test_rule_files_add_and_remove(make, fresh_store, tmp_path, monkeypatch):
    first, second, broken = tmp_path / "a.rules.toml", tmp_path / "b.rules.toml", tmp_path / "bad.rules.toml"
    first.write_text(RULES, encoding="utf-8")
    second.write_text(RULES, encoding="utf-8")
    broken.write_text("[[rule]\n", encoding="utf-8")
    asked = []

    def pick(parent, caption, directory, filters):
        asked.append((caption, filters))
        return [str(first), str(second), str(first), str(broken)], filters

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)
    dialog = make()
    dialog.tabs.setCurrentIndex(3)
    dialog.rules.add_button.click()
    assert "*.rules.toml" in asked[0][1]
    assert dialog.rules.files() == [str(first), str(second)]
    assert "bad.rules.toml" in dialog.rules.error.text()  # a broken file is refused with the reason

    dialog.rules.list.item(0).setSelected(True)
    dialog.rules.remove_button.click()
    assert dialog.rules.files() == [str(second)]
    assert dialog.save()
    assert fresh_store.get_setting("lint.rule_files") == [str(second)]


def test_ad_law_checkbox_shows_the_builtin_files(make):
    dialog = make()
    assert "ad-law" not in dialog.builtin_rules.text()
    dialog.ad_law_check.setChecked(True)
    assert "ad-law.rules.toml" in dialog.builtin_rules.text()


def test_autostart_checkbox_enables_and_disables(make, monkeypatch):
    monkeypatch.setattr(
        settings_dialog.autostart_mod, "default_command", lambda: ["python", "-m", "quickreply"]
    )
    auto = FakeAutostart()
    dialog = make(auto=auto)
    assert not dialog.autostart_check.isChecked()
    assert dialog.save()
    assert auto.calls == []  # unchanged: left alone

    dialog.autostart_check.setChecked(True)
    assert dialog.save()
    assert auto.calls == [("enable", ["python", "-m", "quickreply"])]

    dialog.autostart_check.setChecked(False)
    assert dialog.save()
    assert auto.calls[-1] == ("disable", None)


def test_autostart_failure_is_shown_and_nothing_saved(make, conf):
    dialog = make(auto=FakeAutostart(fail=True))
    dialog.autostart_check.setChecked(True)
    dialog.fields["paste.mode"].widget.setCurrentIndex(dialog.fields["paste.mode"].widget.findData("type"))
    assert not dialog.save()
    assert "denied" in dialog.error_label.text()
    assert conf.get("paste.mode") == "paste"


def test_default_autostart_stays_out_of_the_real_home(qtbot, conf, tmp_path):
    dialog = SettingsDialog(conf, RecordingDesktop(can_paste=True))
    qtbot.addWidget(dialog)
    # conftest points XDG_CONFIG_HOME at a temporary folder.
    assert str(dialog.autostart.path).startswith(str(tmp_path.parent.parent))
    assert not dialog.autostart_check.isChecked()


def test_ranges_choices_and_defaults_come_from_the_catalogue(make):
    dialog = make()
    timings = [name for name in dialog.fields if name.endswith("_ms")]
    assert timings == ["paste.focus_timeout_ms", "paste.pre_paste_delay_ms", "paste.restore_delay_ms"]
    for name in timings:
        spin = dialog.fields[name].widget
        setting = settings.BY_NAME[name]
        assert (spin.minimum(), spin.maximum()) == (setting.minimum, setting.maximum), name
        spin.setValue(99_999_999)
        assert spin.value() == setting.maximum  # the widget cannot hold what the CLI would refuse
    combos = {
        "paste.mode": dialog.fields["paste.mode"].widget,
        "ui.language": dialog.fields["ui.language"].widget,
    }
    for name, combo in combos.items():
        assert [combo.itemData(i) for i in range(combo.count())] == list(settings.BY_NAME[name].choices)
    shortcuts = dialog.fields["paste.shortcut"].widget
    assert [shortcuts.itemData(i) for i in range(shortcuts.count())] == list(
        settings.BY_NAME["paste.shortcut"].examples
    )
    assert dialog.hotkey_edits["hotkey.popup"].placeholderText() == settings.BY_NAME["hotkey.popup"].default
    assert dialog.hotkey_edits["hotkey.lint"].placeholderText() == settings.BY_NAME["hotkey.lint"].default


def test_the_hotkey_rule_is_the_catalogues(make):
    dialog = make()
    dialog.hotkey_edits["hotkey.popup"].setText("ctrl+alt+banana")
    assert not dialog.save()
    with pytest.raises(settings.SettingError) as refused:
        settings.BY_NAME["hotkey.popup"].validate("ctrl+alt+banana")
    assert dialog.hotkey_error.text() == "打开搜索弹窗:" + refused.value.reason


def test_a_value_outside_the_catalogue_is_refused_and_nothing_saved(make, conf, fresh_store):
    dialog = make()
    dialog.fields["paste.mode"].widget.addItem(
        "?", "bogus"
    )  # no widget offers one; a future one must not either
    dialog.fields["paste.mode"].widget.setCurrentIndex(dialog.fields["paste.mode"].widget.count() - 1)
    dialog.fields["paste.restore_delay_ms"].widget.setValue(700)
    assert not dialog.save()
    assert "paste.mode" in dialog.error_label.text() and "copy_only" in dialog.error_label.text()
    assert not dialog.error_label.isHidden()
    assert fresh_store.get_setting("paste.mode") is None
    assert fresh_store.get_setting("paste.restore_delay_ms") is None


def test_stored_garbage_shows_the_defaults_and_saving_repairs_it(make, conf, fresh_store):
    with fresh_store.transaction():
        fresh_store.conn.executemany(
            "INSERT OR REPLACE INTO settings(name, value) VALUES (?, ?)",
            [
                ("paste.mode", '"bogus"'),
                ("hotkey.popup", '"ctrl+alt+banana"'),
                ("lint.rule_files", "[1, 2]"),
                ("paste.pre_paste_delay_ms", "99999999999"),
                ("ui.language", "{not json"),
            ],
        )
    dialog = make()
    assert dialog.fields["paste.mode"].widget.currentData() == "paste"
    assert dialog.hotkey_edits["hotkey.popup"].text() == "ctrl+alt+space"
    assert dialog.rules.files() == []
    assert dialog.fields["paste.pre_paste_delay_ms"].widget.value() == 30
    assert dialog.fields["ui.language"].widget.currentData() == "zh_CN"
    assert dialog.save()
    assert conf.problems() == {}
    assert fresh_store.get_setting("paste.pre_paste_delay_ms") == 30


def test_every_row_is_built_from_its_catalogue_entry(make):
    dialog = make()
    shown = [row.name for _title, rows in settings_dialog.PAGES for row in rows]
    assert list(dialog.fields) == shown
    for name, field in dialog.fields.items():
        setting = settings.BY_NAME[name]
        assert field.widget.toolTip() == setting.help, name
        kind = type(field.widget).__name__
        if setting.kind is bool:
            assert kind == "QCheckBox"
        elif setting.choices or setting.examples:
            assert kind == "QComboBox"
        elif setting.kind is int:
            assert kind == "QSpinBox"
        elif setting.item_choices:
            assert kind == "CheckList"
        else:
            assert kind == "QLineEdit"
    assert dialog.fields["paste.mode"].widget.currentText() == "粘贴"


@pytest.mark.parametrize(
    "setting", [s for s in settings.SETTINGS if s.kind in (bool, int, str)], ids=lambda s: s.name
)
def test_any_plain_setting_round_trips_through_its_widget(qtbot, setting):
    field = setting_field.SettingField(setting, "名称", "linux")
    qtbot.addWidget(field.widget)
    default = setting.default_for("linux")
    field.load(default)
    assert setting.validate(field.value()) == setting.validate(default)


def test_a_stored_value_the_combo_does_not_list_is_kept(qtbot):
    field = setting_field.SettingField(settings.BY_NAME["paste.shortcut"], "粘贴按键", "linux")
    qtbot.addWidget(field.widget)
    field.load("ctrl+shift+v")
    assert field.value() == "ctrl+shift+v" and field.widget.count() == 3


def test_the_dialog_in_english(qtbot, conf):
    installed = translator.install("en")
    try:
        dialog = SettingsDialog(conf, RecordingDesktop(can_paste=True), autostart=FakeAutostart())
        qtbot.addWidget(dialog)
        texts = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        texts += [field.label for field in dialog.fields.values()]
        combo = dialog.fields["paste.mode"].widget
        texts += [combo.itemText(i) for i in range(combo.count())]
        assert texts[:2] == ["Hotkeys", "Shop profile"]
        assert [t for t in texts if re.search("[\u4e00-\u9fff]", t)] == []  # nothing left in Chinese
    finally:
        QCoreApplication.instance().removeTranslator(installed)


def test_the_shops_allowed_words_are_check_boxes_that_save_and_load(make, conf, fresh_store):
    dialog = make()
    checks = dialog.fields["lint.allowed_words"].widget
    labels = [box.text() for box in checks.boxes.values()]
    assert labels == [e.label for e in lint_exceptions.catalogue()]
    assert all(any(w in label for w in ("不客气", "不错", "不用", "不好意思")) for label in labels[:4])
    assert not any(box.isChecked() for box in checks.boxes.values())  # default: the strict standard
    assert dialog.tabs.widget(settings_dialog.LINT_PAGE).isAncestorOf(checks)
    checks.boxes["bucuo"].setChecked(True)
    checks.boxes["bukeqi"].setChecked(True)
    assert dialog.save()
    assert fresh_store.get_setting("lint.allowed_words") == ["bukeqi", "bucuo"]
    again = make()
    boxes = again.fields["lint.allowed_words"].widget.boxes
    assert [v for v, box in boxes.items() if box.isChecked()] == ["bukeqi", "bucuo"]
    linter = lint.Linter.default(allow=settings.lint_allow(conf))
    assert linter.lint("这款口碑不错") == [] and linter.lint("不客气") == []
    assert [f.rule_id for f in linter.lint("不用的")] == ["svc.bu.context"]
