"""The paste service and clipboard guard through their public interface, on Qt's offscreen clipboard."""

import os

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

from quickreply.platform import base, clipboard, dummy, paste

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
    desk = dummy.DummyDesktop(can_paste=True)
    service = paste.PasteService(desk, FAST)
    result = deliver(qtbot, service, "亲，您好")
    assert (result.status, result.ok) == ("pasted", True)
    assert [c for c in desk.calls if c[0] != "wait_modifiers_released"] == [
        ("activate", 42),
        ("send_keys", "ctrl+v"),
    ]
    assert board.text() == "亲，您好"  # the target may still be fetching it
    with qtbot.waitSignal(service.restored, timeout=2000) as restored:
        pass
    assert restored.args == [True] and board.text() == "PREVIOUS"


def test_paste_and_send_presses_enter(qtbot, board):
    desk = dummy.DummyDesktop(can_paste=True)
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲", mode="paste_and_send")
    assert result.status == "pasted"
    assert [c[1] for c in desk.calls if c[0] == "send_keys"] == ["ctrl+v", "enter"]


def test_copy_only_leaves_the_reply_on_the_clipboard(qtbot, board):
    desk = dummy.DummyDesktop(can_paste=True)
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲，复制", mode="copy_only")
    assert (result.status, result.ok) == ("copied", True)
    assert board.text() == "亲，复制" and desk.calls == []


@pytest.mark.parametrize(
    ("desk", "target", "reason"),
    [
        (dummy.DummyDesktop(can_paste=True, activates=False), TARGET, "无法切回聊天窗口"),
        (dummy.DummyDesktop(can_paste=True), None, "没有记下聊天窗口"),
        (dummy.DummyDesktop(can_paste=True), base.WindowRef(1, pid=os.getpid()), "quickreply 自己的窗口"),
        (dummy.DummyDesktop(can_paste=True), base.WindowRef(5, elevated=True), "管理员"),
        (dummy.DummyDesktop(reason="Wayland 不允许"), TARGET, "Wayland 不允许"),
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
    desk = dummy.DummyDesktop(can_paste=True)
    result = deliver(qtbot, paste.PasteService(desk, FAST), "亲，打字", mode="type")
    assert result.status == "typed" and ("type_text", "亲，打字") in desk.calls
    assert board.text() == "PREVIOUS"


def test_unknown_mode_is_refused(qtbot, board):
    with pytest.raises(ValueError):
        paste.PasteService(dummy.DummyDesktop(), FAST).deliver("x", TARGET, "shout")


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
