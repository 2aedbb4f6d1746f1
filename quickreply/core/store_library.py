"""What the library holds -- stages, phrases and packs -- read and written through ``StoreCore``'s
transactions, each write announced as a change event.

Every phrase that is written passes the phrase validator (``core.validate``) once, and the store's
own rules: its stage exists, its shortcut code is free (``store_codes``), it is not part of a
read-only pack. Positions within a stage stay 0, 1, 2 … in library order.

Raw SQL here, not sqlite-utils: each read or single-row write is one short statement, several run
on the tray app's start-up and every refresh, and tuples are cheaper than sqlite-utils' dict rows.
The bulk insert is a prepared ``executemany`` over tuples too (``store_bulk``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quickreply.core import models, pinyin, stages, store_bulk, store_codes, store_core, store_rows, validate
from quickreply.core.kinds import StoreEvent

InvalidPhrase = validate.InvalidPhrase
_EDITABLE = validate.FIELDS


class NotFound(store_core.StoreError):
    """A phrase, stage or pack that does not exist."""


class ReadOnly(store_core.StoreError):
    """A phrase that belongs to a read-only pack and so cannot be changed in place."""


class LibraryStore(store_core.StoreCore):
    """Stages, phrases and packs of an open library (see ``StoreCore`` for the arguments)."""

    # -- stages -----------------------------------------------------------------------------------

    def stages(self) -> list[models.Stage]:
        """All stages in conversation order."""
        rows = self.conn.execute("SELECT id, name_zh, name_en, position FROM stages ORDER BY position, id")
        return [models.Stage(*row) for row in rows]

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

    def _stage_id(self, name: str) -> str:
        """The id of the stage a phrase names (its id, usually: a set lookup); NotFound otherwise."""
        return name if name in self._stage_ids() else self.stage(name).id

    def add_stage(self, stage: models.Stage) -> models.Stage:
        """Add a stage a pack brings (ids are kept as given)."""
        self._known_stages = None
        with self.transaction():
            self.conn.execute(
                "INSERT INTO stages(id, name_zh, name_en, position) VALUES (?, ?, ?, ?)",
                (stage.id, stage.name_zh, stage.name_en, stage.position),
            )
            self._emit(StoreEvent.STAGES)
        return stage

    def stage_counts(self) -> dict[str, int]:
        """How many phrases each stage holds (stages without phrases are absent)."""
        rows = self.conn.execute("SELECT stage_id, COUNT(*) FROM phrases GROUP BY stage_id")
        return {stage_id: count for stage_id, count in rows}

    # -- reading phrases --------------------------------------------------------------------------

    def phrases(self, stage_id: str | None = None, ordered: bool = True) -> list[models.Phrase]:
        """Phrases in library order: by stage in conversation order, then by position within the stage.

        ``ordered=False`` skips the sort, for callers that order phrases themselves.
        """
        if not ordered and stage_id is None:
            return store_rows.select_phrases(self.conn, "SELECT * FROM phrases", [])
        sql = (
            "SELECT p.* FROM phrases p JOIN stages s ON s.id = p.stage_id"
            + (" WHERE p.stage_id = ?" if stage_id else "")
            + " ORDER BY s.position, s.id, p.position, p.id"
        )
        return store_rows.select_phrases(self.conn, sql, [stage_id] if stage_id else [])

    def phrase_rows(self, separator: str) -> list[tuple[Any, ...]]:
        """Every phrase as a plain row, unsorted, for the search index's start-up load.

        A row is the PHRASE_FIELDS in order (``store_rows.row_to_phrase`` makes the Phrase, only
        for the results shown), then the questions with ``separator`` before each (see there).
        """
        return store_rows.phrase_rows(self.conn, separator)

    def get(self, phrase_id: int) -> models.Phrase:
        """The phrase with this id; NotFound otherwise."""
        phrase = self.current(phrase_id)
        if phrase is None:
            raise NotFound(f"没有编号为 {phrase_id} 的短语")
        return phrase

    def current(self, phrase_id: int) -> models.Phrase | None:
        """The phrase as the database has it now, or None when it is gone (deleted, maybe by another
        process): check a pick with it right before pasting."""
        rows = store_rows.select_phrases(self.conn, "SELECT * FROM phrases WHERE id = ?", [phrase_id])
        return rows[0] if rows else None

    def find_by_code(self, code: str) -> list[models.Phrase]:
        """Phrases whose shortcut code is ``code`` (case-insensitive), in library order."""
        code = code.strip().lower()
        return [p for p in self.phrases() if code and p.code == code]

    # -- writing phrases --------------------------------------------------------------------------

    def add(self, phrase: models.Phrase) -> models.Phrase:
        """Validate and insert a phrase at the end of its stage; returns it with id and pinyin keys."""
        with self.transaction():
            clean = self._validated(phrase, exclude_id=None)
            clean.position = self._next_position(clean.stage_id)
            clean.created_at = clean.updated_at = store_rows.now_iso()
            record = store_rows.to_record(clean)
            record.pop("id")
            cols = ", ".join(record)
            cursor = self.conn.execute(
                f"INSERT INTO phrases({cols}) VALUES ({', '.join('?' * len(record))})", list(record.values())
            )
            clean.id = int(cursor.lastrowid or 0)
            self._emit(StoreEvent.UPSERT, clean.id)
        return clean

    def add_many(self, phrases: Iterable[models.Phrase], validated: bool = False) -> list[int]:
        """Insert phrases at the end of their stages, in order, all or none; returns their new ids.

        The same rules as ``add``, checked for the whole batch at once (``store_bulk``), and the
        same change events. ``validated``: the caller already ran the phrase validator on every
        phrase (an import's plan does), so it does not run twice; the stage and the shortcut code
        are still checked against the library.
        """
        with self.transaction():
            ids = store_bulk.write(self.conn, phrases, validated, self._stage_id, store_rows.now_iso())
            for phrase_id in ids:
                self._emit(StoreEvent.UPSERT, phrase_id)
        return ids

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
            clean.updated_at = store_rows.now_iso()
            record = store_rows.to_record(clean)
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
        clean.stage_id = self._stage_id(phrase.stage_id)
        store_codes.clash(self.conn, clean.code, clean.stage_id, clean.pack_id, exclude_id)
        clean.title_py, clean.title_ini, clean.title_alt = pinyin.keys(clean.title)
        return clean

    # -- packs ------------------------------------------------------------------------------------

    def packs(self) -> list[models.PackInfo]:
        """Every pack the store holds phrases from, oldest import first."""
        cursor = self.conn.execute("SELECT * FROM packs ORDER BY imported_at, id")
        names = [d[0] for d in cursor.description]
        return [store_rows.to_pack(dict(zip(names, row, strict=True))) for row in cursor]

    def pack(self, pack_id: str) -> models.PackInfo:
        """The pack with this id; NotFound otherwise."""
        for pack in self.packs():
            if pack.id == pack_id:
                return pack
        raise NotFound(f"没有这个短语包:{pack_id}")

    def add_pack(self, info: models.PackInfo) -> models.PackInfo:
        """Record a pack (its phrases are added with ``pack_id`` set)."""
        info.imported_at = info.imported_at or store_rows.now_iso()
        with self.transaction():
            columns = store_rows.PACK_COLUMNS
            marks = ", ".join("?" * (len(columns) + 1))
            self.conn.execute(
                f"INSERT INTO packs({', '.join(columns)}, id) VALUES ({marks})", store_rows.pack_values(info)
            )
        return info

    def update_pack(self, info: models.PackInfo) -> models.PackInfo:
        """Record a new version of a pack the store already holds."""
        self.pack(info.id)
        info.imported_at = store_rows.now_iso()
        with self.transaction():
            sets = ", ".join(f"{column} = ?" for column in store_rows.PACK_COLUMNS)
            self.conn.execute(f"UPDATE packs SET {sets} WHERE id = ?", store_rows.pack_values(info))
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
