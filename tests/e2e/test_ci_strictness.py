"""Missing X tools skip the end-to-end tests on a developer's machine and fail them under CI=true.

Each case runs a small test file in a fresh pytest process with the e2e fixtures as its plugin and
a PATH that lacks some tools, so the real lookups decide.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import NEEDED

ROOT = Path(__file__).resolve().parents[2]
NEEDS_DISPLAY = """
import pytest

pytestmark = pytest.mark.e2e


def test_on_a_display(xserver):
    assert xserver["DISPLAY"]
"""
NEEDS_OPENBOX = """
import pytest

pytestmark = pytest.mark.e2e


def test_with_a_window_manager(openbox):
    assert openbox["DISPLAY"]


def test_with_a_tray(session):
    assert session["DISPLAY"]
"""


@pytest.fixture
def run_e2e(pytester, monkeypatch, tmp_path):
    """Run ``source`` as an e2e test file with only ``tools`` on PATH and CI set to ``ci``."""

    def _run(source: str, tools: tuple[str, ...], ci: str | None):
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir(exist_ok=True)
        for tool in tools:
            os.symlink(shutil.which(tool), bin_dir / tool)
        monkeypatch.setenv("PATH", str(bin_dir))
        monkeypatch.setenv("PYTHONPATH", str(ROOT))
        monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
        if ci is None:
            monkeypatch.delenv("CI", raising=False)
        else:
            monkeypatch.setenv("CI", ci)
        pytester.makeconftest('pytest_plugins = ["tests.e2e.conftest"]')
        pytester.makeini("[pytest]\nmarkers =\n    e2e: end-to-end\n")
        pytester.makepyfile(test_case=source)
        return pytester.run(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rfEs")

    return _run


def test_without_xvfb_outside_ci_the_tests_skip_saying_what_is_missing(run_e2e):
    result = run_e2e(NEEDS_DISPLAY, tools=(), ci=None)
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*end-to-end tests need Xvfb, xdotool, xclip*"])


@pytest.mark.parametrize("ci", ["true", "1"])
def test_without_xvfb_under_ci_the_tests_fail(run_e2e, ci):
    result = run_e2e(NEEDS_DISPLAY, tools=(), ci=ci)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*CI=true: end-to-end tests need Xvfb, xdotool, xclip*"])


def test_ci_false_is_not_ci(run_e2e):
    run_e2e(NEEDS_DISPLAY, tools=(), ci="false").assert_outcomes(skipped=1)


@pytest.mark.e2e
def test_without_openbox_under_ci_the_window_manager_tests_fail(run_e2e):
    result = run_e2e(NEEDS_OPENBOX, tools=NEEDED, ci="true")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*CI=true: end-to-end tests need openbox*"])


@pytest.mark.e2e
def test_without_trayer_outside_ci_the_tray_test_skips(run_e2e):
    if shutil.which("openbox") is None:
        pytest.skip("needs openbox to get as far as the tray host")
    result = run_e2e(NEEDS_OPENBOX, tools=(*NEEDED, "openbox"), ci=None)
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(["*end-to-end tests need trayer*"])
