"""The seam to Win32: constants, structures and one thin ctypes call per ``Win32Api`` method.

``windows.WindowsDesktop`` holds the logic (which calls, in which order, what a failure means) and
takes this seam as an argument, so tests run that logic on any OS against a fake. The structures
use fixed-size ctypes types and the DLLs load only when a ``Win32Api`` is made, so this module
imports everywhere.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Sequence
from typing import Any

from quickreply.platform import base

MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
WM_HOTKEY = 0x0312
WM_NULL = 0x0000
SMTO_ABORTIFHUNG = 0x0002
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
INPUT_KEYBOARD = 1
KEYEVENTF_EXTENDEDKEY, KEYEVENTF_KEYUP, KEYEVENTF_UNICODE = 0x1, 0x2, 0x4
SW_RESTORE = 9
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
TOKEN_QUERY = 0x8
TOKEN_ELEVATION_CLASS = 20  # TokenElevation

KeyEvent = tuple[int, int, int]  # (virtual key, KEYEVENTF_* flags, scan code or UTF-16 unit)


# Win32 structures with fixed-size ctypes types, so they have the Windows layout on any OS (tests build them).
class KEYBDINPUT(ctypes.Structure):
    """One keyboard event for SendInput."""

    _fields_ = [
        ("wVk", ctypes.c_uint16),
        ("wScan", ctypes.c_uint16),
        ("dwFlags", ctypes.c_uint32),
        ("time", ctypes.c_uint32),
        ("dwExtraInfo", ctypes.c_size_t),
    ]


class MOUSEINPUT(ctypes.Structure):
    """Only here because it is the union's largest member: SendInput checks cbSize against it."""

    _fields_ = [
        ("dx", ctypes.c_int32),
        ("dy", ctypes.c_int32),
        ("mouseData", ctypes.c_uint32),
        ("dwFlags", ctypes.c_uint32),
        ("time", ctypes.c_uint32),
        ("dwExtraInfo", ctypes.c_size_t),
    ]


class _InputUnion(ctypes.Union):
    """INPUT's union of event kinds."""

    _fields_ = [("mi", MOUSEINPUT), ("ki", KEYBDINPUT)]


class INPUT(ctypes.Structure):
    """One SendInput event (always a keyboard one here)."""

    _fields_ = [("type", ctypes.c_uint32), ("u", _InputUnion)]


class POINT(ctypes.Structure):
    """A screen position."""

    _fields_ = [("x", ctypes.c_int32), ("y", ctypes.c_int32)]


