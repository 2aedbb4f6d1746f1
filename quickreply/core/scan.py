"""One search, tier by tier: the scans over the rank-ordered stage blobs that gather its results.

A ``Collector`` walks the allowed stages (the hint stage first) for one tier and needle at a
time and stops as soon as it has enough hits; a ``Filter`` makes the query's other terms match
too. The question and typo tiers score their candidates with rapidfuzz.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process

from quickreply.core import blobs, fuzzy, query
from quickreply.core.searchstate import IndexState, blob_kind

FIELD = blobs.FIELD
MAX_CHECKS = 100  # hits of one term checked against the other terms, per term and search
QUESTION_FUZZY_MIN = 4  # Chinese characters in a query before buyer-message similarity kicks in
QUESTION_CUTOFF = 60.0
QUESTION_BIGRAMS = 4
QUESTION_CANDIDATES = 120


class Tier(enum.IntEnum):
    """Why a phrase matched; lower is better and shown first."""

    CODE = 0  # the whole query is its shortcut code
    PREFIX = 1  # code, title, title pinyin or initials start with the query
    SUBSTRING = 2  # … contain it
    QUESTION = 3  # a typical buyer question contains it or resembles the buyer's message
    BODY = 4  # the reply text contains it
    FUZZY = 5  # pinyin or code with a typo
    LISTED = 6  # empty query: most-used phrases


class Filter:
    """The other terms of a query, which a phrase found by one term must contain too.

    A common term with a rare partner would check thousands of hits; after MAX_CHECKS the scan
    stops, as the rare partner's own scan finds the phrases that have both.
    """

    def __init__(self, state: IndexState, terms: list[str]) -> None:
        self.state = state
        self.needles = [query.as_pinyin(t) if query.is_mixed(t) else t for t in terms]
        self.budget = MAX_CHECKS

    def __call__(self, pid: int) -> bool:
        stage = self.state.stage_blobs(self.state.entries[pid].stage_id)
        return all(stage.contains(pid, needle) for needle in self.needles)


class Collector:
    """Gathers results tier by tier across stages (hint stage first), each phrase once."""

    def __init__(self, state: IndexState, order: list[str], limit: int) -> None:
        self.state = state
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
            self._candidates[key] = self.state.narrow(*key, self.order)
        return self._candidates[key]

    @property
    def full(self) -> bool:
        return len(self.results) >= self.limit

    def add(self, pid: int, tier: Tier, score: float) -> None:
        if not self.full and pid not in self.seen:
            self.seen.add(pid)
            self.results.append((pid, tier, score))

    def add_exact(self, ids: Iterable[int]) -> None:
        """Phrases whose code is the whole query: hint stage first, then by rank."""
        entries = [self.state.entries[i] for i in ids]
        entries = [e for e in entries if e.stage_id in self._allowed]
        for entry in sorted(entries, key=lambda e: (self.order.index(e.stage_id), e.rank)):
            self.add(entry.id, Tier.CODE, 100.0)

    def find(self, stage_id: str, kind: str, needle: str) -> Iterator[int]:
        """Phrase ids of one stage whose ``kind`` ("keys" = title or latin) contains ``needle``, by rank.

        The text index is asked only where the stage would otherwise scan whole: not when the
        last complete scan there (the previous keystroke's) already narrows it.
        """
        stage = self.state.stage_blobs(stage_id)
        resumes = stage.resumes(blob_kind(kind), needle)
        narrowed = None if resumes else self.candidates(kind, needle)
        if kind == "keys":
            return stage.find_keys(needle, None if narrowed is None else narrowed.get(stage_id, ()))
        if narrowed is not None:
            return stage.find_among(kind, needle, narrowed.get(stage_id, ()))
        return stage.find(kind, needle)

    def scan(self, tier: Tier, kind: str, needle: str, accept: Filter | None = None) -> None:
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
                for pid in self.find(stage_id, kind, needle):
                    if pid in self.seen:
                        continue
                    if accept is not None:
                        accept.budget -= 1
                        if accept.budget < 0:
                            break
                        if not accept(pid):
                            continue
                    hits.append(self.state.entries[pid])
                    taken += 1
                    if taken >= want:
                        break
                if accept is not None and accept.budget < 0:
                    break
            for entry in sorted(hits, key=lambda e: e.rank):
                self.add(entry.id, tier, -entry.rank[0])
            if self.full:
                return

    def questions_like(self, message: str) -> None:
        """Phrases whose buyer questions resemble a longer buyer message (pasted or typed)."""
        if self.full:
            return
        chars = "".join(ch for ch in message if query.is_han(ch))
        pairs = list(dict.fromkeys(chars[i : i + 2] for i in range(len(chars) - 1)))
        picks = [
            pairs[round(i * (len(pairs) - 1) / max(1, QUESTION_BIGRAMS - 1))] for i in range(QUESTION_BIGRAMS)
        ]
        candidates: dict[int, None] = {}
        for pair in dict.fromkeys(picks):
            for stage_id in self.order:
                for pid in self.find(stage_id, "questions", pair):
                    candidates[pid] = None
                    if len(candidates) >= QUESTION_CANDIDATES:
                        break
                if len(candidates) >= QUESTION_CANDIDATES:
                    break
        entries = self.state.entries
        owners: list[int] = []
        questions: list[str] = []
        for pid in candidates:
            for question in self.state.stage_blobs(entries[pid].stage_id).questions(pid):
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
        for pid, score in sorted(best.items(), key=lambda kv: (-kv[1], entries[kv[0]].rank)):
            self.add(pid, Tier.QUESTION, score)

    def typos(self, term: str) -> None:
        """Typos in pinyin or codes (``fuzzy``): the best-scoring phrases of the allowed stages."""
        entries = self.state.entries
        best = self.state.fuzzy_keys().scores(term, self.limit)
        found = [(score, entries[pid]) for pid, score in best.items() if pid in entries]
        for score, entry in sorted(found, key=lambda item: (-item[0], item[1].rank)):
            if entry.stage_id in self._allowed:
                self.add(entry.id, Tier.FUZZY, score)


def typo_term(parsed: query.Query) -> str:
    """The Latin letters the typo tier may try for a query ("" when it may not)."""
    terms = parsed.terms
    latin = parsed.joined_latin() or (
        terms[0] if len(terms) == 1 and terms[0].isascii() and terms[0].isalpha() else ""
    )
    return latin if len(latin) >= fuzzy.MIN_LATIN else ""
