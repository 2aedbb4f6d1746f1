"""Search as the agent types: tiered matching on codes, titles, pinyin, initials, buyer questions and bodies.

Generic fuzzy scorers tie hundreds of replies on a two-character Chinese query and cannot match
pinyin (shared/reference/search-findings.md). Here every phrase's keys are joined into one string
per stage, kept in rank order (frecency, then library order), so ``str.find`` walks the phrases in
the order they should be shown and each tier stops as soon as it has enough hits. rapidfuzz is
used only where fuzziness is the point: typos in pinyin and long buyer messages against questions.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import enum
import gc
import heapq
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator

from rapidfuzz import fuzz, process

from quickreply.core import blobs, highlight, models, pinyin, query, stages, store, textindex
from quickreply.core.kinds import Change, StoreEvent

FIELD = blobs.FIELD
FUZZY_MIN_LATIN = 3  # letters before the typo fallback may run
FUZZY_FEW = 3  # … and only when the exact tiers found fewer results than this
FUZZY_CUTOFF = 70.0
FUZZY_CANDIDATES = 5000  # the typo fallback looks at this many top-ranked phrases at most
FUZZY_HEAD_MAX = 12  # … at this many first letters of their keys at most (all cut ahead of time)
RANK = operator.attrgetter("rank")
QUESTION_FUZZY_MIN = 4  # Chinese characters in a query before buyer-message similarity kicks in
QUESTION_CUTOFF = 60.0
QUESTION_BIGRAMS = 4
QUESTION_CANDIDATES = 120
MAX_CHECKS = 100  # hits of one term checked against the other terms, per term and search
NARROW_MIN_CHARS = 500_000  # below this much text to scan, a scan is as quick as asking the text index
TEXT_CANDIDATES = 400  # more candidates than this from the text index: scan instead (a common term)


class Tier(enum.IntEnum):
    """Why a phrase matched; lower is better and shown first."""

    CODE = 0  # the whole query is its shortcut code
    PREFIX = 1  # code, title, title pinyin or initials start with the query
    SUBSTRING = 2  # … contain it
    QUESTION = 3  # a typical buyer question contains it or resembles the buyer's message
    BODY = 4  # the reply text contains it
    FUZZY = 5  # pinyin or code with a typo
    LISTED = 6  # empty query: most-used phrases


@dataclasses.dataclass
class Result:
    """One hit: the phrase, why it matched, and which characters of title and body to highlight.

    The spans are worked out when first read: a popup shows eight of twenty results.
    """

    phrase: models.Phrase
    tier: Tier
    score: float
    terms: list[str] = dataclasses.field(default_factory=list, repr=False)
    _spans: tuple[list[highlight.Span], list[highlight.Span]] | None = dataclasses.field(
        default=None, repr=False, compare=False
    )

    @property
    def title_spans(self) -> list[highlight.Span]:
        return self._highlights()[0]

    @property
    def body_spans(self) -> list[highlight.Span]:
        return self._highlights()[1]

    def _highlights(self) -> tuple[list[highlight.Span], list[highlight.Span]]:
        if self._spans is None:
            self._spans = highlight.phrase_spans(self.phrase, self.terms)
        return self._spans


class SearchIndex:
    """The in-memory index over a library; kept current by store events, never rebuilt whole.

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
        self._text = text
        self._stages = {s.id: s for s in stage_list}
        self._frecency = dict(frecency)
        self._entries: dict[int, blobs.Entry] = {}
        self._by_stage: dict[str, set[int]] = collections.defaultdict(set)
        self._codes: dict[str, set[int]] = collections.defaultdict(set)
        self._blobs: dict[str, blobs.StageBlobs] = {}
        self._fuzzy: _FuzzyKeys | None = None
        self._stage_keys: dict[str, set[str]] | None = None
        self._dirty: set[str] = set()
        self._put(list(map(blobs.Entry, phrases)))

    @classmethod
    def from_store(cls, source: store.PhraseStore, follow: bool = True) -> SearchIndex:
        """Load a ready index from the database (stored pinyin keys; no pypinyin runs here).

        With ``follow`` the index subscribes to the store and updates itself on every change.
        """
        with _gc_paused():
            index = cls(
                source.phrase_rows(blobs.FIELD), source.stages(), source.frecency(), source.text_index
            )
            index.prepare()
        if follow:
            index.follow(source)
        return index

    def follow(self, source: store.PhraseStore) -> Callable[[], None]:
        """Apply the store's change events to this index as they are committed; returns the call
        that stops following."""

        def on_change(change: Change) -> None:
            event, phrase_id = change.event, change.phrase_id
            if event == StoreEvent.RESET:
                with _gc_paused():
                    self.__init__(  # type: ignore[misc]
                        source.phrase_rows(blobs.FIELD), source.stages(), source.frecency(), source.text_index
                    )
            elif event == StoreEvent.DELETE:
                self.remove(phrase_id)
            elif event == StoreEvent.USE:
                self.record_use(phrase_id)
            elif event == StoreEvent.STAGES:
                self._stages = {s.id: s for s in source.stages()}
            else:
                phrase = source.current(phrase_id)  # None: deleted since (by another process)
                if phrase is None:
                    self.remove(phrase_id)
                else:
                    self.upsert(phrase)

        return source.subscribe(on_change)

    # -- incremental updates ---------------------------------------------------------------------

    def upsert(self, phrase: models.Phrase) -> None:
        """Add or replace one phrase."""
        self.remove(phrase.id or 0)
        self._put([blobs.Entry(phrase)])
        self._fuzzy = None

    def remove(self, phrase_id: int) -> None:
        """Forget one phrase (no-op when unknown)."""
        entry = self._entries.pop(phrase_id, None)
        if entry is None:
            return
        self._by_stage[entry.stage_id].discard(phrase_id)
        self._codes.get(entry.code, set()).discard(phrase_id)
        self._dirty.add(entry.stage_id)
        self._fuzzy = None

    def record_use(self, phrase_id: int, weight: float = store.USE_WEIGHT_NOW) -> None:
        """Count a use now, so the phrase rises in every tier (its stage is re-ranked lazily)."""
        entry = self._entries.get(phrase_id)
        if entry is None:
            return
        self._frecency[phrase_id] = self._frecency.get(phrase_id, 0.0) + weight
        entry.rank = (-self._frecency[phrase_id], *entry.rank[1:])
        self._dirty.add(entry.stage_id)

    def prepare(self) -> None:
        """Re-rank the stages changed since the last search now (e.g. right after a paste), so the
        next keystroke does not pay for it."""
        for stage_id in list(self._dirty):
            self._stage_blobs(stage_id)
        self._fuzzy_keys().prepare()

    def __len__(self) -> int:
        return len(self._entries)

    def _put(self, entries: list[blobs.Entry]) -> None:
        """Rank entries (frecency, stage, place in the stage) and file them; their stages are
        re-ranked at the next search or ``prepare``. One loop for 100,000 at start-up."""
        place = {stage_id: stage.position for stage_id, stage in self._stages.items()}.get
        weight = self._frecency.get
        for entry in entries:
            pid = entry.id
            entry.rank = (-weight(pid, 0.0), place(entry.stage_id, 10**6), entry.position, pid)
            self._entries[pid] = entry
            self._by_stage[entry.stage_id].add(pid)
            if entry.code:
                self._codes[entry.code].add(pid)
            self._dirty.add(entry.stage_id)

    def _narrow(self, kind: str, needle: str, stage_ids: list[str]) -> dict[str, list[int]] | None:
        """The text index's candidates for a scan of ``kind``, by stage; None: scan whole stages,
        also where those stages are short enough that a scan is as quick as asking.

        For "keys" they narrow the Latin keys only: titles are short, their scan is cheap.
        """
        if self._text is None or (kind == "keys" and not needle.isascii()):
            return None
        if sum(self._stage_blobs(s).size(_blob_kind(kind)) for s in stage_ids) < NARROW_MIN_CHARS:
            return None
        ids = self._text.candidates(kind, needle, TEXT_CANDIDATES)
        if ids is None:
            return None
        by_stage: dict[str, list[int]] = collections.defaultdict(list)
        for pid in ids:
            entry = self._entries.get(pid)
            if entry is not None:
                by_stage[entry.stage_id].append(pid)
        return by_stage

    def _find(self, stage_id: str, kind: str, needle: str, collector: _Collector) -> Iterator[int]:
        """Phrase ids of one stage whose ``kind`` ("keys" = title or latin) contains ``needle``, by rank.

        The text index is asked only where the stage would otherwise scan whole: not when the
        last complete scan there (the previous keystroke's) already narrows it.
        """
        stage = self._stage_blobs(stage_id)
        resumes = stage.resumes(_blob_kind(kind), needle)
        narrowed = None if resumes else collector.candidates(kind, needle)
        if kind == "keys":
            return stage.find_keys(needle, None if narrowed is None else narrowed.get(stage_id, ()))
        if narrowed is not None:
            return stage.find_among(kind, needle, narrowed.get(stage_id, ()))
        return stage.find(kind, needle)

    def _stage_blobs(self, stage_id: str) -> blobs.StageBlobs:
        if stage_id in self._dirty or stage_id not in self._blobs:
            ids = self._by_stage.get(stage_id, set())
            ranked = sorted(map(self._entries.__getitem__, ids), key=RANK)
            self._blobs[stage_id] = blobs.StageBlobs(ranked)
            self._dirty.discard(stage_id)
        return self._blobs[stage_id]

    # -- searching ---------------------------------------------------------------------------------

    def search(
        self, text: str, limit: int = 20, stage: str | None = None, hint_stage: str | None = None
    ) -> list[Result]:
        """The best ``limit`` phrases for what the agent typed.

        Args:
            text: the query (see ``query.parse`` for its forms: pinyin, initials, ``/code``, ``@stage``).
            limit: how many results at most.
            stage: only this stage (a filter chosen in the UI).
            hint_stage: the conversation's current stage; its phrases come first within a tier.
        """
        parsed = query.parse(text)
        allowed = self._allowed_stages(parsed.stage_words, stage)
        if not allowed:
            return []
        order = sorted(allowed, key=lambda s: (s != hint_stage, self._stage_position(s), s))
        collector = _Collector(self, order, limit)
        if parsed.code_only is not None:
            collector.add_exact(self._codes.get(parsed.code_only, set()))
            collector.scan(Tier.PREFIX, "code", FIELD + parsed.code_only)
        elif not parsed.terms:
            collector.scan(Tier.LISTED, "code", FIELD)
        else:
            self._search_terms(collector, parsed)
        return [self._result(pid, tier, score, parsed) for pid, tier, score in collector.results]

    def _search_terms(self, collector: _Collector, parsed: query.Query) -> None:
        """Tier by tier, each term in turn (the others must match too), so that a phrase ranks by
        its best-matching term: 亲 顺丰 puts 顺丰加急 (title) before a body that mentions 顺丰."""
        terms = parsed.terms
        joined = parsed.joined_latin()
        if len(terms) == 1 and terms[0].isascii():
            collector.add_exact(self._codes.get(terms[0], set()))
        plans: list[tuple[str, _Filter | None]] = [(joined, None)] if joined else []
        plans += [
            (term, _Filter(self, terms[:i] + terms[i + 1 :]) if len(terms) > 1 else None)
            for i, term in enumerate(terms)
        ]
        for tier, kind in ((Tier.PREFIX, "keys"), (Tier.SUBSTRING, "keys"), (Tier.QUESTION, "questions")):
            for term, accept in plans:
                needle = query.as_pinyin(term) if kind == "keys" and query.is_mixed(term) else term
                collector.scan(tier, kind, FIELD + needle if tier is Tier.PREFIX else needle, accept)
        if query.han_count(parsed.message) >= QUESTION_FUZZY_MIN:
            self._question_tier(collector, parsed.message)
        for term, accept in plans:
            collector.scan(Tier.BODY, "body", term, accept)
        latin = joined or (terms[0] if len(terms) == 1 and terms[0].isascii() and terms[0].isalpha() else "")
        if len(collector.results) < FUZZY_FEW and len(latin) >= FUZZY_MIN_LATIN:
            self._fuzzy_tier(collector, latin)

    def _question_tier(self, collector: _Collector, message: str) -> None:
        """Phrases whose buyer questions resemble a longer buyer message (pasted or typed)."""
        if collector.full:
            return
        chars = "".join(ch for ch in message if query.is_han(ch))
        pairs = list(dict.fromkeys(chars[i : i + 2] for i in range(len(chars) - 1)))
        picks = [
            pairs[round(i * (len(pairs) - 1) / max(1, QUESTION_BIGRAMS - 1))] for i in range(QUESTION_BIGRAMS)
        ]
        candidates: dict[int, None] = {}
        for pair in dict.fromkeys(picks):
            for stage_id in collector.order:
                for pid in self._find(stage_id, "questions", pair, collector):
                    candidates[pid] = None
                    if len(candidates) >= QUESTION_CANDIDATES:
                        break
                if len(candidates) >= QUESTION_CANDIDATES:
                    break
        owners: list[int] = []
        questions: list[str] = []
        for pid in candidates:
            for question in self._stage_blobs(self._entries[pid].stage_id).questions(pid):
                if len(question) > 1:
                    owners.append(pid)
                    questions.append(question)
        best: dict[int, float] = {}
        # One rapidfuzz call over all candidate questions (its loop runs in C).
        for _, score, index in process.extract(
            chars,
            questions,
            scorer=fuzz.partial_ratio,
            processor=None,
            score_cutoff=QUESTION_CUTOFF,
            limit=None,
        ):
            pid = owners[index]
            best[pid] = max(score, best.get(pid, 0.0))
        for pid, score in sorted(best.items(), key=lambda kv: (-kv[1], self._entries[kv[0]].rank)):
            collector.add(pid, Tier.QUESTION, score)

    def _fuzzy_tier(self, collector: _Collector, term: str) -> None:
        """Typos in pinyin or codes: only for 3+ Latin letters and only when the tiers found little.

        The term is compared with the first n+1 letters of the pinyin and code of the top-ranked
        phrases, so a swapped, dropped, doubled or wrong letter still finds the phrase.
        """
        heads, owners = self._fuzzy_keys().heads(min(len(term) + 1, FUZZY_HEAD_MAX))
        best: dict[int, float] = {}
        for _, score, index in process.extract(
            term, heads, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF, limit=collector.limit
        ):
            for pid in owners[index]:
                best[pid] = max(score, best.get(pid, 0.0))
        allowed = set(collector.order)
        found = [(score, self._entries[pid]) for pid, score in best.items() if pid in self._entries]
        for score, entry in sorted(found, key=lambda item: (-item[0], item[1].rank)):
            if entry.stage_id in allowed:
                collector.add(entry.id, Tier.FUZZY, score)

    def _fuzzy_keys(self) -> _FuzzyKeys:
        if self._fuzzy is None:
            stages = [self._stage_blobs(stage_id).entries for stage_id in self._by_stage]
            ranked = heapq.merge(*stages, key=RANK)  # each stage is in rank order already
            self._fuzzy = _FuzzyKeys(list(itertools.islice(ranked, FUZZY_CANDIDATES)))
        return self._fuzzy

    # -- stages ------------------------------------------------------------------------------------

    def _stage_position(self, stage_id: str) -> int:
        stage = self._stages.get(stage_id)
        return stage.position if stage else 10**6

    def _allowed_stages(self, words: list[str], explicit: str | None) -> list[str]:
        allowed = set(self._by_stage) | set(self._stages)
        if explicit:
            allowed &= {explicit}
        for word in words:
            allowed &= self.stages_named(word)
        return sorted(allowed)

    def stages_named(self, word: str) -> set[str]:
        """Stage ids an ``@word`` filter means: id, Chinese name, alias, or their pinyin (prefix)."""
        word = stages.fold(word)
        if not word:
            return set(self._stages)
        keys = self._stage_key_table()
        exact = {sid for sid, ks in keys.items() if word in ks}
        return exact or {sid for sid, ks in keys.items() if any(k.startswith(word) for k in ks)}

    def _stage_key_table(self) -> dict[str, set[str]]:
        if self._stage_keys is None or set(self._stage_keys) != set(self._stages):
            table: dict[str, set[str]] = {}
            for stage in self._stages.values():
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

    # -- results -----------------------------------------------------------------------------------

    def _result(self, pid: int, tier: Tier, score: float, parsed: query.Query) -> Result:
        terms = parsed.terms if tier is not Tier.LISTED and parsed.code_only is None else []
        return Result(self._entries[pid].phrase, tier, score, terms)


