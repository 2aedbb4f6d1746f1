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


_PHRASE_COLUMNS = (
    "id, stage_id, title, code, body, note, questions, tags, position, pack_id, auto_send,"
    " title_py, title_ini, created_at, updated_at, title_alt"
)


def _migration_3(conn: sqlite3.Connection) -> None:
    """Phrase ids are never reused (AUTOINCREMENT): a deleted phrase's id must not come back as
    another phrase while a second process, or a use recorded late, still means the old one.

    SQLite cannot add AUTOINCREMENT in place, so the table is rebuilt with every row, id and
    column kept; its indexes and triggers (the text index's) are re-created from their own SQL.
    Runs with foreign keys off (the store sees to it): dropping the old table must not cascade
    into ``usage``, whose rows keep pointing at the same ids. Ids deleted before this migration
    are not reused either where something still names them (a ``usage`` row).
    """
    attached = [
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'phrases' AND type IN ('index', 'trigger')"
            " AND sql IS NOT NULL ORDER BY type, name"
        )
    ]
    _run_script(
        conn,
        f"""
        CREATE TABLE phrases_v3(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            stage_id TEXT NOT NULL REFERENCES stages(id),
            title TEXT NOT NULL, code TEXT NOT NULL DEFAULT '', body TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '', questions TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0,
            pack_id TEXT REFERENCES packs(id) ON DELETE CASCADE,
            auto_send INTEGER NOT NULL DEFAULT 0,
            title_py TEXT NOT NULL DEFAULT '', title_ini TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            title_alt TEXT NOT NULL DEFAULT '');
        INSERT INTO phrases_v3({_PHRASE_COLUMNS}) SELECT {_PHRASE_COLUMNS} FROM phrases;
        DROP TABLE phrases;
        ALTER TABLE phrases_v3 RENAME TO phrases
        """,
    )
    for sql in attached:
        conn.execute(sql)
    last = conn.execute(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM phrases), 0),"
        " COALESCE((SELECT MAX(phrase_id) FROM usage), 0))"
    ).fetchone()[0]
    conn.execute("DELETE FROM sqlite_sequence WHERE name = 'phrases'")
    conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('phrases', ?)", [last])


# Forward-only: migration N brings the schema from user_version N-1 to N. Never edit a shipped one.
# A migration runs in one transaction with foreign keys off (so it may rebuild a table).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migration_1, _migration_2, _migration_3]
SCHEMA_VERSION = len(MIGRATIONS)
