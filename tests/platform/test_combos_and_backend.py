"""Key combinations, backend choice, the copy-only desktop and the tests' recording desktop."""

import pytest

import quickreply.platform as platform
from quickreply.platform import base, combos, copyonly
from tests.desktops import RecordingDesktop


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ctrl+alt+space", "ctrl+alt+space"),
        ("Ctrl + Shift + F1", "ctrl+shift+f1"),
        ("alt+q", "alt+q"),
        ("win+v", "super+v"),
        ("control+return", "ctrl+enter"),
        ("shift+Insert", "shift+insert"),
        ("F9", "f9"),
    ],
)
def test_parse(text, expected):
    assert str(combos.parse(text)) == expected


@pytest.mark.parametrize("text", ["", "ctrl+", "ctrl+alt", "hyper+k", "ctrl+é", "ctrl+ab"])
def test_parse_errors(text):
    with pytest.raises(base.DesktopError):
        combos.parse(text)


def test_a_global_hotkey_needs_a_modifier():
    with pytest.raises(base.DesktopError, match="修饰键"):
        combos.parse_hotkey("k")
    assert str(combos.parse_hotkey("f8")) == "f8"


def test_backend_choice(monkeypatch):
    monkeypatch.setattr(platform.sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    chosen = platform.get_desktop()
    assert chosen.name == "copy-only" and not chosen.can_paste and "Wayland" in chosen.reason
    monkeypatch.setattr(platform.sys, "platform", "darwin")
    monkeypatch.delenv("WAYLAND_DISPLAY")
    assert platform.get_desktop().name == "copy-only"


def test_x11_without_a_server_falls_back_to_copy_only(monkeypatch):
    monkeypatch.setattr(platform.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":9999")
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    chosen = platform.get_desktop()
    assert chosen.name == "copy-only" and "X11" in chosen.reason


def test_copy_only_desktop_refuses_hotkeys_and_keys_and_records_nothing():
    desk = copyonly.CopyOnlyDesktop(reason="只能复制")
    with pytest.raises(base.HotkeyUnavailable, match="只能复制"):
        desk.register_hotkey("ctrl+alt+k", lambda: None)
    with pytest.raises(base.DesktopError, match="只能复制"):
        desk.send_keys("ctrl+v")
    with pytest.raises(base.DesktopError, match="只能复制"):
        desk.type_text("亲")
    with pytest.raises(NotImplementedError):  # Qt reads the clipboard
        desk.read_clipboard(0.3)
    window = base.WindowRef(7)
    assert not desk.can_paste and desk.active_window() is None
    assert not desk.activate(window, 0.1) and not desk.is_active(window)
    assert desk.wait_modifiers_released(0.1)
    assert not hasattr(desk, "calls")
    desk.close()
    with pytest.raises(base.HotkeyUnavailable, match="不支持全局快捷键"):
        copyonly.CopyOnlyDesktop().register_hotkey("ctrl+alt+k", lambda: None)


def test_recording_desktop_records_and_refuses_hotkeys_when_copy_only():
    desk = RecordingDesktop(reason="只能复制")
    with pytest.raises(base.HotkeyUnavailable, match="只能复制"):
        desk.register_hotkey("ctrl+alt+k", lambda: None)
    fired = []
    live = RecordingDesktop(can_paste=True)
    hotkey = live.register_hotkey("ctrl+alt+k", lambda: fired.append(1))
    live.fire("ctrl+alt+k")
    hotkey.unregister()
    assert fired == [1] and ("unregister", "ctrl+alt+k") in live.calls
