"""The Windows desktop through ctypes: RegisterHotKey hotkeys, SetForegroundWindow focus, SendInput keys.

Findings behind it (shared/reference/platform-findings.md §3): RegisterHotKey beats the `keyboard`
package's low-level hook, which dies after Win+L or sleep; SetForegroundWindow is restricted by the
foreground lock, so AttachThreadInput is the fallback; SendInput into an elevated window is silently
dropped (UIPI), so elevated targets are detected and the user is told why.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication, QObject, Qt, Signal, Slot

from quickreply.platform import base, combos
from quickreply.platform.win32api import (
    ERROR_HOTKEY_ALREADY_REGISTERED,
    KEYEVENTF_EXTENDEDKEY,
    KEYEVENTF_KEYUP,
    KEYEVENTF_UNICODE,
    MOD_ALT,
    MOD_CONTROL,
    MOD_NOREPEAT,
    MOD_SHIFT,
    MOD_WIN,
    SW_RESTORE,
    Win32Api,
    hotkey_id_from_msg,
)

log = logging.getLogger(__name__)

MODIFIER_FLAGS = {"alt": MOD_ALT, "ctrl": MOD_CONTROL, "shift": MOD_SHIFT, "super": MOD_WIN}
MODIFIER_ORDER = ("ctrl", "alt", "shift", "super")
MODIFIER_VKS = {"ctrl": 0x11, "alt": 0x12, "shift": 0x10, "super": 0x5B}
HELD_VKS = (0x11, 0x12, 0x10, 0x5B, 0x5C)  # VK_CONTROL, VK_MENU, VK_SHIFT, VK_LWIN, VK_RWIN
# Virtual-key codes of combos' named keys, as "name hex" pairs; letters and digits are their ASCII codes.
_VK_PAIRS = """
    space 20  enter 0D  tab 09  escape 1B  backspace 08  delete 2E  insert 2D  home 24  end 23  pageup 21
    pagedown 22  left 25  up 26  right 27  down 28  backquote C0  minus BD  equal BB  comma BC  period BE
    slash BF  semicolon BA
