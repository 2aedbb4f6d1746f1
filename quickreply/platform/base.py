"""What every desktop backend offers (DESIGN §5), and the errors it reports.

The paste service and the app talk only to this Protocol; X11, Windows and the copy-only
fallback implement it, and tests substitute a recording desktop (tests/desktops.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Protocol

ELEVATED_TARGET = (
    "聊天窗口以管理员身份运行,Windows 不允许普通程序向它发送按键(UIPI);"
    "请以管理员身份运行 quickreply,或以普通身份运行聊天软件"
)


class DesktopError(Exception):
    """A desktop operation that failed in a way the user must be told about."""


class HotkeyConflict(DesktopError):
    """The key combination is already taken by another program."""


class HotkeyUnavailable(DesktopError):
    """This desktop cannot register global hotkeys (Wayland, no X server, missing permission)."""


@dataclasses.dataclass(frozen=True)
class WindowRef:
    """A window remembered when the hotkey fired, to give focus back to it later.

    ``elevated`` is set on Windows when the window runs as administrator: keystrokes from a normal
    program cannot reach it (UIPI). ``geometry`` lets the popup open over the chat window.
    """

    id: int
    title: str = ""
    pid: int = 0
    elevated: bool = False
    geometry: tuple[int, int, int, int] | None = None  # x, y, width, height on the screen, when known


class Hotkey(Protocol):
    """A registered global hotkey."""

    combo: str

    def unregister(self) -> None: ...


class Desktop(Protocol):
    """One desktop backend."""

    name: str
    can_paste: bool  # False for copy-only backends: the reply is left on the clipboard

    def active_window(self) -> WindowRef | None:
        """The window that has the keyboard focus now (None when it cannot be told)."""
        ...

    def activate(self, window: WindowRef, timeout: float) -> bool:
        """Give focus back to ``window``; True once it is confirmed to have it."""
        ...

    def is_active(self, window: WindowRef) -> bool:
        """True while ``window`` (or a window inside it) has the keyboard focus.

        Asked immediately before every synthetic key: a chat window raised by a new message must
        never receive a reply meant for another.
        """
        ...

    def read_clipboard(self, timeout: float, text_only: bool = False) -> dict[str, bytes] | None:
        """The clipboard's formats (MIME type → bytes) as its owner gives them within ``timeout``.

        ``text_only`` asks for the text alone (cheap: no images fetched).

        None when the owner did not answer in time (a hung program must not freeze quickreply);
        raises NotImplementedError where the backend leaves reading to Qt (its reads are local).
        """
        ...

    def wait_modifiers_released(self, timeout: float) -> bool:
        """Wait until Ctrl/Alt/Shift/Win are up (the hotkey's keys), so a sent key is not modified."""
        ...

    def send_keys(self, combo: str) -> None:
        """Press and release a combination: "ctrl+v", "shift+insert", "enter", "ctrl+a", "ctrl+c"."""
        ...

    def type_text(self, text: str) -> None:
        """Type text as keystrokes (for apps that block paste)."""
        ...

    def register_hotkey(self, combo: str, callback: Callable[[], None]) -> Hotkey:
        """Register a global hotkey; ``callback`` runs on the Qt thread. HotkeyConflict when taken."""
        ...

    def close(self) -> None:
        """Release hotkeys and connections."""
        ...
