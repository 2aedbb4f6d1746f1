"""The database schema, as forward-only migrations: migration N takes ``PRAGMA user_version`` from N-1 to N.

A shipped migration is never edited; a change to the schema is a new function at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from quickreply.core import pinyin, stages


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run DDL statement by statement (executescript would commit the migration's transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _migration_1(conn: sqlite3.Connection) -> None:
    _run_script(
        conn,
        """
        CREATE TABLE stages(
            id TEXT PRIMARY KEY, name_zh TEXT NOT NULL, name_en TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL);
        CREATE TABLE packs(
            id TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '', sha256 TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL, read_only INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE phrases(
            id INTEGER PRIMARY KEY,
            stage_id TEXT NOT NULL REFERENCES stages(id),
            title TEXT NOT NULL, code TEXT NOT NULL DEFAULT '', body TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '', questions TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0,
            pack_id TEXT REFERENCES packs(id) ON DELETE CASCADE,
            auto_send INTEGER NOT NULL DEFAULT 0,
            title_py TEXT NOT NULL DEFAULT '', title_ini TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX phrases_stage ON phrases(stage_id, position);
        CREATE INDEX phrases_code ON phrases(code);
        CREATE TABLE usage(
            id INTEGER PRIMARY KEY,
            phrase_id INTEGER NOT NULL REFERENCES phrases(id) ON DELETE CASCADE,
            used_at TEXT NOT NULL, query TEXT NOT NULL DEFAULT '', action TEXT NOT NULL DEFAULT 'paste');
        CREATE INDEX usage_phrase ON usage(phrase_id, used_at);
        CREATE TABLE settings(name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )
    conn.executemany(
        "INSERT INTO stages(id, name_zh, name_en, position) VALUES (?, ?, ?, ?)",
        [(s.id, s.name_zh, s.name_en, s.position) for s in stages.CANONICAL],
    )


def _migration_2(conn: sqlite3.Connection) -> None:
    """Search keys: spaced title syllables (for highlighting) and polyphone alternatives."""
    conn.execute("ALTER TABLE phrases ADD COLUMN title_alt TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT id, title FROM phrases").fetchall()
    conn.executemany(
        "UPDATE phrases SET title_py = ?, title_ini = ?, title_alt = ? WHERE id = ?",
        [(pinyin.full(t), pinyin.initials(t), pinyin.alternatives(t), i) for i, t in rows],
    )


# Forward-only: migration N brings the schema from user_version N-1 to N. Never edit a shipped one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migration_1, _migration_2]
SCHEMA_VERSION = len(MIGRATIONS)
