"""WindowsDesktop through a fake Win32 seam: hotkeys, focus, keys and elevation, tested on any OS."""

from __future__ import annotations

import ctypes
import math
import sys
import threading
from collections.abc import Callable
from typing import cast

import pytest
from PySide6.QtCore import QByteArray
from pytestqt.qtbot import QtBot

from quickreply.platform import base, win32api, windows

VK_CONTROL, VK_SHIFT, VK_V, VK_INSERT, VK_RETURN = 0x11, 0x10, 0x56, 0x2D, 0x0D
DOWN, UP, EXT = 0, win32api.KEYEVENTF_KEYUP, win32api.KEYEVENTF_EXTENDEDKEY
UNICODE = win32api.KEYEVENTF_UNICODE


class FakeWin32Api:
    """Records every call; each knob models one Windows behaviour the backend must cope with."""

    def __init__(
        self,
        *,
        register_error: int = 0,
        foreground: int = 0,
        foreground_lock: bool = False,
        stuck: bool = False,
        ctrl_down_polls: float = 0,
        elevated: bool | None = False,
        self_elevated: bool = False,
        send_limit: int | None = None,
    ) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.register_error = register_error
        self.last_error = 0
        self.foreground = foreground
        self.foreground_lock = foreground_lock  # SetForegroundWindow works only while threads are attached
        self.stuck = stuck  # SetForegroundWindow never works
        self.ctrl_down_polls = ctrl_down_polls
        self.elevated = elevated
        self.self_elevated = self_elevated
        self.send_limit = send_limit
        self.iconic: set[int] = set()
        self.attached = False
        self.windows = {
            100: (501, 42, "千牛工作台"),
            200: (601, 77, "quickreply"),
        }  # hwnd: thread, pid, title
        self.sent: list[tuple[int, int, int]] = []
        self.clipboard_owner = 0
        self.hung: set[int] = set()  # windows whose thread no longer handles messages

    def get_clipboard_owner(self) -> int:
        return self.clipboard_owner

    def window_answers(self, hwnd: int, timeout_ms: int) -> bool:
        self._record("window_answers", hwnd, timeout_ms)
        return hwnd not in self.hung

    def _record(self, *call: object) -> None:
        self.calls.append(call)

    def names(self) -> list[object]:
        return [call[0] for call in self.calls]

    def registered_ids(self) -> list[int]:
        return [int(cast(int, call[2])) for call in self.calls if call[0] == "register_hotkey"]

    def register_hotkey(self, hwnd: int | None, hotkey_id: int, modifiers: int, vk: int) -> bool:
        self._record("register_hotkey", hwnd, hotkey_id, modifiers, vk)
        self.last_error = self.register_error
        return self.register_error == 0

    def unregister_hotkey(self, hwnd: int | None, hotkey_id: int) -> bool:
        self._record("unregister_hotkey", hwnd, hotkey_id)
        return True

    def get_last_error(self) -> int:
        return self.last_error

    def get_foreground_window(self) -> int:
        self._record("get_foreground_window")
        return self.foreground

    def get_window_text(self, hwnd: int) -> str:
        return self.windows[hwnd][2]

    def get_window_thread_process_id(self, hwnd: int) -> tuple[int, int]:
        thread_id, pid, _ = self.windows.get(hwnd, (0, 0, ""))
        return thread_id, pid

    def get_current_thread_id(self) -> int:
        return 601

    def attach_thread_input(self, attach_from: int, attach_to: int, attach: bool) -> bool:
        self._record("attach_thread_input", attach_from, attach_to, attach)
        self.attached = attach
        return True

    def set_foreground_window(self, hwnd: int) -> bool:
        self._record("set_foreground_window", hwnd)
        if self.stuck or (self.foreground_lock and not self.attached):
            return False
        self.foreground = hwnd
        return True

    def bring_window_to_top(self, hwnd: int) -> bool:
        self._record("bring_window_to_top", hwnd)
        return True

    def is_iconic(self, hwnd: int) -> bool:
        return hwnd in self.iconic

    def show_window(self, hwnd: int, command: int) -> bool:
        self._record("show_window", hwnd, command)
        self.iconic.discard(hwnd)
        return True

    def get_async_key_state(self, vk: int) -> int:
        if vk == VK_CONTROL and self.ctrl_down_polls > 0:
            self.ctrl_down_polls -= 1
            return -32768  # SHORT with the high bit set, as ctypes returns it
        return 1  # low bit: "pressed since the last call", which must be ignored

    def map_virtual_key(self, vk: int) -> int:
        return {VK_CONTROL: 0x1D, VK_V: 0x2F}.get(vk, 0)

    def send_input(self, events: list[tuple[int, int, int]]) -> int:
        self._record("send_input", list(events))
        accepted = len(events) if self.send_limit is None else self.send_limit
        self.sent += events[:accepted]
        self.last_error = 0 if accepted == len(events) else 5
        return accepted

    def is_process_elevated(self, pid: int) -> bool | None:
        return self.elevated

    def current_process_elevated(self) -> bool:
        return self.self_elevated


