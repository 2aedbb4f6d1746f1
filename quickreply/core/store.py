"""The phrase store: one SQLite file (via sqlite-utils) holding stages, phrases, packs, usage and settings."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from quickreply.core import (
    changes,
    dbfile,
    health,
    locks,
    migrations,
    models,
    pinyin,
    replica,
    stages,
    textindex,
    validate,
)
from quickreply.core.kinds import Change, StoreEvent

log = logging.getLogger(__name__)

StoreError = dbfile.StoreError
DatabaseUnusable = dbfile.DatabaseUnusable
Busy = locks.Busy


class NotFound(StoreError):
    """A phrase, stage or pack that does not exist."""


InvalidPhrase = validate.InvalidPhrase


class ReadOnly(StoreError):
    """A phrase that belongs to a read-only pack and so cannot be changed in place."""


# The phrase rules live in core.validate; these names stay for the store's callers.
MAX_TITLE = validate.MAX_TITLE
MAX_BODY = validate.MAX_BODY
# (age in days, weight) of a use for the frecency score; older uses weigh FRECENCY_FLOOR.
FRECENCY_BUCKETS = ((4, 1.0), (14, 0.7), (31, 0.5), (90, 0.3))
FRECENCY_FLOOR = 0.1
USE_WEIGHT_NOW = FRECENCY_BUCKETS[0][1]
PHRASE_FIELDS = tuple(field.name for field in dataclasses.fields(models.Phrase))  # = the table's columns
BULK_RATIO = 5  # a bulk write rebuilds the text index when it writes over 1/5 of the library
MIGRATION_WAIT = 30.0  # seconds an upgrade waits for another process's write (an import) to finish
_EDITABLE = validate.FIELDS


# Forward-only migrations live in their own module; these names are the store's public face.
MIGRATIONS = migrations.MIGRATIONS
SCHEMA_VERSION = migrations.SCHEMA_VERSION


def now_iso() -> str:
    """The current UTC time as stored in every timestamp column."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


