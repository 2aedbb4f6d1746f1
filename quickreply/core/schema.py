"""What a quickreply database may contain: exactly what its migrations and the text index create, so
that a file carrying anything else (a trigger, a view, a table, a changed column) is never opened or
restored.

The expected schema of a version is taken from a fresh in-memory database the migrations build up
to that version -- the same code that built every real library -- and compared object by object,
by name and SQL. The text index is the one part allowed to be missing or from an older
tokenisation: ``textindex.ensure`` drops and rebuilds it at every open, and a restore never copies
it. FTS5's shadow tables are SQLite's own bookkeeping of a checked virtual table, matched by name.

The check compares SQL text. Only when a table's text differs does sqlite-utils' introspection say
which columns do (``_column_difference``), so the user reads "缺少列 title_alt" rather than only
"different"; it is imported there, never on the way to opening a healthy library. The shipped
migrations stay raw SQL: sqlite-utils would write their tables' SQL differently (quoted names,
other spacing), and every existing library holds that text and is checked against it.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from quickreply.core import changes, migrations, textindex

Entry = tuple[str, str, str]  # type, table, SQL with whitespace folded
Column = tuple[str, str, bool, Any, bool]  # name, type, NOT NULL, default, primary key
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
def _expected_columns(version: int, table: str) -> tuple[Column, ...]:
    """The columns the migrations give ``table`` up to ``version``."""
    with _migrated(version, with_text_index=False) as conn:
        return _columns(conn, table)


@functools.cache
def text_index() -> dict[str, Entry]:
    """The current text index's tables and triggers (none where this SQLite lacks FTS5)."""
    built = _built(migrations.SCHEMA_VERSION, with_text_index=True)
    return {name: entry for name, entry in built.items() if textindex.owns(name)}


def _built(version: int, with_text_index: bool) -> dict[str, Entry]:
    with _migrated(version, with_text_index) as conn:
        return objects(conn)


@contextlib.contextmanager
def _migrated(version: int, with_text_index: bool) -> Iterator[sqlite3.Connection]:
    """A database in memory that the migrations brought to ``version``, closed after the block."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        textindex.register(conn)
        changes.register(conn, 0)
        for migration in migrations.MIGRATIONS[:version]:
            migration(conn)
        if with_text_index:
            textindex.ensure(conn, contextlib.nullcontext)
        yield conn
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
                readable = database == "main" and kind == "table" and name in want
                detail = _column_difference(conn, name, version) if readable else ""
                return f"{KINDS.get(kind, kind)}「{name}」的定义与 quickreply 的不同{detail}"
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


def _columns(conn: sqlite3.Connection, table: str) -> tuple[Column, ...]:
    """A table's columns as sqlite-utils reads them (name, type, NOT NULL, default, key)."""
    import sqlite_utils  # only where a table's SQL already differs: never on a healthy open

    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
    return tuple(
        (c.name.lower(), c.type.upper(), bool(c.notnull), c.default_value, bool(c.is_pk))
        for c in db.table(table).columns
    )


def _column_difference(conn: sqlite3.Connection, table: str, version: int) -> str:
    """Which columns of ``table`` differ from quickreply's, as "(缺少列 a;多出列 b)" ("" when
    only something beside the columns differs, or the table cannot be read)."""
    try:
        have = {column[0]: column for column in _columns(conn, table)}
    except sqlite3.Error:
        return ""
    want = {column[0]: column for column in _expected_columns(version, table)}
    missing = [name for name in want if name not in have]
    extra = [name for name in have if name not in want]
    changed = [name for name in want if name in have and have[name] != want[name]]
    said = [
        f"{label}{'、'.join(names)}"
        for label, names in (("缺少列 ", missing), ("多出列 ", extra), ("列的类型或约束不同:", changed))
        if names
    ]
    return f"({';'.join(said)})" if said else ""
