"""A restore's new library: the rows of a checked backup copied into a database the migrations build
afresh, then written over the live library in one step -- so nothing but data ever comes from the file.

A backup is a file from anywhere. Adopting it (SQLite's backup API straight from the file, as
restores used to) would also adopt whatever it carries beside the rows: a trigger that deletes
every phrase on the next paste, a view, a changed table. ``dbfile.inspect`` refuses such files, and
this copy makes sure of it twice: the schema comes from ``migrations``, only the rows of
``schema.data_tables`` come from the backup, and the text index is built anew. The new database
takes the live one's page size, so it can be written over a live library in WAL mode (a backup with
8192-byte pages made SQLite refuse the write as "readonly").
"""

from __future__ import annotations

import contextlib
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from quickreply.core import changes, dbfile, health, locks, migrations, schema, textindex

REPLACE_SLEEP_MS = 50  # between tries while another process holds the library's write lock
# Rows the store would fail to read back: JSON lists that are not lists, settings that are not JSON.
_BAD_ROWS = (
    "SELECT 'phrases', id FROM phrases WHERE CASE WHEN json_valid(questions) AND json_valid(tags)"
    " THEN json_type(questions) != 'array' OR json_type(tags) != 'array' ELSE 1 END",
    "SELECT 'settings', name FROM settings WHERE NOT json_valid(value)",
)


@contextlib.contextmanager
def built(source: Path, version: int, page_size: int, folder: Path | None) -> Iterator[sqlite3.Connection]:
    """A new database with the rows of ``source`` (which passed ``dbfile.inspect`` at ``version``),
    brought to the current schema and text index. It lives in a private temporary folder inside
    ``folder`` (beside the library), or in memory when ``folder`` is None, and is gone after the block.

    StoreError when the rows cannot be read or are not what the store can read back.
    """
    with contextlib.ExitStack() as stack:
        try:
            target = ":memory:"
            if folder is not None:
                temporary = stack.enter_context(tempfile.TemporaryDirectory(prefix=".restore-", dir=folder))
                target = str(Path(temporary) / "restore.db")
            conn = sqlite3.connect(target, isolation_level=None, uri=True)
            stack.callback(conn.close)
            problem = _fill(conn, source, version, page_size)
        except (sqlite3.Error, OSError) as exc:
            problem = dbfile.damage_reason(exc) if dbfile.is_damage(exc) else health.message(exc)
        if problem:
            raise dbfile.StoreError(f"无法从 {source} 恢复:{problem}")
        yield conn


def _fill(conn: sqlite3.Connection, source: Path, version: int, page_size: int) -> str | None:
    """Build the schema of ``version``, copy the rows, check them, migrate; a problem or None."""
    conn.execute(f"PRAGMA page_size={int(page_size)}")
    conn.execute("PRAGMA journal_mode=OFF")  # a scratch database: on any failure it is thrown away
    textindex.register(conn)
    changes.register(conn, 0)
    with _transaction(conn):
        for migration in migrations.MIGRATIONS[:version]:
            migration(conn)
        conn.execute(f"PRAGMA user_version={version}")
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    conn.execute("ATTACH DATABASE ? AS backup", [dbfile.readonly_uri(source)])
    with _transaction(conn):  # the rows as they are: no trigger may log or change them on the way
        for name, _ in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        for table in schema.data_tables(version):
            conn.execute(f'DELETE FROM main."{table}"')
            conn.execute(f'INSERT INTO main."{table}" SELECT * FROM backup."{table}"')
        if "sqlite_sequence" in schema.expected(version):
            conn.execute("DELETE FROM main.sqlite_sequence")
            conn.execute("INSERT INTO main.sqlite_sequence SELECT * FROM backup.sqlite_sequence")
        for _, sql in triggers:
            conn.execute(sql)
    conn.execute("DETACH DATABASE backup")
    problem = _unreadable(conn, version)
    if problem:
        return problem
    migrations.upgrade(conn, version, lambda: _transaction(conn))
    textindex.ensure(conn, lambda: _transaction(conn))
    return None


def _unreadable(conn: sqlite3.Connection, version: int) -> str | None:
    """Read every row once (text that is not UTF-8 raises here, not later in the store)."""
    for table in schema.data_tables(version):
        for _ in conn.execute(f'SELECT * FROM "{table}"'):
            pass
    for query in _BAD_ROWS:
        try:
            bad = conn.execute(query).fetchone()
        except sqlite3.OperationalError:  # an SQLite without JSON functions: the store finds out later
            continue
        if bad:
            return f"表 {bad[0]} 中「{bad[1]}」的内容不是有效的 JSON"
    return None


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN")
    yield
    conn.execute("COMMIT")


def page_size(conn: sqlite3.Connection) -> int:
    """The page size of the database ``conn`` has open."""
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


def replace(live: sqlite3.Connection, fresh: sqlite3.Connection, wait: float) -> None:
    """Write ``fresh`` over the live library in one transaction (SQLite's backup API; other
    connections see the new content at their next read). Busy when another process holds the
    write lock for longer than ``wait`` seconds; nothing is written then."""
    deadline = time.monotonic() + wait

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() >= deadline:
            raise locks.busy_error(wait)

    fresh.backup(live, progress=progress, sleep=REPLACE_SLEEP_MS / 1000)
