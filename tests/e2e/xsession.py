"""Helpers for the end-to-end tests: waiting, child processes, xdotool and the X clipboard."""

import os
import subprocess
import sys
import time
from pathlib import Path


def start_xvfb() -> tuple[subprocess.Popen, dict[str, str]]:
    """A private Xvfb and the environment for its clients.

    -displayfd must be read up to its newline: closing the pipe early kills Xvfb (seen 14/30 times).
    """
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    buffer = b""
    while not buffer.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            raise RuntimeError("Xvfb exited before reporting its display")
        buffer += chunk
    os.close(read)
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "XDG_SESSION_TYPE")}
    env.update(DISPLAY=":" + buffer.decode().strip(), QT_QPA_PLATFORM="xcb", PYTHONUNBUFFERED="1")
    return server, env


def wait_for(predicate, timeout=5.0, interval=0.02, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Proc:
    """A child process whose stdout lines are collected in a file, killed at teardown."""

    def __init__(self, args, env, log: Path):
        self.log = log
        self.handle = log.open("w", encoding="utf-8")
        self.popen = subprocess.Popen(args, env=env, stdout=self.handle, stderr=subprocess.STDOUT, text=True)

    def lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def wait_line(self, prefix: str, timeout: float = 5.0, count: int = 1) -> str:
        def found():
            hits = [line for line in self.lines() if line.startswith(prefix)]
            return hits[count - 1] if len(hits) >= count else None

        return wait_for(found, timeout, what=f"{prefix!r} #{count} in {self.log.name}: {self.lines()[-5:]}")

    def stop(self):
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(5)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)
        self.handle.close()


def selection_owned(env, selection: str) -> bool:
    """Whether a client owns ``selection`` on the display: a window manager owns WM_S0, a tray
    host _NET_SYSTEM_TRAY_S0 (ICCCM/EWMH manager selections; the owner dies with its process)."""
    from Xlib import display

    connection = display.Display(env["DISPLAY"])
    try:
        owner = connection.get_selection_owner(connection.intern_atom(selection))
        return getattr(owner, "id", owner) != 0
    finally:
        connection.close()


def start_helper(args, env, log: Path, selection: str, timeout: float = 10.0) -> Proc:
    """A desktop helper (window manager, tray host) once it owns its manager ``selection``.

    Xvfb resets when its last client leaves, and a client connecting during the reset is refused:
    the helper then exits at once ("Failed to open the display"). One that exited is started again.
    """
    started = [Proc(args, env, log)]

    def owned() -> bool:
        if started[-1].popen.poll() is not None:
            started.append(Proc(args, env, log))
            return False
        try:
            return selection_owned(env, selection)
        except Exception:  # noqa: BLE001 -- refused during the server's reset too: look again
            return False

    try:
        wait_for(owned, timeout, what=f"{args[0]} to own {selection}")
    except AssertionError:
        started[-1].stop()
        raise
    return started[-1]


def stop_helper(proc: Proc, env, selection: str) -> None:
    """Stop a helper and wait until its selection is free, so the next test starts on a clean desktop.

    A connection refused or reset meanwhile means Xvfb is resetting because its last client left:
    nobody owns anything then (seen under load in CI: ConnectionResetError in the teardown)."""
    proc.stop()

    def released() -> bool:
        try:
            return not selection_owned(env, selection)
        except Exception:  # noqa: BLE001 -- the server resetting: every selection is free
            return True

    wait_for(released, what=f"{selection} released")


def start_openbox(env, log: Path) -> Proc:
    """openbox, once it manages the screen."""
    return start_helper(["openbox", "--sm-disable"], env, log, "WM_S0")


def xdotool(env, *args):
    subprocess.run(["xdotool", *args], env=env, check=True, timeout=10)


def set_clipboard(env, text):
    # xclip forks a child that keeps the selection; its stdout must not stay attached to us.
    subprocess.run(
        ["xclip", "-selection", "clipboard", "-i"],
        input=text.encode(),
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=10,
    )


def get_clipboard(env) -> str:
    done = subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"], env=env, capture_output=True, timeout=10
    )
    return done.stdout.decode("utf-8", "replace")


PROFILE = {"店铺名": "小鹿家居", "工号": "8", "包邮门槛": "99", "默认快递": "中通", "发货时间": "16:00"}


def prepare_library(db_path: Path, profile: dict[str, str] | None = PROFILE, phrases=()) -> None:
    """A library as an agent has it after the first start: welcomed, the profile question answered
    (so no dialog takes the chat window's focus), ``profile`` filled in, ``phrases`` added."""
    from quickreply.core import defaults

    library = defaults.open_library(db_path)
    library.set_setting("ui.welcomed", True)
    library.set_setting("ui.profile_asked", True)
    if profile is not None:
        library.set_setting("profile", profile)
    for phrase in phrases:
        library.add(phrase)
    library.close()


def start_app(env, db_path: Path, log: Path, timeout: float = 30) -> Proc:
    """The real tray app (python -m quickreply) on ``db_path``, once it says it is ready."""
    app = Proc([sys.executable, "-m", "quickreply", "--db", str(db_path)], env, log)
    app.wait_line("quickreply ready", timeout=timeout)
    return app