def _blob_kind(kind: str) -> str:
    """The blob a scan of ``kind`` reads that the text index can narrow ("keys": the Latin keys)."""
    return "latin" if kind == "keys" else kind


class _Filter:
    """The other terms of a query, which a phrase found by one term must contain too.

    A common term with a rare partner would check thousands of hits; after MAX_CHECKS the scan
    stops, as the rare partner's own scan finds the phrases that have both.
    """

    def __init__(self, index: SearchIndex, terms: list[str]) -> None:
        self.index = index
        self.needles = [query.as_pinyin(t) if query.is_mixed(t) else t for t in terms]
        self.budget = MAX_CHECKS

    def __call__(self, pid: int) -> bool:
        stage = self.index._stage_blobs(self.index._entries[pid].stage_id)
        return all(stage.contains(pid, needle) for needle in self.needles)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading 100,000 phrases makes ~10 objects each; without this the cyclic collector runs
    over them again and again and doubles the load time. Nothing made here forms cycles, so the
    survivors are then frozen out of future collections (they are still freed by refcount)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


class _FuzzyKeys:
    """Pinyin and code of the top-ranked phrases, cut to each query length once and kept.

    Many phrases share the start of their pinyin (zhong…, fahuo…): each distinct head is scored
    once and stands for every phrase that has it, in rank order.
    """

    def __init__(self, entries: list[blobs.Entry]) -> None:
        self._pairs = [(e.id, key) for e in entries for key in (e.pinyin, e.code) if key]
        self._heads: dict[int, tuple[list[str], list[list[int]]]] = {}

    def prepare(self) -> None:
        """Cut the keys for the query lengths typed most, ahead of the first keystroke."""
        for length in range(FUZZY_MIN_LATIN + 1, FUZZY_HEAD_MAX + 1):
            self.heads(length)

    def heads(self, length: int) -> tuple[list[str], list[list[int]]]:
        """Distinct heads of this length, and for each the phrases that have it (rank order)."""
        if length not in self._heads:
            owners: dict[str, list[int]] = {}
            for pid, key in self._pairs:
                ids = owners.setdefault(key[:length], [])
                if pid not in ids:
                    ids.append(pid)
            self._heads[length] = (list(owners), list(owners.values()))
        return self._heads[length]


