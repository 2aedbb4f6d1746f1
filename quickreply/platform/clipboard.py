"""The clipboard guard: save every format, put the reply there, give the agent's clipboard back afterwards.

Restoring too early pastes the old text (measured: 0 ms restores lost 3 of 3 pastes). On X11 the
chat window fetches the text with a SelectionRequest to us, so the guard restores a short grace
after seeing one; elsewhere, or if none comes, after a delay. It restores only while the
clipboard still holds the reply, so something the agent copied meanwhile is never overwritten.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QMimeData, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

XCB_SELECTION_REQUEST = 30


class _SelectionRequestWatch(QAbstractNativeEventFilter):
    """Calls back when another X client asks us for the clipboard's content."""

    def __init__(self, on_request: Callable[[], None]) -> None:
        super().__init__()
        self.on_request = on_request

    def nativeEventFilter(self, event_type: Any, message: Any) -> Any:  # noqa: N802  (Qt's name)
        if (
            bytes(event_type.data() if isinstance(event_type, QByteArray) else event_type)
            == b"xcb_generic_event_t"
            and message
        ):
            response_type = ctypes.c_uint8.from_address(int(message)).value & 0x7F
            if response_type == XCB_SELECTION_REQUEST:
                self.on_request()
        return False, 0


def snapshot(clipboard: QClipboard) -> QMimeData:
    """A copy of every format the clipboard holds now (text, HTML, images…)."""
    copy = QMimeData()
    current = clipboard.mimeData()
    if current is not None:
        for fmt in current.formats():
            copy.setData(fmt, current.data(fmt))
    return copy


class ClipboardGuard:
    """One use of the clipboard for one reply.

    Args:
        clipboard: the application clipboard.
        restore_delay_ms: when to restore without a SelectionRequest (the upper bound on X11).
        restore_grace_ms: on X11, how long after the SelectionRequest to restore.
        watch_selection: watch for SelectionRequest (X11 with the xcb platform plugin).
        on_restored: called after restoring (or deciding not to), for tests and logging.
    """

    def __init__(
        self,
        clipboard: QClipboard,
        restore_delay_ms: int,
        restore_grace_ms: int = 100,
        watch_selection: bool | None = None,
        on_restored: Callable[[bool], None] | None = None,
    ) -> None:
        self.clipboard = clipboard
        self.restore_delay_ms = restore_delay_ms
        self.restore_grace_ms = restore_grace_ms
        if watch_selection is None:
            watch_selection = sys.platform.startswith("linux") and QGuiApplication.platformName() == "xcb"
        self.watch_selection = watch_selection
        self.on_restored = on_restored
        self.saved: QMimeData | None = None
        self.text: str | None = None
        self.done = False
        self._watch: _SelectionRequestWatch | None = None
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.restore)

    def put(self, text: str) -> None:
        """Save what is on the clipboard and put ``text`` there."""
        self.saved = snapshot(self.clipboard)
        self.text = text
        self.clipboard.setText(text)

    def restore_later(self) -> None:
        """Restore once the target has fetched the text (X11) or after the delay."""
        if self.watch_selection and self._watch is None:
            self._watch = _SelectionRequestWatch(self._fetched)
            app = QCoreApplication.instance()
            if app is not None:
                app.installNativeEventFilter(self._watch)
        self._timer.start(self.restore_delay_ms)

    def _fetched(self) -> None:
        # Several requests may come (TARGETS, then the text); each pushes the restore a grace later.
        if not self.done:
            self._timer.start(self.restore_grace_ms)

    def restore(self) -> bool:
        """Put the saved clipboard back if it still holds our text; True when restored."""
        if self.done:
            return False
        self.done = True
        self._timer.stop()
        if self._watch is not None:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeNativeEventFilter(self._watch)
            self._watch = None
        ours = self.clipboard.text() == self.text
        if ours and self.saved is not None:
            if self.saved.formats():
                self.clipboard.setMimeData(self.saved)
                self.saved = None  # the clipboard owns it now
            else:
                self.clipboard.clear()
        if self.on_restored is not None:
            self.on_restored(ours)
        return ours

    def keep(self) -> None:
        """Leave the reply on the clipboard (it could not be pasted: the agent pastes it by hand)."""
        self.done = True
        self._timer.stop()
