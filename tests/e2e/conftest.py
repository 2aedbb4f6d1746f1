"""End-to-end fixtures: a private Xvfb, an optional window manager, the target and driver processes."""

import shutil
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.xsession import Proc, start_xvfb

HERE = Path(__file__).resolve().parent
NEEDED = ("Xvfb", "xdotool", "xclip")


def _missing() -> list[str]:
    return [tool for tool in NEEDED if shutil.which(tool) is None]


def pytest_collection_modifyitems(items):
    missing = _missing()
    if missing:
        skip = pytest.mark.skip(
            reason=f"end-to-end tests need {', '.join(missing)} (make test installs them)"
        )
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="module")
def xserver():
    """A private Xvfb display; -displayfd must be read up to its newline (closing early kills Xvfb)."""
    if _missing():
        pytest.skip(f"end-to-end tests need {', '.join(_missing())}")
    server, env = start_xvfb()
    yield env
    server.terminate()
    server.wait(5)


@pytest.fixture(params=["none", "openbox"])
def desktop_env(request, xserver, tmp_path):
    """The display with no window manager, or with openbox."""
    wm = None
    if request.param == "openbox":
        if shutil.which("openbox") is None:
            pytest.skip("openbox is not installed")
        wm = Proc(["openbox", "--sm-disable"], xserver, tmp_path / "openbox.log")
        time.sleep(0.5)
    yield xserver
    if wm is not None:
        wm.stop()
        time.sleep(0.2)


@pytest.fixture
def start(tmp_path):
    """Start python scripts of this folder as processes; all are stopped at teardown."""
    procs = []

    def _start(script, *args, env, name=None):
        proc = Proc([sys.executable, str(HERE / script), *args], env, tmp_path / f"{name or script}.log")
        procs.append(proc)
        return proc

    yield _start
    for proc in reversed(procs):
        proc.stop()


@pytest.fixture
def session(xserver, tmp_path, start):
    """The display with openbox and a tray host (trayer), as an agent's desktop has them."""
    if shutil.which("openbox") is None or shutil.which("trayer") is None:
        pytest.skip("needs openbox and trayer")
    helpers = [Proc(["openbox", "--sm-disable"], xserver, tmp_path / "openbox.log")]
    time.sleep(0.4)
    helpers.append(
        Proc(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request"],
            xserver,
            tmp_path / "trayer.log",
        )
    )
    time.sleep(0.4)
    yield xserver
    for proc in reversed(helpers):
        proc.stop()
