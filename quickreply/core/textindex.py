"""A full-text index of buyer questions and reply bodies inside the database, for rare Chinese terms.

The search index walks rank-ordered strings and stops after enough hits, which is fast for a
term most phrases contain but scans every character of 100,000 replies (7 M characters, ~10 ms)
for a term only five contain. This index answers "which phrases may contain 减在" in well under a
millisecond instead.

SQLite's FTS5 keeps it, one contentless table per field (the text is stored once, in
``phrases``). Its tokens are character pairs: ``qr_pairs`` turns 亲您好 into "亲您 您好", as FTS5
has no tokenizer that splits Chinese, and a term of n characters is a phrase query of its n-1
pairs. Pairs, not single characters: a term made of common characters (快递是什么情况) would
make FTS5 check the positions of every reply that has them all; its pairs (递是) are rare.
Terms of one character are left to the scan, which finds a common one at once.

Triggers keep the tables current on every write, from any process, in the same transaction as
the phrase; nothing in Python has to remember them. Their answers are candidates: the tokenizer
drops punctuation, so a pair may be missing or match across it; the search checks each candidate
against its own text, and the result is exactly a full scan's. Where the SQLite build lacks FTS5
there are no tables and the search scans.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

from quickreply.core import pinyin, textnorm

# A new tokenisation or folding is a new version: ensure() drops the old tables and builds anew.
# 5: folded by textnorm (traditional → simplified, invisible characters dropped, full-width punctuation).
VERSION = 5
# Table suffix → the SQL of its text from a phrases row (``{row}`` is new/old/phrases).
SOURCES = {
    "questions": "qr_pairs({row}.questions)",
    "body": "qr_pairs({row}.body)",
    "keys": "qr_keys({row}.code, {row}.title, {row}.title_py, {row}.title_ini, {row}.title_alt)",
}
WATCHED = ("id", "questions", "body", "code", "title", "title_py", "title_ini", "title_alt")
TABLES = {name: f"phrase_{name}_text_v{VERSION}" for name in SOURCES}
TRIGGERS = tuple(f"phrase_text_v{VERSION}_{event}" for event in ("insert", "delete", "update"))
# Every name this module ever gave a table or trigger (SQL names ignore case).
OWNED = re.compile(r"phrase_.*text", re.IGNORECASE | re.DOTALL)
RUN = re.compile("[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+")  # what a needle is looked up by


@functools.cache
def _doubled() -> dict[int, str]:
    """A str.translate table writing a character twice around a space (亲 → "亲 亲"), for every
    GB2312 character: what nearly all folded text is made of."""
    return {ord(ch): f"{ch} {ch}" for ch in textnorm.gb2312_chars()}


def pairs(text: str | None) -> str:
    """The character pairs of a text once folded (``textnorm.fold``), space-separated:
    亲您好 → "亲您 您好".

    "ab bc cd" is "a", each inner character doubled around a space, and "d": one C-speed
    ``str.translate`` instead of a string per pair. A character the table lacks stays single, so
    the length tells, and then the pairs are made one by one.
    """
    if not text:
        return ""
    text = textnorm.fold(text)
    inner = text[1:-1]
    doubled = inner.translate(_doubled())
    if len(doubled) == 3 * len(inner) and len(text) > 1:
        return text[0] + doubled + text[-1]
    return slow_pairs(text)


def slow_pairs(text: str | None) -> str:
    """``pairs`` one pair at a time (folding again changes nothing): the fast form's fallback."""
    text = textnorm.fold(text) if text else ""
    return " ".join(map(operator.add, text, text[1:]))


def _keys(code: str, title: str, title_py: str, title_ini: str, title_alt: str) -> str:
    return pairs(" ".join(pinyin.search_keys(code, title, title_py, title_ini, title_alt)))


def register(conn: sqlite3.Connection) -> None:
    """Make ``qr_pairs`` and ``qr_keys`` known to a connection; every connection that writes
    phrases needs them, as the triggers call them."""
    conn.create_function("qr_pairs", 1, pairs, deterministic=True)
    conn.create_function("qr_keys", 5, _keys, deterministic=True)


