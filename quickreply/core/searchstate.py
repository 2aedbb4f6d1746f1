"""What the search index holds about a library: its phrases filed by stage and code, ranked, and per
stage the joined blobs the scans read.

Everything the index knows is in one ``IndexState``: loading a library makes a new one, and a
reset (a restore, a very large import) swaps the whole state for a freshly loaded one, so no
part of an old library can survive in the new index.
"""

from __future__ import annotations

import collections
import contextlib
import heapq
import itertools
import operator
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from quickreply.core import (
    blobs,
    fuzzy,
    lexicon,
    models,
    pinyin,
    query,
    ranker,
    stages,
    store,
    store_core,
    textindex,
)

RANK = operator.attrgetter("rank")
NARROW_MIN_CHARS = 500_000  # below this much text to scan, a scan is as quick as asking the text index
TEXT_CANDIDATES = 400  # more candidates than this from the text index: scan instead (a common term)


class IndexState:
    """The phrases of one library as the search sees them, kept current one change at a time.

    Args:
        phrases: the library in any order, as Phrases or as rows from ``store.phrase_rows``.
        stage_list: the stages in conversation order.
        frecency: recency-weighted use counts by phrase id.
        text: the database's pair index of questions, bodies and Latin keys, which narrows the
            scans for rare terms (without it every scan reads whole stages; same results).
    """

    def __init__(
        self,
        phrases: Iterable[models.Phrase | tuple[object, ...]],
        stage_list: list[models.Stage],
        frecency: dict[int, float],
        text: textindex.TextIndex | None = None,
    ) -> None:
        self.text = text
        self.stages = {s.id: s for s in stage_list}
        self.frecency = dict(frecency)
        self.entries: dict[int, blobs.Entry] = {}
        self.by_stage: dict[str, set[int]] = collections.defaultdict(set)
        # code → the phrases that have it; tuples, not a set per phrase: 100,000 fewer containers for
        # the cyclic collector to walk after a load
        self.codes: dict[str, tuple[int, ...]] = {}
        self._blobs: dict[str, blobs.StageBlobs] = {}
        self._fuzzy: fuzzy.FuzzyKeys | None = None
        self._stage_keys: dict[str, set[str]] | None = None
        self._dirty: set[str] = set()
        self.db_path: Path | None = None  # the library's file: a shop lexicon may sit beside it
        # (phrase id, query) of past uses, oldest first: read from the store when the ranker is
        # built (``read_past``), kept here for an index made without one
        self.learned: list[tuple[int, str]] = []
        self.read_past: Callable[[], list[tuple[int, str]]] | None = None
        self._ranker: ranker.MessageRanker | None = None  # built at the first buyer message
        self.put(list(map(blobs.Entry, phrases)))

    @classmethod
    def load(cls, source: store.PhraseStore) -> IndexState:
        """The library of a store, ranked and with every stage's blobs joined (stored pinyin keys;
        no pypinyin runs here)."""
        with store_core.collector_paused():  # ~10 objects a phrase, no cycles
            state = cls(
                source.phrase_rows(blobs.FIELD), source.stages(), source.frecency(), source.text_index
            )
            state.db_path = source.path
            state.read_past = source.past_queries  # not on the start-up path: at the ranker's build
            state.prepare()
        return state

    # -- changes -----------------------------------------------------------------------------------

    def put(self, entries: list[blobs.Entry]) -> None:
        """Rank entries (frecency, stage, place in the stage) and file them; their stages are
        re-ranked at the next search or ``prepare``. One loop for 100,000 at start-up."""
        place = {stage_id: stage.position for stage_id, stage in self.stages.items()}.get
        weight = self.frecency.get
        for entry in entries:
            pid = entry.id
            entry.rank = (-weight(pid, 0.0), place(entry.stage_id, 10**6), entry.position, pid)
            self.entries[pid] = entry
            self.by_stage[entry.stage_id].add(pid)
            if entry.code:
                self.codes[entry.code] = (*self.codes.get(entry.code, ()), pid)
            self._dirty.add(entry.stage_id)
            if self._ranker is not None:
                self._ranker.put(pid, ranker_fields(entry))
        self._fuzzy = None

    def remove(self, phrase_id: int) -> None:
        """Forget one phrase (no-op when unknown)."""
        entry = self.entries.pop(phrase_id, None)
        if entry is None:
            return
        self.by_stage[entry.stage_id].discard(phrase_id)
        others = tuple(pid for pid in self.codes.pop(entry.code, ()) if pid != phrase_id)
        if others:
            self.codes[entry.code] = others
        self._dirty.add(entry.stage_id)
        self._fuzzy = None
        if self._ranker is not None:
            self._ranker.remove(phrase_id)

    def record_use(self, phrase_id: int, weight: float, query_text: str = "") -> None:
        """Count a use now, so the phrase rises in every tier (its stage is re-ranked lazily); its
        query teaches the message ranker."""
        entry = self.entries.get(phrase_id)
        if entry is None:
            return
        if query_text.strip():
            if self._ranker is not None:
                self._ranker.learn(phrase_id, query_text)
            elif self.read_past is None:  # else the store has it, read when the ranker is built
                self.learned.append((phrase_id, query_text))
        self.frecency[phrase_id] = self.frecency.get(phrase_id, 0.0) + weight
        entry.rank = (-self.frecency[phrase_id], *entry.rank[1:])
        self._dirty.add(entry.stage_id)

    def set_stages(self, stage_list: list[models.Stage]) -> None:
        """The library's stages changed (a pack added one)."""
        self.stages = {s.id: s for s in stage_list}

    def prepare(self) -> None:
        """Re-rank the stages changed since the last search, and cut the typo keys, now."""
        for stage_id in list(self._dirty):
            self.stage_blobs(stage_id)
        self.fuzzy_keys().prepare()

    # -- reading -----------------------------------------------------------------------------------

    def stage_blobs(self, stage_id: str) -> blobs.StageBlobs:
        """One stage's blobs in rank order, joined anew when the stage changed since."""
        if stage_id in self._dirty or stage_id not in self._blobs:
            ids = self.by_stage.get(stage_id, set())
            ranked = sorted(map(self.entries.__getitem__, ids), key=RANK)
            self._blobs[stage_id] = blobs.StageBlobs(ranked)
            self._dirty.discard(stage_id)
        return self._blobs[stage_id]

    def message_ranker(self) -> ranker.MessageRanker:
        """The BM25 ranker for buyer messages, built at the first one (off the start-up path)."""
        if self._ranker is None:
            built = ranker.MessageRanker(lexicon.for_database(self.db_path))
            past = self.learned
            if self.read_past is not None:
                with contextlib.suppress(sqlite3.Error):  # a store closed since: what is known here
                    past = self.read_past()
            for pid, text in past:
                built.learned.setdefault(pid, []).append(text)
            built.build((pid, ranker_fields(entry)) for pid, entry in self.entries.items())
            self._ranker = built
        return self._ranker

    def fuzzy_keys(self) -> fuzzy.FuzzyKeys:
        """The typo keys of the top-ranked phrases of the whole library."""
        if self._fuzzy is None:
            ranked_stages = [self.stage_blobs(stage_id).entries for stage_id in self.by_stage]
            ranked = heapq.merge(*ranked_stages, key=RANK)  # each stage is in rank order already
            self._fuzzy = fuzzy.FuzzyKeys(list(itertools.islice(ranked, fuzzy.CANDIDATES)))
        return self._fuzzy

    def narrow(self, kind: str, needle: str, stage_ids: list[str]) -> dict[str, list[int]] | None:
        """The text index's candidates for a scan of ``kind``, by stage; None: scan whole stages,
        also where those stages are short enough that a scan is as quick as asking.

        For "keys" they narrow the Latin keys only: titles are short, their scan is cheap.
        """
        if self.text is None or (kind == "keys" and not needle.isascii()):
            return None
        if sum(self.stage_blobs(s).size(blob_kind(kind)) for s in stage_ids) < NARROW_MIN_CHARS:
            return None
        ids = self.text.candidates(kind, needle, TEXT_CANDIDATES)
        if ids is None:
            return None
        by_stage: dict[str, list[int]] = collections.defaultdict(list)
        for pid in ids:
            entry = self.entries.get(pid)
            if entry is not None:
                by_stage[entry.stage_id].append(pid)
        return by_stage

    def stage_position(self, stage_id: str) -> int:
        stage = self.stages.get(stage_id)
        return stage.position if stage else 10**6

    def stage_keys(self) -> dict[str, set[str]]:
        """What an ``@word`` may be for each stage: id, names, aliases and their pinyin (folded)."""
        if self._stage_keys is None or set(self._stage_keys) != set(self.stages):
            table: dict[str, set[str]] = {}
            for stage in self.stages.values():
                info = stages.get(stage.id)
                names = {stage.id, stage.name_zh, stage.name_en, *(info.aliases if info else ())}
                keys = {stages.fold(n) for n in names if n}
                if info is not None and stage.name_zh == info.name_zh:
                    keys |= set(stages.PINYIN_KEYS[stage.id])
                elif query.han_count(stage.name_zh):  # a stage a pack added: pinyin computed once
                    keys |= {pinyin.initials(stage.name_zh), pinyin.full(stage.name_zh).replace(" ", "")}
                table[stage.id] = keys
            self._stage_keys = table
        return self._stage_keys


def ranker_fields(entry: blobs.Entry) -> dict[str, str]:
    """The fields of a phrase the message ranker reads."""
    return {"questions": entry.questions, "title": entry.title}


def blob_kind(kind: str) -> str:
    """The blob a scan of ``kind`` reads that the text index can narrow ("keys": the Latin keys)."""
    return "latin" if kind == "keys" else kind