class FakeKeyboard:
    """The slice of the `keyboard` package the fallback uses."""

    def __init__(self, broken: bool = False) -> None:
        self.broken = broken
        self.hotkeys: dict[str, tuple[object, Callable[[], None]]] = {}
        self.removed: list[object] = []
        self.sent: list[str] = []

    def add_hotkey(self, name: str, callback: Callable[[], None]) -> object:
        if self.broken:
            raise ImportError("You must be root to use this library on linux.")
        handle = object()
        self.hotkeys[name] = (handle, callback)
        return handle

    def remove_hotkey(self, handle: object) -> None:
        self.removed.append(handle)

    def send(self, name: str) -> None:
        if self.broken:
            raise OSError("keybd_event failed")
        self.sent.append(name)


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def make_desktop(
    api: FakeWin32Api, keyboard: FakeKeyboard | None = None
) -> tuple[windows.WindowsDesktop, FakeClock]:
    clock = FakeClock()
    seam = cast(win32api.Win32Api, api)
    desktop = windows.WindowsDesktop(
        seam, keyboard or FakeKeyboard(), sleep=clock.sleep, clock=clock.monotonic
    )
    return desktop, clock


def hotkey_msg(hotkey_id: int, message: int = win32api.WM_HOTKEY, hwnd: int | None = None) -> win32api.MSG:
    return win32api.MSG(hwnd=hwnd, message=message, wParam=hotkey_id, lParam=0x4B0003)


# -- the module and the seam on Linux -----------------------------------------------------------


def test_module_imports_without_windows_and_structures_have_the_windows_layout() -> None:
    assert windows.WindowsDesktop.name == "windows"
    assert ctypes.sizeof(win32api.INPUT) == (40 if ctypes.sizeof(ctypes.c_void_p) == 8 else 28)


@pytest.mark.skipif(sys.platform == "win32", reason="the real seam works on Windows")
def test_real_api_off_windows_raises_desktop_error() -> None:
    with pytest.raises(base.DesktopError, match="Windows"):
        win32api.Win32Api()
    with pytest.raises(base.DesktopError):
        windows.WindowsDesktop()


# -- hotkeys ------------------------------------------------------------------------------------


def test_register_hotkey_passes_modifiers_norepeat_and_vk(qapp: object) -> None:
    api = FakeWin32Api()
    desktop, _ = make_desktop(api)
    first = desktop.register_hotkey("Ctrl+Alt+K", lambda: None)
    desktop.register_hotkey("win+shift+f1", lambda: None)
    id1, id2 = api.registered_ids()
    ctrl_alt, win_shift = win32api.MOD_CONTROL | win32api.MOD_ALT, win32api.MOD_WIN | win32api.MOD_SHIFT
    assert api.calls == [
        ("register_hotkey", None, id1, ctrl_alt | win32api.MOD_NOREPEAT, ord("K")),
        ("register_hotkey", None, id2, win_shift | win32api.MOD_NOREPEAT, 0x70),
    ]
    assert id1 != id2 and 0 < id1 <= 0xBFFF
    assert first.combo == "ctrl+alt+k"
    assert desktop.event_filter is not None
    desktop.close()


