"""The real command line on a copied library, and what it did to the file: exit status, stderr, a dump hash."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

PACK = {
    "format": "quickreply-pack",
    "version": 1,
    "name": "双十一",
    "stages": [],
    "phrases": [{"stage": "greeting", "title": "双十一开场", "code": "ssy", "body": "亲,双十一活动进行中"}],
}
# The tables whose rows are the library; a refused command must leave every one of them as it was.
TABLES = ("stages", "packs", "phrases", "usage", "settings", "changes")


def qr(
    db: Path, *argv: str, preexec_fn: Callable[[], None] | None = None, timeout: float = 90
) -> subprocess.CompletedProcess[str]:
    """``python -m quickreply --db DB …`` in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "quickreply", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        preexec_fn=preexec_fn,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    """stdout of a command that must have worked."""
    assert done.returncode == 0, done.stderr
    return done.stdout


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> str:
    """The error of a command that must have failed with one line on stderr, no traceback."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def dump_hash(db: Path) -> str:
    """A hash of the schema and of every row of the tables that matter, read without writing (like
    ``iterdump``, which cannot read the contentless full-text tables)."""
    # immutable: no -wal/-shm left behind (a read-only connection would not remove them)
    flag = "mode=ro" if db.with_name(db.name + "-wal").exists() else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?{flag}", uri=True)
    conn.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")  # damaged text too
    try:
        lines = [repr(row) for row in conn.execute("SELECT * FROM sqlite_master ORDER BY type, name")]
        for table in TABLES:
            lines += [repr(row) for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')]
    finally:
        conn.close()
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


def make_template(folder: Path) -> Path:
    """A closed library as a shop has it: the default pack and one phrase of its own (code "mine")."""
    from quickreply.core import defaults, models

    path = folder / "template.db"
    db = defaults.open_library(path)
    db.add(models.Phrase(stage_id="shipping", title="自己的发货", body="亲,今天下单明天发", code="mine"))
    db.close()
    return path


def write_pack(folder: Path) -> Path:
    """PACK as a JSON pack file in ``folder``."""
    path = folder / "双十一.qrpack.json"
    path.write_text(json.dumps(PACK, ensure_ascii=False), encoding="utf-8")
    return path


def file_size_limit(limit: int) -> Callable[[], None]:
    """For a child process: files may not grow past ``limit`` bytes (EFBIG instead of SIGXFSZ).

    Such a child is not measured by coverage.py (`make test`): its data file would not fit either.
    """

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        os.environ.pop("COVERAGE_PROCESS_CONFIG", None)  # runs in the child: its exec inherits this

    return apply


def copy_library(template: Path, target: Path) -> Path:
    """A copy of a closed library (no -wal) under a new name."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, target)
    return target


def without_root_override() -> Callable[[], None] | None:
    """For a child process: file permissions apply even to root (Linux: drop CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH from the bounding set before exec). None when not root."""
    if os.geteuid() != 0:
        return None

    def drop() -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return drop


def altered(source: Path, target: Path, *statements: str, version: int | None = None) -> Path:
    """A copy of ``source`` with ``statements`` run on it (quickreply's SQL functions registered, so
    its triggers still fire) and, if given, ``user_version`` set."""
    from quickreply.core import changes, textindex

    copy_library(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    textindex.register(conn)
    changes.register(conn, 1)
    try:
        for statement in statements:
            conn.execute(statement)
        if version is not None:
            conn.execute(f"PRAGMA user_version={version}")
    finally:
        conn.close()
    return target


def without_index_entry(db: Path, index: str, change: str) -> None:
    """Damage ``db`` so that ``quick_check`` still passes: run ``change`` while SQLite does not know
    ``index`` exists, so the index misses what ``change`` wrote (integrity_check sees it)."""
    from quickreply.core import changes, textindex

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(db, isolation_level=None)
        textindex.register(conn)
        changes.register(conn, 1)
        return conn

    conn = connect()
    conn.execute("PRAGMA writable_schema=ON")
    row = conn.execute(
        "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master WHERE name = ?", [index]
    )
    entry = row.fetchone()
    conn.execute("DELETE FROM sqlite_master WHERE name = ?", [index])
    conn.close()
    conn = connect()
    conn.execute(change)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute(
        "INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) VALUES (?, ?, ?, ?, ?)", entry
    )
    conn.close()
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    assert check.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    check.close()


def with_page_size(source: Path, target: Path, page_size: int) -> Path:
    """A copy of ``source`` whose pages are ``page_size`` bytes (a valid backup all the same)."""
    copy_library(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute(f"PRAGMA page_size={page_size}")
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA page_size").fetchone()[0] == page_size
    conn.close()
    return target


def with_undecodable_title(db: Path, code: str) -> None:
    """Give the phrase with shortcut ``code`` a title that is not UTF-8 (integrity_check passes)."""
    from quickreply.core import changes, textindex

    conn = sqlite3.connect(db, isolation_level=None)
    textindex.register(conn)
    changes.register(conn, 1)
    trigger = f"phrase_text_v{textindex.VERSION}_update"
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [trigger]).fetchone()[0]
    conn.execute(f"DROP TRIGGER {trigger}")  # its functions would have to read the bad text
    conn.execute("UPDATE phrases SET title = CAST(X'E5A5BDFF41' AS TEXT) WHERE code = ?", [code])
    conn.execute(sql)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()
