"""Writes made on Enter -- the use of a phrase, remembered placeholder values -- kept out of the paste's way.

A paste must never wait for the database or fail on it: another process may hold its write lock
for seconds (an import), and the phrase may have been deleted meanwhile. The app hands these writes
to the queue after delivering. The queue tries them with a short wait; what finds the library busy
stays in memory, each use with the time it happened, and is written by ``flush`` (the app's timer,
and quitting). A use of a phrase that no longer exists is dropped with a log line.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import sqlite3
from typing import Any

from quickreply.core import locks, store
from quickreply.core.kinds import PasteMode

log = logging.getLogger(__name__)

QUICK_WAIT = 0.1  # seconds a queued write waits for the write lock: Enter must not stall
MAX_PENDING = 10_000  # uses kept while the library stays busy; past that the oldest are let go


@dataclasses.dataclass(frozen=True)
class Use:
    """One paste or copy, as it happened."""

    phrase_id: int
    action: str
    query: str
    when: str
    seconds: float | None = None  # from the hotkey to the paste, when known


class UsageQueue:
    """Uses and settings waiting to be written to ``target``.

    Args:
        target: the store.
        wait: seconds each attempt waits for another process's write lock.
    """

    def __init__(self, target: store.PhraseStore, wait: float = QUICK_WAIT) -> None:
        self.store = target
        self.wait = wait
        self.uses: collections.deque[Use] = collections.deque(maxlen=MAX_PENDING)
        self.settings: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self.uses) + len(self.settings)

    def record(
        self, phrase_id: int, action: str = PasteMode.PASTE, query: str = "", seconds: float | None = None
    ) -> bool:
        """Remember a use now, written at once if the library allows; True when nothing waits."""
        self.uses.append(Use(phrase_id, action, query, store.now_iso(), seconds))
        return self.flush()

    def remember(self, name: str, value: Any) -> bool:
        """Store a setting (the newest value wins); True when nothing waits."""
        self.settings[name] = value
        return self.flush()

    def flush(self, wait: float | None = None) -> bool:
        """Write everything waiting, in one transaction; True when nothing is left.

        ``wait`` overrides the queue's wait (e.g. longer at quit). Nothing is written while the
        store is inside a transaction of its own (an import in progress), whose fate it would share.
        """
        if not self or self.store.conn.in_transaction:
            return not self
        uses, settings = list(self.uses), dict(self.settings)
        try:
            with (
                locks.waiting(self.store.conn, self.wait if wait is None else wait),
                self.store.transaction(),
            ):
                for use in uses:
                    self._write(use)
                for name, value in settings.items():
                    self.store.set_setting(name, value)
        except (store.StoreError, sqlite3.Error) as exc:  # Busy above all: keep everything for later
            log.info("%d writes wait for the library: %s", len(self), exc)
            return False
        for _ in uses:
            self.uses.popleft()
        for name, value in settings.items():
            if self.settings.get(name) is value:
                del self.settings[name]
        return not self

    def _write(self, use: Use) -> None:
        try:
            self.store.record_use(use.phrase_id, use.action, use.query, when=use.when, seconds=use.seconds)
        except store.Busy:
            raise
        except store.StoreError as exc:  # the phrase is gone: its use cannot be counted
            log.info("use of phrase %s at %s dropped: %s", use.phrase_id, use.when, exc)
