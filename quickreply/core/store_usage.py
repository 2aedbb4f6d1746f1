"""Which phrases get used: one ``usage`` row per paste or copy, and the figures search ranks by.

Raw SQL, no sqlite-utils: ``frecency`` and ``usage`` run when the search index loads, on the
tray app's start-up path, and are single GROUP BY queries.
"""

from __future__ import annotations

import datetime
import sqlite3

from quickreply.core import models

# (age in days, weight) of a use for the frecency score; older uses weigh FRECENCY_FLOOR.
FRECENCY_BUCKETS = ((4, 1.0), (14, 0.7), (31, 0.5), (90, 0.3))
FRECENCY_FLOOR = 0.1
USE_WEIGHT_NOW = FRECENCY_BUCKETS[0][1]


def insert_use(conn: sqlite3.Connection, phrase_id: int, action: str, query: str, when: str) -> None:
    """Write one use of a phrase (the caller checks the phrase exists, in the same transaction)."""
    conn.execute(
        "INSERT INTO usage(phrase_id, used_at, query, action) VALUES (?, ?, ?, ?)",
        [phrase_id, when, query, action],
    )


def usage(conn: sqlite3.Connection) -> dict[int, models.Usage]:
    """Use count and last use of every phrase that was used at least once."""
    rows = conn.execute("SELECT phrase_id, COUNT(*), MAX(used_at) FROM usage GROUP BY phrase_id")
    return {phrase_id: models.Usage(phrase_id, count, last) for phrase_id, count, last in rows}


def frecency(conn: sqlite3.Connection, now: datetime.datetime | None = None) -> dict[int, float]:
    """A use count weighted by recency, per phrase: recent uses count fully, old ones less.

    Buckets instead of exponential decay keep this one portable SQL query (no math functions).
    """
    now = now or datetime.datetime.now(datetime.UTC)
    cases = " ".join(
        f"WHEN used_at >= '{(now - datetime.timedelta(days=d)).isoformat(timespec='seconds')}' THEN {w}"
        for d, w in FRECENCY_BUCKETS
    )
    rows = conn.execute(
        f"SELECT phrase_id, SUM(CASE {cases} ELSE {FRECENCY_FLOOR} END) FROM usage GROUP BY phrase_id"
    )
    return {int(pid): float(score) for pid, score in rows}


def past_queries(conn: sqlite3.Connection, per_phrase: int = 30) -> list[tuple[int, str]]:
    """(phrase id, query) of the latest uses that had a query, oldest first, at most ``per_phrase``
    each: what the shop's agents searched before picking a phrase (the message ranker learns them)."""
    rows = conn.execute(
        "SELECT phrase_id, query FROM (SELECT phrase_id, query, used_at, ROW_NUMBER() OVER "
        "(PARTITION BY phrase_id ORDER BY used_at DESC, rowid DESC) AS n FROM usage WHERE query != '') "
        "WHERE n <= ? ORDER BY used_at, phrase_id",
        [per_phrase],
    )
    return [(int(pid), str(q)) for pid, q in rows]


def last_query(conn: sqlite3.Connection, phrase_id: int) -> str:
    """The query of a phrase's latest use ("" when it had none)."""
    row = conn.execute(
        "SELECT query FROM usage WHERE phrase_id = ? ORDER BY used_at DESC, rowid DESC LIMIT 1", [phrase_id]
    ).fetchone()
    return str(row[0] or "") if row else ""