def test_taken_combination_raises_conflict_naming_it(qapp: object) -> None:
    keyboard = FakeKeyboard()
    desktop, _ = make_desktop(FakeWin32Api(register_error=win32api.ERROR_HOTKEY_ALREADY_REGISTERED), keyboard)
    with pytest.raises(base.HotkeyConflict, match="ctrl\\+alt\\+k.*已被其他程序占用"):
        desktop.register_hotkey("ctrl+alt+k", lambda: None)
    assert keyboard.hotkeys == {} and desktop.event_filter is None


def test_other_failure_falls_back_to_keyboard_and_reaches_the_qt_thread(qtbot: QtBot) -> None:
    keyboard = FakeKeyboard()
    desktop, _ = make_desktop(FakeWin32Api(register_error=87), keyboard)
    fired_on: list[threading.Thread] = []
    hotkey = desktop.register_hotkey("ctrl+alt+pgup", lambda: fired_on.append(threading.current_thread()))
    handle, hook_callback = keyboard.hotkeys["ctrl+alt+page up"]
    assert desktop.event_filter is None  # no RegisterHotKey hotkey to listen for

    hook_thread = threading.Thread(target=hook_callback)  # keyboard calls back on its own thread
    hook_thread.start()
    hook_thread.join()
    qtbot.waitUntil(lambda: len(fired_on) == 1, timeout=2000)
    assert fired_on == [threading.main_thread()]

    hotkey.unregister()
    assert keyboard.removed == [handle]


def test_no_way_to_register_raises_unavailable(qapp: object) -> None:
    desktop, _ = make_desktop(FakeWin32Api(register_error=87), FakeKeyboard(broken=True))
    with pytest.raises(base.HotkeyUnavailable, match="错误码 87.*root"):
        desktop.register_hotkey("ctrl+alt+k", lambda: None)


def test_hotkey_id_from_msg_reads_a_thread_wm_hotkey() -> None:
    hotkey = hotkey_msg(7)
    assert win32api.hotkey_id_from_msg(ctypes.addressof(hotkey)) == 7
    keydown = hotkey_msg(7, message=0x0100)
    assert win32api.hotkey_id_from_msg(ctypes.addressof(keydown)) is None
    for_a_window = hotkey_msg(7, hwnd=0x1234)
    assert win32api.hotkey_id_from_msg(ctypes.addressof(for_a_window)) is None
    assert win32api.hotkey_id_from_msg(0) is None


def test_native_event_filter_calls_the_callback_later_on_the_qt_thread(qtbot: QtBot) -> None:
    api = FakeWin32Api()
    desktop, _ = make_desktop(api)
    fired: list[str] = []
    desktop.register_hotkey("ctrl+alt+k", lambda: fired.append("k"))
    (hotkey_id,) = api.registered_ids()
    event_filter = desktop.event_filter
    assert event_filter is not None
    msg = hotkey_msg(hotkey_id)

    assert event_filter.nativeEventFilter(QByteArray(b"windows_dispatcher_MSG"), ctypes.addressof(msg)) == (
        True,
        0,
    )
    assert fired == []  # deferred: never inside the native filter
    qtbot.waitUntil(lambda: fired == ["k"], timeout=2000)

    other = hotkey_msg(hotkey_id + 100)
    assert event_filter.nativeEventFilter(b"windows_generic_MSG", ctypes.addressof(other)) == (False, 0)
    assert event_filter.nativeEventFilter(b"xcb_generic_event_t", ctypes.addressof(msg)) == (False, 0)
    desktop.close()


