"""Search as the agent types: tiered matching on codes, titles, pinyin, initials, buyer questions and bodies.

Generic fuzzy scorers tie hundreds of replies on a two-character Chinese query and cannot match
pinyin (shared/reference/search-findings.md). Here every phrase's keys are joined into one string
per stage, kept in rank order (frecency, then library order), so ``str.find`` walks the phrases in
the order they should be shown and each tier stops as soon as it has enough hits. rapidfuzz is
used only where fuzziness is the point: typos in pinyin and long buyer messages against questions.
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
from collections.abc import Callable, Iterable, Iterator

from rapidfuzz import fuzz, process

from quickreply.core import models, pinyin, query, stages, store

FIELD = "\x01"  # starts every field of a record
MAX_SPANS = 8
FUZZY_MIN_LATIN = 3
FUZZY_CUTOFF = 75.0
FUZZY_CANDIDATES = 20000  # the typo fallback looks at this many top-ranked phrases at most
QUESTION_FUZZY_MIN = 4  # Chinese characters in a query before buyer-message similarity kicks in
QUESTION_CUTOFF = 60.0
QUESTION_BIGRAMS = 8
QUESTION_CANDIDATES = 400

Span = tuple[int, int]


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
    """One hit: the phrase, why it matched, and which characters of title and body to highlight."""

    phrase: models.Phrase
    tier: Tier
    score: float
    title_spans: list[Span]
    body_spans: list[Span]


@dataclasses.dataclass
class _Entry:
    phrase: models.Phrase
    rank: tuple[float, int, int, int]  # (-frecency, stage position, position in stage, id)
    title: str  # folded
    body: str  # folded
    keys: str  # FIELD-joined: code, title, pinyin, initials, alternatives
    questions: str  # FIELD-joined, folded
    readings: list[list[str]]  # syllables of each reading of the title (primary first)
    fuzzy_keys: tuple[str, str]  # joined title pinyin, code


class _StageBlobs:
    """One stage's records joined in rank order, with the offset where each record starts."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.ids = [e.phrase.id or 0 for e in entries]
        self.blobs: dict[str, str] = {}
        self.starts: dict[str, list[int]] = {}
        for kind in ("keys", "code", "questions", "body"):
            parts = [_record(e, kind) for e in entries]
            starts, offset = [], 0
            for part in parts:
                starts.append(offset)
                offset += len(part)
            self.blobs[kind] = "".join(parts)
            self.starts[kind] = starts

    def find(self, kind: str, needle: str) -> Iterator[int]:
        """Phrase ids whose ``kind`` record contains ``needle``, in rank order, each once."""
        blob, starts = self.blobs[kind], self.starts[kind]
        pos = blob.find(needle)
        while pos >= 0:
            index = bisect.bisect_right(starts, pos) - 1
            yield self.ids[index]
            nxt = starts[index + 1] if index + 1 < len(starts) else len(blob)
            pos = blob.find(needle, nxt)


def _record(entry: _Entry, kind: str) -> str:
    if kind == "keys":
        return entry.keys
    if kind == "code":
        return FIELD + entry.phrase.code
    if kind == "questions":
        return entry.questions
    return FIELD + entry.body


