"""Key combinations, backend choice and the dummy desktop."""

import pytest

import quickreply.platform as platform
from quickreply.platform import base, combos, dummy


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
    assert chosen.name == "dummy" and not chosen.can_paste and "Wayland" in chosen.reason
    monkeypatch.setattr(platform.sys, "platform", "darwin")
    monkeypatch.delenv("WAYLAND_DISPLAY")
    assert platform.get_desktop().name == "dummy"


def test_x11_without_a_server_falls_back_to_copy_only(monkeypatch):
    monkeypatch.setattr(platform.sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":9999")
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    chosen = platform.get_desktop()
    assert chosen.name == "dummy" and "X11" in chosen.reason


def test_dummy_records_and_refuses_hotkeys_when_copy_only():
    desk = dummy.DummyDesktop(reason="只能复制")
    with pytest.raises(base.HotkeyUnavailable, match="只能复制"):
        desk.register_hotkey("ctrl+alt+k", lambda: None)
    fired = []
    live = dummy.DummyDesktop(can_paste=True)
    hotkey = live.register_hotkey("ctrl+alt+k", lambda: fired.append(1))
    live.fire("ctrl+alt+k")
    hotkey.unregister()
    assert fired == [1] and ("unregister", "ctrl+alt+k") in live.calls
