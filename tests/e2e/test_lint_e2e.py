"""The draft check under Xvfb: lint hotkey → apply all → replace; and a chat box that refuses to copy."""

import shutil
import subprocess
import time

import pytest

from quickreply.core import lint
from tests.e2e.xsession import (
    Proc,
    get_clipboard,
    prepare_library,
    set_clipboard,
    start_app,
    wait_for,
    xdotool,
)

pytestmark = pytest.mark.e2e
DRAFT = "不好意思哦,这款不能便宜"


def window_visible(env, title) -> bool:
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", title], env=env, capture_output=True, timeout=10
    )
    return done.returncode == 0 and bool(done.stdout.strip())


@pytest.fixture
def app_env(xserver, tmp_path):
    if shutil.which("openbox") is None:
        pytest.skip("needs openbox")
    wm = Proc(["openbox", "--sm-disable"], xserver, tmp_path / "openbox.log")
    time.sleep(0.4)
    db_path = tmp_path / "app.db"
    prepare_library(db_path, profile=None)
    yield xserver, db_path
    wm.stop()


def open_chat_box(start, env, tmp_path, *flags):
    """A chat window holding DRAFT, with "BEFORE" on the clipboard; returns the file its text is saved to."""
    out = tmp_path / "target.txt"
    target = start("target_app.py", str(out), DRAFT, *flags, env=env, name="target")
    target.wait_line("target ready", timeout=10)
    wait_for(lambda: out.exists() and out.read_text(encoding="utf-8") == DRAFT, what="draft in the chat box")
    set_clipboard(env, "BEFORE")
    return out


def test_lint_hotkey_apply_all_replace(app_env, tmp_path, start):
    env, db_path = app_env
    out = open_chat_box(start, env, tmp_path)
    app = start_app(env, db_path, tmp_path / "app.log")
    try:
        xdotool(env, "key", "ctrl+alt+j")
        wait_for(lambda: window_visible(env, "检查草稿"), timeout=5, what=f"lint window: {app.lines()[-3:]}")
        time.sleep(0.3)
        xdotool(env, "key", "alt+a")
        time.sleep(0.3)
        xdotool(env, "key", "alt+r")
        fixed = lint.Linter.default().fix(DRAFT).text
        wait_for(
            lambda: out.read_text(encoding="utf-8") == fixed,
            timeout=5,
            what=f"fixed text in the chat box: {out.read_text(encoding='utf-8')!r}",
        )
        assert lint.Linter.default().lint(out.read_text(encoding="utf-8")) == []
        wait_for(lambda: get_clipboard(env) == "BEFORE", timeout=5, what="clipboard restored")
    finally:
        app.stop()


def test_chat_box_that_refuses_to_copy_gets_a_clear_message_and_no_change(app_env, tmp_path, start):
    env, db_path = app_env
    out = open_chat_box(start, env, tmp_path, "--refuse-copy")
    app = start_app(env, db_path, tmp_path / "app.log")
    try:
        xdotool(env, "key", "ctrl+alt+j")
        time.sleep(1.5)
        assert not window_visible(env, "检查草稿")
        assert out.read_text(encoding="utf-8") == DRAFT
        assert get_clipboard(env) == "BEFORE"
    finally:
        app.stop()
    assert not any("draft captured" in line for line in app.lines())