class _Collector:
    """Gathers results tier by tier across stages (hint stage first), each phrase once."""

    def __init__(self, index: SearchIndex, order: list[str], limit: int) -> None:
        self.index = index
        self.order = order
        self.limit = limit
        self.results: list[tuple[int, Tier, float]] = []
        self.seen: set[int] = set()
        self._allowed = set(order)
        self._candidates: dict[tuple[str, str], dict[str, list[int]] | None] = {}

    def candidates(self, kind: str, needle: str) -> dict[str, list[int]] | None:
        """The text index's candidates by stage, asked once per search for each kind and term
        (the prefix and the substring tier share them)."""
        key = (kind, needle.lstrip(FIELD))
        if key not in self._candidates:
            self._candidates[key] = self.index._narrow(*key, self.order)
        return self._candidates[key]

    @property
    def full(self) -> bool:
        return len(self.results) >= self.limit

    def add(self, pid: int, tier: Tier, score: float) -> None:
        if not self.full and pid not in self.seen:
            self.seen.add(pid)
            self.results.append((pid, tier, score))

    def add_exact(self, ids: Iterable[int]) -> None:
        entries = [self.index._entries[i] for i in ids]
        entries = [e for e in entries if e.stage_id in self._allowed]
        for entry in sorted(entries, key=lambda e: (self.order.index(e.stage_id), e.rank)):
            self.add(entry.id, Tier.CODE, 100.0)

    def scan(self, tier: Tier, kind: str, needle: str, accept: _Filter | None = None) -> None:
        """Add the best phrases of one tier: the hint stage first, then the others merged by rank.

        ``accept`` holds the query's other terms; without it every hit is taken.
        """
        if self.full or not needle:
            return
        first, rest = self.order[:1], self.order[1:]
        for group in (first, rest):
            want = self.limit - len(self.results)
            hits: list[blobs.Entry] = []
            for stage_id in group:
                taken = 0
                for pid in self.index._find(stage_id, kind, needle, self):
                    if pid in self.seen:
                        continue
                    if accept is not None:
                        accept.budget -= 1
                        if accept.budget < 0:
                            break
                        if not accept(pid):
                            continue
                    hits.append(self.index._entries[pid])
                    taken += 1
                    if taken >= want:
                        break
                if accept is not None and accept.budget < 0:
                    break
            for entry in sorted(hits, key=lambda e: e.rank):
                self.add(entry.id, tier, -entry.rank[0])
            if self.full:
                return
