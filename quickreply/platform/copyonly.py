"""The copy-only desktop: no global hotkeys, no keystrokes; every reply is left on the clipboard.

``get_desktop`` chooses it on Wayland (which lets no program send keys to another), on macOS for
now, and wherever the real backend fails to load. ``can_paste`` False makes the paste service
copy instead of paste; ``reason`` is the sentence that tells the user why.
"""

from __future__ import annotations

from collections.abc import Callable

from quickreply.platform import base


class CopyOnlyDesktop:
    """A ``base.Desktop`` that can do nothing on its own beyond saying why.

    Args:
        reason: why this desktop is copy-only, shown to the user.
    """

    name = "copy-only"
    can_paste = False

    def __init__(self, reason: str = "") -> None:
        self.reason = reason

    def active_window(self) -> base.WindowRef | None:
        """No window can be told apart here."""
        return None

    def activate(self, window: base.WindowRef, timeout: float) -> bool:
        return False

    def is_active(self, window: base.WindowRef) -> bool:
        return False

    def read_clipboard(self, timeout: float, text_only: bool = False) -> dict[str, bytes] | None:
        """Qt's own clipboard serves."""
        raise NotImplementedError

    def wait_modifiers_released(self, timeout: float) -> bool:
        return True

    def send_keys(self, combo: str) -> None:
        raise base.DesktopError(self._why())

    def type_text(self, text: str) -> None:
        raise base.DesktopError(self._why())

    def register_hotkey(self, combo: str, callback: Callable[[], None]) -> base.Hotkey:
        raise base.HotkeyUnavailable(self.reason or "这个桌面环境不支持全局快捷键")

    def close(self) -> None:
        """Nothing to release."""

    def _why(self) -> str:
        return self.reason or "当前桌面环境无法自动粘贴"
