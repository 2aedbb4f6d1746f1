"""The library as files: consistent backups into the backup folder, and the checks a backup file
passes before a restore may use it.

The work is in ``dbfile`` (copying, naming, rotation, the integrity and schema check) and
``replica`` (the fresh database a restore writes over the library); this module ties them to one
open store's file, folder and messages.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quickreply.core import dbfile, health, migrations

StoreError = dbfile.StoreError


def write_backup(conn: sqlite3.Connection, path: Path, database: Path | None, in_transaction: bool) -> Path:
    """A consistent copy of the open library at ``path``; StoreError in one line when it fails."""
    if in_transaction:
        raise StoreError("事务进行中,无法备份")
    try:
        return dbfile.copy_database(conn, path, database)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"无法写入备份 {path}:{health.message(exc)}") from exc


def rotated_backup(
    conn: sqlite3.Connection,
    folder: Path | None,
    stem: str,
    reason: str,
    keep: int,
    database: Path | None,
    in_transaction: bool,
) -> Path:
    """A backup named for ``reason`` in ``folder``, keeping only the newest ``keep`` there."""
    if folder is None:
        raise StoreError("内存数据库没有备份目录")
    made = write_backup(conn, folder / dbfile.backup_name(stem, reason), database, in_transaction)
    dbfile.prune_backups(folder, stem, keep)
    return made


def restorable_version(path: Path) -> int:
    """The schema version of a backup file a restore may use; StoreError saying why it may not
    (missing, unreadable, damaged, foreign, too new or empty)."""
    if not path.is_file():
        raise StoreError(f"找不到备份文件:{path}")
    with health.translated(path, "读取"):  # a backup that is locked or unreadable
        version, problem = dbfile.inspect(path, migrations.SCHEMA_VERSION)
    if problem or version == 0:
        raise StoreError(f"无法从 {path} 恢复:{problem or '这是一个空数据库'}")
    return version
