"""Hotkey → popup → Enter → the reply lands in another process's window, and the clipboard comes back."""

import time

import pytest

from tests.e2e.xsession import get_clipboard, set_clipboard, wait_for, xdotool

pytestmark = pytest.mark.e2e
REPLY = "亲，您好！{店铺名}今天16点前付款当天发出，请放心。"


def start_target(start, env, tmp_path):
    out = tmp_path / "target.txt"
    target = start("target_app.py", str(out), env=env, name="target")
    target.wait_line("target ready", timeout=10)
    wait_for(lambda: out.exists(), what="target file")
    return target, out


def pick_reply(driver, env, count=1):
    xdotool(env, "key", "ctrl+alt+k")
    driver.wait_line("popup shown", count=count)
    xdotool(env, "key", "Return")
    return driver.wait_line("result", count=count)


def test_reply_is_pasted_into_the_chat_window_and_clipboard_restored(start, desktop_env, tmp_path):
    env = desktop_env
    target, out = start_target(start, env, tmp_path)
    set_clipboard(env, "PREVIOUS-CLIP")
    driver = start("driver_app.py", REPLY, env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    result = pick_reply(driver, env)
    assert result.startswith("result pasted"), driver.lines()
    wait_for(
        lambda: out.read_text(encoding="utf-8") == REPLY, what=f"reply in target: {out.read_text('utf-8')!r}"
    )
    assert driver.wait_line("restored") == "restored True"
    assert get_clipboard(env) == "PREVIOUS-CLIP"
    assert "k" not in out.read_text(encoding="utf-8")  # the grabbed hotkey never reached the chat window


def test_twenty_pastes_in_a_row_without_a_flake(start, xserver, tmp_path):
    env = xserver
    target, out = start_target(start, env, tmp_path)
    driver = start("driver_app.py", "亲，收到。", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    for n in range(1, 21):
        set_clipboard(env, f"clip-{n}")
        assert pick_reply(driver, env, count=n).startswith("result pasted"), driver.lines()[-4:]
        wait_for(lambda n=n: out.read_text(encoding="utf-8") == "亲，收到。" * n, what=f"paste {n}")
        driver.wait_line("restored", count=n)
        assert get_clipboard(env) == f"clip-{n}", n


def test_hotkey_taken_by_another_client_is_reported(start, xserver, tmp_path):
    first = start("driver_app.py", REPLY, env=xserver, name="first")
    first.wait_line("armed", timeout=10)
    second = start("driver_app.py", REPLY, env=xserver, name="second")
    line = second.wait_line("conflict", timeout=10)
    assert "ctrl+alt+k" in line and "占用" in line


def test_with_the_target_gone_nothing_is_typed_and_the_reply_stays_on_the_clipboard(
    start, desktop_env, tmp_path
):
    env = desktop_env
    target, out = start_target(start, env, tmp_path)
    driver = start("driver_app.py", REPLY, env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    xdotool(env, "key", "ctrl+alt+k")
    driver.wait_line("popup shown")
    target.stop()
    xdotool(env, "key", "Return")
    result = driver.wait_line("result")
    assert result.startswith("result copied") and "手动粘贴" in result
    assert not any(line.startswith("keys sent") for line in driver.lines())
    assert get_clipboard(env) == REPLY


def test_paste_and_send_presses_enter_after_the_reply(start, xserver, tmp_path):
    env = xserver
    target, out = start_target(start, env, tmp_path)
    driver = start("driver_app.py", "亲，好的。", "--mode", "paste_and_send", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    assert pick_reply(driver, env).startswith("result pasted")
    wait_for(lambda: out.read_text(encoding="utf-8") == "亲，好的。\n", what="reply and Enter")
    assert [line for line in driver.lines() if line.startswith("keys sent")] == [
        "keys sent ctrl+v",
        "keys sent enter",
    ]


def test_type_mode_types_chinese_without_the_clipboard(start, xserver, tmp_path):
    env = xserver
    target, out = start_target(start, env, tmp_path)
    set_clipboard(env, "UNTOUCHED")
    driver = start("driver_app.py", "亲，您好", "--mode", "type", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    assert pick_reply(driver, env).startswith("result typed")
    wait_for(lambda: out.read_text(encoding="utf-8") == "亲，您好", what="typed text")
    assert get_clipboard(env) == "UNTOUCHED"


def test_the_clipboard_comes_back_once_the_chat_window_has_fetched_the_reply(start, xserver, tmp_path):
    """On X11 the restore follows the chat window's SelectionRequest, not the fallback delay."""
    env = xserver
    target, out = start_target(start, env, tmp_path)
    set_clipboard(env, "EARLIER")
    driver = start("driver_app.py", "亲，在的。", "--restore-delay", "8000", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    assert pick_reply(driver, env).startswith("result pasted")
    began = time.monotonic()
    assert driver.wait_line("restored", timeout=4) == "restored True"  # the fallback would take 8 s
    assert time.monotonic() - began < 4
    assert get_clipboard(env) == "EARLIER"
