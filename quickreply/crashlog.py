"""The tray app's log file and crash marker: a crash is never silent, and the next start says so.

The log sits beside the library (``quickreply.log`` for ``quickreply.db``). A fatal error's
traceback lands there (a crash inside the Qt binding kills the process before any Python
handler runs), uncaught exceptions from Qt slots are logged too, and a marker file
lives while the app runs: finding it at start-up, left by a process that is gone, means the last
run did not end cleanly.
"""

from __future__ import annotations

import datetime
import faulthandler
import logging
import os
import sys
import types
from pathlib import Path
from typing import IO

log = logging.getLogger(__name__)
MAX_LOG_BYTES = 2_000_000  # one older log is kept as .log.1


def log_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".log")


def marker_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + ".running")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    if pid <= 0:
        return False
    stat = Path(f"/proc/{pid}/stat")
    if sys.platform.startswith("linux") and Path("/proc/self/stat").exists():
        try:
            # The state follows the parenthesised command name, which may itself hold spaces.
            return stat.read_text().rpartition(")")[2].split()[0] not in ("Z", "X")
        except (OSError, IndexError):
            return False
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process on Windows
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
        return bool(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class CrashWatch:
    """Started once per app run; ``previous_crash`` tells whether the last run died.

    Args:
        db_path: the library; the log and the marker go beside it.
    """

    def __init__(self, db_path: Path) -> None:
        self.log_file = log_path(db_path)
        self.marker = marker_path(db_path)
        self.previous_crash: str | None = self._read_marker()
        self._stream: IO[str] | None = None
        self._handler: logging.Handler | None = None
        self._old_hook = sys.excepthook
        self._faulthandler_was_on = faulthandler.is_enabled()
        self._console_fd: int | None = None  # the terminal's stderr while fd 2 points at the log
        self._console: IO[str] | None = None
        self._old_stderr: IO[str] | None = sys.stderr

    def _read_marker(self) -> str | None:
        """When the last run started, if its marker was left by a process that is gone."""
        try:
            pid_text, _, started = self.marker.read_text(encoding="utf-8").partition("\n")
        except (FileNotFoundError, UnicodeDecodeError, OSError):
            return None
        try:
            pid = int(pid_text)
        except ValueError:
            pid = 0
        if pid != os.getpid() and _alive(pid):
            return None  # another process of ours is still running on this library
        return started.strip() or "?"

    def start(self) -> None:
        """Open the log, route fatal errors and uncaught exceptions into it, set the marker."""
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        if self.log_file.exists() and self.log_file.stat().st_size > MAX_LOG_BYTES:
            os.replace(self.log_file, self.log_file.with_name(self.log_file.name + ".1"))
        self._stream = self.log_file.open("a", encoding="utf-8", buffering=1)
        self._route_stderr()
        self._handler = logging.StreamHandler(self._stream)
        self._handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logging.getLogger().addHandler(self._handler)
        faulthandler.enable(file=self._stream, all_threads=True)
        sys.excepthook = self._excepthook
        started = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        self.marker.write_text(f"{os.getpid()}\n{started}\n", encoding="utf-8")
        if self.previous_crash:
            log.warning("the previous run (started %s) ended without quitting", self.previous_crash)

    def _route_stderr(self) -> None:
        """Point file descriptor 2 at the log: CPython writes a fatal error's traceback there and nowhere
        else (it turns faulthandler off first), and so does Qt. Python's own stderr, and the log
        records shown on it, keep going to the terminal the app was started from."""
        assert self._stream is not None
        try:
            console = os.dup(2)
        except OSError:  # no stderr at all (pythonw on Windows): the log is the only place
            console = -1
        try:
            os.dup2(self._stream.fileno(), 2)
        except OSError as exc:
            log.warning("stderr not routed to the log: %s", exc)
            if console >= 0:
                os.close(console)
            return
        self._console_fd = console
        if console < 0:
            return
        self._old_stderr = sys.stderr
        self._console = os.fdopen(
            console, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False
        )
        sys.stderr = self._console
        for handler in logging.getLogger().handlers:
            if isinstance(handler, logging.StreamHandler) and handler.stream is self._old_stderr:
                handler.setStream(self._console)

    def _unroute_stderr(self) -> None:
        if self._console_fd is None:
            return
        if self._console is not None:
            for handler in logging.getLogger().handlers:
                if isinstance(handler, logging.StreamHandler) and handler.stream is self._console:
                    handler.setStream(self._old_stderr)
            sys.stderr = self._old_stderr
            self._console.close()
            self._console = None
        if self._console_fd >= 0:
            os.dup2(self._console_fd, 2)
            os.close(self._console_fd)
        self._console_fd = None

    def _excepthook(
        self, kind: type[BaseException], value: BaseException, tb: types.TracebackType | None
    ) -> None:
        """An exception escaping a Qt slot: logged with its traceback; the app goes on."""
        log.error("uncaught exception", exc_info=(kind, value, tb))
        self._old_hook(kind, value, tb)

    def stop(self) -> None:
        """A clean quit: the marker goes, the log closes."""
        self.marker.unlink(missing_ok=True)
        sys.excepthook = self._old_hook
        if self._stream is not None:
            faulthandler.disable()
            if self._faulthandler_was_on and sys.__stderr__ is not None:
                faulthandler.enable(file=sys.__stderr__)
            if self._handler is not None:
                logging.getLogger().removeHandler(self._handler)
            self._unroute_stderr()
            self._stream.close()
            self._stream = None
