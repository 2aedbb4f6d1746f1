"""Team mode's local side, in the agent's own SQLite library: the link's state and the outbox.

Every use (and every checked draft) of an agent in a team becomes an outbox row in the same
transaction as the local usage row, with a random unique id made here. The sync pushes rows with
``ON CONFLICT DO NOTHING`` on that id and deletes them only after the server committed, so a
retry after a crash, a kill or a lost answer never stores an event twice, and an offline agent
loses nothing. Only what the trainer's view needs leaves the machine: the phrase's pack, version,
stage, code and title, the action, the seconds from hotkey to paste, and the query only when the
agent allows it (``team.share_queries``).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

SHARE_QUERIES = "team.share_queries"  # the setting (settings.py) an agent allows its queries with
TEAM_PACK_PREFIX = "team."  # local id of a pack pulled from the team server: team.<server pack id>


def get(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM team_state WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else default


def put(conn: sqlite3.Connection, key: str, value: Any) -> None:
    conn.execute(
        "INSERT INTO team_state(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )


def joined(conn: sqlite3.Connection) -> bool:
    """Whether this library is linked to a team server (one cheap lookup per use)."""
    return conn.execute("SELECT 1 FROM team_state WHERE key = 'conninfo'").fetchone() is not None


def forget(conn: sqlite3.Connection) -> int:
    """Leave the team: the link's state goes; returns how many unsent events went with the outbox."""
    unsent = count(conn)
    conn.execute("DELETE FROM team_state")
    conn.execute("DELETE FROM team_outbox")
    return unsent


def team_pack_id(server_pack: str) -> str:
    return TEAM_PACK_PREFIX + server_pack


def server_pack_id(local_pack: str | None) -> str | None:
    """The server's id of a pulled pack, None for any other pack (the agent's own, the default)."""
    if local_pack and local_pack.startswith(TEAM_PACK_PREFIX):
        return local_pack[len(TEAM_PACK_PREFIX) :]
    return None


def add(conn: sqlite3.Connection, kind: str, at: str, payload: dict[str, Any]) -> str:
    """Queue one event; returns its id."""
    event_id = str(uuid.uuid4())
    conn.execute(
        "INSERT INTO team_outbox(id, kind, at, payload) VALUES (?, ?, ?, ?)",
        [event_id, kind, at, json.dumps(payload, ensure_ascii=False)],
    )
    return event_id


def add_use(
    conn: sqlite3.Connection, phrase_id: int, action: str, query: str, at: str, seconds: float | None
) -> str | None:
    """Queue the use of a phrase when the library is in a team (None when it is not)."""
    if not joined(conn):
        return None
    row = conn.execute(
        "SELECT p.pack_id, p.stage_id, p.code, p.title, k.version FROM phrases p"
        " LEFT JOIN packs k ON k.id = p.pack_id WHERE p.id = ?",
        [phrase_id],
    ).fetchone()
    if row is None:
        return None
    pack_id, stage, code, title, version = row
    team_pack = server_pack_id(pack_id)
    shared = conn.execute("SELECT value FROM settings WHERE name = ?", [SHARE_QUERIES]).fetchone()
    share = bool(shared) and shared[0] == "true"
    payload = {
        "pack_id": team_pack,
        "pack_version": int(version) if team_pack and str(version).isdigit() else None,
        "stage": stage,
        "code": code,
        "title": title,
        "action": action,
        "query": query if share and query else None,
        "seconds_to_paste": round(seconds, 3) if seconds is not None and seconds >= 0 else None,
    }
    return add(conn, "use", at, payload)


def add_draft(conn: sqlite3.Connection, at: str, findings: dict[str, int]) -> str | None:
    """Queue a checked draft (findings counted by rule id; the draft's text never leaves)."""
    if not joined(conn):
        return None
    return add(conn, "draft", at, {"findings": dict(findings)})


def pending(conn: sqlite3.Connection, limit: int = 500) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The oldest ``limit`` queued events: (id, kind, at, payload)."""
    rows = conn.execute("SELECT id, kind, at, payload FROM team_outbox ORDER BY at, id LIMIT ?", [limit])
    return [(str(i), str(k), str(a), json.loads(p)) for i, k, a, p in rows]


def drop(conn: sqlite3.Connection, ids: list[str]) -> None:
    """Delete events the server has committed."""
    conn.executemany("DELETE FROM team_outbox WHERE id = ?", [[i] for i in ids])


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM team_outbox").fetchone()[0])
