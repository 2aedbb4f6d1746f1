"""Two chats side by side: a reply meant for buyer B never lands in buyer A's chat, not even one key.

Seller clients bring a chat to the front when a new buyer writes. If that happens while the
agent still holds Ctrl of Ctrl+Enter, or during the paste delay, quickreply must stop typing,
leave the reply on the clipboard and name the chat it was meant for.
"""

import subprocess
import time

import pytest

from tests.e2e.xsession import get_clipboard, set_clipboard, wait_for, xdotool

pytestmark = pytest.mark.e2e
REPLY = "亲，这是给B买家的回复。"


@pytest.fixture
def chats(start, desktop_env, tmp_path):
    """Chat A (left) and chat B (right, focused), each writing its text to a file."""
    env = desktop_env
    files, ids = {}, {}
    for name, place in (("A", "20,20"), ("B", "640,300")):
        files[name] = tmp_path / f"chat-{name}.txt"
        proc = start(
            "target_app.py",
            str(files[name]),
            "--title",
            f"买家{name}",
            "--at",
            place,
            env=env,
            name=f"chat{name}",
        )
        ids[name] = proc.wait_line("target ready", timeout=10).split()[-1]
        wait_for(lambda n=name: files[n].exists(), what=f"chat {name} file")
    _bring_to_front(env, ids["B"])
    time.sleep(0.2)
    return env, files, ids


def _has_wm(env) -> bool:
    done = subprocess.run(
        ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"], env=env, capture_output=True, text=True
    )
    return "window id" in done.stdout


def _untouched(files):
    return {name: path.read_text(encoding="utf-8") for name, path in files.items()} == {"A": "", "B": ""}


def _bring_to_front(env, window_id):
    """What a seller client does when a new buyer writes: its window takes the focus."""
    if _has_wm(env):
        xdotool(env, "windowactivate", window_id)
    xdotool(env, "windowfocus", window_id)


def test_ctrl_enter_while_another_chat_comes_to_the_front(start, chats):
    env, files, ids = chats
    set_clipboard(env, "AGENT-CLIP")
    driver = start("driver_app.py", REPLY, "--mode", "paste_and_send", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    xdotool(env, "key", "ctrl+alt+k")
    assert driver.wait_line("popup shown").split()[2] == ids["B"]
    xdotool(env, "keydown", "ctrl")
    try:
        xdotool(env, "key", "Return")  # Ctrl+Enter: paste and send; Ctrl is still held
        driver.wait_line("enter")
        time.sleep(0.3)  # quickreply now waits for Ctrl to be released
        _bring_to_front(env, ids["A"])
        time.sleep(0.3)
    finally:
        xdotool(env, "keyup", "ctrl")
    result = driver.wait_line("result", timeout=5)
    assert result.startswith("result copied") and "买家B" in result, driver.lines()
    time.sleep(0.5)  # anything typed would have reached a file by now
    assert _untouched(files), {n: p.read_text(encoding="utf-8") for n, p in files.items()}
    assert not any(line.startswith("keys sent") for line in driver.lines())
    assert get_clipboard(env) == REPLY  # left for the agent to paste by hand


def test_another_chat_takes_the_focus_during_the_paste_delay(start, chats):
    env, files, ids = chats
    driver = start("driver_app.py", REPLY, "--pre-paste-delay", "1500", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    xdotool(env, "key", "ctrl+alt+k")
    driver.wait_line("popup shown")
    xdotool(env, "key", "Return")
    driver.wait_line("enter")
    time.sleep(0.4)  # focus is back on B and confirmed; the paste is 1.5 s away
    _bring_to_front(env, ids["A"])
    result = driver.wait_line("result", timeout=5)
    assert result.startswith("result copied") and "买家B" in result, driver.lines()
    time.sleep(0.5)
    assert _untouched(files), {n: p.read_text(encoding="utf-8") for n, p in files.items()}
    assert get_clipboard(env) == REPLY


def test_with_the_focus_kept_the_reply_reaches_b_only(start, chats):
    """The control case: nothing comes to the front, so B gets the reply and its Enter."""
    env, files, ids = chats
    driver = start("driver_app.py", REPLY, "--mode", "paste_and_send", env=env, name="driver")
    driver.wait_line("armed", timeout=10)
    xdotool(env, "key", "ctrl+alt+k")
    driver.wait_line("popup shown")
    xdotool(env, "key", "Return")
    assert driver.wait_line("result").startswith("result pasted"), driver.lines()
    wait_for(lambda: files["B"].read_text(encoding="utf-8") == REPLY + "\n", what="reply and Enter in B")
    assert files["A"].read_text(encoding="utf-8") == ""
