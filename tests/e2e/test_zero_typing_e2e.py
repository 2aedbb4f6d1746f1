"""Zero typing under Xvfb: the buyer's line copied by another program, the hotkey, Enter — the reply lands.

xclip owns the clipboard as the chat client would; after the paste quickreply gives the buyer's
line back, and that restore is its own put: the next opening does not offer it again (Enter then
pastes the first phrase of the empty popup, not the shipping reply a second time).
"""

import time

import pytest

from tests.e2e.test_app_e2e import EXPECTED, chat_and_app, popup_visible  # noqa: F401 (a fixture)
from tests.e2e.xsession import get_clipboard, set_clipboard, wait_for, xdotool

pytestmark = pytest.mark.e2e
MESSAGE = "这个什么时候发货啊"


def hotkey_then_enter(env):
    xdotool(env, "key", "ctrl+alt+space")
    wait_for(lambda: popup_visible(env), timeout=5, what="popup")
    time.sleep(0.3)
    xdotool(env, "key", "Return")


def test_copied_buyer_line_hotkey_enter_pastes_the_reply(session, chat_and_app):  # noqa: F811
    env = session
    out, app = chat_and_app()
    set_clipboard(env, MESSAGE)  # the agent copies the buyer's line in the chat client
    time.sleep(0.3)
    hotkey_then_enter(env)
    wait_for(
        lambda: out.read_text(encoding="utf-8") == EXPECTED,
        timeout=5,
        what=f"reply in the chat window: {out.read_text(encoding='utf-8')!r}",
    )
    wait_for(lambda: get_clipboard(env) == MESSAGE, timeout=5, what="the buyer's line back on the clipboard")
    time.sleep(0.3)
    hotkey_then_enter(env)  # the restored line is quickreply's own put: the popup opens empty
    wait_for(lambda: len(out.read_text(encoding="utf-8")) > len(EXPECTED), timeout=5, what="second paste")
    time.sleep(0.3)
    second = out.read_text(encoding="utf-8")[len(EXPECTED) :]
    assert second and second != EXPECTED, second
