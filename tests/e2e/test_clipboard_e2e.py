"""Clipboard reads have a bound: a program that owns the clipboard and never answers cannot freeze quickreply."""

import time

import pytest

from quickreply.deliver import clipboard
from quickreply.platform import x11_selection
from tests.e2e.test_paste_e2e import start_target
from tests.e2e.xsession import set_clipboard, wait_for, xdotool

pytestmark = pytest.mark.e2e


@pytest.fixture
def reader(xserver, monkeypatch):
    monkeypatch.setenv("DISPLAY", xserver["DISPLAY"])
    selection = x11_selection.SelectionReader()
    yield selection
    selection.close()


def test_reader_gets_the_text_from_a_live_owner(reader, xserver):
    set_clipboard(xserver, "亲，旧的剪贴板")
    content = wait_for(lambda: reader.read(0.3), what="xclip to own the clipboard")
    assert content["text/plain"].decode() == "亲，旧的剪贴板"


def test_reader_gives_up_on_an_owner_that_never_answers(reader, start, xserver):
    owner = start("hung_owner.py", env=xserver, name="owner")
    owner.wait_line("owner ready", timeout=10)
    began = time.monotonic()
    assert reader.read(0.3) is None
    assert time.monotonic() - began < 1.0  # Qt's own read would wait 5 s per format


def test_paste_goes_on_when_the_clipboard_owner_hangs(start, xserver, tmp_path):
    env = xserver
    target, out = start_target(start, env, tmp_path)
    owner = start("hung_owner.py", env=env, name="owner")
    owner.wait_line("owner ready", timeout=10)
    driver = start("driver_app.py", "亲，照样送达。", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    xdotool(env, "key", "ctrl+alt+k")
    driver.wait_line("popup shown")
    began = time.monotonic()
    xdotool(env, "key", "Return")
    result = driver.wait_line("result", timeout=10)
    assert time.monotonic() - began < 2.5  # Qt's unbounded read alone would take 5 s
    assert result.startswith("result pasted") and "无法恢复" in result, driver.lines()
    wait_for(lambda: out.read_text(encoding="utf-8") == "亲，照样送达。", what="reply in the chat window")


def test_read_timeout_is_at_most_300_ms():
    assert clipboard.READ_TIMEOUT_MS <= 300