def _insert(row: str) -> str:
    return "".join(
        f"INSERT INTO {TABLES[name]}(rowid, t) VALUES ({row}.id, {source.format(row=row)});"
        for name, source in SOURCES.items()
    )


def _delete(row: str) -> str:
    # A contentless table forgets a row when told the text it was given for it.
    return "".join(
        f"INSERT INTO {table}({table}, rowid, t)"
        f" VALUES ('delete', {row}.id, {SOURCES[name].format(row=row)});"
        for name, table in TABLES.items()
    )


# detail='none': no positions, so a term is looked up as all of its pairs (a superset the search
# checks anyway); half the size of a full index and faster to write. columnsize=0: no token
# counts, which only ranking by relevance (unused here) needs.
_TABLES = tuple(
    f"CREATE VIRTUAL TABLE {table} USING fts5(t, content='', detail='none', columnsize=0,"
    " tokenize='unicode61 remove_diacritics 0')"
    for table in TABLES.values()
)
_FILL = tuple(
    f"INSERT INTO {TABLES[name]}(rowid, t) SELECT id, {source.format(row='phrases')} FROM phrases"
    for name, source in SOURCES.items()
)
_TRIGGERS = (
    f"CREATE TRIGGER {TRIGGERS[0]} AFTER INSERT ON phrases BEGIN {_insert('new')} END",
    f"CREATE TRIGGER {TRIGGERS[1]} AFTER DELETE ON phrases BEGIN {_delete('old')} END",
    f"CREATE TRIGGER {TRIGGERS[2]} AFTER UPDATE OF {', '.join(WATCHED)} ON phrases"
    f" WHEN {' OR '.join(f'old.{c} IS NOT new.{c}' for c in WATCHED)}"
    f" BEGIN {_delete('old')} {_insert('new')} END",
)


def owns(name: str) -> bool:
    """Whether a table or trigger of this name is the text index's, of this or any older version:
    ``ensure`` drops every such object unless they are exactly the current ones."""
    return OWNED.match(name) is not None


