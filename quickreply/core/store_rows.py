"""How phrases and packs are laid out in their tables: one place turns rows into records and back.

Every read and write of the ``phrases`` and ``packs`` tables goes through these conversions, so the
JSON lists, the 0/1 booleans and the column order are decided once.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sqlite3
from typing import Any

from quickreply.core import models

PHRASE_FIELDS = tuple(field.name for field in dataclasses.fields(models.Phrase))  # = the table's columns
PACK_COLUMNS = ("name", "version", "author", "source", "sha256", "imported_at", "read_only")


def now_iso() -> str:
    """The current UTC time as stored in every timestamp column."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def select_phrases(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[models.Phrase]:
    """The phrases a ``SELECT *``-shaped query returns."""
    # Plain cursor rows, not sqlite-utils dicts: loading 100,000 phrases for the search index
    # is on the start-up path.
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [to_phrase(dict(zip(names, row, strict=True))) for row in cursor]


def phrase_rows(conn: sqlite3.Connection, separator: str) -> list[tuple[Any, ...]]:
    """Every phrase as a plain row, unsorted: the PHRASE_FIELDS, then the questions with
    ``separator`` before each, split by SQLite at C speed; None there where the JSON has escapes
    and needs decoding."""
    joined = (
        "CASE WHEN questions = '[]' THEN ''"
        " WHEN instr(questions, '\\') = 0 AND instr(questions, '[\"') = 1"
        " THEN :sep || replace(substr(questions, 3, length(questions) - 4), '\", \"', :sep) END"
    )
    sql = f"SELECT {', '.join(PHRASE_FIELDS)}, {joined} FROM phrases"
    return conn.execute(sql, {"sep": separator}).fetchall()


def row_to_phrase(row: tuple[Any, ...]) -> models.Phrase:
    """The Phrase of a row from ``phrase_rows``."""
    return to_phrase(dict(zip(PHRASE_FIELDS, row[: len(PHRASE_FIELDS)], strict=True)))


def to_phrase(data: dict[str, Any]) -> models.Phrase:
    """The Phrase of a row as a dict of its columns."""
    where = f"短语 #{data.get('id')} "
    data["questions"] = models.stored_list(data["questions"], where)
    data["tags"] = models.stored_list(data["tags"], where)
    data["auto_send"] = bool(data["auto_send"])
    # The row has exactly the dataclass's fields; filling __dict__ skips a 17-argument __init__,
    # a quarter of the time it takes to load a large library.
    phrase = models.Phrase.__new__(models.Phrase)
    phrase.__dict__.update(data)
    return phrase


def to_record(phrase: models.Phrase) -> dict[str, Any]:
    """A phrase's column values by column name (``id`` included)."""
    record = dict(phrase.__dict__)
    record["questions"] = json.dumps(phrase.questions, ensure_ascii=False)
    record["tags"] = json.dumps(phrase.tags, ensure_ascii=False)
    record["auto_send"] = int(phrase.auto_send)
    return record


def to_pack(row: dict[str, Any]) -> models.PackInfo:
    """The PackInfo of a ``packs`` row as a dict of its columns."""
    return models.PackInfo(**{**row, "read_only": bool(row["read_only"])})


def pack_values(info: models.PackInfo) -> list[Any]:
    """A pack's column values in PACK_COLUMNS order, then its id."""
    return [
        info.name,
        info.version,
        info.author,
        info.source,
        info.sha256,
        info.imported_at,
        int(info.read_only),
        info.id,
    ]
