"""The clipboard guard: save every format, put the reply there, give the agent's clipboard back afterwards.

Restoring too early pastes the old text (measured: 0 ms restores lost 3 of 3 pastes). On X11 the
chat window fetches the text with a SelectionRequest to us, so the guard restores a short grace
after seeing one; elsewhere, or if none comes, after a delay. It restores only while the
clipboard still holds the reply, so something the agent copied meanwhile is never overwritten.

Both the reply and the restored old content are quickreply's own puts (``own_put``): the popup
offers only what the agent copied (ui/fresh_copy), never what we put there ourselves.
"""

from __future__ import annotations

import contextlib
import ctypes
import sys
import time
from collections.abc import Callable, Iterator
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
        # int(), not truth: shiboken's VoidPtr has no size, and bool() of it raises in PySide6 6.11,
        # which silently disabled this filter (every restore waited the full delay).
        address = int(message) if message is not None else 0
        if (
            bytes(event_type.data() if isinstance(event_type, QByteArray) else event_type)
            == b"xcb_generic_event_t"
            and address
        ):
            response_type = ctypes.c_uint8.from_address(address).value & 0x7F
            if response_type == XCB_SELECTION_REQUEST:
                self.on_request()
        return False, 0


class OwnPuts:
    """What quickreply itself last put on the clipboard, and whether a put of ours is under way.

    Qt reports a change with ``QClipboard.dataChanged``; during our own ``setText``/``setMimeData``
    it does so synchronously (X11, offscreen), so a depth counter tells the change was ours. Where
    the notice comes later (Windows posts WM_CLIPBOARDUPDATE), ``ownsClipboard()`` tells it.
    ``text`` and ``at`` let a clipboard manager that takes over our content be recognised.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.text: str | None = None
        self.at = -1e9  # monotonic seconds of the last own put


OWN = OwnPuts()


@contextlib.contextmanager
def own_put(text: str) -> Iterator[None]:
    """Wrap every put of ours (a reply, a restore, a clear): the change it causes is not the agent's copy."""
    OWN.depth += 1
    OWN.text, OWN.at = text, time.monotonic()
    try:
        yield
    finally:
        OWN.depth -= 1


READ_TIMEOUT_MS = 300  # the longest a clipboard read may hold up the app (issue: a hung owner froze it)
Reader = Callable[..., "dict[str, bytes] | None"]  # (timeout_s, text_only=False), see Desktop.read_clipboard


def snapshot(clipboard: QClipboard) -> QMimeData:
    """A copy of every format the clipboard holds now (text, HTML, images…), read through Qt."""
    copy = QMimeData()
    current = clipboard.mimeData()
    if current is not None:
        for fmt in current.formats():
            copy.setData(fmt, current.data(fmt))
    return copy


def local(clipboard: QClipboard) -> bool:
    """True when Qt can read the clipboard without asking another program (which might never answer)."""
    # Where Qt can tell ownership (X11, Windows), another owner is never read here.
    return QGuiApplication.platformName() not in ("xcb", "windows") or clipboard.ownsClipboard()


def read(
    clipboard: QClipboard, reader: Reader | None, timeout_ms: int = READ_TIMEOUT_MS, text_only: bool = False
) -> QMimeData | None:
    """Every format on the clipboard now, or None when its owner did not answer within ``timeout_ms``.

    ``reader`` is the desktop's bounded reader (``Desktop.read_clipboard``); where it raises
    NotImplementedError, or the content is ours, Qt reads it.
    """
    if reader is None or clipboard.ownsClipboard():
        return snapshot(clipboard)
    try:
        formats = reader(timeout_ms / 1000, text_only=text_only)
    except NotImplementedError:
        return snapshot(clipboard)
    if formats is None:
        return None
    copy = QMimeData()
    for fmt, raw in formats.items():
        copy.setData(fmt, QByteArray(raw))
    return copy


def read_text(clipboard: QClipboard, reader: Reader | None, timeout_ms: int = READ_TIMEOUT_MS) -> str | None:
    """The clipboard's text now ("" when it holds none), or None when its owner did not answer."""
    content = read(clipboard, reader, timeout_ms, text_only=True)
    return None if content is None else content.text()


class ClipboardGuard:
    """One use of the clipboard for one reply.

    Args:
        clipboard: the application clipboard.
        restore_delay_ms: when to restore without a SelectionRequest (the upper bound on X11).
        restore_grace_ms: on X11, how long after the SelectionRequest to restore.
        watch_selection: watch for SelectionRequest (X11 with the xcb platform plugin).
        on_restored: called after restoring (or deciding not to), for tests and logging.
        reader: the desktop's bounded clipboard reader (see ``read``).
    """

    def __init__(
        self,
        clipboard: QClipboard,
        restore_delay_ms: int,
        restore_grace_ms: int = 100,
        watch_selection: bool | None = None,
        on_restored: Callable[[bool], None] | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.clipboard = clipboard
        self.reader = reader
        self.restore_delay_ms = restore_delay_ms
        self.restore_grace_ms = restore_grace_ms
        if watch_selection is None:
            watch_selection = sys.platform.startswith("linux") and QGuiApplication.platformName() == "xcb"
        self.watch_selection = watch_selection
        self.on_restored = on_restored
        self.saved: QMimeData | None = None
        self.lost = False  # the old content could not be read in time: it cannot be given back
        self.text: str | None = None
        self.done = False
        self._watch: _SelectionRequestWatch | None = None
        self._deadline = 0.0  # restore_later's upper bound (monotonic seconds)
        self._timer = QTimer()
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.restore)

    def put(self, text: str) -> None:
        """Save what is on the clipboard (if its owner answers in time) and put ``text`` there."""
        self.saved = read(self.clipboard, self.reader)
        self.lost = self.saved is None
        self.text = text
        with own_put(text):
            self.clipboard.setText(text)

    def restore_later(self) -> None:
        """Restore once the target has fetched the text (X11) or after the delay."""
        if self.watch_selection and self._watch is None:
            self._watch = _SelectionRequestWatch(self._fetched)
            app = QCoreApplication.instance()
            if app is not None:
                app.installNativeEventFilter(self._watch)
        self._deadline = time.monotonic() + self.restore_delay_ms / 1000
        self._timer.start(self.restore_delay_ms)

    def _fetched(self) -> None:
        # Several requests may come (TARGETS, then the text); each pushes the restore a grace later,
        # but never past the delay: a program that keeps asking (a clipboard manager polling) must
        # not keep the agent's clipboard away for good.
        if not self.done:
            left_ms = max(0, int((self._deadline - time.monotonic()) * 1000))
            self._timer.start(min(self.restore_grace_ms, left_ms))

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
        # Something copied meanwhile belongs to another program: never read it (it may not answer).
        ours = local(self.clipboard) and self.clipboard.text() == self.text
        if ours and self.saved is not None:
            with own_put(self.saved.text()):
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
