"""Many phrases into the library at once (an import, the default library): one validated batch,
inserted with sqlite-utils' ``insert_all`` instead of five statements per phrase.

``PhraseStore.add`` checks the phrase, looks up the stage's last position and the code's holder,
and inserts -- five statements through the damage-watching cursor for every row, which made a
100,000-row import spend most of its time there. Here the positions come from one query per
chunk, the rows go in as multi-row INSERTs, and the shortcut-code rule is checked once for all new
rows after they are in (``store_codes.clash_among_new``), still inside the caller's transaction.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from quickreply.core import models, pinyin, store_codes, store_rows, validate

if TYPE_CHECKING:
    import sqlite_utils

_COLUMNS = [name for name in store_rows.PHRASE_FIELDS if name != "id"]
CHUNK = 5000  # phrases prepared and inserted at a time: memory stays flat however many come


def write(
    db: sqlite_utils.Database,
    phrases: Iterable[models.Phrase],
    validated: bool,
    resolve_stage: Callable[[str], str],
    now: str,
) -> list[int]:
    """Prepare (``prepared``) and insert (``insert``) phrases, CHUNK at a time; their new ids in
    order. Call inside a transaction (see ``insert``)."""
    ids: list[int] = []
    source = iter(phrases)
    while chunk := list(itertools.islice(source, CHUNK)):
        clean = prepared(chunk, validated, resolve_stage)
        insert(db, clean, now)
        ids += [phrase.id or 0 for phrase in clean]
    return ids


def prepared(
    phrases: Iterable[models.Phrase], validated: bool, resolve_stage: Callable[[str], str]
) -> list[models.Phrase]:
    """Copies of ``phrases`` in their stored form, stage ids resolved (``resolve_stage``) and
    pinyin keys computed; InvalidPhrase at the first that breaks a rule.

    ``validated``: the caller already ran ``validate.normalised`` and found no
    ``validate.problems`` (an import's plan does, row by row): the validator does not run again.
    """
    clean: list[models.Phrase] = []
    for phrase in phrases:
        if validated:
            copy = models.Phrase.__new__(models.Phrase)
            copy.__dict__.update(phrase.__dict__)
        else:
            copy = validate.checked(phrase)
        copy.stage_id = resolve_stage(copy.stage_id)
        copy.title_py, copy.title_ini, copy.title_alt = pinyin.keys(copy.title)
        clean.append(copy)
    return clean


def insert(db: sqlite_utils.Database, phrases: list[models.Phrase], now: str) -> None:
    """Insert prepared phrases at the end of their stages; sets their ids, positions and times.

    Call inside a transaction: a code clash raises InvalidPhrase after the rows are in, and only
    the rollback takes them out again.
    """
    if not phrases:
        return
    conn = db.conn
    following = _next_positions(conn, {p.stage_id for p in phrases})
    for phrase in phrases:
        phrase.position = following[phrase.stage_id]
        following[phrase.stage_id] += 1
        phrase.created_at = phrase.updated_at = now
    last = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM phrases").fetchone()[0])
    rows = ([record[name] for name in _COLUMNS] for record in map(store_rows.to_record, phrases))
    # List mode (column names, then value rows); sqlite-utils puts as many rows in one INSERT as
    # its 999-variable cap allows (62 of 16 columns).
    db.table("phrases").insert_all(itertools.chain([_COLUMNS], rows))
    # AUTOINCREMENT numbers new rows past every id the table had, in the order they were inserted.
    ids = [row[0] for row in conn.execute("SELECT id FROM phrases WHERE id > ? ORDER BY id", [last])]
    if len(ids) != len(phrases):  # only another writer could do this, and the write lock keeps it out
        raise sqlite3.IntegrityError(f"expected {len(phrases)} new phrases, found {len(ids)}")
    for phrase, phrase_id in zip(phrases, ids, strict=True):
        phrase.id = phrase_id
    store_codes.clash_among_new(conn, ids[0])


def _next_positions(conn: sqlite3.Connection, stage_ids: set[str]) -> dict[str, int]:
    """The position after the last phrase of each stage (0 for an empty one), in one query."""
    following = dict.fromkeys(stage_ids, 0)
    marks = ", ".join("?" * len(stage_ids))
    rows = conn.execute(
        f"SELECT stage_id, MAX(position) FROM phrases WHERE stage_id IN ({marks}) GROUP BY stage_id",
        list(stage_ids),
    )
    for stage_id, position in rows:
        following[stage_id] = int(position) + 1
    return following
