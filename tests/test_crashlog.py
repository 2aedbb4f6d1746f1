"""The crash marker and the log: a run that dies is reported at the next start, with its traceback kept."""

import os
import subprocess
import sys
import time

import pytest

from quickreply import crashlog, platform


def test_a_clean_run_leaves_no_marker(tmp_path):
    db = tmp_path / "shop.db"
    watch = crashlog.CrashWatch(db)
    assert watch.previous_crash is None
    watch.start()
    assert crashlog.marker_path(db).read_text(encoding="utf-8").startswith(f"{os.getpid()}\n")
    watch.stop()
    assert not crashlog.marker_path(db).exists()
    assert crashlog.CrashWatch(db).previous_crash is None


# A lost reference to None, as the defective binding did, and a segfault (faulthandler's own path).
LOSE_NONE = "import ctypes\nwhile True: ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))"
SEGFAULT = "import faulthandler\nfaulthandler._sigsegv()"


@pytest.mark.parametrize(
    ("crash", "expected"), [(LOSE_NONE, "none_dealloc"), (SEGFAULT, "Segmentation fault")]
)
def test_a_fatal_error_is_logged_and_reported_at_the_next_start(tmp_path, crash, expected):
    db = tmp_path / "shop.db"
    script = "\n".join(
        [
            "from pathlib import Path",
            "from quickreply import crashlog",
            f"crashlog.CrashWatch(Path({str(db)!r})).start()",
            "import sys; print('to the terminal', file=sys.stderr)",
            crash,
        ]
    )
    died = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert died.returncode != 0
    assert "to the terminal" in died.stderr  # Python's own stderr still reaches the terminal
    watch = crashlog.CrashWatch(db)
    assert watch.previous_crash  # the start time of the run that died
    logged = crashlog.log_path(db).read_text(encoding="utf-8")
    assert "Fatal Python error" in logged and expected in logged
    assert 'File "<string>"' in logged  # with the Python traceback


def test_a_marker_of_a_process_still_running_is_not_a_crash(tmp_path):
    db = tmp_path / "shop.db"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        crashlog.marker_path(db).write_text(f"{other.pid}\n2026-12-02T08:00:00\n", encoding="utf-8")
        assert crashlog.CrashWatch(db).previous_crash is None
    finally:
        other.kill()
        other.wait()
    assert crashlog.CrashWatch(db).previous_crash == "2026-12-02T08:00:00"


def test_a_garbled_marker_still_counts_as_a_crash(tmp_path):
    db = tmp_path / "shop.db"
    crashlog.marker_path(db).write_bytes(b"\xff\xfe not a pid")
    assert crashlog.CrashWatch(db).previous_crash is None  # unreadable: nothing sure to say
    crashlog.marker_path(db).write_text("not a pid\n", encoding="utf-8")
    assert crashlog.CrashWatch(db).previous_crash == "?"


@pytest.mark.qt_no_exception_capture
def test_uncaught_slot_exceptions_are_logged(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", lambda *exc: None)  # the hook the app found (here: silent)
    db = tmp_path / "shop.db"
    watch = crashlog.CrashWatch(db)
    watch.start()
    try:
        try:
            raise RuntimeError("槽函数里的错误")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        watch.stop()
    logged = crashlog.log_path(db).read_text(encoding="utf-8")
    assert "uncaught exception" in logged and "槽函数里的错误" in logged


def test_no_display_is_named_as_such(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    if sys.platform.startswith("linux"):
        assert "没有找到图形界面" in platform.display_problem()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert platform.display_problem() is None


def test_an_unreachable_display_is_named(monkeypatch):
    if not sys.platform.startswith("linux"):
        return
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":4321")
    assert "DISPLAY=:4321" in platform.display_problem()


def test_the_app_refuses_to_start_without_a_display_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run(
        [sys.executable, "-m", "quickreply", "--db", str(tmp_path / "x.db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if sys.platform.startswith("linux"):
        assert done.returncode == 2
        assert done.stderr.strip().startswith("quickreply: 没有找到图形界面") and "xcb" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_a_marker_of_a_killed_process_not_yet_reaped_is_a_crash(tmp_path):
    """A killed app stays a zombie until its parent collects it; it no longer runs."""
    db = tmp_path / "shop.db"
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    crashlog.marker_path(db).write_text(f"{child.pid}\n2026-12-02T09:00:00\n", encoding="utf-8")
    child.kill()
    try:
        deadline = time.monotonic() + 5
        while crashlog.CrashWatch(db).previous_crash is None and time.monotonic() < deadline:
            time.sleep(0.02)  # the kill takes a moment to land; the zombie stays until wait()
        assert crashlog.CrashWatch(db).previous_crash == "2026-12-02T09:00:00"
    finally:
        child.wait()
