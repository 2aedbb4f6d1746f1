"""The search index's storage: each phrase's match keys, and per stage one string per field in rank order.

Joining a stage's records into one string lets ``str.find`` (C speed) walk the phrases in the
order they should be shown; a record's start offsets map a hit back to its phrase.
"""

from __future__ import annotations

import array
import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from quickreply.core import models, pinyin, store, textnorm

FIELD = "\x01"  # starts every field of a record
# The order Entry unpacks a row of ``store.phrase_rows`` in (the Phrase fields, then the joined questions).
assert store.PHRASE_FIELDS == (
    *("stage_id", "title", "body", "code", "note", "questions", "tags", "auto_send", "id", "position"),
    *("pack_id", "title_py", "title_ini", "title_alt", "created_at", "updated_at"),
), "Entry.__init__ unpacks rows in this order"


class Entry:
    """One phrase as the index sees it: its records (not yet folded) and its rank.

    Made from a Phrase or, at start-up, from a database row (``store.phrase_rows(FIELD)``): the Phrase
    of a row is made only when a result shows it, which saves a third of the time it takes to
    load 100,000 phrases. Folding happens once per stage over the joined blob, not per phrase
    (``StageBlobs``), and matching reads the folded records there. A plain slotted class, as
    100,000 of them are made at start-up.
    """

    __slots__ = (
        *("id", "stage_id", "position", "code", "title", "body", "questions"),
        *("pinyin", "latin", "rank", "_source"),
    )

    def __init__(self, source: models.Phrase | tuple[Any, ...]) -> None:
        self._source = source
        self.rank: tuple[float, int, int, int] = (0.0, 0, 0, 0)  # (-frecency, stage position, position, id)
        if isinstance(source, models.Phrase):
            self.id, self.stage_id, self.position = source.id or 0, source.stage_id, source.position
            self.code, self.title, self.body = source.code, source.title, source.body
            self.questions = FIELD + FIELD.join(source.questions) if source.questions else ""
            title_py, title_ini, title_alt = source.title_py, source.title_ini, source.title_alt
        else:  # unpacked in one step: 100,000 rows at start-up
            (self.stage_id, self.title, self.body, self.code, _, stored, _, _, self.id, self.position, _,
             title_py, title_ini, title_alt, _, _, self.questions) = source  # fmt: skip
            if self.questions is None or '"' in self.questions:  # the store's SQL left it to us
                self.questions = joined_questions(stored)
        self.pinyin = title_py.replace(" ", "")  # primary title pinyin without spaces
        # FIELD before each of: code, pinyin, initials, polyphone alternatives (the title is apart)
        keys = pinyin.search_keys(self.code, self.title, title_py, title_ini, title_alt)
        self.latin = FIELD + FIELD.join(keys) if keys else ""

    @property
    def phrase(self) -> models.Phrase:
        if not isinstance(self._source, models.Phrase):
            self._source = store.row_to_phrase(self._source)
        return self._source


def _joined(parts: list[str], separate: bool) -> str:
    if not separate:
        return "".join(parts)
    return FIELD + FIELD.join(parts) if parts else ""


def joined_questions(stored: str) -> str:
    """FIELD before each question of a stored JSON list."""
    questions = models.stored_list(stored)
    return FIELD + FIELD.join(questions) if questions else ""


