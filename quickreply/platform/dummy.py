"""The copy-only desktop: no hotkeys or keystrokes, the reply is left on the clipboard.

Used on Wayland, on macOS for now and wherever no real backend loads; tests use it to record
what the paste service asked the desktop to do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from quickreply.platform import base


@dataclasses.dataclass
class _Hotkey:
    combo: str
    desktop: DummyDesktop

    def unregister(self) -> None:
        self.desktop.hotkeys.pop(self.combo, None)
        self.desktop.calls.append(("unregister", self.combo))


class DummyDesktop:
    """Records calls; ``can_paste`` False makes the paste service copy instead of pasting.

    Args:
        reason: why this desktop is copy-only, shown to the user.
        windows: for tests, the window ``active_window`` reports and whether ``activate`` succeeds.
    """

    name = "dummy"

    def __init__(
        self,
        reason: str = "",
        can_paste: bool = False,
        active: base.WindowRef | None = None,
        activates: bool = True,
    ) -> None:
        self.reason = reason
        self.can_paste = can_paste
        self.active = active
        self.activates = activates
        self.calls: list[tuple[str, object]] = []
        self.hotkeys: dict[str, Callable[[], None]] = {}
        self.focused: int | None = active.id if active is not None else None
        # Tests: window ids ``is_active`` sees on its next checks, one per check (focus moving away).
        self.focus_script: list[int | None] = []
        self.clipboard: dict[str, bytes] | None | type[NotImplementedError] = NotImplementedError

    def active_window(self) -> base.WindowRef | None:
        self.calls.append(("active_window", None))
        return self.active

    def activate(self, window: base.WindowRef, timeout: float) -> bool:
        self.calls.append(("activate", window.id))
        if self.activates:
            self.focused = window.id
        return self.activates

    def is_active(self, window: base.WindowRef) -> bool:
        if self.focus_script:
            self.focused = self.focus_script.pop(0)
        self.calls.append(("is_active", window.id))
        return self.focused == window.id

    def read_clipboard(self, timeout: float, text_only: bool = False) -> dict[str, bytes] | None:
        """Qt's own clipboard serves unless a test sets ``clipboard`` (None: an owner that never answers)."""
        if self.clipboard is NotImplementedError:
            raise NotImplementedError
        self.calls.append(("read_clipboard", timeout))
        return self.clipboard  # type: ignore[return-value]

    def wait_modifiers_released(self, timeout: float) -> bool:
        self.calls.append(("wait_modifiers_released", timeout))
        return True

    def send_keys(self, combo: str) -> None:
        self.calls.append(("send_keys", combo))

    def type_text(self, text: str) -> None:
        self.calls.append(("type_text", text))

    def register_hotkey(self, combo: str, callback: Callable[[], None]) -> base.Hotkey:
        if not self.can_paste:
            raise base.HotkeyUnavailable(self.reason or "这个桌面环境不支持全局快捷键")
        self.hotkeys[combo] = callback
        self.calls.append(("register_hotkey", combo))
        return _Hotkey(combo, self)

    def fire(self, combo: str) -> None:
        """Tests: act as if the user pressed a registered hotkey."""
        self.hotkeys[combo]()

    def close(self) -> None:
        self.hotkeys.clear()