def test_unregister_releases_the_hotkey_and_the_filter_goes_with_the_last(qapp: object) -> None:
    api = FakeWin32Api()
    desktop, _ = make_desktop(api)
    first = desktop.register_hotkey("ctrl+alt+k", lambda: None)
    second = desktop.register_hotkey("ctrl+alt+j", lambda: None)
    first_id, second_id = api.registered_ids()
    event_filter = desktop.event_filter
    assert event_filter is not None

    first.unregister()
    first.unregister()  # twice is harmless
    assert [c for c in api.calls if c[0] == "unregister_hotkey"] == [("unregister_hotkey", None, first_id)]
    assert desktop.event_filter is event_filter
    stale = hotkey_msg(first_id)
    assert event_filter.nativeEventFilter(b"windows_dispatcher_MSG", ctypes.addressof(stale)) == (False, 0)

    desktop.close()
    assert ("unregister_hotkey", None, second_id) in api.calls
    assert desktop.event_filter is None
    second.unregister()
    assert api.names().count("unregister_hotkey") == 2


# -- windows ------------------------------------------------------------------------------------


def test_active_window_none_when_nothing_has_focus() -> None:
    desktop, _ = make_desktop(FakeWin32Api(foreground=0))
    assert desktop.active_window() is None


def test_active_window_flags_an_elevated_target_only_when_we_are_not() -> None:
    desktop, _ = make_desktop(FakeWin32Api(foreground=100, elevated=True))
    window = desktop.active_window()
    # the paste service refuses such a window with base.ELEVATED_TARGET (tests/deliver/test_paste.py)
    assert window == base.WindowRef(100, "千牛工作台", 42, elevated=True)

    as_admin, _ = make_desktop(FakeWin32Api(foreground=100, elevated=True, self_elevated=True))
    unknown, _ = make_desktop(FakeWin32Api(foreground=100, elevated=None))
    for desktop in (as_admin, unknown):
        window = desktop.active_window()
        assert window is not None and not window.elevated


def test_activate_restores_a_minimised_window_and_confirms_focus() -> None:
    api = FakeWin32Api(foreground=200)
    api.iconic.add(100)
    desktop, _ = make_desktop(api)
    assert desktop.activate(base.WindowRef(100), timeout=0.5)
    assert ("show_window", 100, win32api.SW_RESTORE) in api.calls
    assert "attach_thread_input" not in api.names()


def test_activate_succeeds_through_attach_thread_input_and_detaches() -> None:
    api = FakeWin32Api(foreground=300, foreground_lock=True)
    api.windows[300] = (701, 88, "资源管理器")
    desktop, _ = make_desktop(api)
    assert desktop.activate(base.WindowRef(100), timeout=0.5)
    attach = [c for c in api.calls if c[0] == "attach_thread_input"]
    assert attach == [("attach_thread_input", 601, 701, True), ("attach_thread_input", 601, 701, False)]
    assert ("bring_window_to_top", 100) in api.calls
    assert api.foreground == 100


def test_activate_gives_up_after_the_timeout() -> None:
    api = FakeWin32Api(foreground=300, stuck=True)
    api.windows[300] = (701, 88, "资源管理器")
    desktop, clock = make_desktop(api)
    assert not desktop.activate(base.WindowRef(100), timeout=0.2)
    assert 0.2 <= clock.now < 0.25
    assert not api.attached


def test_is_active_follows_the_foreground_window() -> None:
    """Asked before every synthetic key: a chat raised by a new buyer's message is not ours."""
    api = FakeWin32Api(foreground=100)
    desktop, _ = make_desktop(api)
    assert desktop.is_active(base.WindowRef(100))
    api.foreground = 300  # another chat window came to the front
    assert not desktop.is_active(base.WindowRef(100))
    assert not desktop.is_active(base.WindowRef(0))


