"""The open library underneath ``PhraseStore``: its connection, schema upgrade, transactions and
change notifications.

Everything that reads or writes phrases builds on these: a write happens inside ``transaction()``
(all or nothing, nesting through savepoints), and what it changed reaches the listeners as typed
``Change`` events only once the outermost transaction committed. Other processes' commits come the
same way, through ``poll_external``.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from quickreply.core import changes, dbfile, health, locks, migrations, textindex
from quickreply.core.kinds import Change, StoreEvent

if TYPE_CHECKING:
    import sqlite_utils

StoreError = dbfile.StoreError
DatabaseUnusable = dbfile.DatabaseUnusable
Busy = locks.Busy

BULK_RATIO = 5  # a bulk write rebuilds the text index when it writes over 1/5 of the library
BULK_CACHE_KIB = 65_536  # SQLite's page cache during a bulk write (its default is 2 MB)
MIGRATION_WAIT = 30.0  # seconds an upgrade waits for another process's write (an import) to finish
SCHEMA_VERSION = migrations.SCHEMA_VERSION


class StoreCore:
    """An open library file: connection, upgrade, transactions, change events.

    Args:
        path: the database file, or ":memory:" for tests.
        backup_dir: where automatic backups go (default: ``backups/`` beside the file).
        keep_backups: how many automatic backups to keep.
        busy_timeout: seconds a write waits for another process's write lock before ``Busy``.
    """

    def __init__(
        self,
        path: str | Path,
        backup_dir: Path | None = None,
        keep_backups: int = 10,
        busy_timeout: float = locks.BUSY_TIMEOUT,
    ) -> None:
        self.memory = str(path) == ":memory:"
        self.path = None if self.memory else Path(path)
        self.backup_dir = backup_dir or (None if self.path is None else self.path.parent / "backups")
        self.keep_backups = keep_backups
        self.created = False
        self._depth = 0
        self._known_stages: set[str] | None = None  # stage ids, forgotten when a write fails
        self._pending: list[Change] = []
        self._listeners: list[Callable[[Change], None]] = []
        self.text_index: textindex.TextIndex | None = None
        self._bulk = False
        self._feed: changes.Feed | None = None
        with health.translated(self.path, "打开", files=True):  # a lock, a read-only folder: one line
            if self.path is not None and self.path.exists() and self.path.stat().st_size > 0:
                _, problem = dbfile.inspect(self.path, SCHEMA_VERSION)
                if problem:
                    raise DatabaseUnusable(self.path, problem, self.newest_backup())
            conn = health.connect(self.path, busy_timeout, self.newest_backup)
            self.conn = conn
            conn.execute("PRAGMA foreign_keys=ON")
            # What sqlite-utils set on every open while it wrapped the connection from the start;
            # it is now created only when needed (``db``), so the setting is made here.
            conn.execute("PRAGMA recursive_triggers=ON")
            textindex.register(conn)
            self.writer = changes.new_writer()
            changes.register(conn, self.writer)
            if self.path is not None:
                conn.execute("PRAGMA journal_mode=WAL")
            self._migrate()
            self._feed = changes.Feed(conn, self.writer)
            self._guard = None if self.path is None else locks.WalGuard(self.path)

    @functools.cached_property
    def db(self) -> sqlite_utils.Database:
        """The connection as a sqlite-utils Database, for bulk inserts and table introspection.

        Imported on first use: sqlite-utils costs ~45 ms to import, which the tray app's start and
        the command line's quick paths (``quickreply search``) never need.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn, recursive_triggers=False, execute_plugins=False)

    def close(self) -> None:
        """Close the connection (the last process to close checkpoints the WAL into the main file);
        listeners are dropped, which also frees the search indexes that follow this store."""
        self._listeners.clear()
        if self._guard is not None:
            self._guard.release()
        self.conn.close()

    def newest_backup(self) -> Path | None:
        """The newest automatic backup, if any (named in messages about a damaged library)."""
        found = dbfile.list_backups(self.backup_dir, self._stem)
        return found[-1] if found else None

    @property
    def _stem(self) -> str:
        return self.path.stem if self.path else "quickreply"

    # -- schema -----------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        """The library's ``PRAGMA user_version``: how many migrations it has had."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        self.created = version == 0
        with locks.waiting(self.conn, MIGRATION_WAIT):
            migrations.upgrade(self.conn, version, self.transaction)
            self.text_index = textindex.ensure(self.conn, self.transaction)

    # -- transactions -----------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing block; nests through savepoints, so callers can compose operations.

        ``Busy`` when another process holds the write lock for longer than the busy timeout; a
        failure of the file itself (full disk, read-only) is a one-line StoreError
        (``health.translate``) once it leaves the outermost transaction, which is rolled back.
        """
        outer = self._depth == 0
        with health.translated(self.path, "写入") if outer else contextlib.nullcontext():
            if outer:
                locks.begin(self.conn)
            else:
                self.conn.execute(f"SAVEPOINT sp{self._depth}")
            self._depth += 1
            try:
                yield
                self.conn.execute("COMMIT" if outer else f"RELEASE sp{self._depth - 1}")
            except BaseException:
                self._depth -= 1
                self._known_stages = None
                health.undo(self.conn, self._depth)  # SQLite may have rolled back already
                if outer:
                    self._pending.clear()
                raise
            self._depth -= 1
        if outer:
            if self._feed is not None:
                self._feed.after_commit()
            self._flush_events()

    def phrase_count(self) -> int:
        """How many phrases the library holds."""
        return int(self.conn.execute("SELECT COUNT(*) FROM phrases").fetchone()[0])

    @contextlib.contextmanager
    def bulk(self, writes: int) -> Iterator[None]:
        """A transaction for ``writes`` phrase writes (an import, a pack removal).

        When they are many next to the library, the text index is brought up to date once at the
        end instead of row by row (``textindex.suspended``), and other processes are told to
        reload once instead of replaying every row (``changes.suspended``): the cheaper of the two.
        Python's cyclic garbage collector waits meanwhile (``collector_paused``), and SQLite
        keeps up to BULK_CACHE_KIB of pages in memory: with its default 2 MB cache, the pages of a
        large import's rows and index spill to the WAL file mid-transaction and are read back.
        """
        with self.transaction():
            if self._bulk or not writes or writes * BULK_RATIO < self.phrase_count():
                yield
                return
            self._bulk = True
            try:
                with collector_paused(), _page_cache(self.conn), changes.suspended(self.conn, self.writer):
                    if self.text_index is None:
                        yield
                    else:
                        with textindex.suspended(self.conn):
                            yield
            finally:
                self._bulk = False

    # -- change events ----------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``listener(change)`` after each committed change; returns the call that stops it.

        Changes other processes made come the same way, from ``poll_external``. A closed store
        drops all its listeners.
        """
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def poll_external(self) -> bool:
        """Catch up with what other processes committed: it comes out as change events, exactly
        the phrases they changed (or one "reset" after a restore or a very large import).

        Costs a few microseconds when nothing changed: call it on a timer and before showing
        phrases. Waits (returns False) inside a transaction. True when there was news.
        """
        events = [] if self._depth or self._feed is None else self._feed.pending()
        if any(change.library_wide for change in events):
            self._known_stages = None
        self._pending.extend(events)
        self._flush_events()
        return bool(events)

    def _emit(self, event: StoreEvent, phrase_id: int = 0) -> None:
        """Queue a change event; listeners hear it once the outermost transaction commits."""
        self._pending.append(Change(event, phrase_id))

    def _flush_events(self) -> None:
        events, self._pending = self._pending, []
        for change in events:
            for listener in list(self._listeners):  # a listener may unsubscribe itself
                listener(change)


@contextlib.contextmanager
def _page_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """SQLite's page cache at BULK_CACHE_KIB inside, as it was after (it is the connection's)."""
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: a bulk write makes hundreds of thousands of objects
    (rows, phrases, events) and no cycles, and every full collection walks all the objects an
    import holds (its plan, its report) again. A 100,000-row XLSX import took 22 s of CPU with
    the collector on throughout, 15 s with it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