class SearchIndex:
    """The in-memory index over a library; kept current by store events, never rebuilt whole.

    Args:
        phrases: the library in any order.
        stage_list: the stages in conversation order.
        frecency: recency-weighted use counts by phrase id.
    """

    def __init__(
        self, phrases: Iterable[models.Phrase], stage_list: list[models.Stage], frecency: dict[int, float]
    ) -> None:
        self._stages = {s.id: s for s in stage_list}
        self._frecency = dict(frecency)
        self._entries: dict[int, _Entry] = {}
        self._by_stage: dict[str, set[int]] = {}
        self._codes: dict[str, set[int]] = {}
        self._blobs: dict[str, _StageBlobs] = {}
        self._dirty: set[str] = set()
        self._fuzzy: _FuzzyKeys | None = None
        self._stage_keys: dict[str, set[str]] | None = None
        for phrase in phrases:
            self._put(phrase)

    @classmethod
    def from_store(cls, source: store.PhraseStore, follow: bool = True) -> SearchIndex:
        """Load the index from the database (stored pinyin keys; no pypinyin runs here).

        With ``follow`` the index subscribes to the store and updates itself on every change.
        """
        index = cls(source.phrases(), source.stages(), source.frecency())
        if follow:
            index.follow(source)
        return index

    def follow(self, source: store.PhraseStore) -> None:
        """Apply the store's change events to this index as they are committed."""

        def on_change(event: str, phrase_id: int) -> None:
            if event == "reset":
                self.__init__(source.phrases(), source.stages(), source.frecency())  # type: ignore[misc]
            elif event == "delete":
                self.remove(phrase_id)
            elif event == "use":
                self.record_use(phrase_id)
            else:
                self._stages = {s.id: s for s in source.stages()}
                self.upsert(source.get(phrase_id))

        source.subscribe(on_change)

    # -- incremental updates ---------------------------------------------------------------------

    def upsert(self, phrase: models.Phrase) -> None:
        """Add or replace one phrase."""
        self.remove(phrase.id or 0)
        self._put(phrase)

    def remove(self, phrase_id: int) -> None:
        """Forget one phrase (no-op when unknown)."""
        entry = self._entries.pop(phrase_id, None)
        if entry is None:
            return
        self._by_stage[entry.phrase.stage_id].discard(phrase_id)
        self._codes.get(entry.phrase.code, set()).discard(phrase_id)
        self._dirty.add(entry.phrase.stage_id)
        self._fuzzy = None

    def record_use(self, phrase_id: int, weight: float = store.USE_WEIGHT_NOW) -> None:
        """Count a use now, so the phrase rises in every tier."""
        entry = self._entries.get(phrase_id)
        if entry is None:
            return
        self._frecency[phrase_id] = self._frecency.get(phrase_id, 0.0) + weight
        self.upsert(entry.phrase)

    def __len__(self) -> int:
        return len(self._entries)

    def _put(self, phrase: models.Phrase) -> None:
        pid = phrase.id or 0
        stage = self._stages.get(phrase.stage_id)
        title = query.fold(phrase.title)
        readings = [phrase.title_py.split()] + [alt.split() for alt in phrase.title_alt.split(";") if alt]
        keys = [phrase.code, title, *_reading_keys(title, readings)]
        entry = _Entry(
            phrase=phrase,
            rank=(-self._frecency.get(pid, 0.0), stage.position if stage else 10**6, phrase.position, pid),
            title=title,
            body=query.fold(phrase.body),
            keys="".join(FIELD + k for k in keys if k),
            questions="".join(FIELD + query.fold(q) for q in phrase.questions),
            readings=readings,
            fuzzy_keys=("".join(readings[0]), phrase.code),
        )
        self._entries[pid] = entry
        self._by_stage.setdefault(phrase.stage_id, set()).add(pid)
        if phrase.code:
            self._codes.setdefault(phrase.code, set()).add(pid)
        self._dirty.add(phrase.stage_id)
        self._fuzzy = None

    def _stage_blobs(self, stage_id: str) -> _StageBlobs:
        if stage_id in self._dirty or stage_id not in self._blobs:
            ids = self._by_stage.get(stage_id, set())
            self._blobs[stage_id] = _StageBlobs(sorted((self._entries[i] for i in ids), key=lambda e: e.rank))
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
            self._search_codes(collector, parsed.code_only)
        elif not parsed.terms:
            collector.scan(Tier.LISTED, "code", FIELD, lambda pid: True)
        else:
            self._search_terms(collector, parsed)
        return [self._result(pid, tier, score, parsed) for pid, tier, score in collector.results]

    def _search_codes(self, collector: _Collector, code: str) -> None:
        collector.add_exact(self._codes.get(code, set()))
        collector.scan(Tier.PREFIX, "code", FIELD + code, lambda pid: True)

    def _search_terms(self, collector: _Collector, parsed: query.Query) -> None:
        """Tier by tier, each term in turn (the others must match too), so that a phrase ranks by
        its best-matching term: 亲 顺丰 puts 顺丰加急 (title) before a body that mentions 顺丰."""
        terms = parsed.terms
        joined = parsed.joined_latin()
        if len(terms) == 1 and terms[0].isascii():
            collector.add_exact(self._codes.get(terms[0], set()))
        plans = [(joined, lambda pid: True)] if joined else []
        plans += [(term, self._accepts(terms[:i] + terms[i + 1 :])) for i, term in enumerate(terms)]
        for tier, kind in ((Tier.PREFIX, "keys"), (Tier.SUBSTRING, "keys"), (Tier.QUESTION, "questions")):
            for term, accept in plans:
                needle = query.as_pinyin(term) if kind == "keys" and query.is_mixed(term) else term
                collector.scan(tier, kind, FIELD + needle if tier is Tier.PREFIX else needle, accept)
        if len(terms) == 1 and query.han_count(terms[0]) >= QUESTION_FUZZY_MIN:
            self._question_tier(collector, terms[0])
        for term, accept in plans:
            collector.scan(Tier.BODY, "body", term, accept)
        latin = joined or (terms[0] if len(terms) == 1 and terms[0].isascii() and terms[0].isalpha() else "")
        if not collector.full and len(latin) >= FUZZY_MIN_LATIN:
            self._fuzzy_tier(collector, latin)

    def _accepts(self, terms: list[str]) -> Callable[[int], bool]:
        if not terms:
            return lambda pid: True
        needles = [query.as_pinyin(t) if query.is_mixed(t) else t for t in terms]

        def accept(pid: int) -> bool:
            entry = self._entries[pid]
            return all(n in entry.keys or n in entry.questions or n in entry.body for n in needles)

        return accept

    def _question_tier(self, collector: _Collector, message: str) -> None:
        """Phrases whose buyer questions resemble a longer buyer message (pasted or typed)."""
        chars = "".join(ch for ch in message if query.is_han(ch))
        bigrams = list(dict.fromkeys(chars[i : i + 2] for i in range(len(chars) - 1)))
        step = max(1, len(bigrams) // QUESTION_BIGRAMS)
        candidates: list[int] = []
        for bigram in bigrams[::step][:QUESTION_BIGRAMS]:
            for stage_id in collector.order:
                for pid in self._stage_blobs(stage_id).find("questions", bigram):
                    candidates.append(pid)
                    if len(candidates) >= QUESTION_CANDIDATES:
                        break
        scored = []
        for pid in dict.fromkeys(candidates):
            questions = self._entries[pid].questions.split(FIELD)[1:]
            best = max((fuzz.partial_ratio(q, chars) for q in questions if len(q) >= 2), default=0.0)
            if best >= QUESTION_CUTOFF:
                scored.append((-best, self._entries[pid].rank, pid))
        for neg, _, pid in sorted(scored):
            collector.add(pid, Tier.QUESTION, -neg)

    def _fuzzy_tier(self, collector: _Collector, term: str) -> None:
        """Typos in pinyin or codes: only for 3+ Latin letters and only when the tiers found too little.

        The term is compared with the first n and n+1 letters of each title's pinyin and code, so
        a swapped, dropped or doubled letter still finds the phrase it starts.
        """
        if self._fuzzy is None:
            ranked = sorted(self._entries.values(), key=lambda e: e.rank)[:FUZZY_CANDIDATES]
            self._fuzzy = _FuzzyKeys([e.phrase.id or 0 for e in ranked], [e.fuzzy_keys for e in ranked])
        best: dict[int, float] = {}
        for heads in (self._fuzzy.heads(len(term)), self._fuzzy.heads(len(term) + 1)):
            for _, score, index in process.extract(
                term,
                heads,
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=FUZZY_CUTOFF,
                limit=collector.limit * 4,
            ):
                pid = self._fuzzy.ids[index]
                best[pid] = max(score, best.get(pid, 0.0))
        allowed = set(collector.order)
        for pid, score in sorted(best.items(), key=lambda kv: (-kv[1], self._entries[kv[0]].rank)):
            if self._entries[pid].phrase.stage_id in allowed:
                collector.add(pid, Tier.FUZZY, score)

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
        word = query.fold(word)
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
                ks = {query.fold(n).replace(" ", "") for n in names if n}
                ks |= {pinyin.initials(n) for n in names if query.han_count(n)}
                ks |= {pinyin.full(n).replace(" ", "") for n in names if query.han_count(n)}
                table[stage.id] = ks
            self._stage_keys = table
        return self._stage_keys

    # -- results -----------------------------------------------------------------------------------

    def _result(self, pid: int, tier: Tier, score: float, parsed: query.Query) -> Result:
        entry = self._entries[pid]
        title_spans: list[Span] = []
        body_spans: list[Span] = []
        if tier is not Tier.LISTED and parsed.code_only is None:
            for term in parsed.terms:
                title_spans += _occurrences(entry.title, term)
                body_spans += _occurrences(entry.body, term)
                title_spans += _pinyin_spans(entry, query.as_pinyin(term) if query.is_mixed(term) else term)
        return Result(entry.phrase, tier, score, _merge(title_spans), _merge(body_spans))


class _FuzzyKeys:
    """Pinyin and code of the top-ranked phrases, cut to each query length once and kept."""

    def __init__(self, ids: list[int], keys: list[tuple[str, str]]) -> None:
        self.ids = [pid for pid, pair in zip(ids, keys, strict=True) for key in pair if key]
        self._keys = [key for pair in keys for key in pair if key]
        self._heads: dict[int, list[str]] = {}

    def heads(self, length: int) -> list[str]:
        if length not in self._heads:
            self._heads[length] = [key[:length] for key in self._keys]
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

    @property
    def full(self) -> bool:
        return len(self.results) >= self.limit

    def add(self, pid: int, tier: Tier, score: float) -> None:
        if not self.full and pid not in self.seen:
            self.seen.add(pid)
            self.results.append((pid, tier, score))

    def add_exact(self, ids: Iterable[int]) -> None:
        entries = [self.index._entries[i] for i in ids]
        entries = [e for e in entries if e.phrase.stage_id in self._allowed]
        for entry in sorted(entries, key=lambda e: (self.order.index(e.phrase.stage_id), e.rank)):
            self.add(entry.phrase.id or 0, Tier.CODE, 100.0)

    def scan(self, tier: Tier, kind: str, needle: str, accept: Callable[[int], bool]) -> None:
        """Add the best phrases of one tier: the hint stage first, then the others merged by rank."""
        if self.full or not needle:
            return
        want = self.limit - len(self.results)
        first, rest = self.order[:1], self.order[1:]
        for group in (first, rest):
            hits: list[_Entry] = []
            for stage_id in group:
                taken = 0
                for pid in self.index._stage_blobs(stage_id).find(kind, needle):
                    if pid in self.seen or not accept(pid):
                        continue
                    hits.append(self.index._entries[pid])
                    taken += 1
                    if taken >= want:
                        break
            for entry in sorted(hits, key=lambda e: e.rank):
                self.add(entry.phrase.id or 0, tier, -entry.rank[0])
            if self.full:
                return
            want = self.limit - len(self.results)


def _reading_keys(title: str, readings: list[list[str]]) -> list[str]:
    """Joined pinyin and initials of every reading of a title."""
    spans = pinyin.token_spans(title)
    keys: list[str] = []
    for syllables in readings:
        keys.append("".join(syllables))
        if len(syllables) == len(spans):
            keys.append("".join(s[0] if han else s for s, (_, _, han) in zip(syllables, spans, strict=True)))
    return keys


def _occurrences(text: str, term: str) -> list[Span]:
    spans: list[Span] = []
    pos = text.find(term) if term else -1
    while pos >= 0 and len(spans) < MAX_SPANS:
        spans.append((pos, pos + len(term)))
        pos = text.find(term, pos + len(term))
    return spans


def _pinyin_spans(entry: _Entry, term: str) -> list[Span]:
    """Title characters covered by a pinyin or initials match of ``term`` (first matching reading)."""
    if not term.isascii():
        return []
    tokens = pinyin.token_spans(entry.title)
    for syllables in entry.readings:
        if len(syllables) != len(tokens):
            continue
        for pieces in (
            syllables,
            [s[0] if han else s for s, (_, _, han) in zip(syllables, tokens, strict=True)],
        ):
            joined = "".join(pieces)
            pos = joined.find(term)
            if pos < 0:
                continue
            spans, offset = [], 0
            for piece, (start, end, _) in zip(pieces, tokens, strict=True):
                if offset < pos + len(term) and offset + len(piece) > pos:
                    spans.append((start, end))
                offset += len(piece)
            return spans
    return []


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