""".split()
VK_CODES = {name: int(code, 16) for name, code in zip(_VK_PAIRS[::2], _VK_PAIRS[1::2], strict=True)}
VK_CODES.update({f"f{i}": 0x6F + i for i in range(1, 25)})
# Keys whose scan code has the E0 prefix; without the flag, insert/home/arrows arrive as numpad keys.
EXTENDED_KEYS = frozenset("insert delete home end pageup pagedown left up right down super".split())
# combos' names where the keyboard package spells them differently ("," would split its hotkey string).
KEYBOARD_NAMES = {
    "super": "windows",
    "escape": "esc",
    "pageup": "page up",
    "pagedown": "page down",
    "backquote": "grave",
}

NATIVE_MSG_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")
POLL_S = 0.01


def vk_code(key: str) -> int:
    """The virtual-key code of a combos key (letters and digits are their uppercase ASCII code)."""
    return ord(key.upper()) if len(key) == 1 else VK_CODES[key]


def keyboard_name(combo: combos.Combo) -> str:
    """The combination as the `keyboard` package writes it ("ctrl+windows+page up")."""
    order = [m for m in MODIFIER_ORDER if m in combo.modifiers]
    return "+".join(KEYBOARD_NAMES.get(k, k) for k in [*order, combo.key])


class _Relay(QObject):
    """Lives in the Qt thread; a queued signal carries hotkey presses there from any thread."""

    fired = Signal(int)

    def __init__(self, dispatch: Callable[[int], None]) -> None:
        super().__init__()
        self._dispatch = dispatch
        self.fired.connect(self._on_fired, Qt.ConnectionType.QueuedConnection)

    @Slot(int)
    def _on_fired(self, hotkey_id: int) -> None:
        self._dispatch(hotkey_id)


class _HotkeyFilter(QAbstractNativeEventFilter):
    """Picks WM_HOTKEY out of Qt's event loop: thread hotkeys come as "windows_dispatcher_MSG"."""

    def __init__(self, on_hotkey: Callable[[int], bool]) -> None:
        super().__init__()
        self._on_hotkey = on_hotkey

    def nativeEventFilter(
        self, eventType: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> tuple[bool, int]:
        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        if kind in NATIVE_MSG_TYPES:
            hotkey_id = hotkey_id_from_msg(int(message))
            if hotkey_id is not None and self._on_hotkey(hotkey_id):
                return True, 0
        return False, 0


@dataclasses.dataclass(eq=False)
class _Hotkey:
    combo: str
    desktop: WindowsDesktop
    hotkey_id: int
    callback: Callable[[], None]
    native: bool = True
    keyboard_handle: object = None  # what keyboard.add_hotkey returned, for the fallback

    def unregister(self) -> None:
        self.desktop._unregister(self)


class WindowsDesktop:
    """Windows 7+ desktop. Call it from the Qt thread: RegisterHotKey binds hotkeys to the calling thread.

    Hotkeys use RegisterHotKey(NULL, …): WM_HOTKEY is posted to the Qt thread's queue and picked up by a
    native event filter. Unlike the `keyboard` package's low-level hook they survive Win+L lock/unlock and
    sleep, and Windows reports a combination another program holds. `keyboard` is only the fallback.

    Args:
        api: the Win32 seam (default: the real one); tests pass a fake.
        keyboard_module: the `keyboard` package, imported only when a fallback needs it.
        sleep, clock: for polling; tests pass a fake clock.
    """

    name = "windows"
    can_paste = True

    def __init__(
        self,
        api: Win32Api | None = None,
        keyboard_module: object | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._api = api if api is not None else Win32Api()
        self._keyboard: Any = keyboard_module
        self._sleep, self._clock = sleep, clock
        self._ids = itertools.count(1)  # RegisterHotKey ids for applications: 0x0000–0xBFFF
        self._hotkeys: dict[int, _Hotkey] = {}
        self._relay: _Relay | None = None
        self.event_filter: _HotkeyFilter | None = None  # installed while a RegisterHotKey hotkey exists
        self._self_elevated: bool | None = None

    # -- hotkeys -----------------------------------------------------------------------------------

    def register_hotkey(self, combo: str, callback: Callable[[], None]) -> base.Hotkey:
        parsed = combos.parse_hotkey(combo)
        app = QCoreApplication.instance()
        if app is None:
            raise base.HotkeyUnavailable("需要先创建 Qt 应用程序才能注册全局快捷键")
        if self._relay is None:
            self._relay = _Relay(self._dispatch)
        hotkey = _Hotkey(str(parsed), self, next(self._ids), callback)
        modifiers = MOD_NOREPEAT
        for modifier in parsed.modifiers:
            modifiers |= MODIFIER_FLAGS[modifier]
        if self._api.register_hotkey(None, hotkey.hotkey_id, modifiers, vk_code(parsed.key)):
            if self.event_filter is None:
                self.event_filter = _HotkeyFilter(self._on_native_hotkey)
                app.installNativeEventFilter(self.event_filter)
        else:
            error = self._api.get_last_error()
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise base.HotkeyConflict(f"快捷键 {hotkey.combo} 已被其他程序占用,请在设置中换一个")
            log.warning("RegisterHotKey(%s) failed with error %d; trying the keyboard package", parsed, error)
            self._add_keyboard_hotkey(hotkey, parsed, f"RegisterHotKey 错误码 {error}")
        self._hotkeys[hotkey.hotkey_id] = hotkey
        return hotkey

    def _add_keyboard_hotkey(self, hotkey: _Hotkey, parsed: combos.Combo, reason: str) -> None:
        """keyboard calls back on its hook thread: the relay's queued signal brings it to the Qt thread."""
        relay = self._relay
        assert relay is not None
        hotkey_id = hotkey.hotkey_id
        try:
            hotkey.keyboard_handle = self._keyboard_module().add_hotkey(
                keyboard_name(parsed), lambda: relay.fired.emit(hotkey_id)
            )
        except Exception as exc:  # ImportError, or whatever its hook installation raises
            raise base.HotkeyUnavailable(
                f"无法注册全局快捷键 {hotkey.combo}({reason};keyboard 模块也不可用:{exc})"
            ) from exc
        hotkey.native = False

    def _on_native_hotkey(self, hotkey_id: int) -> bool:
        """Called inside the native event filter: defer the callback so it never runs re-entrantly there."""
        hotkey = self._hotkeys.get(hotkey_id)
        if hotkey is None or not hotkey.native or self._relay is None:
            return False
        self._relay.fired.emit(hotkey_id)
        return True

    def _dispatch(self, hotkey_id: int) -> None:
        hotkey = self._hotkeys.get(hotkey_id)
        if hotkey is not None:
            hotkey.callback()

    def _unregister(self, hotkey: _Hotkey) -> None:
        if self._hotkeys.pop(hotkey.hotkey_id, None) is None:
            return
        if not hotkey.native:
            try:
                self._keyboard_module().remove_hotkey(hotkey.keyboard_handle)
            except Exception as exc:  # a hook that is already gone must not stop closing
                log.warning("keyboard.remove_hotkey(%s) failed: %s", hotkey.combo, exc)
            return
        self._api.unregister_hotkey(None, hotkey.hotkey_id)
        if not any(h.native for h in self._hotkeys.values()):
            self._remove_filter()

    def _remove_filter(self) -> None:
        app = QCoreApplication.instance()
        if self.event_filter is not None and app is not None:
            app.removeNativeEventFilter(self.event_filter)
        self.event_filter = None

    def _keyboard_module(self) -> Any:
        if self._keyboard is None:
            self._keyboard = importlib.import_module("keyboard")
        return self._keyboard

    # -- windows -----------------------------------------------------------------------------------

    def active_window(self) -> base.WindowRef | None:
        hwnd = self._api.get_foreground_window()
        if not hwnd:
            return None
        _, pid = self._api.get_window_thread_process_id(hwnd)
        elevated = False
        if pid:
            if self._self_elevated is None:
                self._self_elevated = self._api.current_process_elevated()
            # Unknown (None) counts as not elevated: a wrong refusal would be worse than a lost paste.
            elevated = not self._self_elevated and self._api.is_process_elevated(pid) is True
        return base.WindowRef(hwnd, self._api.get_window_text(hwnd), pid, elevated)

    def activate(self, window: base.WindowRef, timeout: float) -> bool:
        """Restore, SetForegroundWindow, the AttachThreadInput workaround if refused, then confirm."""
        api, hwnd = self._api, window.id
        if api.is_iconic(hwnd):
            api.show_window(hwnd, SW_RESTORE)
        api.set_foreground_window(hwnd)
        if api.get_foreground_window() != hwnd:
            self._force_foreground(hwnd)
        deadline = self._clock() + timeout
        while api.get_foreground_window() != hwnd:
            if self._clock() >= deadline:
                return False
            self._sleep(POLL_S)
        return True

    def is_active(self, window: base.WindowRef) -> bool:
        return bool(window.id) and self._api.get_foreground_window() == window.id

    def read_clipboard(self, timeout: float, text_only: bool = False) -> dict[str, bytes] | None:
        """Qt reads the Windows clipboard, once its owner has shown it answers messages.

        A program that put data on the clipboard with delayed rendering is asked for it when the
        data is read; if that program hangs, the read would hang too. So first its window gets a
        WM_NULL with a timeout: no answer in time means None (go on without the old content).
        """
        owner = self._api.get_clipboard_owner()
        if owner and not self._api.window_answers(owner, max(1, int(timeout * 1000))):
            log.warning("clipboard owner window %#x does not answer", owner)
            return None
        raise NotImplementedError

    def _force_foreground(self, hwnd: int) -> None:
        """The foreground lock lets the foreground thread's input partners move focus (as CopyQ does)."""
        api = self._api
        ours = api.get_current_thread_id()
        theirs, _ = api.get_window_thread_process_id(api.get_foreground_window())
        attached = bool(theirs) and theirs != ours and api.attach_thread_input(ours, theirs, True)
        try:
            api.bring_window_to_top(hwnd)
            api.set_foreground_window(hwnd)
        finally:
            if attached:
                api.attach_thread_input(ours, theirs, False)

    # -- keys --------------------------------------------------------------------------------------

    def wait_modifiers_released(self, timeout: float) -> bool:
        deadline = self._clock() + timeout
        while any(self._api.get_async_key_state(vk) & 0x8000 for vk in HELD_VKS):
            if self._clock() >= deadline:
                return False
            self._sleep(POLL_S)
        return True

    def send_keys(self, combo: str) -> None:
        """One SendInput batch, so the user's own typing cannot slip between our key events.

        `keyboard.send` (keybd_event) is only the fallback for when SendInput is refused.
        """
        parsed = combos.parse(combo)
        order = [m for m in MODIFIER_ORDER if m in parsed.modifiers]
        mods = [(MODIFIER_VKS[m], KEYEVENTF_EXTENDEDKEY if m in EXTENDED_KEYS else 0) for m in order]
        key = (vk_code(parsed.key), KEYEVENTF_EXTENDEDKEY if parsed.key in EXTENDED_KEYS else 0)
        presses = [*mods, key]
        events = [(vk, flags, self._api.map_virtual_key(vk)) for vk, flags in presses]
        events += [(vk, flags | KEYEVENTF_KEYUP, scan) for vk, flags, scan in reversed(events)]
        sent = self._api.send_input(events)
        if sent == len(events):
            return
        error = self._api.get_last_error()
        log.warning(
            "SendInput(%s): %d/%d events, error %d; using keyboard.send", parsed, sent, len(events), error
        )
        try:
            self._keyboard_module().send(keyboard_name(parsed))
        except Exception as exc:
            raise base.DesktopError(
                f"发送按键 {parsed} 失败(SendInput 只送出 {sent}/{len(events)} 个事件,错误码 {error};"
                f"keyboard 模块也不可用:{exc})"
            ) from exc

    def type_text(self, text: str) -> None:
        """KEYEVENTF_UNICODE per UTF-16 code unit: characters outside the BMP go as their surrogate pair."""
        data = text.encode("utf-16-le")
        units = [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]
        events = [
            (0, flags, unit)
            for unit in units
            for flags in (KEYEVENTF_UNICODE, KEYEVENTF_UNICODE | KEYEVENTF_KEYUP)
        ]
        if not events:
            return
        sent = self._api.send_input(events)
        if sent != len(events):
            error = self._api.get_last_error()
            raise base.DesktopError(
                f"输入文字失败(SendInput 只送出 {sent}/{len(events)} 个事件,错误码 {error})"
            )

    def close(self) -> None:
        for hotkey in list(self._hotkeys.values()):
            hotkey.unregister()
        self._remove_filter()
        self._relay = None
