"""Many phrases into the library at once (an import, the default library): one validated batch,
written by one prepared INSERT run over plain tuples instead of five statements per phrase.

``PhraseStore.add`` checks the phrase, looks up the stage's last position and the code's holder,
and inserts -- five statements through the damage-watching cursor for every row, which made a
100,000-row import spend most of its time there. Here each stage's last position is asked once
per batch, a title's pinyin is worked out once however often the title recurs, the rows go to
``executemany`` as tuples (no per-row dicts or type sniffing), and the shortcut-code rule is
checked once for all new rows after they are in (``store_codes.clash_among_new``), still inside
the caller's transaction.
"""

from __future__ import annotations

import itertools
import json
import operator
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from quickreply.core import models, pinyin, store_codes, store_rows, validate

_COLUMNS = tuple(name for name in store_rows.PHRASE_FIELDS if name != "id")
_INSERT = f"INSERT INTO phrases({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_VALUES = operator.itemgetter(*_COLUMNS)
CHUNK = 5000  # phrases prepared and inserted at a time: memory stays flat however many come


def write(
    conn: sqlite3.Connection,
    phrases: Iterable[models.Phrase],
    validated: bool,
    resolve_stage: Callable[[str], str],
    now: str,
) -> list[int]:
    """Insert phrases at the end of their stages, CHUNK at a time; their new ids in order.

    ``validated``: the caller already ran ``validate.normalised`` and found no
    ``validate.problems`` (an import's plan does, row by row): the validator does not run again.
    InvalidPhrase at the first phrase that breaks a rule or takes a code already held.

    Call inside a transaction: a code clash is found after the rows are in, and only the rollback
    takes them out again. The phrases given are left as they are.
    """
    batch = _Batch(conn, validated, resolve_stage, now)
    ids: list[int] = []
    source = iter(phrases)
    while chunk := list(itertools.islice(source, CHUNK)):
        ids += insert(conn, chunk, batch)
    if ids:
        store_codes.clash_among_new(conn, ids[0])
    return ids


def insert(conn: sqlite3.Connection, phrases: list[models.Phrase], batch: _Batch) -> list[int]:
    """Insert phrases in their stored form (``batch.row``) with one ``executemany``; their ids."""
    if not phrases:
        return []
    rows = [batch.row(phrase) for phrase in phrases]
    last = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM phrases").fetchone()[0])
    conn.executemany(_INSERT, rows)
    # AUTOINCREMENT numbers new rows past every id the table had, in the order they were inserted.
    ids = [row[0] for row in conn.execute("SELECT id FROM phrases WHERE id > ? ORDER BY id", [last])]
    if len(ids) != len(rows):  # only another writer could do this, and the write lock keeps it out
        raise sqlite3.IntegrityError(f"expected {len(rows)} new phrases, found {len(ids)}")
    return ids


class _Batch:
    """Turns phrases into stored rows, remembering what a batch asks again and again: each stage's
    next position and resolved id, and each title's pinyin keys."""

    def __init__(
        self, conn: sqlite3.Connection, validated: bool, resolve_stage: Callable[[str], str], now: str
    ) -> None:
        self.conn = conn
        self.validated = validated
        self.resolve_stage = resolve_stage
        self.now = now
        self.stage_ids: dict[str, str] = {}
        self.following: dict[str, int] = {}
        self.keys: dict[str, tuple[str, str, str]] = {}

    def row(self, phrase: models.Phrase) -> tuple[Any, ...]:
        """The column values of a phrase as stored (``store_rows.to_record``'s, without the id)."""
        record = dict((phrase if self.validated else validate.checked(phrase)).__dict__)
        stage_id = self.stage_ids.get(record["stage_id"])
        if stage_id is None:
            stage_id = self.stage_ids[record["stage_id"]] = self.resolve_stage(record["stage_id"])
        position = self.following.get(stage_id)
        if position is None:
            position = self._next_position(stage_id)
        self.following[stage_id] = position + 1
        title = record["title"]
        keys = self.keys.get(title)
        if keys is None:
            keys = self.keys[title] = pinyin.keys(title)
        record["stage_id"], record["position"] = stage_id, position
        record["title_py"], record["title_ini"], record["title_alt"] = keys
        record["created_at"] = record["updated_at"] = self.now
        record["questions"] = _json_list(record["questions"])
        record["tags"] = _json_list(record["tags"])
        record["auto_send"] = int(record["auto_send"])
        values: tuple[Any, ...] = _VALUES(record)
        return values

    def _next_position(self, stage_id: str) -> int:
        """The position after the stage's last phrase (0 for an empty stage): asked once a batch."""
        found = self.conn.execute(
            "SELECT MAX(position) FROM phrases WHERE stage_id = ?", [stage_id]
        ).fetchone()
        return 0 if found[0] is None else int(found[0]) + 1


def _json_list(values: list[str]) -> str:
    """A list column as ``store_rows.to_record`` writes it (most lists are empty: no encoder call)."""
    return json.dumps(values, ensure_ascii=False) if values else "[]"
