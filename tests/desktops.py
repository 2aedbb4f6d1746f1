"""A desktop for tests: it records what it was asked to do and plays the focus the test scripts.

It implements ``quickreply.platform.base.Desktop`` like the real backends; the app, the paste
service and the draft capture run against it unchanged. Production's copy-only fallback is
``quickreply.platform.copyonly``; this one stays out of the wheel.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from quickreply.platform import base


@dataclasses.dataclass
class RecordedHotkey:
    """A hotkey registered on a ``RecordingDesktop``."""

    combo: str
    desktop: RecordingDesktop

    def unregister(self) -> None:
        self.desktop.hotkeys.pop(self.combo, None)
        self.desktop.calls.append(("unregister", self.combo))


class RecordingDesktop:
    """Records calls in ``calls``; ``can_paste`` False makes it copy-only, as on Wayland.

    Args:
        reason: why it is copy-only, shown to the user.
        can_paste: whether it pastes (registers hotkeys, sends keys).
        active: the window ``active_window`` reports (and that has the focus at first).
        activates: whether ``activate`` succeeds.
    """

    name = "recording"

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
        # Window ids ``is_active`` sees on its next checks, one per check (focus moving away).
        self.focus_script: list[int | None] = []
        # What ``read_clipboard`` returns; NotImplementedError (the default) lets Qt read it, None
        # is an owner that never answers.
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
        return RecordedHotkey(combo, self)

    def fire(self, combo: str) -> None:
        """Act as if the user pressed a registered hotkey."""
        self.hotkeys[combo]()

    def close(self) -> None:
        self.hotkeys.clear()
