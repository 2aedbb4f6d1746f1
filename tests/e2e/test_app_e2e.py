"""The real tray app under Xvfb with a tray host and openbox: hotkey, type fh, Enter — the reply lands."""

import subprocess
import sys
import time

import pytest

from quickreply.core import defaults
from tests.e2e.xsession import Proc, get_clipboard, set_clipboard, wait_for, xdotool

pytestmark = pytest.mark.e2e
PROFILE = {"店铺名": "小鹿家居", "工号": "8", "包邮门槛": "99", "默认快递": "中通", "发货时间": "16:00"}
EXPECTED = "亲，16:00前付款当天发出，之后付款的订单次日发出，付款后仓库会尽快为您打包。"


def popup_visible(env) -> bool:
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "搜索短语"], env=env, capture_output=True, timeout=10
    )
    return done.returncode == 0 and bool(done.stdout.strip())


def test_hotkey_fh_enter_pastes_the_rendered_shipping_reply(session, tmp_path, start):
    env = session
    db_path = tmp_path / "app.db"
    library = defaults.open_library(db_path)
    library.set_setting("profile", PROFILE)
    library.set_setting("ui.welcomed", True)
    library.close()
    out = tmp_path / "target.txt"
    target = start("target_app.py", str(out), env=env, name="target")
    target.wait_line("target ready", timeout=10)
    set_clipboard(env, "BEFORE")
    app = Proc([sys.executable, "-m", "quickreply", "--db", str(db_path)], env, tmp_path / "app.log")
    try:
        app.wait_line("quickreply ready", timeout=20)
        xdotool(env, "key", "ctrl+alt+space")
        wait_for(lambda: popup_visible(env), timeout=5, what="popup")
        time.sleep(0.2)
        xdotool(env, "type", "--delay", "40", "fh")
        time.sleep(0.3)
        xdotool(env, "key", "Return")
        wait_for(
            lambda: out.read_text(encoding="utf-8") == EXPECTED,
            timeout=5,
            what=f"reply in the chat window: {out.read_text(encoding='utf-8')!r}",
        )
        wait_for(lambda: get_clipboard(env) == "BEFORE", timeout=5, what="clipboard restored")
        assert any("paste: pasted" in line for line in app.lines())
    finally:
        app.stop()
    used = defaults.open_library(db_path)
    (phrase,) = used.find_by_code("fh")
    assert used.usage_of(phrase.id).count == 1
    used.close()
