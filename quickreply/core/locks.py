"""Sharing the database file with other processes: bounded waits for their write locks, and a hold on
the write-ahead log that no stray ``close()`` in this process can drop.

Why the hold: SQLite's locks on Unix are POSIX record locks, which belong to the process, and any
``close()`` of *any* descriptor of the file in that process drops them all. Qt's file dialog does
exactly that when it shows the library's folder (it opens ``quickreply.db``, ``-wal`` and ``-shm``
to guess their types). The app then still has its connection but no locks; the next quickreply
command that closes its own connection finds no one else holding the file, checkpoints, and
deletes ``-wal`` and ``-shm`` under the app. From then on the app writes into a deleted file that
no other process sees. ``WalGuard`` takes the two locks every open connection keeps for its whole
life -- a read lock on the database's shared-lock range and on the ``-shm`` "in use" byte -- a
second time, as open-file-description locks (Linux), which belong to the guard's own descriptors
and survive any other ``close()``. Elsewhere (Windows locks per handle; macOS lacks them) the
guard holds nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import struct
import sys
from collections.abc import Iterator
from pathlib import Path

from quickreply.core import dbfile

log = logging.getLogger(__name__)

BUSY_TIMEOUT = 2.0  # seconds a write waits for another process's write lock before Busy is raised
# SQLite's lock bytes (its file format, stable across versions): the database's shared-lock range
# sits just past the pending byte at 1 GiB; in -shm, byte 128 (after the 8 WAL locks at 120) is the
# "dead man switch" every connection reads-locks while it has the file open.
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
SHM_DMS = 128


class Busy(dbfile.StoreError):
    """Another program holds the library's write lock for longer than this store waits."""


def is_busy(exc: BaseException) -> bool:
    """Whether SQLite gave up waiting for a lock (SQLITE_BUSY or SQLITE_LOCKED, any extended code)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def busy_error(seconds: float) -> Busy:
    """The one-line message a user sees when a write found the library locked."""
    return Busy(f"短语库正被另一个程序写入(已等待 {seconds:g} 秒),请稍后再试")


def begin(conn: sqlite3.Connection) -> None:
    """Start a write transaction, waiting for the write lock as long as the connection waits; Busy after."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise busy_error(wait_of(conn)) from exc
        raise


def wait_of(conn: sqlite3.Connection) -> float:
    """How long a statement on ``conn`` waits for a lock, in seconds."""
    return int(conn.execute("PRAGMA busy_timeout").fetchone()[0]) / 1000


@contextlib.contextmanager
def waiting(conn: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """Statements inside wait at most ``seconds`` for a lock (the connection's own wait comes back after)."""
    before = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
    conn.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA busy_timeout={before}")


class WalGuard:
    """Holds, for one open store, the locks that tell other processes the file is still in use.

    Create it after the connection has read the database (so ``-shm`` exists); ``release`` it
    before closing the connection, so that the last process to close still cleans up.
    """

    def __init__(self, path: Path) -> None:
        self.fds: list[int] = []
        if sys.platform != "linux":
            return
        for target, start, length in (
            (path, SHARED_FIRST, SHARED_SIZE),
            (path.with_name(path.name + "-shm"), SHM_DMS, 1),
        ):
            fd = _read_lock(target, start, length)
            if fd is not None:
                self.fds.append(fd)

    @property
    def held(self) -> bool:
        return bool(self.fds)

    def release(self) -> None:
        fds, self.fds = self.fds, []
        for fd in fds:
            os.close(fd)


def _read_lock(path: Path, start: int, length: int) -> int | None:
    """A new read-only descriptor of ``path`` holding an open-file-description read lock on a range."""
    if sys.platform != "linux":
        return None
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as exc:
        log.info("no WAL guard on %s: %s", path, exc)
        return None
    # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for open-file-description locks)
    request = struct.pack("@hhqqi", fcntl.F_RDLCK, os.SEEK_SET, start, length, 0)
    try:
        fcntl.fcntl(fd, fcntl.F_OFD_SETLK, request)
    except OSError as exc:  # a kernel before 3.15, or a file system without such locks
        os.close(fd)
        log.info("no WAL guard on %s: %s", path, exc)
        return None
    return fd
