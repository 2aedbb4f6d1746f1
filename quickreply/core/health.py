"""Whether the open library can still be trusted: SQLite's failures as one line for the user, and a
library found damaged in use is read but never written again in that session.

``dbfile.inspect`` checks a file when it is opened. Some damage only shows in use: text that is not
UTF-8 (no check reads it), a page or index that breaks while the app runs. The store's connection
is a ``Connection``: its cursors turn such an error into ``Damaged`` (one line naming the newest
backup) and from then on SQLite's authorizer denies every write, so a damaged file is not made
worse. ``Damaged`` is an ``sqlite3.DatabaseError`` too, so code that already copes with a failing
database (the change feed, the text index) goes on coping the same way.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

from quickreply.core import dbfile, locks, safepath

log = logging.getLogger(__name__)

MAX_INTEGER = 2**63 - 1  # SQLite's integers are 64-bit
# What SQLite's authorizer denies once the library is found damaged: every change of rows or schema.
_WRITES = frozenset(
    getattr(sqlite3, name)
    for name in (
        "SQLITE_INSERT",
        "SQLITE_UPDATE",
        "SQLITE_DELETE",
        "SQLITE_ALTER_TABLE",
        "SQLITE_ANALYZE",
        "SQLITE_REINDEX",
        "SQLITE_CREATE_INDEX",
        "SQLITE_CREATE_TABLE",
        "SQLITE_CREATE_TRIGGER",
        "SQLITE_CREATE_VIEW",
        "SQLITE_CREATE_VTABLE",
        "SQLITE_DROP_INDEX",
        "SQLITE_DROP_TABLE",
        "SQLITE_DROP_TRIGGER",
        "SQLITE_DROP_VIEW",
        "SQLITE_DROP_VTABLE",
    )
)
_OPENS = {sqlite3.SQLITE_TRANSACTION: ("BEGIN", "COMMIT"), sqlite3.SQLITE_SAVEPOINT: ("BEGIN",)}


class Damaged(dbfile.DatabaseUnusable, sqlite3.DatabaseError):
    """The library turned out damaged in use; nothing more is written to it in this session."""


class TooLarge(dbfile.StoreError, OverflowError):
    """A number beyond SQLite's 64-bit integers (an id or a position from a pack)."""

    def __init__(self) -> None:
        super().__init__(f"数字太大:短语库只能保存 {-MAX_INTEGER - 1} 到 {MAX_INTEGER} 之间的整数")


class Connection(sqlite3.Connection):
    """The store's connection: its cursors notice damage and huge numbers (see the module)."""

    path: Path | None = None
    damage: str | None = None  # what was found damaged, once it was

    def watch(self, path: Path | None, newest_backup: Callable[[], Path | None]) -> None:
        """Name the file in messages, and where its newest backup is found."""
        self.path = path
        self._newest_backup = newest_backup

    def cursor(self, factory: Any = None) -> Any:
        return super().cursor(factory or Cursor)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, parameters)

    def damaged(self) -> Damaged:
        """The error for this library once it was found damaged."""
        backup = getattr(self, "_newest_backup", lambda: None)()
        return Damaged(self.path or Path(":memory:"), self.damage or "", backup, in_use=True)

    def translate(self, exc: Exception) -> Exception | None:
        """What to raise instead of ``exc`` (None: ``exc`` itself)."""
        if isinstance(exc, OverflowError) and not isinstance(exc, TooLarge):
            return TooLarge()
        if isinstance(exc, Damaged) or not isinstance(exc, sqlite3.DatabaseError | UnicodeDecodeError):
            return None
        if self.damage is not None and "not authorized" in str(exc):
            return self.damaged()
        if not dbfile.is_damage(exc):
            return None
        if self.damage is None:
            self.damage = dbfile.damage_reason(exc)
            log.info("library %s found damaged in use, no more writes: %s", self.path, exc)
            self.set_authorizer(_read_only)
        return self.damaged()


def _read_only(action: int, arg1: str | None, arg2: str | None, db: str | None, source: str | None) -> int:
    if action in _WRITES or arg1 in _OPENS.get(action, ()):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


_execute = sqlite3.Cursor.execute
_executemany = sqlite3.Cursor.executemany
_fetchone = sqlite3.Cursor.fetchone
_fetchmany = sqlite3.Cursor.fetchmany
_fetchall = sqlite3.Cursor.fetchall
_next = sqlite3.Cursor.__next__


