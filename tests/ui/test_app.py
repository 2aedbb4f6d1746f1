"""The composition root offscreen, with a recording desktop: hotkey → popup → pick → paste and usage."""

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from quickreply import app
from quickreply import instance as single_instance
from quickreply.core import defaults, models, render
from quickreply.platform import base
from quickreply.ui import placement
from tests.desktops import RecordingDesktop


def test_both_hotkeys_are_registered(quick):
    _, desk = quick
    assert set(desk.hotkeys) == {"ctrl+alt+space", "ctrl+alt+j"}


def test_hotkey_pick_pastes_into_the_remembered_window_and_records_usage(qtbot, quick):
    instance, desk = quick
    desk.fire("ctrl+alt+space")
    assert instance.popup.isVisible() and instance.target.id == 7
    instance.popup.search_field.setText("fh")
    with qtbot.waitSignal(instance.service.finished, timeout=3000) as done:
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    assert done.args[0].status == "pasted"
    assert ("activate", 7) in desk.calls and ("send_keys", "ctrl+v") in desk.calls
    phrase = instance.store.find_by_code("fh")[0]
    assert instance.store.usage_of(phrase.id).count == 1
    rows = list(instance.store.db.query("SELECT query, action FROM usage"))
    assert rows == [{"query": "fh", "action": "paste"}]


def test_paused_hotkey_does_nothing(quick):
    instance, desk = quick
    instance.toggle_pause()
    desk.fire("ctrl+alt+space")
    assert not instance.popup.isVisible()
    assert instance.tray.actions["toggle_pause"].text() == "恢复热键"


def test_menu_opens_the_library_and_the_usage_view(qtbot, quick):
    instance, _ = quick
    instance.tray.actions["library"].trigger()
    instance.tray.actions["stats"].trigger()
    for window in instance.windows.values():
        qtbot.addWidget(window)
        assert window.isVisible()


def test_saved_settings_give_the_open_library_window_the_new_rules(qtbot, quick, tmp_path):
    """A shop rule file chosen in the settings reaches the popup and the open library window (its
    规范 column and 需修改 filter), not only windows opened later."""
    instance, _ = quick
    instance.tray.actions["library"].trigger()
    window = instance.windows["library"]
    qtbot.addWidget(window)
    rules = tmp_path / "shop.rules.toml"
    rules.write_text(
        'version = 1\n[[rule]]\nid = "shop-no-zhen"\nkind = "existence"\nlevel = "error"\n'
        'message = "别说真的"\npatterns = ["真的"]\ntests.bad = ["真的有货"]\ntests.good = ["有货"]\n',
        encoding="utf-8",
    )
    instance.settings.set("lint.rule_files", [str(rules)])
    instance.apply_settings()
    assert window.linter is instance.linter
    assert any(f.rule_id == "shop-no-zhen" for f in instance.linter.lint("亲，真的有货"))


def test_a_hotkey_taken_elsewhere_is_reported_and_search_still_opens(qtbot, tmp_path):
    class Taken(RecordingDesktop):
        def register_hotkey(self, combo, callback):
            raise base.HotkeyConflict(f"快捷键 {combo} 已被其他程序占用")

    desk = Taken(can_paste=True)
    instance = app.QuickReplyApp(QApplication.instance(), tmp_path / "lib.db", desk, force_window=True)
    qtbot.addWidget(instance.tray.window)
    qtbot.addWidget(instance.popup)
    assert "占用" in instance.tray.window.toolTip()
    instance.tray.actions["search"].trigger()
    assert instance.popup.isVisible()
    instance.server.close()


def test_second_start_wakes_the_running_instance(qtbot, quick, tmp_path):
    instance, _ = quick
    assert single_instance.ask_running_instance(tmp_path / "lib.db", "popup")
    qtbot.waitUntil(instance.popup.isVisible, timeout=3000)
    assert not single_instance.ask_running_instance(tmp_path / "other.db", "popup", timeout_ms=200)


def test_read_only_setting_hides_editing_in_the_library(qtbot, tmp_path):
    desk = RecordingDesktop(can_paste=True)
    instance = app.QuickReplyApp(QApplication.instance(), tmp_path / "lib.db", desk, force_window=True)
    qtbot.addWidget(instance.tray.window)
    qtbot.addWidget(instance.popup)
    instance.settings.set("library.read_only", True)
    instance.open_library()
    window = instance.windows["library"]
    qtbot.addWidget(window)
    assert window.read_only and not window.toolbar.isVisible()
    texts = [a.text() for bar in window.findChildren(type(window.toolbar)) for a in bar.actions()]
    assert "导出…" in texts and "导入…" not in texts
    instance.server.close()


