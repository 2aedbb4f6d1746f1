"""End-to-end fixtures: a private Xvfb, an optional window manager, the target and driver processes.

Without the X tools the tests skip, saying what to install; under ``CI=true`` they fail instead,
so a CI machine that lost Xvfb cannot pass while testing nothing on a real display.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.e2e.xsession import Proc, start_helper, start_openbox, start_xvfb, stop_helper

HERE = Path(__file__).resolve().parent
NEEDED = ("Xvfb", "xdotool", "xclip")


def in_ci() -> bool:
    """Whether this run is CI's (CI=true, as CI services and .ci/run's caller set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing(*tools: str) -> list[str]:
    return [tool for tool in tools if shutil.which(tool) is None]


def require(*tools: str) -> None:
    """Skip the test when ``tools`` are not installed; under CI fail it, naming them."""
    absent = missing(*tools)
    if not absent:
        return
    message = f"end-to-end tests need {', '.join(absent)} (make sysdeps installs them)"
    if in_ci():
        pytest.fail(f"CI=true: {message}", pytrace=False)
    pytest.skip(message)


def pytest_collection_modifyitems(items):
    """Outside CI, mark the e2e tests skipped up front when the X tools are missing (under CI the
    fixtures fail them instead)."""
    absent = missing(*NEEDED)
    if absent and not in_ci():
        skip = pytest.mark.skip(
            reason=f"end-to-end tests need {', '.join(absent)} (make sysdeps installs them)"
        )
        for item in items:
            if "e2e" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _x_tools(request):
    """Every e2e test needs the X tools, even one that uses no display fixture."""
    if "e2e" in request.keywords:
        require(*NEEDED)


@pytest.fixture(scope="module")
def xserver():
    """A private Xvfb display; -displayfd must be read up to its newline (closing early kills Xvfb)."""
    require(*NEEDED)
    server, env = start_xvfb()
    yield env
    server.terminate()
    server.wait(5)


@pytest.fixture(params=["none", "openbox"])
def desktop_env(request, xserver, tmp_path):
    """The display with no window manager, or with openbox."""
    wm = None
    if request.param == "openbox":
        require("openbox")
        wm = start_openbox(xserver, tmp_path / "openbox.log")
    yield xserver
    if wm is not None:
        stop_helper(wm, xserver, "WM_S0")


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
def openbox(xserver, tmp_path):
    """The display with openbox managing it."""
    require("openbox")
    wm = start_openbox(xserver, tmp_path / "openbox.log")
    yield xserver
    stop_helper(wm, xserver, "WM_S0")


@pytest.fixture
def session(openbox, tmp_path):
    """The display with openbox and a tray host (trayer), as an agent's desktop has them."""
    require("trayer")
    tray = start_helper(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request"],
        openbox,
        tmp_path / "trayer.log",
        "_NET_SYSTEM_TRAY_S0",
    )
    yield openbox
    stop_helper(tray, openbox, "_NET_SYSTEM_TRAY_S0")
