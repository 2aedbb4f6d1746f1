"""Reading the draft the agent is typing in the chat window: select all and copy, through a guarded clipboard.

The clipboard first gets a marker, so a copy is noticed even when the draft equals what was on the
clipboard before; the agent's clipboard is put back in every outcome. A chat box that does not
answer Ctrl+A/Ctrl+C within the timeout changes nothing and the caller is told so.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from quickreply.deliver import clipboard
from quickreply.platform import base

POLL_MS = 20
KEY_DELAY_MS = 50


class DraftCapture(QObject):
    """Copies the chat window's draft; emits ``captured(str)`` or ``failed(str)`` (a message).

    Args:
        desktop: the backend.
        timeout_ms: how long to wait for the chat box to put its text on the clipboard.
        focus_timeout_ms: how long to wait for the chat window to take the focus back.
    """

    captured = Signal(str)
    failed = Signal(str)

    def __init__(self, desktop: base.Desktop, timeout_ms: int = 800, focus_timeout_ms: int = 1000) -> None:
        super().__init__()
        self.desktop = desktop
        self.timeout_ms = timeout_ms
        self.focus_timeout_ms = focus_timeout_ms
        self._marker = ""
        self._waited = 0
        self._saved: QMimeData | None = None
        self._target: base.WindowRef | None = None

    def capture(self, target: base.WindowRef | None) -> None:
        """Start: focus the chat window, Ctrl+A, Ctrl+C, then wait for the text."""
        board = QGuiApplication.clipboard()
        if not self.desktop.can_paste or target is None:
            self.failed.emit(getattr(self.desktop, "reason", "") or "无法读取聊天框:没有记下聊天窗口")
            return
        self._saved = clipboard.read(board, self.desktop.read_clipboard)
        self._marker = f"quickreply-{uuid.uuid4()}"
        with clipboard.own_put(self._marker):
            board.setText(self._marker)
        if not self.desktop.activate(target, self.focus_timeout_ms / 1000):
            self._finish(None, "无法切回聊天窗口,聊天框没有改动")
            return
        self.desktop.wait_modifiers_released(2.0)
        self._target = target
        # The chat window needs a moment after getting the focus back before keys reach its text box.
        QTimer.singleShot(KEY_DELAY_MS, self._select_all)

    def _keys(self, combo: str) -> bool:
        """Send ``combo`` if the chat window still has the focus; else stop, changing nothing."""
        if self._target is None or not self.desktop.is_active(self._target):
            self._finish(None, "焦点已离开聊天窗口,聊天框没有改动")
            return False
        self.desktop.send_keys(combo)
        return True

    def _select_all(self) -> None:
        if self._keys("ctrl+a"):
            QTimer.singleShot(KEY_DELAY_MS, self._copy)

    def _copy(self) -> None:
        if self._keys("ctrl+c"):
            self._waited = 0
            QTimer.singleShot(POLL_MS, self._poll)

    def _poll(self) -> None:
        text = clipboard.read_text(QGuiApplication.clipboard(), self.desktop.read_clipboard)
        if text is not None and text != self._marker:
            self._finish(text, "")
            return
        self._waited += POLL_MS
        if self._waited >= self.timeout_ms:
            self._finish(None, "聊天框没有响应全选/复制(Ctrl+A、Ctrl+C),聊天框没有改动")
            return
        QTimer.singleShot(POLL_MS, self._poll)

    def _finish(self, text: str | None, problem: str) -> None:
        board = QGuiApplication.clipboard()
        with clipboard.own_put(self._saved.text() if self._saved is not None else ""):
            if self._saved is not None and self._saved.formats():
                board.setMimeData(self._saved)
            else:
                board.clear()
        self._saved = None
        if text is None:
            self.failed.emit(problem)
        else:
            self.captured.emit(text)