class MSG(ctypes.Structure):
    """A queued window message, as Qt's native event filter hands it over."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint32),
        ("pt", POINT),
        ("lPrivate", ctypes.c_uint32),
    ]


def hotkey_id_from_msg(address: int) -> int | None:
    """The id of a RegisterHotKey(NULL, …) hotkey if the MSG at ``address`` is its WM_HOTKEY, else None.

    Thread hotkeys arrive with a NULL hwnd; a WM_HOTKEY for some window belongs to someone else.
    """
    if not address:
        return None
    msg = MSG.from_address(address)
    if msg.message != WM_HOTKEY or msg.hwnd:
        return None
    return int(msg.wParam)


_BOOL, _HANDLE, _DWORD = ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32
_SIGNATURES: dict[str, dict[str, tuple[Any, list[Any]]]] = {
    "user32": {
        "RegisterHotKey": (_BOOL, [_HANDLE, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]),
        "UnregisterHotKey": (_BOOL, [_HANDLE, ctypes.c_int]),
        "GetForegroundWindow": (_HANDLE, []),
        "GetWindowTextLengthW": (ctypes.c_int, [_HANDLE]),
        "GetWindowTextW": (ctypes.c_int, [_HANDLE, ctypes.c_wchar_p, ctypes.c_int]),
        "GetWindowThreadProcessId": (_DWORD, [_HANDLE, ctypes.POINTER(_DWORD)]),
        "AttachThreadInput": (_BOOL, [_DWORD, _DWORD, _BOOL]),
        "SetForegroundWindow": (_BOOL, [_HANDLE]),
        "BringWindowToTop": (_BOOL, [_HANDLE]),
        "IsIconic": (_BOOL, [_HANDLE]),
        "ShowWindow": (_BOOL, [_HANDLE, ctypes.c_int]),
        "GetAsyncKeyState": (ctypes.c_short, [ctypes.c_int]),
        "MapVirtualKeyW": (ctypes.c_uint, [ctypes.c_uint, ctypes.c_uint]),
        "SendInput": (ctypes.c_uint, [ctypes.c_uint, ctypes.POINTER(INPUT), ctypes.c_int]),
        "GetClipboardOwner": (_HANDLE, []),
        "SendMessageTimeoutW": (
            ctypes.c_ssize_t,
            [
                _HANDLE,
                ctypes.c_uint,
                ctypes.c_size_t,
                ctypes.c_ssize_t,
                ctypes.c_uint,
                ctypes.c_uint,
                ctypes.c_void_p,
            ],
        ),
    },
    "kernel32": {
        "GetCurrentThreadId": (_DWORD, []),
        "GetCurrentProcess": (_HANDLE, []),
        "OpenProcess": (_HANDLE, [_DWORD, _BOOL, _DWORD]),
        "CloseHandle": (_BOOL, [_HANDLE]),
    },
    "advapi32": {
        "OpenProcessToken": (_BOOL, [_HANDLE, _DWORD, ctypes.POINTER(_HANDLE)]),
        "GetTokenInformation": (
            _BOOL,
            [_HANDLE, ctypes.c_int, ctypes.c_void_p, _DWORD, ctypes.POINTER(_DWORD)],
        ),
    },
}


class Win32Api:
    """The seam to Win32: one thin ctypes call per method, so tests can substitute a fake."""

    _user32: Any
    _kernel32: Any
    _advapi32: Any
    _last_error: Callable[[], int]

    def __init__(self) -> None:
        if sys.platform != "win32":
            raise base.DesktopError("Windows 桌面接口只能在 Windows 上使用")
        try:
            dlls = {name: ctypes.WinDLL(name, use_last_error=True) for name in _SIGNATURES}
        except OSError as exc:
            raise base.DesktopError(f"无法加载 Windows 系统库:{exc}") from exc
        for dll_name, functions in _SIGNATURES.items():
            for name, (restype, argtypes) in functions.items():
                function = getattr(dlls[dll_name], name)
                function.restype, function.argtypes = restype, argtypes
        self._user32, self._kernel32, self._advapi32 = dlls["user32"], dlls["kernel32"], dlls["advapi32"]
        self._last_error = ctypes.get_last_error

    def register_hotkey(self, hwnd: int | None, hotkey_id: int, modifiers: int, vk: int) -> bool:
        return bool(self._user32.RegisterHotKey(hwnd, hotkey_id, modifiers, vk))

    def unregister_hotkey(self, hwnd: int | None, hotkey_id: int) -> bool:
        return bool(self._user32.UnregisterHotKey(hwnd, hotkey_id))

    def get_last_error(self) -> int:
        return self._last_error()

    def get_foreground_window(self) -> int:
        return int(self._user32.GetForegroundWindow() or 0)

    def get_window_text(self, hwnd: int) -> str:
        size = int(self._user32.GetWindowTextLengthW(hwnd)) + 1
        buffer = ctypes.create_unicode_buffer(size)
        self._user32.GetWindowTextW(hwnd, buffer, size)
        return buffer.value

    def get_window_thread_process_id(self, hwnd: int) -> tuple[int, int]:
        """(thread id, process id) of the window's creator; (0, 0) for a vanished window."""
        pid = _DWORD()
        thread_id = int(self._user32.GetWindowThreadProcessId(hwnd, ctypes.byref(pid)))
        return thread_id, int(pid.value)

    def get_current_thread_id(self) -> int:
        return int(self._kernel32.GetCurrentThreadId())

    def attach_thread_input(self, attach_from: int, attach_to: int, attach: bool) -> bool:
        return bool(self._user32.AttachThreadInput(attach_from, attach_to, attach))

    def set_foreground_window(self, hwnd: int) -> bool:
        return bool(self._user32.SetForegroundWindow(hwnd))

    def bring_window_to_top(self, hwnd: int) -> bool:
        return bool(self._user32.BringWindowToTop(hwnd))

    def is_iconic(self, hwnd: int) -> bool:
        return bool(self._user32.IsIconic(hwnd))

    def show_window(self, hwnd: int, command: int) -> bool:
        return bool(self._user32.ShowWindow(hwnd, command))

    def get_clipboard_owner(self) -> int:
        return int(self._user32.GetClipboardOwner() or 0)

    def window_answers(self, hwnd: int, timeout_ms: int) -> bool:
        """Whether the window's thread handles a message within ``timeout_ms`` (WM_NULL, SMTO_ABORTIFHUNG)."""
        result = ctypes.c_size_t()
        return bool(
            self._user32.SendMessageTimeoutW(
                hwnd, WM_NULL, 0, 0, SMTO_ABORTIFHUNG, timeout_ms, ctypes.byref(result)
            )
        )

    def get_async_key_state(self, vk: int) -> int:
        return int(self._user32.GetAsyncKeyState(vk))

    def map_virtual_key(self, vk: int) -> int:
        """The scan code of ``vk`` (MAPVK_VK_TO_VSC); some apps read scan codes, not VKs."""
        return int(self._user32.MapVirtualKeyW(vk, 0))

    def send_input(self, events: Sequence[KeyEvent]) -> int:
        """Insert keyboard events in one batch; returns how many Windows accepted."""
        inputs = (INPUT * len(events))()
        for item, (vk, flags, scan) in zip(inputs, events, strict=True):
            item.type = INPUT_KEYBOARD
            item.u.ki = KEYBDINPUT(vk, scan, flags, 0, 0)
        return int(self._user32.SendInput(len(events), inputs, ctypes.sizeof(INPUT)))

    def is_process_elevated(self, pid: int) -> bool | None:
        """Whether process ``pid`` runs elevated; None when it cannot be told (e.g. access denied)."""
        process = self._kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not process:
            return None
        try:
            return self._token_elevated(process)
        finally:
            self._kernel32.CloseHandle(process)

    def current_process_elevated(self) -> bool:
        return bool(self._token_elevated(self._kernel32.GetCurrentProcess()))

    def _token_elevated(self, process: int) -> bool | None:
        token = _HANDLE()
        if not self._advapi32.OpenProcessToken(process, TOKEN_QUERY, ctypes.byref(token)):
            return None
        try:
            elevation, size = _DWORD(), _DWORD()
            ok = self._advapi32.GetTokenInformation(
                token,
                TOKEN_ELEVATION_CLASS,
                ctypes.byref(elevation),
                ctypes.sizeof(elevation),
                ctypes.byref(size),
            )
            return bool(elevation.value) if ok else None
        finally:
            self._kernel32.CloseHandle(token)
