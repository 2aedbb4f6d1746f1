"""What a quickreply database may contain: exactly what its migrations and the text index create, so
that a file carrying anything else (a trigger, a view, a table, a changed column) is never opened or
restored.

The expected schema of a version is taken from a fresh in-memory database the migrations build up
to that version -- the same code that built every real library -- and compared object by object,
by name and SQL. The text index is the one part allowed to be missing or from an older
tokenisation: ``textindex.ensure`` drops and rebuilds it at every open, and a restore never copies
it. FTS5's shadow tables are SQLite's own bookkeeping of a checked virtual table, matched by name.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3

from quickreply.core import changes, migrations, textindex

Entry = tuple[str, str, str]  # type, table, SQL with whitespace folded
KINDS = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")  # FTS5's tables for one index
VIRTUAL = re.compile(r"CREATE VIRTUAL TABLE", re.IGNORECASE)
FTS5 = re.compile(r"CREATE VIRTUAL TABLE .* USING fts5\s*\(", re.IGNORECASE | re.DOTALL)


def objects(conn: sqlite3.Connection, database: str = "main") -> dict[str, Entry]:
    """Every schema object of ``database`` by lower-case name, FTS5 shadow tables left out."""
    rows = conn.execute(f"SELECT type, name, tbl_name, sql FROM {database}.sqlite_master").fetchall()
    found = {
        str(name).lower(): (str(kind), str(table).lower(), " ".join(str(sql or "").split()))
        for kind, name, table, sql in rows
    }
    virtual = [name for name, (kind, _, sql) in found.items() if kind == "table" and VIRTUAL.match(sql)]
    shadows = {name + suffix for name in virtual for suffix in SHADOW_SUFFIXES}
    return {name: entry for name, entry in found.items() if name not in shadows}


@functools.cache
def expected(version: int) -> dict[str, Entry]:
    """The schema objects the migrations create up to ``version`` (the text index aside)."""
    return _built(version, with_text_index=False)


@functools.cache
def text_index() -> dict[str, Entry]:
    """The current text index's tables and triggers (none where this SQLite lacks FTS5)."""
    built = _built(migrations.SCHEMA_VERSION, with_text_index=True)
    return {name: entry for name, entry in built.items() if textindex.owns(name)}


def _built(version: int, with_text_index: bool) -> dict[str, Entry]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        textindex.register(conn)
        changes.register(conn, 0)
        for migration in migrations.MIGRATIONS[:version]:
            migration(conn)
        if with_text_index:
            textindex.ensure(conn, contextlib.nullcontext)
        return objects(conn)
    finally:
        conn.close()


def data_tables(version: int) -> list[str]:
    """The tables whose rows are the library at ``version`` (what a restore copies), in creation order."""
    return [
        name
        for name, (kind, _, _) in expected(version).items()
        if kind == "table" and name != "sqlite_sequence"
    ]


def problem(conn: sqlite3.Connection, version: int, database: str = "main") -> str | None:
    """Why the schema of ``database`` is not exactly a library's at ``version`` (None when it is)."""
    have = objects(conn, database)
    want = expected(version)
    index = text_index()  # by its current names only ever exactly as this version writes it
    for name, (kind, table, sql) in have.items():
        if name in want or name in index:
            if (kind, table, sql) != want.get(name, index.get(name)):
                return f"{KINDS.get(kind, kind)}「{name}」的定义与 quickreply 的不同"
        elif not _older_text_index(name, kind, table, sql):
            return f"含有 quickreply 不会创建的{KINDS.get(kind, kind)}「{name}」"
    for name, (kind, _, _) in want.items():
        if name not in have:
            return f"缺少{KINDS.get(kind, kind)}「{name}」"
    return None


def _older_text_index(name: str, kind: str, table: str, sql: str) -> bool:
    """A text index table or trigger of another tokenisation (or one this SQLite cannot check for
    lack of FTS5): ``textindex.ensure`` drops every such object before anything is written."""
    if not textindex.owns(name):
        return False
    if kind == "trigger":
        return table == "phrases"
    return kind == "table" and FTS5.match(sql) is not None