def test_popup_opens_over_the_chat_window_and_leaves_its_text_box_free(qtbot, tmp_path):
    chat = (40, 0, 760, 800)  # the offscreen screen is 800 × 800
    desk = RecordingDesktop(can_paste=True, active=base.WindowRef(7, geometry=chat))
    instance = app.QuickReplyApp(QApplication.instance(), tmp_path / "lib.db", desk, force_window=True)
    qtbot.addWidget(instance.tray.window)
    qtbot.addWidget(instance.popup)
    desk.fire("ctrl+alt+space")
    area = QGuiApplication.primaryScreen().availableGeometry()
    shown = instance.popup.geometry()
    assert shown.topLeft() == placement.place(QRect(*chat), instance.popup.size(), area)
    assert area.contains(shown) and QRect(*chat).contains(shown)
    assert shown.bottom() < 800 * (1 - placement.KEEP_VISIBLE)  # the chat's text box stays visible
    instance.server.close()


def start(qtbot, db_path, desk=None):
    """The app on this library, its windows closed after the test."""
    desk = desk or RecordingDesktop(can_paste=True, active=base.WindowRef(7, "聊天窗口", pid=4242))
    instance = app.QuickReplyApp(QApplication.instance(), db_path, desk, force_window=True)
    qtbot.addWidget(instance.tray.window)
    qtbot.addWidget(instance.popup)
    for window in instance.windows.values():
        qtbot.addWidget(window)
    return instance, desk


def pick_in_popup(qtbot, instance, query):
    """Open the popup, type the query, press Enter: the Pick."""
    instance.desktop.fire("ctrl+alt+space")
    instance.popup.search_field.setText(query)
    with qtbot.waitSignal(instance.popup.picked) as picked:
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    return picked.args[0]


def test_first_start_asks_for_the_shop_profile_once_and_replies_use_it(qtbot, tmp_path):
    instance, _ = start(qtbot, tmp_path / "lib.db")
    dialog = instance.windows["profile"]
    assert dialog.isVisible() and list(dialog.form.edits) == list(render.PROFILE_FIELDS)
    dialog.form.edits["店铺名"].setText("小鹿家居")
    dialog.form.edits["发货时间"].setText(" 17:30 ")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()
    assert instance.settings.get("profile") == {
        "店铺名": "小鹿家居",
        "工号": "",
        "包邮门槛": "",
        "默认快递": "",
        "发货时间": "17:30",
    }
    assert pick_in_popup(qtbot, instance, "fh").text.startswith("亲，17:30前付款当天发出")
    instance.server.close()
    again, _ = start(qtbot, tmp_path / "lib.db")
    assert "profile" not in again.windows  # asked once, though 工号 and others are still empty
    again.server.close()


def test_the_profile_question_can_be_skipped(qtbot, tmp_path):
    instance, _ = start(qtbot, tmp_path / "lib.db")
    dialog = instance.windows["profile"]
    qtbot.keyClick(dialog.form.edits["店铺名"], Qt.Key.Key_Escape)
    assert not dialog.isVisible() and instance.settings.get("profile") == {}
    assert instance.store.get_setting(app.PROFILE_ASKED_SETTING) is True
    instance.server.close()
    again, _ = start(qtbot, tmp_path / "lib.db")
    assert "profile" not in again.windows
    again.server.close()


def test_a_complete_profile_is_not_asked_for(qtbot, tmp_path):
    library = defaults.open_library(tmp_path / "lib.db")
    library.set_setting("profile", {name: "x" for name in render.PROFILE_FIELDS})
    library.close()
    instance, _ = start(qtbot, tmp_path / "lib.db")
    assert "profile" not in instance.windows
    instance.server.close()


