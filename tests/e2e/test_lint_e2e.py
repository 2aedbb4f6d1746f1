"""The draft check under Xvfb: lint hotkey → apply all → replace; and a chat box that refuses to copy."""

import subprocess

import pytest

from quickreply.core import lint
from tests.e2e.xsession import (
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


def focused_name(env) -> str:
    done = subprocess.run(
        ["xdotool", "getwindowfocus", "getwindowname"], env=env, capture_output=True, timeout=10
    )
    return done.stdout.decode("utf-8", "replace").strip()


def logged(app, text) -> bool:
    """Whether the app's log has a line containing ``text``."""
    return any(text in line for line in app.lines())


@pytest.fixture
def app_env(openbox, tmp_path):
    """The display with openbox and a prepared library for the tray app."""
    db_path = tmp_path / "app.db"
    prepare_library(db_path, profile=None)
    return openbox, db_path


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
        # Alt+A/Alt+R reach the checker only once it has the keyboard focus.
        wait_for(
            lambda: focused_name(env) == "检查草稿",
            timeout=5,
            what=f"lint window focused: {app.lines()[-3:]}",
        )
        # One xdotool call: X delivers both keys in order, and the buttons click in that order.
        xdotool(env, "key", "alt+a", "alt+r")
        fixed = lint.Linter.default().fix(DRAFT).text
        wait_for(
            lambda: out.read_text(encoding="utf-8") == fixed,
            timeout=5,
            what=f"fixed text in the chat box: {out.read_text(encoding='utf-8')!r}",
        )
        assert lint.Linter.default().lint(out.read_text(encoding="utf-8")) == []
        wait_for(lambda: get_clipboard(env) == "BEFORE", timeout=5, what="clipboard restored")
        assert logged(app, "paste: pasted")
    finally:
        app.stop()


def test_chat_box_that_refuses_to_copy_gets_a_clear_message_and_no_change(app_env, tmp_path, start):
    env, db_path = app_env
    out = open_chat_box(start, env, tmp_path, "--refuse-copy")
    app = start_app(env, db_path, tmp_path / "app.log")
    try:
        xdotool(env, "key", "ctrl+alt+j")
        # The capture gives up after its timeout and says why; only then is "nothing happened" known.
        wait_for(
            lambda: logged(app, "draft not captured"), timeout=5, what=f"capture failure: {app.lines()[-3:]}"
        )
        assert logged(app, "没有响应全选/复制")
        assert not logged(app, "draft captured")
        assert not window_visible(env, "检查草稿")
        wait_for(lambda: get_clipboard(env) == "BEFORE", timeout=5, what="clipboard restored")
        assert out.read_text(encoding="utf-8") == DRAFT
    finally:
        app.stop()