def fts5_available(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite build has FTS5 (Python's builds on Windows, macOS and Linux do)."""
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.qr_fts5_probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    conn.execute("DROP TABLE temp.qr_fts5_probe")
    return True


def ensure(
    conn: sqlite3.Connection, transaction: Callable[[], AbstractContextManager[None]]
) -> TextIndex | None:
    """Build the index if it is missing or from another tokenisation, in a ``transaction()``.

    Opening a library whose index is current writes nothing (no lock is taken).

    Returns None where FTS5 is missing; then any triggers a database brought from elsewhere has
    are dropped, so writing phrases still works (the index is rebuilt where FTS5 is back).
    """
    every = conn.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('table', 'trigger')")
    rows = [row for row in every if owns(row[1])]
    triggers = {name for kind, name, _ in rows if kind == "trigger"}
    tables = {name for kind, name, sql in rows if kind == "table" and sql.startswith("CREATE VIRTUAL TABLE")}
    available = fts5_available(conn)
    if available and tables == set(TABLES.values()) and triggers == set(TRIGGERS):
        return TextIndex(conn)
    if not available and not triggers:
        return None
    with transaction():
        for name in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        if not available:
            return None
        for name in tables:
            conn.execute(f'DROP TABLE "{name}"')
        for statement in (*_TABLES, *_FILL, *_TRIGGERS):
            conn.execute(statement)
    return TextIndex(conn)


# While suspended: the indexed text of each phrase that was there before, kept the first time a
# write deletes it or changes its text (a contentless table forgets a row only when told that text).
_GONE = "temp.qr_text_gone"  # a trigger's body names it unqualified: "qr_text_gone"
_GONE_TABLE = f"CREATE TEMP TABLE {_GONE}(id INTEGER PRIMARY KEY, {', '.join(WATCHED[1:])})"
_KEEP = f"INSERT OR IGNORE INTO qr_text_gone VALUES ({', '.join(f'old.{c}' for c in WATCHED)});"
_WATCHERS = {
    "temp.qr_text_gone_delete": "AFTER DELETE ON main.phrases WHEN old.id <= {mark}",
    "temp.qr_text_gone_update": f"AFTER UPDATE OF {', '.join(WATCHED)} ON main.phrases"
    f" WHEN old.id <= {{mark}} AND ({' OR '.join(f'old.{c} IS NOT new.{c}' for c in WATCHED)})",
}
_FORGET = tuple(
    f"INSERT INTO {table}({table}, rowid, t)"
    f" SELECT 'delete', id, {SOURCES[name].format(row='g')} FROM {_GONE} g"
    for name, table in TABLES.items()
)
_ADD = tuple(
    f"INSERT INTO {TABLES[name]}(rowid, t) SELECT id, {source.format(row='phrases')} FROM phrases"
    f" WHERE id > :mark OR id IN (SELECT id FROM {_GONE})"
    for name, source in SOURCES.items()
)


@contextlib.contextmanager
def suspended(conn: sqlite3.Connection) -> Iterator[None]:
    """Many writes in one transaction: no trigger work per row, one pass over what changed at the end.

    A trigger costs ~0.1 ms per phrase written (three FTS5 inserts, the text folded in Python); an
    import of 100,000 rows would spend 10 s on it. Meanwhile temporary triggers only copy, in
    plain SQL, the old text of the phrases that were indexed and are deleted or changed. At the
    end those are taken out of the index, and they (where they remain) and the new phrases are
    put in, one ``INSERT … SELECT`` per table -- or, when that is more rows than the library
    holds (a pack of most of it removed), the index is refilled from scratch. Call inside a
    transaction; when it rolls back, so does all of this.
    """
    mark = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM phrases").fetchone()[0])
    for name in TRIGGERS:
        conn.execute(f"DROP TRIGGER {name}")
    for name in _WATCHERS:  # none is left over (a rollback takes them away): made sure of anyway
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute(f"DROP TABLE IF EXISTS {_GONE}")
    conn.execute(_GONE_TABLE)
    for name, when in _WATCHERS.items():
        conn.execute(f"CREATE TEMP TRIGGER {name.split('.')[1]} {when.format(mark=mark)} BEGIN {_KEEP} END")
    yield
    for name in _WATCHERS:
        conn.execute(f"DROP TRIGGER {name}")
    gone = int(conn.execute(f"SELECT COUNT(*) FROM {_GONE}").fetchone()[0])
    count, new = conn.execute(
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE id > ?) FROM phrases", [mark]
    ).fetchone()
    if 2 * gone + new < count:  # rows taken out and put back in, against a refill of every row
        for statement in (*_FORGET, *_ADD):
            conn.execute(statement, {"mark": mark} if ":mark" in statement else ())
    else:
        for table in TABLES.values():
            conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        for statement in _FILL:
            conn.execute(statement)
    conn.execute(f"DROP TABLE {_GONE}")
    for statement in _TRIGGERS:
        conn.execute(statement)


class TextIndex:
    """Asks the database which phrases may contain a term."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def candidates(self, kind: str, needle: str, cap: int) -> list[int] | None:
        """Ids of the phrases whose ``kind`` (a key of SOURCES) may contain ``needle``: a superset
        of those that do (needle folded).

        None when the index cannot narrow the search: no run of two Chinese characters or two
        Latin letters or digits in the needle, more than ``cap`` candidates (a common term,
        which a scan in rank order finds quickly), or the database is unusable right now.
        """
        runs: list[str] = [run for run in RUN.findall(needle) if len(run) > 1]
        table = TABLES.get(kind)
        if not runs or table is None:
            return None
        longest = max((len(run), run) for run in runs)[1]
        every_pair = " ".join(f'"{pair}"' for pair in dict.fromkeys(pairs(longest).split()))
        try:
            rows = self.conn.execute(
                f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?", (every_pair, cap + 1)
            ).fetchall()
        except sqlite3.Error:
            return None
        if len(rows) > cap:
            return None
        return [row[0] for row in rows]
