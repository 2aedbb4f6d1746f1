"""The database as a file: integrity and schema check before opening, consistent backups, backup rotation.

Kept apart from the store so that nothing here ever writes to a file it has not just created: a
corrupt or foreign database is reported, never repaired, replaced or overwritten.
"""

from __future__ import annotations

import datetime
import re
import sqlite3
from pathlib import Path

from quickreply.core import safepath, schema

# What ``backup_name`` writes after "<stem>-": date, time, microseconds, reason. Only names of exactly
# this form count as a library's backups, so a library named "shop" never prunes "shop-old"'s.
REASON = r"[a-z]+(?:-[a-z]+)*"
INTEGRITY_ERRORS_SHOWN = 3
_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
_UNDECODABLE = re.compile(r"Could not decode to UTF-8 column '([^']*)'")
BACKUP_TAIL = rf"-\d{{8}}-\d{{6}}-\d{{6}}-{REASON}\.db"


class StoreError(Exception):
    """Any failure of the phrase store that the user must be told about in one sentence."""


class DatabaseUnusable(StoreError):
    """The database file cannot be used as it is (corrupt, foreign or too new); it was left untouched.

    ``in_use``: found damaged while open, after which nothing more is written to it.
    """

    def __init__(self, path: Path, reason: str, newest_backup: Path | None, in_use: bool = False) -> None:
        self.path = path
        self.reason = reason
        self.newest_backup = newest_backup
        hint = f";最新的备份:{newest_backup}" if newest_backup else ";没有找到自动备份"
        if in_use:
            message = f"数据库文件已损坏({reason}):{path}{hint}。本次不再写入,请从备份恢复。"
        else:
            message = f"数据库文件无法使用({reason}):{path}{hint}。文件未作任何改动。"
        super().__init__(message)


def readonly_uri(path: Path) -> str:
    # immutable=1 keeps SQLite from creating -wal/-shm files beside a file we only inspect; when a
    # -wal file exists its committed pages matter, so then a plain read-only open is used instead.
    wal = path.with_name(path.name + "-wal")
    flag = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{flag}"


def is_damage(exc: BaseException) -> bool:
    """Whether an error means the file's content is damaged (not a lock, a full disk or a bug):
    a corrupt page or index, not a database at all, or text that is not UTF-8."""
    if isinstance(exc, UnicodeDecodeError):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in _DAMAGE_CODES:
        return True
    text = str(exc)
    return "disk image is malformed" in text or "not a database" in text or bool(_UNDECODABLE.search(text))


def damage_reason(exc: BaseException) -> str:
    """What is damaged, in one line (never quoting the damaged bytes themselves)."""
    undecodable = _UNDECODABLE.search(str(exc))
    if undecodable or isinstance(exc, UnicodeDecodeError):
        column = f"(列 {undecodable.group(1)})" if undecodable else ""
        return f"有无法读取的文字,不是 UTF-8{column}"
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    code = getattr(exc, "sqlite_errorcode", 0)
    if isinstance(code, int) and code & 0xFF == sqlite3.SQLITE_NOTADB:
        return f"不是数据库文件:{detail}"
    return f"数据页或索引损坏:{detail}"


def inspect(path: Path, schema_version: int) -> tuple[int, str | None]:
    """Check an existing database file without writing to it: a full integrity check (every page,
    every index entry), then exactly the schema quickreply's migrations create (``schema``).

    Returns (user_version, problem); problem is None when the file is a healthy quickreply
    database (or a still-empty SQLite file) that this version can open. Errors that are not about
    the file's content (a lock, an I/O error) are raised as they are.
    """
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        return 0, f"无法打开:{exc}"
    # A damaged file's check messages may quote damaged bytes that are not UTF-8.
    conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = conn.execute(f"PRAGMA integrity_check({INTEGRITY_ERRORS_SHOWN})").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            return 0, "文件已损坏:" + "; ".join(str(r[0]) for r in rows)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        encoding = str(conn.execute("PRAGMA encoding").fetchone()[0])
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if version > schema_version:
            return version, f"由更新版本的 quickreply 创建(数据版本 {version},本程序支持到 {schema_version})"
        if (version == 0 and tables) or encoding != "UTF-8":
            return version, "不是 quickreply 的数据库"
        found = schema.problem(conn, version) if version > 0 else None
        return version, found and f"不是 quickreply 创建的数据库结构:{found}"
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        if not is_damage(exc):
            raise
        return 0, damage_reason(exc)
    finally:
        conn.close()


def copy_database(source: sqlite3.Connection, dest_path: Path, database: Path | None = None) -> Path:
    """Write a consistent, self-contained copy of an open database with SQLite's backup API.

    The copy is written beside the destination first (``safepath.replacing_path``: never onto
    ``database`` or its files, readable by the user only) and renamed into place, so a failed copy
    leaves neither a half-written file under the final name nor its ``.part``.
    """
    dest_path = Path(dest_path)
    safepath.private_dirs(dest_path.parent)
    with safepath.replacing_path(dest_path, database) as part:
        try:
            dest = sqlite3.connect(part)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")
                dest.commit()
            finally:
                dest.close()
        except BaseException:
            part.with_name(part.name + "-journal").unlink(missing_ok=True)
            raise
    return dest_path


def backup_name(stem: str, reason: str, now: datetime.datetime | None = None) -> str:
    """A sortable file name for an automatic backup: quickreply-20261124-071502-123456-auto.db.

    ``reason`` is lower-case words joined by "-" (auto, manual, before-import …).
    """
    if not re.fullmatch(REASON, reason):
        raise ValueError(f"backup reason must be lower-case words joined by '-': {reason!r}")
    now = now or datetime.datetime.now()
    return f"{stem}-{now:%Y%m%d-%H%M%S-%f}-{reason}.db"


def list_backups(backup_dir: Path | None, stem: str) -> list[Path]:
    """Automatic backups of the database named ``stem`` (names ``backup_name`` wrote for exactly
    this stem, nothing else in the folder), oldest first."""
    if backup_dir is None or not backup_dir.is_dir():
        return []
    own = re.compile(re.escape(stem) + BACKUP_TAIL)
    return sorted(p for p in backup_dir.iterdir() if own.fullmatch(p.name) and p.is_file())


def prune_backups(backup_dir: Path, stem: str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` automatic backups; returns what was deleted."""
    backups = list_backups(backup_dir, stem)
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
