"""What other processes changed in the library, read back from the change log as the store's own events.

A library is shared: the tray app keeps it open for days while the CLI imports a pack, a second
quickreply edits a phrase, a backup is restored. Triggers (migration 4) log every committed
change of a phrase, a stage or a use together with the store that made it. ``Feed.pending`` costs
one ``PRAGMA data_version`` when nothing changed -- SQLite moves that number only when another
connection commits -- and otherwise turns the new entries into change events: the phrases that
changed, once each, or a single "reset" when the log no longer reaches back to what this store
has seen (pruned after a large import, or a restore).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import sqlite3
from collections.abc import Iterator

from quickreply.core.kinds import Change, StoreEvent

log = logging.getLogger(__name__)

REPLAY_MAX = 5000  # more entries than this at once: one reload is cheaper than replaying them


def new_writer() -> int:
    """A number naming one open store in the log (random, so processes need not agree on one)."""
    return secrets.randbits(62) + 1


def register(conn: sqlite3.Connection, writer: int) -> None:
    """Make ``qr_writer()`` known to a connection; the log's triggers call it on every write."""
    conn.create_function("qr_writer", 0, lambda: writer, deterministic=True)


@contextlib.contextmanager
def suspended(conn: sqlite3.Connection, writer: int) -> Iterator[None]:
    """Many phrase writes in one transaction (a large import): no entry per row, one "reset" at
    the end -- other processes reload once instead of replaying thousands of rows, and the import
    saves the log's few microseconds per row. Call inside a transaction; a rollback restores the
    triggers with everything else."""
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        " AND name LIKE 'changes\\_phrase\\_%' ESCAPE '\\'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    yield
    for _, sql in triggers:
        conn.execute(sql)
    conn.execute("INSERT INTO changes(kind, writer) VALUES (?, ?)", [StoreEvent.RESET, writer])


class Feed:
    """One store's place in the change log.

    ``seen`` is the newest entry this store's state already reflects, ``version`` the data
    version at its last look. Its own writes advance ``seen`` (``after_commit``) or, when another
    process wrote in between, are recognised by their writer and skipped.
    """

    def __init__(self, conn: sqlite3.Connection, writer: int) -> None:
        self.conn = conn
        self.writer = writer
        self.version = 0
        self.seen = 0
        self.resync()

    def resync(self) -> None:
        """Take the log as it is now as seen (at open, and after this store replaced everything)."""
        # Version first: a commit between the two reads is then replayed, never missed.
        self.version = self._data_version()
        self.seen = self.head()

    def _data_version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def head(self) -> int:
        """The newest entry in the log (0 when it is empty)."""
        return int(self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0])

    def pending(self) -> list[Change]:
        """The events for what other connections committed since the last look ([] when nothing).

        A "stages" event comes first (the stages changed), then per phrase its last change
        ("upsert" or "delete", in the order of those changes), then the uses of phrases that
        still exist. Or only ``("reset", 0)``: reload everything.
        """
        try:
            return self._read()
        except sqlite3.Error as exc:  # a damaged or vanished file: the next write reports it
            log.warning("could not read the change log: %s", exc)
            return []

    def _read(self) -> list[Change]:
        version = self._data_version()
        if version == self.version:
            return []
        self.version = version
        rows = self.conn.execute(
            "SELECT seq, kind, phrase_id, writer FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
            (self.seen, REPLAY_MAX + 1),
        ).fetchall()
        if not rows:
            return []
        if rows[0][0] != self.seen + 1 or len(rows) > REPLAY_MAX:
            # Entries this store has not seen were pruned (or are too many to replay).
            self.seen = self.head()
            return [Change(StoreEvent.RESET)]
        self.seen = rows[-1][0]
        stages = False
        last: dict[int, str] = {}
        uses: list[int] = []
        for _, kind, phrase_id, writer in rows:
            if writer == self.writer:
                continue
            if kind == StoreEvent.RESET:
                return [Change(StoreEvent.RESET)]
            if kind == StoreEvent.STAGES:
                stages = True
            elif kind == StoreEvent.USE:
                uses.append(phrase_id)
            else:
                last.pop(phrase_id, None)  # re-inserted: ordered by its latest change
                last[phrase_id] = kind
        events = [Change(StoreEvent.STAGES)] if stages else []
        events += [Change(StoreEvent(kind), phrase_id) for phrase_id, kind in last.items()]
        events += [Change(StoreEvent.USE, pid) for pid in uses if last.get(pid) != StoreEvent.DELETE]
        return events

    def after_commit(self) -> None:
        """After this store committed: when no one else committed since the last look, every new
        entry is its own and needs no replay (so its own writes never push it past the pruning)."""
        head = self.head()  # before the version: a commit in between keeps ``seen`` where it was
        if self._data_version() == self.version:
            self.seen = head

    def mark_reset(self, floor: int) -> None:
        """Log a "reset" (after a restore) numbered past ``floor``, the newest entry anyone could
        have seen before: the restored log may be older and shorter than that."""
        row = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
        if row is None:
            self.conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('changes', ?)", [floor])
        else:
            self.conn.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'changes'", [floor])
        self.conn.execute("INSERT INTO changes(kind, writer) VALUES (?, ?)", [StoreEvent.RESET, self.writer])