def test_ctrl_s_in_the_placeholder_form_keeps_the_value_in_the_shop_profile(qtbot, quick):
    instance, _ = quick
    instance.desktop.fire("ctrl+alt+space")
    instance.popup.search_field.setText("/by")
    qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    field = instance.popup.form.editors["包邮门槛"]
    field.setText("99")
    qtbot.keyClick(field, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert instance.settings.get("profile") == {"发货时间": "16:00", "包邮门槛": "99"}
    with qtbot.waitSignal(instance.popup.picked) as picked:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert picked.args[0].text.startswith("亲，本店满99元包邮")
    instance.desktop.fire("ctrl+alt+space")
    instance.popup.search_field.setText("/cd")  # another reply with {包邮门槛}: no longer asked
    with qtbot.waitSignal(instance.popup.picked) as picked:
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    assert "满99元包邮" in picked.args[0].text


def paste_from_library(qtbot, instance, phrase_id):
    instance.open_library()
    window = instance.windows["library"]
    qtbot.addWidget(window)
    assert window.select_phrase(phrase_id)
    window.paste_button.click()
    return window


def test_library_paste_asks_for_placeholders_gates_and_records_the_use(qtbot, quick):
    instance, desk = quick
    desk.fire("ctrl+alt+space")  # the chat window is remembered; then the agent browses the library
    instance.popup.dismiss()
    phrase = instance.store.add(
        models.Phrase(
            stage_id="shipping", title="包邮提醒", code="bytx", body="不好意思，满{包邮门槛}元才包邮哦"
        )
    )
    paste_from_library(qtbot, instance, phrase.id)
    popup = instance.popup
    assert popup.isVisible() and list(popup.form.editors) == ["包邮门槛"]  # asked, not pasted raw
    assert [r.phrase.id for r in popup.model.results] == [phrase.id]
    popup.form.editors["包邮门槛"].setText("88")
    with qtbot.assertNotEmitted(instance.service.finished, wait=50):
        qtbot.keyClick(popup.form.editors["包邮门槛"], Qt.Key.Key_Return)
    assert "再按一次 Enter" in popup.status.text()  # the service-standard gate, as in the popup
    with (
        qtbot.waitSignal(instance.service.finished, timeout=3000) as done,
        qtbot.waitSignal(popup.picked) as picked,
    ):
        qtbot.keyClick(popup.form.editors["包邮门槛"], Qt.Key.Key_Return)
    assert done.args[0].status == "pasted" and not popup.isVisible()
    assert picked.args[0].text == "不好意思，满88元才包邮哦"  # rendered, never the raw {包邮门槛}
    assert ("activate", 7) in desk.calls and ("send_keys", "ctrl+v") in desk.calls
    assert instance.store.usage_of(phrase.id).count == 1


def test_library_paste_of_a_complete_reply_goes_straight_to_the_chat_window(qtbot, quick):
    instance, desk = quick
    desk.fire("ctrl+alt+space")  # the chat window is remembered; then the agent browses the library
    instance.popup.dismiss()
    fh = instance.store.find_by_code("fh")[0]
    with qtbot.waitSignal(instance.service.finished, timeout=3000) as done:
        paste_from_library(qtbot, instance, fh.id)
    assert done.args[0].status == "pasted" and not instance.popup.isVisible()
    assert instance.store.usage_of(fh.id).count == 1
    rows = list(instance.store.db.query("SELECT query, action FROM usage"))
    assert rows == [{"query": "", "action": "paste"}]


def test_library_copy_renders_the_reply_onto_the_clipboard_and_counts_a_copy(qtbot, quick):
    instance, desk = quick
    phrase = instance.store.add(
        models.Phrase(stage_id="shipping", title="包邮", code="by9", body="亲，全店满{包邮门槛}元包邮。")
    )
    instance.settings.set("profile", {**instance.settings.get("profile"), "包邮门槛": "66"})
    instance.open_library()
    window = instance.windows["library"]
    qtbot.addWidget(window)
    assert window.select_phrase(phrase.id)
    with qtbot.waitSignal(instance.service.finished, timeout=3000) as done:
        window.copy_button.click()
    assert (done.args[0].status, done.args[0].mode) == ("copied", "copy_only")
    assert QGuiApplication.clipboard().text() == "亲，全店满66元包邮。"  # placeholders filled, as a paste
    assert not [c for c in desk.calls if c[0] == "send_keys"]
    qtbot.waitUntil(lambda: instance.store.usage_of(phrase.id).count == 1, timeout=3000)
    rows = list(instance.store.db.query("SELECT action FROM usage WHERE phrase_id = ?", [phrase.id]))
    assert rows == [{"action": "copy_only"}]


def test_clipboard_placeholder_is_read_once_per_opening_and_a_hung_owner_leaves_it_empty(qtbot, quick):
    instance, desk = quick
    instance.store.add(
        models.Phrase(stage_id="closing", title="转述", code="zs9", body="亲，您说的是：{剪贴板}")
    )
    instance.index.prepare()
    desk.clipboard = {"text/plain": "买家的话".encode()}
    desk.fire("ctrl+alt+space")
    instance.popup.search_field.setText("zs9")
    assert instance.popup.preview.toPlainText() == "亲，您说的是：买家的话"
    instance.popup.search_field.setText("zs")
    assert [c for c in desk.calls if c[0] == "read_clipboard"] == [("read_clipboard", 0.3)]  # once
    instance.popup.dismiss()
    desk.clipboard = None  # the owner hangs now
    messages = []
    instance.tray.message = lambda title, text, warning=False: messages.append(text)
    desk.fire("ctrl+alt+space")
    instance.popup.search_field.setText("zs9")
    assert instance.popup.preview.toPlainText() == "亲，您说的是："
    assert messages and "没有响应" in messages[0]


def test_a_reply_that_could_not_be_pasted_is_recorded_as_a_copy(qtbot, quick):
    instance, desk = quick
    desk.fire("ctrl+alt+space")
    desk.focus_script = [99]  # another chat came to the front before the paste keys
    instance.popup.search_field.setText("fh")
    with qtbot.waitSignal(instance.service.finished, timeout=3000) as done:
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert done.args[0].status == "copied"
    rows = list(instance.store.db.query("SELECT query, action FROM usage"))
    assert rows == [{"query": "fh", "action": "copy_only"}]


def test_the_message_ranker_is_built_once_the_popup_is_not_in_use(qtbot, quick, monkeypatch):
    instance, desk = quick
    monkeypatch.setattr(app, "MESSAGE_RANKER_DELAY_MS", 50)
    instance.show_popup()  # the agent is searching: the build waits
    instance._prepare_messages()
    qtbot.wait(200)
    assert instance.index._state._ranker is None
    instance.popup.dismiss()
    qtbot.waitUntil(lambda: instance.index._state._ranker is not None, timeout=3000)
