"""The library's rule for shortcut codes, as the store checks it: a code is unique within a stage
among the user's own phrases.

A pack may repeat a code (seller clients allow it: 飞牛 cuts codes to 4 characters), and packs and
the user may share one; search then offers every phrase the code names.
One phrase is checked before it is written (``clash``); a bulk insert is checked once, after its
rows are in, inside the same transaction (``clash_among_new``), so a clash rolls all of it back.
"""

from __future__ import annotations

import sqlite3

from quickreply.core import validate


def clash(
    conn: sqlite3.Connection, code: str, stage_id: str, pack_id: str | None, exclude_id: int | None
) -> None:
    """InvalidPhrase when another of the user's own phrases in the stage already has ``code``."""
    if not code or pack_id is not None:
        return
    found = conn.execute(
        "SELECT id, title FROM phrases WHERE code = ? AND stage_id = ? AND pack_id IS ? AND id IS NOT ?",
        [code, stage_id, pack_id, exclude_id],
    ).fetchone()
    if found:
        raise _taken(code, found[0], found[1])


def clash_among_new(conn: sqlite3.Connection, first_new_id: int) -> None:
    """InvalidPhrase when one of the user's own phrases with an id from ``first_new_id`` on shares its
    code with another own phrase of the stage (one query; ``phrases_code`` finds each partner)."""
    found = conn.execute(
        "SELECT n.code, o.id, o.title FROM phrases n JOIN phrases o"
        " ON o.code = n.code AND o.stage_id = n.stage_id AND o.pack_id IS n.pack_id AND o.id < n.id"
        " WHERE n.id >= ? AND n.code != '' AND n.pack_id IS NULL ORDER BY n.id LIMIT 1",
        [first_new_id],
    ).fetchone()
    if found:
        raise _taken(found[0], found[1], found[2])


def _taken(code: str, holder_id: int, holder_title: str) -> validate.InvalidPhrase:
    message = f"快捷编码「{code}」在本阶段已被短语「{holder_title}」使用(编号 {holder_id})"
    return validate.InvalidPhrase(message)
