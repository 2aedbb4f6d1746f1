"""A shift in under a minute: the real tray app, 100+ popups with typing, Esc and pastes, then still pasting.

The app used to abort after ~30 popups (a reference-count defect of the Qt binding); this runs the
same kind of use far past that point and checks the app is alive, every paste arrived, and the
agent's clipboard came back. It also checks that a killed app is reported at the next start.
"""

import os
import signal
import subprocess
import time

import pytest

from quickreply import crashlog
from quickreply.core import defaults
from tests.e2e.xsession import get_clipboard, prepare_library, set_clipboard, start_app, wait_for, xdotool

pytestmark = pytest.mark.e2e
SHIPPING = "亲，16:00前付款当天发出，之后付款的订单次日发出，付款后仓库会尽快为您打包。"
POPUPS = 100
PASTE_EVERY = 10
QUERIES = ["fh", "fahuo", "th", "wl", "/fh", "kd", "shfh", "tuihuo", "zp", "hy"]


def focused_name(env) -> str:
    done = subprocess.run(
        ["xdotool", "getwindowfocus", "getwindowname"], env=env, capture_output=True, timeout=10
    )
    return done.stdout.decode("utf-8", "replace").strip()


def open_popup(env, count):
    xdotool(env, "key", "ctrl+alt+space")
    wait_for(
        lambda: focused_name(env) == "搜索短语", timeout=5, interval=0.01, what=f"popup #{count} focused"
    )


def test_a_hundred_popups_then_still_pasting(session, tmp_path, start):
    env = session
    db_path = tmp_path / "soak.db"
    prepare_library(db_path)
    out = tmp_path / "chat.txt"
    chat = start("target_app.py", str(out), env=env, name="chat")
    chat.wait_line("target ready", timeout=10)
    set_clipboard(env, "AGENT-CLIP")
    app = start_app(env, db_path, tmp_path / "app.log")
    began = time.monotonic()
    pasted = 0
    try:
        for n in range(1, POPUPS + 1):
            open_popup(env, n)
            xdotool(env, "type", "--delay", "8", QUERIES[n % len(QUERIES)])
            if n % PASTE_EVERY:
                xdotool(env, "key", "Down", "Up", "Escape")
                wait_for(
                    lambda: focused_name(env) == "聊天窗口", timeout=5, interval=0.01, what=f"chat back #{n}"
                )
                continue
            xdotool(env, "key", "BackSpace", "BackSpace", "BackSpace", "BackSpace", "BackSpace", "BackSpace")
            xdotool(env, "type", "--delay", "8", "fh")
            xdotool(env, "key", "Return")
            pasted += 1
            wait_for(
                lambda pasted=pasted: out.read_text(encoding="utf-8") == SHIPPING * pasted,
                timeout=5,
                what=f"paste {pasted}",
            )
            wait_for(
                lambda: get_clipboard(env) == "AGENT-CLIP", timeout=5, what=f"clipboard back after {pasted}"
            )
            assert app.popen.poll() is None, app.lines()[-20:]
        elapsed = time.monotonic() - began
        assert app.popen.poll() is None, app.lines()[-20:]
        assert pasted == POPUPS // PASTE_EVERY
        logged = app.lines() + crashlog.log_path(db_path).read_text(encoding="utf-8").splitlines()
        assert not [line for line in logged if "Fatal" in line or "Traceback" in line]
        print(f"soak: {POPUPS} popups, {pasted} pastes in {elapsed:.1f} s")
    finally:
        app.popen.send_signal(signal.SIGTERM)  # a polite quit: not a crash
        app.popen.wait(10)
        app.handle.close()
    assert not crashlog.marker_path(db_path).exists()
    used = defaults.open_library(db_path)
    (phrase,) = used.find_by_code("fh")
    assert used.usage_of(phrase.id).count == pasted
    used.close()


def test_a_killed_app_is_reported_at_the_next_start(session, tmp_path):
    env = session
    db_path = tmp_path / "crash.db"
    prepare_library(db_path, profile=None)
    first = start_app(env, db_path, tmp_path / "first.log")
    os.kill(first.popen.pid, signal.SIGKILL)
    first.popen.wait(10)
    first.handle.close()
    assert crashlog.marker_path(db_path).exists()
    second = start_app(env, db_path, tmp_path / "second.log")
    try:
        assert any("ended without quitting" in line for line in second.lines()), second.lines()
    finally:
        second.stop()
