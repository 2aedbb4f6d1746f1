"""The paste service and clipboard guard through their public interface, on Qt's offscreen clipboard."""

import os

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from quickreply.deliver import clipboard, paste
from quickreply.platform import base
from tests.desktops import RecordingDesktop

TARGET = base.WindowRef(42, "聊天窗口", pid=99999)
FAST = paste.Timing(focus_timeout_ms=50, pre_paste_delay_ms=1, send_delay_ms=1, restore_delay_ms=30)


@pytest.fixture
def board(qapp):
    cb = QGuiApplication.clipboard()
    cb.setText("PREVIOUS")
    yield cb
    # Qt's offscreen plugin crashes at interpreter exit if its clipboard still owns a QMimeData made
    # in Python (the xcb plugin does not); the tests leave it empty.
    cb.clear()


def deliver(qtbot, service, text, target=TARGET, mode="paste"):
    with qtbot.waitSignal(service.finished, timeout=2000) as blocker:
        service.deliver(text, target, mode)
    return blocker.args[0]


def test_paste_sends_the_shortcut_and_restores_the_clipboard(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    service = paste.PasteService(desk, FAST)
    result = deliver(qtbot, service, "亲，您好")
    assert (result.status, result.ok) == ("pasted", True)
    assert [c for c in desk.calls if c[0] != "wait_modifiers_released"] == [
        ("activate", 42),
        ("is_active", 42),
        ("send_keys", "ctrl+v"),
    ]
    assert board.text() == "亲，您好"  # the target may still be fetching it
    with qtbot.waitSignal(service.restored, timeout=2000) as restored:
        pass
    assert restored.args == [True] and board.text() == "PREVIOUS"


def test_paste_and_send_presses_enter(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲", mode="paste_and_send")
    assert result.status == "pasted"
    assert [c[1] for c in desk.calls if c[0] == "send_keys"] == ["ctrl+v", "enter"]


def test_copy_only_leaves_the_reply_on_the_clipboard(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲，复制", mode="copy_only")
    assert (result.status, result.ok) == ("copied", True)
    assert board.text() == "亲，复制" and desk.calls == []


@pytest.mark.parametrize(
    ("desk", "target", "reason"),
    [
        (RecordingDesktop(can_paste=True, activates=False), TARGET, "无法切回聊天窗口"),
        (RecordingDesktop(can_paste=True), None, "没有记下聊天窗口"),
        (RecordingDesktop(can_paste=True), base.WindowRef(1, pid=os.getpid()), "quickreply 自己的窗口"),
        (RecordingDesktop(can_paste=True), base.WindowRef(5, elevated=True), "管理员"),
        (RecordingDesktop(reason="Wayland 不允许"), TARGET, "Wayland 不允许"),
    ],
)
def test_when_the_target_cannot_be_reached_nothing_is_typed_and_the_reply_is_copied(
    qtbot, board, desk, target, reason
):
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲，手动", target=target)
    assert result.status == "copied" and not result.ok
    assert reason in result.message and "手动粘贴" in result.message
    assert not [c for c in desk.calls if c[0] in ("send_keys", "type_text")]
    qtbot.wait(60)
    assert board.text() == "亲，手动"


def test_type_mode_types_and_leaves_the_clipboard_alone(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲，打字", mode="type")
    assert result.status == "typed" and ("type_text", "亲，打字") in desk.calls
    assert board.text() == "PREVIOUS"


def test_unknown_mode_is_refused(qtbot, board):
    with pytest.raises(ValueError):
        paste.PasteService(RecordingDesktop(), FAST).deliver("x", TARGET, "shout")


def test_guard_restores_every_format(qtbot, board):
    data = QMimeData()
    data.setText("旧文字")
    data.setHtml("<b>旧</b>")
    board.setMimeData(data)
    guard = clipboard.ClipboardGuard(board, restore_delay_ms=10, watch_selection=False)
    guard.put("回复")
    assert board.text() == "回复"
    assert guard.restore() is True
    restored = board.mimeData()
    assert restored.text() == "旧文字" and "<b>旧</b>" in restored.html()


def test_guard_leaves_a_clipboard_the_agent_changed_meanwhile(qtbot, board):
    guard = clipboard.ClipboardGuard(board, restore_delay_ms=10, watch_selection=False)
    guard.put("回复")
    board.setText("agent copied this")
    assert guard.restore() is False
    assert board.text() == "agent copied this"


def test_guard_restores_after_the_delay(qtbot, board):
    seen = []
    guard = clipboard.ClipboardGuard(
        board, restore_delay_ms=20, watch_selection=False, on_restored=seen.append
    )
    guard.put("回复")
    guard.restore_later()
    qtbot.waitUntil(lambda: seen == [True], timeout=2000)
    assert board.text() == "PREVIOUS"


def keys_sent(desk):
    return [c[1] for c in desk.calls if c[0] in ("send_keys", "type_text")]


def test_every_key_is_preceded_by_a_check_of_the_target(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    service = paste.PasteService(desk, FAST)
    with qtbot.waitSignal(service.finished, timeout=2000):
        service.deliver("亲", TARGET, "paste_and_send", replace=True)
    names = [c[0] for c in desk.calls if c[0] in ("is_active", "send_keys")]
    assert names == ["is_active", "send_keys"] * 3
    assert keys_sent(desk) == ["ctrl+a", "ctrl+v", "enter"]


def test_focus_taken_before_the_paste_keys_types_nothing_and_names_the_chat(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    desk.focus_script = [7]  # another chat came to the front after activate() confirmed ours
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲，给B的回复", mode="paste_and_send")
    assert result.status == "copied" and not result.ok
    assert "聊天窗口" in result.message and "没有粘贴" in result.message
    assert keys_sent(desk) == []
    qtbot.wait(60)
    assert board.text() == "亲，给B的回复"  # left for the agent to paste by hand


def test_focus_taken_between_paste_and_enter_withholds_the_enter(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    desk.focus_script = [42, 7]  # ours for Ctrl+V, another window when Enter is due
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲", mode="paste_and_send")
    assert result.status == "unsent" and not result.ok and "没有发送" in result.message
    assert keys_sent(desk) == ["ctrl+v"]


def test_focus_taken_before_the_draft_is_selected_leaves_it_alone(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    desk.focus_script = [7]
    service = paste.PasteService(desk, FAST)
    with qtbot.waitSignal(service.finished, timeout=2000) as blocker:
        service.deliver("改好的草稿", TARGET, "paste", replace=True)
    assert blocker.args[0].status == "copied" and keys_sent(desk) == []


def test_type_mode_stops_when_the_focus_moves(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    desk.focus_script = [42, 42, 7]  # first line, Shift+Enter, then someone else's window
    result = deliver(qtbot, paste.PasteService(desk, FAST), "第一行\n第二行", mode="type")
    assert result.status == "failed" and "停止输入" in result.message
    assert keys_sent(desk) == ["第一行", "shift+enter"]


def test_a_clipboard_owner_that_never_answers_does_not_stop_the_paste(qtbot, board):
    desk = RecordingDesktop(can_paste=True)
    desk.clipboard = None  # the bounded read gave up: the owner did not answer
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲，照样粘贴")
    assert result.status == "pasted" and "无法恢复" in result.message
    assert ("read_clipboard", clipboard.READ_TIMEOUT_MS / 1000) in desk.calls
    assert keys_sent(desk) == ["ctrl+v"]


def test_bounded_read_rebuilds_every_format_the_owner_gave(qtbot, board):
    reader_calls = []

    def reader(timeout, text_only=False):
        reader_calls.append(timeout)
        return {"text/plain": "旧文字".encode(), "text/html": "<b>旧</b>".encode()}

    content = clipboard.read(board, reader, timeout_ms=250)
    assert reader_calls == [0.25]
    assert content.text() == "旧文字" and content.html() == "<b>旧</b>"
    assert clipboard.read(board, None).text() == "PREVIOUS"  # no reader: Qt reads
    assert clipboard.read_text(board, lambda timeout, text_only: None) is None  # the owner did not answer


def test_requests_that_keep_coming_never_hold_the_restore_past_the_delay(qtbot, board):
    """A clipboard manager polling us would otherwise push the restore back for ever."""
    seen = []
    guard = clipboard.ClipboardGuard(
        board, restore_delay_ms=300, restore_grace_ms=100, watch_selection=False, on_restored=seen.append
    )
    guard.put("回复")
    guard.restore_later()
    for _ in range(12):  # a request every 50 ms, for longer than the delay
        guard._fetched()
        qtbot.wait(50)
        if seen:
            break
    assert seen == [True] and board.text() == "PREVIOUS"
