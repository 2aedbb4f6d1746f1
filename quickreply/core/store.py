"""The phrase store: one SQLite file holding stages, phrases, packs, usage and settings.

``PhraseStore`` is the one API the rest of the app uses. It is built in layers, one module each:
``store_core`` (connection, upgrade, transactions, change events), ``store_library`` (stages,
phrases, packs; ``store_bulk`` for many phrases at once) and, here, usage, settings, backups and
restore (``store_usage``, ``store_files``). The names other code imports stay here.
"""

from __future__ import annotations

import datetime
import json
import logging
import sqlite3
from pathlib import Path
from typing import Any

from quickreply.core import (
    dbfile,
    health,
    locks,
    migrations,
    models,
    replica,
    store_core,
    store_files,
    store_library,
    store_rows,
    store_usage,
    team_local,
    validate,
)
from quickreply.core.kinds import Change, PasteMode, StoreEvent

log = logging.getLogger(__name__)

StoreError = store_core.StoreError
DatabaseUnusable = store_core.DatabaseUnusable
Busy = store_core.Busy
NotFound = store_library.NotFound
InvalidPhrase = validate.InvalidPhrase
ReadOnly = store_library.ReadOnly

# The phrase rules live in core.validate; these names stay for the store's callers.
MAX_TITLE = validate.MAX_TITLE
MAX_BODY = validate.MAX_BODY
FRECENCY_BUCKETS = store_usage.FRECENCY_BUCKETS
FRECENCY_FLOOR = store_usage.FRECENCY_FLOOR
USE_WEIGHT_NOW = store_usage.USE_WEIGHT_NOW
PHRASE_FIELDS = store_rows.PHRASE_FIELDS
BULK_RATIO = store_core.BULK_RATIO
MIGRATION_WAIT = store_core.MIGRATION_WAIT
# Forward-only migrations live in their own module; these names are the store's public face.
MIGRATIONS = migrations.MIGRATIONS
SCHEMA_VERSION = migrations.SCHEMA_VERSION
now_iso = store_rows.now_iso
row_to_phrase = store_rows.row_to_phrase


class PhraseStore(store_library.LibraryStore):
    """All reads and writes of the phrase library (opened as ``store_core.StoreCore`` describes)."""

    # -- usage ------------------------------------------------------------------------------------

    def record_use(
        self,
        phrase_id: int,
        action: str = PasteMode.PASTE,
        query: str = "",
        when: str | None = None,
        seconds: float | None = None,
    ) -> None:
        """Remember that a phrase was pasted or copied (one row per use); NotFound when it is gone.
        In a team the use also joins the outbox, in the same transaction (``seconds``: from the
        hotkey to the paste, when the popup was the way)."""
        when = when or now_iso()
        with self.transaction():
            self.get(phrase_id)  # under the write lock: no other process can delete it before the insert
            store_usage.insert_use(self.conn, phrase_id, action, query, when)
            team_local.add_use(self.conn, phrase_id, action, query, when, seconds)
            self._emit(StoreEvent.USE, phrase_id)

    def record_draft_check(self, findings: dict[str, int]) -> bool:
        """In a team, queue a checked draft's findings by rule (the text stays here); True when queued."""
        if not team_local.joined(self.conn):
            return False
        with self.transaction():
            team_local.add_draft(self.conn, now_iso(), findings)
        return True

    def usage(self) -> dict[int, models.Usage]:
        """Use count and last use of every phrase that was used at least once."""
        return store_usage.usage(self.conn)

    def frecency(self, now: datetime.datetime | None = None) -> dict[int, float]:
        """A use count weighted by recency, per phrase (``store_usage.frecency``)."""
        return store_usage.frecency(self.conn, now)

    def past_queries(self) -> list[tuple[int, str]]:
        """(phrase id, query) of recent uses with a query (``store_usage.past_queries``)."""
        return store_usage.past_queries(self.conn)

    def last_query(self, phrase_id: int) -> str:
        """The query of a phrase's latest use ("" when none)."""
        return store_usage.last_query(self.conn, phrase_id)

    def usage_of(self, phrase_id: int) -> models.Usage:
        """Use count and last use of one phrase (zero and None when never used)."""
        return self.usage().get(phrase_id, models.Usage(phrase_id, 0, None))

    # -- settings ---------------------------------------------------------------------------------

    def setting_text(self, name: str) -> Any:
        """A setting as stored (JSON text, or whatever another tool put there), None when unset."""
        row = self.conn.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
        return None if row is None else row[0]

    def get_setting(self, name: str, default: Any = None) -> Any:
        """A stored setting value (JSON-decoded), or ``default`` (also when it is not valid JSON)."""
        text = self.setting_text(name)
        if text is None:
            return default
        try:
            return json.loads(text)
        except (TypeError, ValueError, RecursionError):  # typed in by hand or by another tool
            log.warning("设置 %s 的已存值不是有效的 JSON,已改用默认值", name)
            return default

    def set_setting(self, name: str, value: Any) -> None:
        """Store a setting value as JSON."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO settings(name, value) VALUES (?, ?)"
                " ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                [name, json.dumps(value, ensure_ascii=False)],
            )

    # -- backup and restore -----------------------------------------------------------------------

    def backup(self, path: str | Path) -> Path:
        """Write a consistent copy of the whole database to ``path`` (safe while the app writes)."""
        return store_files.write_backup(self.conn, Path(path), self.path, bool(self._depth))

    def auto_backup(self, reason: str = "auto") -> Path:
        """Back up into the backup folder and keep only the newest ``keep_backups`` there."""
        return store_files.rotated_backup(
            self.conn, self.backup_dir, self._stem, reason, self.keep_backups, self.path, bool(self._depth)
        )

    def backups(self) -> list[Path]:
        """The automatic backups of this database, oldest first."""
        return dbfile.list_backups(self.backup_dir, self._stem)

    def restore(self, path: str | Path) -> Path:
        """Replace the whole library with a backup file; the current state is backed up first.

        Returns the path of that safety backup. The source is checked (``dbfile.inspect``) and its
        rows copied into a fresh database (``replica``) before anything changes; that database
        then replaces the library's content in one transaction.
        """
        path = Path(path)
        health.writable(self.conn)
        version = store_files.restorable_version(path)
        folder = None if self.path is None else self.path.parent
        with replica.built(path, version, replica.page_size(self.conn), folder) as fresh:
            safety = self.auto_backup("before-restore")
            floor = self._feed.head() if self._feed is not None else 0
            try:
                replica.replace(self.conn, fresh, locks.wait_of(self.conn))
            except sqlite3.Error as exc:
                raise StoreError(f"恢复失败:{health.message(exc)};原数据的备份在 {safety}") from exc
        if self.path is not None:
            self.conn.execute("PRAGMA journal_mode=WAL")
        self._migrate()
        if self._feed is not None:
            with self.transaction():
                self._feed.mark_reset(floor)  # other processes reload everything too
            self._feed.resync()
        self._known_stages = None
        self._pending.append(Change(StoreEvent.RESET))
        self._flush_events()
        return safety