class PhraseStore:
    """All reads and writes of the phrase library.

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
        self._known_stages: set[str] | None = None
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
            self.db = sqlite_utils.Database(conn)
            self.conn = conn
            conn.execute("PRAGMA foreign_keys=ON")
            textindex.register(conn)
            self.writer = changes.new_writer()
            changes.register(conn, self.writer)
            if self.path is not None:
                conn.execute("PRAGMA journal_mode=WAL")
            self._migrate()
            self._feed = changes.Feed(conn, self.writer)
            self._guard = None if self.path is None else locks.WalGuard(self.path)

    def close(self) -> None:
        """Close the connection (the last process to close checkpoints the WAL into the main file);
        listeners are dropped, which also frees the search indexes that follow this store."""
        self._listeners.clear()
        if self._guard is not None:
            self._guard.release()
        self.conn.close()

    # -- schema -----------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        self.created = version == 0
        with locks.waiting(self.conn, MIGRATION_WAIT):
            migrations.upgrade(self.conn, version, self.transaction)
            self.text_index = textindex.ensure(self.conn, self.transaction)

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

    @contextlib.contextmanager
    def bulk(self, writes: int) -> Iterator[None]:
        """A transaction for ``writes`` phrase writes (an import, a pack removal).

        When they are many next to the library, the text index is rebuilt once at the end
        instead of row by row (``textindex.suspended``), and other processes are told to reload
        once instead of replaying every row (``changes.suspended``): the cheaper of the two.
        """
        with self.transaction():
            if self._bulk or not writes or writes * BULK_RATIO < self.phrase_count():
                yield
                return
            self._bulk = True
            try:
                with changes.suspended(self.conn, self.writer):
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

    def _emit(self, event: StoreEvent, phrase_id: int) -> None:
        self._pending.append(Change(event, phrase_id))

    def _flush_events(self) -> None:
        events, self._pending = self._pending, []
        for change in events:
            for listener in list(self._listeners):  # a listener may unsubscribe itself
                listener(change)

    # -- stages -----------------------------------------------------------------------------------

    def stages(self) -> list[models.Stage]:
        """All stages in conversation order."""
        rows = self.db.query("SELECT id, name_zh, name_en, position FROM stages ORDER BY position, id")
        return [models.Stage(**row) for row in rows]

    def stage(self, name: str) -> models.Stage:
        """The stage named by id, Chinese or English name or a trainer alias; NotFound otherwise."""
        wanted = stages.resolve(name) or name.strip()
        folded = stages.fold(name)
        for stage in self.stages():
            if stage.id == wanted or stages.fold(stage.name_zh) == folded or stages.fold(stage.id) == folded:
                return stage
        known = "、".join(f"{s.id}({s.name_zh})" for s in self.stages())
        raise NotFound(f"没有这个阶段:{name}。可用的阶段:{known}")

    def _stage_ids(self) -> set[str]:
        if self._known_stages is None:
            self._known_stages = {row[0] for row in self.conn.execute("SELECT id FROM stages")}
        return self._known_stages

    def add_stage(self, stage: models.Stage) -> models.Stage:
        """Add a stage a pack brings (ids are kept as given)."""
        self._known_stages = None
        with self.transaction():
            self.conn.execute(
                "INSERT INTO stages(id, name_zh, name_en, position) VALUES (?, ?, ?, ?)",
                (stage.id, stage.name_zh, stage.name_en, stage.position),
            )
            self._emit(StoreEvent.STAGES, 0)
        return stage

    # -- phrases ----------------------------------------------------------------------------------

    def phrases(self, stage_id: str | None = None, ordered: bool = True) -> list[models.Phrase]:
        """Phrases in library order: by stage in conversation order, then by position within the stage.

        ``ordered=False`` skips the sort, for callers that order phrases themselves.
        """
        if not ordered and stage_id is None:
            return self._select_phrases("SELECT * FROM phrases", [])
        sql = (
            "SELECT p.* FROM phrases p JOIN stages s ON s.id = p.stage_id"
            + (" WHERE p.stage_id = ?" if stage_id else "")
            + " ORDER BY s.position, s.id, p.position, p.id"
        )
        return self._select_phrases(sql, [stage_id] if stage_id else [])

    def _select_phrases(self, sql: str, params: list[Any]) -> list[models.Phrase]:
        # Plain cursor rows, not sqlite-utils dicts: loading 100,000 phrases for the search index
        # is on the start-up path.
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [_to_phrase(dict(zip(names, row, strict=True))) for row in cursor]

    def phrase_count(self) -> int:
        """How many phrases the library holds."""
        return int(self.conn.execute("SELECT COUNT(*) FROM phrases").fetchone()[0])

    def phrase_rows(self, separator: str) -> list[tuple[Any, ...]]:
        """Every phrase as a plain row, unsorted, for the search index's start-up load.

        A row is the PHRASE_FIELDS in order (``row_to_phrase`` makes the Phrase, only for the
        results shown), then the questions with ``separator`` before each, split by SQLite at
        C speed; None there where the JSON has escapes and needs decoding.
        """
        joined = (
            "CASE WHEN questions = '[]' THEN ''"
            " WHEN instr(questions, '\\') = 0 AND instr(questions, '[\"') = 1"
            " THEN :sep || replace(substr(questions, 3, length(questions) - 4), '\", \"', :sep) END"
        )
        sql = f"SELECT {', '.join(PHRASE_FIELDS)}, {joined} FROM phrases"
        return self.conn.execute(sql, {"sep": separator}).fetchall()

    def get(self, phrase_id: int) -> models.Phrase:
        """The phrase with this id; NotFound otherwise."""
        phrase = self.current(phrase_id)
        if phrase is None:
            raise NotFound(f"没有编号为 {phrase_id} 的短语")
        return phrase

    def current(self, phrase_id: int) -> models.Phrase | None:
        """The phrase as the database has it now, or None when it is gone (deleted, maybe by another
        process): check a pick with it right before pasting."""
        rows = self._select_phrases("SELECT * FROM phrases WHERE id = ?", [phrase_id])
        return rows[0] if rows else None

    def find_by_code(self, code: str) -> list[models.Phrase]:
        """Phrases whose shortcut code is ``code`` (case-insensitive), in library order."""
        code = code.strip().lower()
        return [p for p in self.phrases() if code and p.code == code]

    def add(self, phrase: models.Phrase) -> models.Phrase:
        """Validate and insert a phrase at the end of its stage; returns it with id and pinyin keys."""
        with self.transaction():
            clean = self._validated(phrase, exclude_id=None)
            clean.position = self._next_position(clean.stage_id)
            clean.created_at = clean.updated_at = now_iso()
            record = _to_record(clean)
            record.pop("id")
            cols = ", ".join(record)
            cursor = self.conn.execute(
                f"INSERT INTO phrases({cols}) VALUES ({', '.join('?' * len(record))})", list(record.values())
            )
            clean.id = int(cursor.lastrowid or 0)
            self._emit(StoreEvent.UPSERT, clean.id)
        return clean

    def update(self, phrase_id: int, pack_write: bool = False, **changes: Any) -> models.Phrase:
        """Change fields of a phrase; a new ``stage_id`` moves it to the end of that stage.

        ``pack_write`` lets a pack import change phrases of a read-only pack (its own).
        """
        unknown = set(changes) - set(_EDITABLE)
        if unknown:
            raise InvalidPhrase(f"无法修改字段:{', '.join(sorted(unknown))}")
        with self.transaction():
            current = self.get(phrase_id) if pack_write else self._writable(phrase_id)
            merged = models.Phrase(**{**current.__dict__, **changes})
            clean = self._validated(merged, exclude_id=phrase_id)
            if clean.stage_id != current.stage_id:
                clean.position = self._next_position(clean.stage_id)
            clean.updated_at = now_iso()
            record = _to_record(clean)
            record.pop("id")
            sets = ", ".join(f"{k} = ?" for k in record)
            self.conn.execute(f"UPDATE phrases SET {sets} WHERE id = ?", [*record.values(), phrase_id])
            if clean.stage_id != current.stage_id:
                self._renumber(current.stage_id)
            self._emit(StoreEvent.UPSERT, phrase_id)
        return self.get(phrase_id)

    def delete(self, phrase_id: int, pack_write: bool = False) -> models.Phrase:
        """Delete a phrase (and its usage rows); returns what was deleted."""
        with self.transaction():
            phrase = self.get(phrase_id) if pack_write else self._writable(phrase_id)
            self.conn.execute("DELETE FROM phrases WHERE id = ?", [phrase_id])
            self._renumber(phrase.stage_id)
            self._emit(StoreEvent.DELETE, phrase_id)
        return phrase

    def move(self, phrase_id: int, stage_id: str, index: int | None = None) -> models.Phrase:
        """Move a phrase to another stage, at ``index`` there (default: the end)."""
        with self.transaction():
            target = self.stage(stage_id).id
            self.update(phrase_id, stage_id=target)
            if index is not None:
                self.reorder(phrase_id, index)
        return self.get(phrase_id)

    def reorder(self, phrase_id: int, index: int) -> models.Phrase:
        """Put a phrase at ``index`` (0-based, clamped) within its stage and renumber the others."""
        with self.transaction():
            phrase = self.get(phrase_id)
            ids = [p.id for p in self.phrases(phrase.stage_id) if p.id != phrase_id]
            ids.insert(max(0, min(index, len(ids))), phrase_id)
            self.conn.executemany(
                "UPDATE phrases SET position = ? WHERE id = ?", [(pos, pid) for pos, pid in enumerate(ids)]
            )
            for pid in ids:
                self._emit(StoreEvent.UPSERT, pid or 0)
        return self.get(phrase_id)

    def _renumber(self, stage_id: str) -> None:
        ids = [p.id for p in self.phrases(stage_id)]
        self.conn.executemany("UPDATE phrases SET position = ? WHERE id = ?", list(enumerate(ids)))
        for pid in ids:
            self._emit(StoreEvent.UPSERT, pid or 0)

    def _next_position(self, stage_id: str) -> int:
        row = self.conn.execute("SELECT MAX(position) FROM phrases WHERE stage_id = ?", [stage_id]).fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def _writable(self, phrase_id: int) -> models.Phrase:
        phrase = self.get(phrase_id)
        if phrase.pack_id:
            pack = self.pack(phrase.pack_id)
            if pack.read_only:
                raise ReadOnly(
                    f"短语 {phrase_id}「{phrase.title}」属于只读短语包「{pack.name}」,"
                    "请先复制为自己的短语再修改"
                )
        return phrase

    def _validated(self, phrase: models.Phrase, exclude_id: int | None) -> models.Phrase:
        clean = validate.checked(phrase)
        if phrase.stage_id not in self._stage_ids():
            clean.stage_id = self.stage(phrase.stage_id).id
        if clean.code:
            # Unique within a stage among the user's own phrases, or within one pack: two packs (or a
            # pack and the user) may share a code, and search then offers every phrase it names.
            clash = self.conn.execute(
                "SELECT id, title FROM phrases"
                " WHERE code = ? AND stage_id = ? AND pack_id IS ? AND id IS NOT ?",
                [clean.code, clean.stage_id, clean.pack_id, exclude_id],
            ).fetchone()
            if clash:
                raise InvalidPhrase(
                    f"快捷编码「{clean.code}」在本阶段已被短语「{clash[1]}」使用(编号 {clash[0]})"
                )
        clean.title_py, clean.title_ini, clean.title_alt = pinyin.keys(clean.title)
        return clean

    # -- packs ------------------------------------------------------------------------------------

    def packs(self) -> list[models.PackInfo]:
        """Every pack the store holds phrases from, oldest import first."""
        rows = self.db.query("SELECT * FROM packs ORDER BY imported_at, id")
        return [models.PackInfo(**{**row, "read_only": bool(row["read_only"])}) for row in rows]

    def pack(self, pack_id: str) -> models.PackInfo:
        """The pack with this id; NotFound otherwise."""
        for pack in self.packs():
            if pack.id == pack_id:
                return pack
        raise NotFound(f"没有这个短语包:{pack_id}")

    def add_pack(self, info: models.PackInfo) -> models.PackInfo:
        """Record a pack (its phrases are added with ``pack_id`` set)."""
        info.imported_at = info.imported_at or now_iso()
        with self.transaction():
            marks = ", ".join("?" * (len(_PACK_COLUMNS) + 1))
            self.conn.execute(
                f"INSERT INTO packs({', '.join(_PACK_COLUMNS)}, id) VALUES ({marks})", _pack_values(info)
            )
        return info

    def update_pack(self, info: models.PackInfo) -> models.PackInfo:
        """Record a new version of a pack the store already holds."""
        self.pack(info.id)
        info.imported_at = now_iso()
        with self.transaction():
            sets = ", ".join(f"{column} = ?" for column in _PACK_COLUMNS)
            self.conn.execute(f"UPDATE packs SET {sets} WHERE id = ?", _pack_values(info))
        return info

    def remove_pack(self, pack_id: str) -> int:
        """Delete a pack and all its phrases (their usage too); returns how many phrases went."""
        self.pack(pack_id)
        with self.transaction():
            ids = [r[0] for r in self.conn.execute("SELECT id FROM phrases WHERE pack_id = ?", [pack_id])]
            stage_ids = {
                r[0]
                for r in self.conn.execute(
                    "SELECT DISTINCT stage_id FROM phrases WHERE pack_id = ?", [pack_id]
                )
            }
            with self.bulk(len(ids)):
                self.conn.execute("DELETE FROM phrases WHERE pack_id = ?", [pack_id])
            self.conn.execute("DELETE FROM packs WHERE id = ?", [pack_id])
            for stage_id in stage_ids:
                self._renumber(stage_id)
            for pid in ids:
                self._emit(StoreEvent.DELETE, pid)
        return len(ids)

    def pack_counts(self) -> dict[str, int]:
        """How many phrases each pack has in the store."""
        rows = self.conn.execute(
            "SELECT pack_id, COUNT(*) FROM phrases WHERE pack_id IS NOT NULL GROUP BY pack_id"
        )
        return {pack_id: count for pack_id, count in rows}

    # -- usage ------------------------------------------------------------------------------------

    def record_use(
        self, phrase_id: int, action: str = "paste", query: str = "", when: str | None = None
    ) -> None:
        """Remember that a phrase was pasted or copied (one row per use); NotFound when it is gone."""
        with self.transaction():
            self.get(phrase_id)  # under the write lock: no other process can delete it before the insert
            self.conn.execute(
                "INSERT INTO usage(phrase_id, used_at, query, action) VALUES (?, ?, ?, ?)",
                [phrase_id, when or now_iso(), query, action],
            )
            self._emit(StoreEvent.USE, phrase_id)

    def usage(self) -> dict[int, models.Usage]:
        """Use count and last use of every phrase that was used at least once."""
        rows = self.db.query(
            "SELECT phrase_id, COUNT(*) AS count, MAX(used_at) AS last_used FROM usage GROUP BY phrase_id"
        )
        return {row["phrase_id"]: models.Usage(**row) for row in rows}

    def frecency(self, now: datetime.datetime | None = None) -> dict[int, float]:
        """A use count weighted by recency, per phrase: recent uses count fully, old ones less.

        Buckets instead of exponential decay keep this one portable SQL query (no math functions).
        """
        now = now or datetime.datetime.now(datetime.UTC)
        cases = " ".join(
            f"WHEN used_at >= '{(now - datetime.timedelta(days=d)).isoformat(timespec='seconds')}' THEN {w}"
            for d, w in FRECENCY_BUCKETS
        )
        rows = self.conn.execute(
            f"SELECT phrase_id, SUM(CASE {cases} ELSE {FRECENCY_FLOOR} END) FROM usage GROUP BY phrase_id"
        )
        return {int(pid): float(score) for pid, score in rows}

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

    @property
    def _stem(self) -> str:
        return self.path.stem if self.path else "quickreply"

    def backup(self, path: str | Path) -> Path:
        """Write a consistent copy of the whole database to ``path`` (safe while the app writes)."""
        path = Path(path)
        if self._depth:
            raise StoreError("事务进行中,无法备份")
        try:
            return dbfile.copy_database(self.conn, path, self.path)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"无法写入备份 {path}:{health.message(exc)}") from exc

    def auto_backup(self, reason: str = "auto") -> Path:
        """Back up into the backup folder and keep only the newest ``keep_backups`` there."""
        if self.backup_dir is None:
            raise StoreError("内存数据库没有备份目录")
        made = self.backup(self.backup_dir / dbfile.backup_name(self._stem, reason))
        dbfile.prune_backups(self.backup_dir, self._stem, self.keep_backups)
        return made

    def backups(self) -> list[Path]:
        """The automatic backups of this database, oldest first."""
        return dbfile.list_backups(self.backup_dir, self._stem)

    def newest_backup(self) -> Path | None:
        """The newest automatic backup, if any."""
        found = self.backups()
        return found[-1] if found else None

    def restore(self, path: str | Path) -> Path:
        """Replace the whole library with a backup file; the current state is backed up first.

        Returns the path of that safety backup. The source is checked (``dbfile.inspect``) and its
        rows copied into a fresh database (``replica``) before anything changes; that database
        then replaces the library's content in one transaction.
        """
        path = Path(path)
        health.writable(self.conn)
        if not path.is_file():
            raise StoreError(f"找不到备份文件:{path}")
        with health.translated(path, "读取"):  # a backup that is locked or unreadable
            version, problem = dbfile.inspect(path, SCHEMA_VERSION)
        if problem or version == 0:
            raise StoreError(f"无法从 {path} 恢复:{problem or '这是一个空数据库'}")
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

    def stage_counts(self) -> dict[str, int]:
        """How many phrases each stage holds (stages without phrases are absent)."""
        rows = self.conn.execute("SELECT stage_id, COUNT(*) FROM phrases GROUP BY stage_id")
        return {stage_id: count for stage_id, count in rows}


_PACK_COLUMNS = ("name", "version", "author", "source", "sha256", "imported_at", "read_only")


def _pack_values(info: models.PackInfo) -> list[Any]:
    """A pack's column values in _PACK_COLUMNS order, then its id."""
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


def row_to_phrase(row: tuple[Any, ...]) -> models.Phrase:
    """The Phrase of a row from ``phrase_rows``."""
    return _to_phrase(dict(zip(PHRASE_FIELDS, row[: len(PHRASE_FIELDS)], strict=True)))


def _to_phrase(data: dict[str, Any]) -> models.Phrase:
    where = f"短语 #{data.get('id')} "
    data["questions"] = models.stored_list(data["questions"], where)
    data["tags"] = models.stored_list(data["tags"], where)
    data["auto_send"] = bool(data["auto_send"])
    # The row has exactly the dataclass's fields; filling __dict__ skips a 17-argument __init__,
    # a quarter of the time it takes to load a large library.
    phrase = models.Phrase.__new__(models.Phrase)
    phrase.__dict__.update(data)
    return phrase


def _to_record(phrase: models.Phrase) -> dict[str, Any]:
    record = dict(phrase.__dict__)
    record["questions"] = json.dumps(phrase.questions, ensure_ascii=False)
    record["tags"] = json.dumps(phrase.tags, ensure_ascii=False)
    record["auto_send"] = int(phrase.auto_send)
    return record
