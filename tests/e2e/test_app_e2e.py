"""The real tray app under Xvfb with a tray host and openbox: hotkey, type fh, Enter — the reply lands."""

import subprocess
import time

import pytest

from quickreply.core import defaults, models
from tests.e2e.xsession import get_clipboard, prepare_library, set_clipboard, start_app, wait_for, xdotool

pytestmark = pytest.mark.e2e
EXPECTED = "亲，16:00前付款当天发出，之后付款的订单次日发出，付款后仓库会尽快为您打包。"


def popup_visible(env) -> bool:
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "搜索短语"], env=env, capture_output=True, timeout=10
    )
    return done.returncode == 0 and bool(done.stdout.strip())


@pytest.fixture
def chat_and_app(session, tmp_path, start):
    """A chat window and the real tray app on a prepared library; the app is stopped at teardown."""
    running = []

    def _start(phrases=()):
        prepare_library(tmp_path / "app.db", phrases=phrases)
        out = tmp_path / "target.txt"
        start("target_app.py", str(out), env=session, name="target").wait_line("target ready", timeout=10)
        set_clipboard(session, "BEFORE")
        running.append(start_app(session, tmp_path / "app.db", tmp_path / "app.log"))
        return out, running[0]

    yield _start
    for app in running:
        app.stop()


def open_and_type(env, text):
    """The hotkey, then ``text`` once the popup shows."""
    xdotool(env, "key", "ctrl+alt+space")
    wait_for(lambda: popup_visible(env), timeout=5, what="popup")
    time.sleep(0.3)
    xdotool(env, "type", "--delay", "40", text)
    time.sleep(0.3)


def test_hotkey_fh_enter_pastes_the_rendered_shipping_reply(session, tmp_path, chat_and_app):
    env = session
    out, app = chat_and_app()
    open_and_type(env, "fh")
    xdotool(env, "key", "Return")
    wait_for(
        lambda: out.read_text(encoding="utf-8") == EXPECTED,
        timeout=5,
        what=f"reply in the chat window: {out.read_text(encoding='utf-8')!r}",
    )
    wait_for(lambda: get_clipboard(env) == "BEFORE", timeout=5, what="clipboard restored")
    assert any("paste: pasted" in line for line in app.lines())
    app.stop()
    used = defaults.open_library(tmp_path / "app.db")
    (phrase,) = used.find_by_code("fh")
    assert used.usage_of(phrase.id).count == 1
    used.close()


def test_clicking_back_into_the_chat_closes_the_popup_and_pastes_nothing(session, chat_and_app):
    env = session
    out, app = chat_and_app()
    open_and_type(env, "fh")
    # The 500×300 chat window at (40, 40) is too short for the popup over it: it opens beside it,
    # so this click lands in the chat's text box, as the agent's would.
    xdotool(env, "mousemove", "200", "250", "click", "1")
    wait_for(lambda: not popup_visible(env), timeout=5, what=f"popup closed: {app.lines()[-3:]}")
    time.sleep(0.5)
    assert out.read_text(encoding="utf-8") == ""
    assert not any("paste:" in line for line in app.lines())


def test_the_placeholder_form_s_drop_down_keeps_the_popup_open(session, chat_and_app):
    env = session
    change = models.Phrase(
        stage_id="logistics", title="改快递", code="gkd", body="亲，已为您改发{快递:圆通|顺丰}"
    )
    out, app = chat_and_app(phrases=[change])
    open_and_type(env, "/gkd")
    xdotool(env, "key", "Return")  # the form asks for 快递; its combo box has the focus
    time.sleep(0.3)
    xdotool(env, "key", "alt+Down")  # open the drop-down
    time.sleep(0.8)
    assert popup_visible(env), app.lines()[-3:]
    xdotool(env, "key", "Down", "Return")  # 顺丰, chosen in the list
    time.sleep(0.3)
    assert popup_visible(env)
    xdotool(env, "key", "Return")
    wait_for(
        lambda: out.read_text(encoding="utf-8") == "亲，已为您改发顺丰",
        timeout=5,
        what=f"reply in the chat window: {out.read_text(encoding='utf-8')!r}",
    )