def test_a_clipboard_owner_that_answers_is_read_by_qt() -> None:
    api = FakeWin32Api()
    desktop, _ = make_desktop(api)
    with pytest.raises(NotImplementedError):  # nobody owns it: Qt reads
        desktop.read_clipboard(0.3)
    api.clipboard_owner = 100
    with pytest.raises(NotImplementedError):
        desktop.read_clipboard(0.3)
    assert ("window_answers", 100, 300) in api.calls


def test_a_hung_clipboard_owner_is_not_read() -> None:
    """Reading delayed-rendered data from a hung program would hang quickreply with it."""
    api = FakeWin32Api()
    api.clipboard_owner, api.hung = 100, {100}
    desktop, _ = make_desktop(api)
    assert desktop.read_clipboard(0.3) is None


# -- keys ---------------------------------------------------------------------------------------


def test_wait_modifiers_released() -> None:
    desktop, _ = make_desktop(FakeWin32Api())
    assert desktop.wait_modifiers_released(0.1)
    released_later, clock = make_desktop(FakeWin32Api(ctrl_down_polls=3))
    assert released_later.wait_modifiers_released(1.0)
    assert clock.now == pytest.approx(3 * windows.POLL_S)
    held, clock = make_desktop(FakeWin32Api(ctrl_down_polls=math.inf))
    assert not held.wait_modifiers_released(0.3)
    assert clock.now == pytest.approx(0.3, abs=windows.POLL_S)


def test_send_keys_ctrl_v_is_one_batch_down_then_up_in_reverse() -> None:
    api = FakeWin32Api()
    desktop, _ = make_desktop(api)
    desktop.send_keys("ctrl+v")
    assert api.names() == ["send_input"]
    assert api.sent == [
        (VK_CONTROL, DOWN, 0x1D),
        (VK_V, DOWN, 0x2F),
        (VK_V, UP, 0x2F),
        (VK_CONTROL, UP, 0x1D),
    ]


def test_send_keys_marks_insert_extended_and_sends_plain_enter() -> None:
    api = FakeWin32Api()
    desktop, _ = make_desktop(api)
    desktop.send_keys("shift+insert")
    desktop.send_keys("Enter")
    assert [(vk, flags) for vk, flags, _ in api.sent] == [
        (VK_SHIFT, DOWN),
        (VK_INSERT, EXT),
        (VK_INSERT, EXT | UP),
        (VK_SHIFT, UP),
        (VK_RETURN, DOWN),
        (VK_RETURN, UP),
    ]


def test_send_keys_falls_back_to_keyboard_only_when_sendinput_fails() -> None:
    keyboard = FakeKeyboard()
    desktop, _ = make_desktop(FakeWin32Api(send_limit=0), keyboard)
    desktop.send_keys("ctrl+v")
    assert keyboard.sent == ["ctrl+v"]

    desktop, _ = make_desktop(FakeWin32Api(send_limit=0), FakeKeyboard(broken=True))
    with pytest.raises(base.DesktopError, match="0/4"):
        desktop.send_keys("ctrl+v")

    keyboard = FakeKeyboard()
    desktop, _ = make_desktop(FakeWin32Api(), keyboard)
    desktop.send_keys("ctrl+v")
    assert keyboard.sent == []


def test_type_text_sends_utf16_units_including_a_surrogate_pair() -> None:
    api = FakeWin32Api()
    desktop, _ = make_desktop(api)
    desktop.type_text("亲😀")
    units = [0x4EB2, 0xD83D, 0xDE00]
    assert api.sent == [(0, flags, u) for u in units for flags in (UNICODE, UNICODE | UP)]

    desktop.type_text("")
    assert api.names() == ["send_input"]

    failing, _ = make_desktop(FakeWin32Api(send_limit=2))
    with pytest.raises(base.DesktopError, match="2/6"):
        failing.type_text("亲😀")