class Cursor(sqlite3.Cursor):
    """A cursor of a ``Connection``: every statement and every row read goes through ``translate``."""

    def _failed(self, exc: Exception) -> Exception | None:
        return cast(Connection, self.connection).translate(exc)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        try:
            return _execute(self, sql, parameters)
        except Exception as exc:
            if (instead := self._failed(exc)) is None:
                raise
            raise instead from exc

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        try:
            return _executemany(self, sql, parameters)
        except Exception as exc:
            if (instead := self._failed(exc)) is None:
                raise
            raise instead from exc

    def fetchone(self) -> Any:
        try:
            return _fetchone(self)
        except Exception as exc:
            if (instead := self._failed(exc)) is None:
                raise
            raise instead from exc

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        try:
            return _fetchmany(self, size)
        except Exception as exc:
            if (instead := self._failed(exc)) is None:
                raise
            raise instead from exc

    def fetchall(self) -> list[Any]:
        try:
            return _fetchall(self)
        except Exception as exc:
            if (instead := self._failed(exc)) is None:
                raise
            raise instead from exc

    def __next__(self) -> Any:
        try:
            return _next(self)
        except StopIteration:
            raise
        except Exception as exc:
            if (instead := self._failed(exc)) is None:
                raise
            raise instead from exc


def connect(
    path: Path | None, timeout: float, newest_backup: Callable[[], Path | None]
) -> sqlite3.Connection:
    """The store's connection to ``path`` (None: in memory). A new database file is created readable
    by the user only (SQLite gives its -wal and -shm the same mode), in folders made so too."""
    if path is not None:
        safepath.private_dirs(path.parent)
        safepath.create_private(path)
    conn = sqlite3.connect(
        ":memory:" if path is None else path, isolation_level=None, timeout=timeout, factory=Connection
    )
    conn.watch(path, newest_backup)
    return conn


def writable(conn: sqlite3.Connection) -> None:
    """Damaged when the library was found damaged in this session (before a write SQL cannot stop)."""
    if isinstance(conn, Connection) and conn.damage is not None:
        raise conn.damaged()


def reason(exc: BaseException) -> str | None:
    """Why the database file could not be read or written, in a few words; None when ``exc`` is not
    about the file or the disk (a bug, a constraint, damage -- which ``Damaged`` reports)."""
    if isinstance(exc, OSError):
        return safepath.reason(exc)
    code = getattr(exc, "sqlite_errorcode", None)
    if not isinstance(exc, sqlite3.Error) or not isinstance(code, int):
        return None
    return {
        sqlite3.SQLITE_FULL: "磁盘空间不足",
        sqlite3.SQLITE_READONLY: "文件或所在文件夹是只读的",
        sqlite3.SQLITE_CANTOPEN: "无法打开文件(文件夹不存在、是只读的或没有权限)",
        sqlite3.SQLITE_PERM: "没有权限",
        sqlite3.SQLITE_IOERR: "读写磁盘出错(磁盘已满、文件超过系统允许的大小或磁盘故障)",
    }.get(code & 0xFF)


def translate(
    exc: BaseException, path: Path | None, doing: str, wait: float = locks.BUSY_TIMEOUT
) -> dbfile.StoreError | None:
    """The one-line error for a failure of the library file itself, or None when ``exc`` is another."""
    if isinstance(exc, dbfile.StoreError):
        return None
    if locks.is_busy(exc):
        return locks.busy_error(wait)
    why = reason(exc)
    return None if why is None else dbfile.StoreError(f"无法{doing}短语库 {path or '(内存)'}:{why}")


@contextlib.contextmanager
def translated(path: Path | None, doing: str, files: bool = False) -> Iterator[None]:
    """SQLite's errors inside (and OSError too when ``files``) as the user's one line (``translate``)."""
    kinds: tuple[type[BaseException], ...] = (sqlite3.Error, OSError) if files else (sqlite3.Error,)
    try:
        yield
    except kinds as exc:
        instead = translate(exc, path, doing)
        if instead is None:
            raise
        raise instead from exc


def undo(conn: sqlite3.Connection, depth: int) -> None:
    """Roll back a failed transaction (depth 0) or savepoint ``sp{depth}``, unless SQLite already
    rolled everything back (a full disk or an I/O error can)."""
    if not conn.in_transaction:
        return
    try:
        if depth == 0:
            conn.execute("ROLLBACK")
        else:
            conn.execute(f"ROLLBACK TO sp{depth}")
            conn.execute(f"RELEASE sp{depth}")
    except sqlite3.Error as exc:  # the original failure is what the user must hear about
        log.info("rollback failed: %s", exc)


def message(exc: BaseException) -> str:
    """One line for any failure of a database or file that reached the command line."""
    why = reason(exc)
    if why is None:
        return (str(exc).splitlines() or [type(exc).__name__])[0]
    filename = getattr(exc, "filename", None)
    return f"{why}:{filename}" if filename else why
