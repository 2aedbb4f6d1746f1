"""The X11 desktop through python-xlib: XGrabKey hotkeys, _NET_ACTIVE_WINDOW focus, XTEST keys — no root.

Findings behind it (shared/reference/platform-findings.md): the grab consumes the hotkey, so it
never leaks into the chat window; focus must be handed back explicitly (client message with a
window manager, XSetInputFocus without one) and then confirmed before any key is sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from quickreply.platform import base, combos, x11_typing

# X keysym names for combos' named keys.
KEYSYMS = {
    "space": "space",
    "enter": "Return",
    "tab": "Tab",
    "escape": "Escape",
    "backspace": "BackSpace",
    "delete": "Delete",
    "insert": "Insert",
    "home": "Home",
    "end": "End",
    "pageup": "Prior",
    "pagedown": "Next",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "backquote": "grave",
    "minus": "minus",
    "equal": "equal",
    "comma": "comma",
    "period": "period",
    "slash": "slash",
    "semicolon": "semicolon",
    **{f"f{i}": f"F{i}" for i in range(1, 25)},
}
MODIFIER_KEYSYMS = {"ctrl": "Control_L", "alt": "Alt_L", "shift": "Shift_L", "super": "Super_L"}
HELD_KEYSYMS = (
    "Control_L",
    "Control_R",
    "Alt_L",
    "Alt_R",
    "Shift_L",
    "Shift_R",
    "Super_L",
    "Super_R",
    "Meta_L",
    "Meta_R",
)


class _Hotkey:
    def __init__(self, desktop: X11Desktop, combo: str, keycode: int, mask: int) -> None:
        self.desktop = desktop
        self.combo = combo
        self.keycode = keycode
        self.mask = mask

    def unregister(self) -> None:
        self.desktop._ungrab(self)


class X11Desktop:
    """An X11 desktop (with or without a window manager).

    Args:
        display_name: the X display (default: $DISPLAY).
    """

    name = "x11"
    can_paste = True

    def __init__(self, display_name: str | None = None) -> None:
        try:
            from Xlib import XK, X, display, error
            from Xlib.ext import xtest
        except ImportError as exc:  # python-xlib is a Linux-only dependency
            raise base.HotkeyUnavailable(f"缺少 python-xlib:{exc}") from exc
        self.X, self.XK, self._error, self._xtest = X, XK, error, xtest
        try:
            # Two connections: hotkey events are read from one whenever Qt sees its socket readable,
            # so queries on the other can never swallow them.
            self.events = display.Display(display_name)
            self.d = display.Display(display_name)
        except (error.DisplayError, error.ConnectionClosedError, OSError) as exc:
            raise base.HotkeyUnavailable(f"无法连接 X 服务器:{exc}") from exc
        self.root = self.d.screen().root
        self.atoms = {
            name: self.d.intern_atom(name)
            for name in ("_NET_ACTIVE_WINDOW", "_NET_SUPPORTED", "_NET_WM_NAME", "_NET_WM_PID", "UTF8_STRING")
        }
        self.hotkeys: dict[tuple[int, int], tuple[_Hotkey, Callable[[], None]]] = {}
        self._released: tuple[int, int] = (0, -1)
        self._notifier: Any = None
        self._lock_masks = self._ignored_masks()
        self.display_name = display_name
        self._selection: Any = None  # x11_selection.SelectionReader, made on first use
        self._typer = x11_typing.KeymapTyper(self.d, X, xtest, new_line=lambda: self.send_keys("shift+enter"))

    # -- hotkeys -----------------------------------------------------------------------------------

    def register_hotkey(self, combo: str, callback: Callable[[], None]) -> base.Hotkey:
        parsed = combos.parse_hotkey(combo)
        keycode = self._keycode(parsed.key)
        mask = 0
        for modifier in parsed.modifiers:
            mask |= {
                "ctrl": self.X.ControlMask,
                "alt": self.X.Mod1Mask,
                "shift": self.X.ShiftMask,
                "super": self.X.Mod4Mask,
            }[modifier]
        if (keycode, mask) in self.hotkeys:
            raise base.HotkeyConflict(f"快捷键 {parsed} 已经注册过了")
        errors: list[Any] = []
        root = self.events.screen().root
        for extra in self._lock_masks:
            root.grab_key(
                keycode,
                mask | extra,
                True,
                self.X.GrabModeAsync,
                self.X.GrabModeAsync,
                onerror=lambda *args: errors.append(args),
            )
        self.events.sync()
        hotkey = _Hotkey(self, str(parsed), keycode, mask)
        if errors:
            for extra in self._lock_masks:
                root.ungrab_key(keycode, mask | extra)
            self.events.sync()
            raise base.HotkeyConflict(f"快捷键 {parsed} 已被其他程序占用,请在设置中换一个")
        self.hotkeys[(keycode, mask)] = (hotkey, callback)
        self._watch()
        return hotkey

    def _ungrab(self, hotkey: _Hotkey) -> None:
        if self.hotkeys.pop((hotkey.keycode, hotkey.mask), None) is None:
            return
        root = self.events.screen().root
        for extra in self._lock_masks:
            root.ungrab_key(hotkey.keycode, hotkey.mask | extra)
        self.events.sync()

    def _watch(self) -> None:
        """Read hotkey events on the Qt thread whenever the X connection has data."""
        if self._notifier is None:
            from PySide6.QtCore import QSocketNotifier

            self._notifier = QSocketNotifier(self.events.fileno(), QSocketNotifier.Type.Read)
            self._notifier.activated.connect(self.drain)

    def drain(self, *_: object) -> None:
        """Handle every pending X event on the hotkey connection.

        A held key auto-repeats as release/press pairs with the same server time: such a press
        is ignored, so holding the hotkey opens the popup once while quick real presses all count.
        """
        while self.events.pending_events():
            event = self.events.next_event()
            if event.type == self.X.KeyRelease:
                self._released = (event.detail, event.time)
                continue
            if event.type != self.X.KeyPress:
                continue
            state = event.state & ~(self.X.LockMask | self.X.Mod2Mask | self.X.Mod5Mask)
            entry = self.hotkeys.get((event.detail, state))
            if entry is not None and self._released != (event.detail, event.time):
                entry[1]()

    def _ignored_masks(self) -> list[int]:
        """CapsLock, NumLock and ScrollLock states a grab must also cover."""
        X = self.X
        return sorted({a | b | c for a in (0, X.LockMask) for b in (0, X.Mod2Mask) for c in (0, X.Mod5Mask)})

    # -- windows -----------------------------------------------------------------------------------

    def _wm_active_window_support(self) -> bool:
        prop = self.root.get_full_property(self.atoms["_NET_SUPPORTED"], self.X.AnyPropertyType)
        return bool(prop) and self.atoms["_NET_ACTIVE_WINDOW"] in prop.value

    def _focus(self) -> int:
        focus = self.d.get_input_focus().focus
        return focus if isinstance(focus, int) else int(focus.id)

    def active_window(self) -> base.WindowRef | None:
        window_id = 0
        if self._wm_active_window_support():
            prop = self.root.get_full_property(self.atoms["_NET_ACTIVE_WINDOW"], self.X.AnyPropertyType)
            if prop and prop.value and prop.value[0]:
                window_id = int(prop.value[0])
        if not window_id:
            window_id = self._focus()
        if window_id in (0, 1, self.root.id):  # None, PointerRoot, the root: no window to go back to
            return None
        return base.WindowRef(window_id, *self._describe(window_id), geometry=self._geometry(window_id))

    def _describe(self, window_id: int) -> tuple[str, int]:
        window = self.d.create_resource_object("window", window_id)
        try:
            name = window.get_full_property(self.atoms["_NET_WM_NAME"], self.atoms["UTF8_STRING"])
            title = name.value.decode("utf-8", "replace") if name else (window.get_wm_name() or "")
            pid_prop = window.get_full_property(self.atoms["_NET_WM_PID"], self.X.AnyPropertyType)
            pid = int(pid_prop.value[0]) if pid_prop and len(pid_prop.value) else 0
        except self._error.XError:
            return "", 0
        return str(title), pid

    def _geometry(self, window_id: int) -> tuple[int, int, int, int] | None:
        """Where the window is on the screen (root coordinates), or None when it cannot be told."""
        try:
            window = self.d.create_resource_object("window", window_id)
            size = window.get_geometry()
            origin = window.translate_coords(self.root, 0, 0)
        except self._error.XError:
            return None
        # translate_coords gives the root origin in window coordinates: negate it for the window's place.
        return -int(origin.x), -int(origin.y), int(size.width), int(size.height)

    def _is_same_or_child(self, focus: int, target: int) -> bool:
        """With a reparenting WM or a toolkit focus proxy the focus may sit below the window remembered."""
        window = focus
        for _ in range(12):
            if window == target:
                return True
            if window in (0, 1, self.root.id):
                return False
            try:
                window = int(self.d.create_resource_object("window", window).query_tree().parent.id)
            except self._error.XError:
                return False
        return False

    def activate(self, window: base.WindowRef, timeout: float) -> bool:
        errors: list[Any] = []
        target = self.d.create_resource_object("window", window.id)
        deadline = time.monotonic() + timeout
        if self._wm_active_window_support():
            from Xlib import protocol

            message = protocol.event.ClientMessage(
                window=target,
                client_type=self.atoms["_NET_ACTIVE_WINDOW"],
                data=(32, [2, self.X.CurrentTime, 0, 0, 0]),  # 2: a pager asks; WMs honour it
            )
            self.root.send_event(
                message,
                event_mask=self.X.SubstructureRedirectMask | self.X.SubstructureNotifyMask,
                onerror=lambda *args: errors.append(args),
            )
        else:
            target.configure(stack_mode=self.X.Above, onerror=lambda *args: errors.append(args))
            target.set_input_focus(
                self.X.RevertToParent, self.X.CurrentTime, onerror=lambda *args: errors.append(args)
            )
        self.d.sync()
        if errors:
            return False  # the window is gone
        tried_direct = False
        while time.monotonic() < deadline:
            if self._is_same_or_child(self._focus(), window.id):
                return True
            if not tried_direct and time.monotonic() > deadline - timeout / 2:
                # Some WMs ignore the request (focus-stealing prevention): ask the server directly.
                tried_direct = True
                target.set_input_focus(
                    self.X.RevertToParent, self.X.CurrentTime, onerror=lambda *a: errors.append(a)
                )
                self.d.sync()
                if errors:
                    return False
            time.sleep(0.005)
        return self._is_same_or_child(self._focus(), window.id)

    def is_active(self, window: base.WindowRef) -> bool:
        try:
            return self._is_same_or_child(self._focus(), window.id)
        except self._error.XError:
            return False

    def read_clipboard(self, timeout: float, text_only: bool = False) -> dict[str, bytes] | None:
        if self._selection is None:
            from quickreply.platform import x11_selection

            self._selection = x11_selection.SelectionReader(self.display_name)
        return self._selection.read(timeout, text_only)

    # -- keys --------------------------------------------------------------------------------------

    def _keycode(self, key: str) -> int:
        name = KEYSYMS.get(key, key)
        keysym = self.XK.string_to_keysym(name)
        keycode = int(self.d.keysym_to_keycode(keysym)) if keysym else 0
        if not keycode:
            raise base.DesktopError(f"键盘布局里没有按键「{key}」")
        return keycode

    def wait_modifiers_released(self, timeout: float) -> bool:
        codes = [int(self.d.keysym_to_keycode(self.XK.string_to_keysym(name))) for name in HELD_KEYSYMS]
        codes = [c for c in codes if c]
        deadline = time.monotonic() + timeout
        while True:
            keymap = self.d.query_keymap()
            if not any(keymap[c // 8] & (1 << (c % 8)) for c in codes):
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)

    def send_keys(self, combo: str) -> None:
        parsed = combos.parse(combo)
        mods = [
            self._keycode_for_keysym(MODIFIER_KEYSYMS[m])
            for m in ("ctrl", "alt", "shift", "super")
            if m in parsed.modifiers
        ]
        key = self._keycode(parsed.key)
        for code in mods:
            self._xtest.fake_input(self.d, self.X.KeyPress, code)
        self._xtest.fake_input(self.d, self.X.KeyPress, key)
        self.d.sync()
        self._xtest.fake_input(self.d, self.X.KeyRelease, key)
        for code in reversed(mods):
            self._xtest.fake_input(self.d, self.X.KeyRelease, code)
        self.d.sync()

    def _keycode_for_keysym(self, name: str) -> int:
        return int(self.d.keysym_to_keycode(self.XK.string_to_keysym(name)))

    def type_text(self, text: str) -> None:
        """Any Unicode text, through spare keycodes (``x11_typing``); line breaks as Shift+Enter."""
        self._typer.type_text(text)

    def close(self) -> None:
        for hotkey, _ in list(self.hotkeys.values()):
            hotkey.unregister()
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._selection is not None:
            self._selection.close()
            self._selection = None
        self.events.close()
        self.d.close()