class StageBlobs:
    """One stage's records of each kind (title, latin, code, questions, body) joined in rank order.

    "title" and "latin" (code, pinyin, initials) together are the phrase's keys; they are apart
    so that a Chinese term never scans the pinyin and a pinyin term scans only ASCII text.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.ids = array.array("q", [e.id for e in entries])
        self.slot = dict(zip(self.ids, range(len(entries)), strict=True))  # phrase id → record index
        self.blobs: dict[str, str] = {}
        self.starts: dict[str, array.array[int]] = {}
        self._complete: dict[str, tuple[str, list[int]]] = {}
        self._join("title", [e.title for e in entries], fold=True, separate=True)
        self._join("latin", [e.latin for e in entries], fold=False)  # ASCII and lower-case already
        self._join("code", [e.code for e in entries], fold=False, separate=True)
        self._join("questions", [e.questions for e in entries], fold=True)
        self._join("body", [e.body for e in entries], fold=True, separate=True)
        # The ASCII characters of each blob that has others: an ASCII needle they lack cannot
        # match, which spares a scan of megabytes of Chinese text for every pinyin keystroke.
        # Dropping every non-ASCII character keeps each ASCII run whole (it may join runs, which
        # only costs a needless scan, never a missed match) and runs at C speed.
        self.ascii = {
            kind: blob.encode("ascii", "ignore").decode()
            for kind, blob in self.blobs.items()
            if not blob.isascii()
        }

    def _join(self, kind: str, parts: list[str], fold: bool, separate: bool = False) -> None:
        """One blob of the records, folded (``textnorm.fold``) when ``fold``; ``separate`` puts
        FIELD before each part that lacks one.

        The blob is folded whole; only when folding dropped invisible characters, which moves the
        records, are the records folded one by one to find where each now starts.
        """
        blob = _joined(parts, separate)
        if fold:
            folded = textnorm.fold(blob)
            if len(folded) != len(blob):
                parts = [textnorm.fold(part) for part in parts]
                folded = _joined(parts, separate)
            blob = folded
        lengths: Iterable[int] = map(len, parts[:-1])
        if separate:
            lengths = map((1).__add__, lengths)
        self.blobs[kind] = blob
        self.starts[kind] = array.array("q", itertools.accumulate(lengths, initial=0))

    def record(self, kind: str, phrase_id: int) -> str:
        """One phrase's folded ``kind`` record (FIELD before each of its parts)."""
        index = self.slot[phrase_id]
        return self.blobs[kind][self.starts[kind][index] : self._end(kind, index)]

    def questions(self, phrase_id: int) -> list[str]:
        """One phrase's buyer questions, folded."""
        return self.record("questions", phrase_id).split(FIELD)[1:]

    def contains(self, phrase_id: int, needle: str) -> bool:
        """Whether any of one phrase's folded records (title, Latin keys, questions, body) contains
        a folded needle."""
        index = self.slot[phrase_id]
        return any(
            self.blobs[kind].find(needle, self.starts[kind][index], self._end(kind, index)) >= 0
            for kind in ("title", "latin", "questions", "body")
        )

    def may_hold(self, kind: str, needle: str) -> bool:
        """False when ``kind`` cannot contain ``needle`` (an ASCII needle its ASCII lacks, or a
        needle with other characters in pure-ASCII text); decided without scanning the blob."""
        if needle.isascii():
            ascii_only = self.ascii.get(kind)
            return ascii_only is None or needle in ascii_only
        return kind in self.ascii

    def find(self, kind: str, needle: str) -> Iterator[int]:
        """Phrase ids whose ``kind`` record contains ``needle``, in rank order, each once."""
        return map(self.ids.__getitem__, self._indices(kind, needle))

    def find_keys(self, needle: str, latin_ids: Iterable[int] | None = None) -> Iterator[int]:
        """Phrase ids whose title or latin keys contain ``needle``, in rank order, each once;
        ``latin_ids`` are the only candidates for the latin keys when the text index gave some."""
        sources = []
        if self.may_hold("title", needle):
            sources.append(self._indices("title", needle))
        if self.may_hold("latin", needle):
            if latin_ids is None:
                sources.append(self._indices("latin", needle))
            else:
                sources.append(self._among("latin", needle, latin_ids))
        last = -1
        # A phrase whose title and keys both match comes from both sources: yield it once.
        for index in sources[0] if len(sources) == 1 else heapq.merge(*sources):
            if index != last:
                yield self.ids[index]
            last = index

    def find_among(self, kind: str, needle: str, ids: Iterable[int]) -> Iterator[int]:
        """Those of ``ids`` (candidates, e.g. from the text index) whose ``kind`` record contains
        ``needle``, in rank order."""
        return map(self.ids.__getitem__, self._among(kind, needle, ids))

    def _among(self, kind: str, needle: str, ids: Iterable[int]) -> Iterator[int]:
        blob, starts = self.blobs[kind], self.starts[kind]
        for index in sorted(self.slot[pid] for pid in ids if pid in self.slot):
            if blob.find(needle, starts[index], self._end(kind, index)) >= 0:
                yield index

    def size(self, kind: str) -> int:
        """Characters a whole scan of ``kind`` reads."""
        return len(self.blobs[kind])

    def resumes(self, kind: str, needle: str) -> bool:
        """Whether a scan for ``needle`` would check only the records the last complete one found."""
        previous = self._complete.get(kind)
        return previous is not None and previous[0] in needle

    def _end(self, kind: str, index: int) -> int:
        starts = self.starts[kind]
        return starts[index + 1] if index + 1 < len(starts) else len(self.blobs[kind])

    def _indices(self, kind: str, needle: str) -> Iterator[int]:
        """Record indices whose ``kind`` record contains ``needle``, ascending (= rank order).

        An agent types one character at a time, so the needle usually extends the previous one:
        when the last scan of this kind ran to the end, its records are the only candidates left
        and are checked one by one instead of scanning the whole stage again.
        """
        if not self.may_hold(kind, needle):
            return
        blob, starts = self.blobs[kind], self.starts[kind]
        found: list[int] = []
        if self.resumes(kind, needle):
            for index in self._complete[kind][1]:
                if blob.find(needle, starts[index], self._end(kind, index)) >= 0:
                    found.append(index)
                    yield index
        else:
            pos = blob.find(needle)
            while pos >= 0:
                index = bisect.bisect_right(starts, pos) - 1
                found.append(index)
                yield index
                pos = blob.find(needle, self._end(kind, index))
        self._complete[kind] = (needle, found)  # reached only when the caller read every hit
