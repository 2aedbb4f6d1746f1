"""The database schema, as forward-only migrations: migration N takes ``PRAGMA user_version`` from N-1 to N.

A shipped migration is never edited; a change to the schema is a new function at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

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


# The phrases columns as of migration 3; shipped migrations use it, so it never changes.
_PHRASE_COLUMNS = (
    "id, stage_id, title, code, body, note, questions, tags, position, pack_id, auto_send,"
    " title_py, title_ini, created_at, updated_at, title_alt"
)


def _migration_3(conn: sqlite3.Connection) -> None:
    """Phrase ids are never reused (AUTOINCREMENT): a deleted phrase's id must not come back as
    another phrase while a second process, or a use recorded late, still means the old one.

    SQLite cannot add AUTOINCREMENT in place, so the table is rebuilt with every row, id and
    column kept; its indexes and triggers (the text index's) are re-created from their own SQL,
    in their first order: without statistics SQLite breaks a tie between two indexes by that
    order, and the shortcut-code check must go on using ``phrases_code`` (not scan a stage).
    Runs with foreign keys off (the store sees to it): dropping the old table must not cascade
    into ``usage``, whose rows keep pointing at the same ids. Ids deleted before this migration
    are not reused either where something still names them (a ``usage`` row).
    """
    attached = [
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'phrases' AND type IN ('index', 'trigger')"
            " AND sql IS NOT NULL ORDER BY rowid"
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


def _migration_4(conn: sqlite3.Connection) -> None:
    """The change log other processes read (``core/changes.py``): every committed change of a
    phrase, a stage or a use, in commit order, with the connection that made it.

    Triggers fill it in the same transaction as the change, from any process; ``qr_writer()`` is
    the writing store's own number (every store registers it, like the text index's functions).
    An update that changes nothing (a renumbering that keeps a position) logs nothing. The log
    prunes itself: every 1,000th entry drops all but the newest 10,000.
    """
    conn.execute(
        "CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL,"
        " phrase_id INTEGER NOT NULL DEFAULT 0, writer INTEGER NOT NULL DEFAULT 0)"
    )
    changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in _PHRASE_COLUMNS.replace(" ", "").split(","))
    log = "INSERT INTO changes(kind, phrase_id, writer) VALUES"
    for statement in (
        f"CREATE TRIGGER changes_phrase_insert AFTER INSERT ON phrases"
        f" BEGIN {log} ('upsert', new.id, qr_writer()); END",
        f"CREATE TRIGGER changes_phrase_update AFTER UPDATE ON phrases WHEN {changed}"
        f" BEGIN {log} ('upsert', new.id, qr_writer()); END",
        f"CREATE TRIGGER changes_phrase_delete AFTER DELETE ON phrases"
        f" BEGIN {log} ('delete', old.id, qr_writer()); END",
        f"CREATE TRIGGER changes_use AFTER INSERT ON usage"
        f" BEGIN {log} ('use', new.phrase_id, qr_writer()); END",
        *(
            f"CREATE TRIGGER changes_stage_{event.lower()} AFTER {event} ON stages"
            f" BEGIN {log} ('stages', 0, qr_writer()); END"
            for event in ("INSERT", "UPDATE", "DELETE")
        ),
        "CREATE TRIGGER changes_prune AFTER INSERT ON changes WHEN new.seq % 1000 = 0"
        " BEGIN DELETE FROM changes WHERE seq <= new.seq - 10000; END",
    ):
        conn.execute(statement)


def _migration_5(conn: sqlite3.Connection) -> None:
    """Team mode's local side (``core/team_local.py``): the outbox of events waiting for the team
    server, each with the unique id that makes a resend harmless, and the team link's state (the
    server without its password, the versions pulled, the last sync)."""
    _run_script(
        conn,
        """
        CREATE TABLE team_outbox(
            id TEXT PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL, payload TEXT NOT NULL);
        CREATE TABLE team_state(key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    )


# Forward-only: migration N brings the schema from user_version N-1 to N. Never edit a shipped one.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
]
SCHEMA_VERSION = len(MIGRATIONS)


def upgrade(
    conn: sqlite3.Connection, version: int, transaction: Callable[[], AbstractContextManager[None]]
) -> None:
    """Run the migrations after ``version``, each in its own ``transaction()``, with foreign keys off
    (switchable only outside a transaction) so that a migration may rebuild a table."""
    if version >= len(MIGRATIONS):
        return
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        for number in range(version + 1, len(MIGRATIONS) + 1):
            with transaction():
                MIGRATIONS[number - 1](conn)
                conn.execute(f"PRAGMA user_version={number}")
    finally:
        conn.execute("PRAGMA foreign_keys=ON")
