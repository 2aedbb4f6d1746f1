"""The typo tier of the search: pinyin or a code with a swapped, dropped, doubled or wrong letter.

Only for three or more Latin letters and only when the exact tiers found little; rapidfuzz
compares the term with the first n+1 letters of the pinyin and code of the top-ranked phrases.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from quickreply.core import blobs

MIN_LATIN = 3  # letters before the typo fallback may run
FEW = 3  # … and only when the exact tiers found fewer results than this
CUTOFF = 70.0
CANDIDATES = 5000  # the typo fallback looks at this many top-ranked phrases at most
HEAD_MAX = 12  # … at this many first letters of their keys at most (all cut ahead of time)


class FuzzyKeys:
    """Pinyin and code of the top-ranked phrases, cut to each query length once and kept.

    Many phrases share the start of their pinyin (zhong…, fahuo…): each distinct head is scored
    once and stands for every phrase that has it, in rank order.
    """

    def __init__(self, entries: list[blobs.Entry]) -> None:
        self._pairs = [(e.id, key) for e in entries for key in (e.pinyin, e.code) if key]
        self._heads: dict[int, tuple[list[str], list[list[int]]]] = {}

    def prepare(self) -> None:
        """Cut the keys for the query lengths typed most, ahead of the first keystroke."""
        for length in range(MIN_LATIN + 1, HEAD_MAX + 1):
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

    def scores(self, term: str, limit: int) -> dict[int, float]:
        """Phrase id → its best score against ``term`` (at most ``limit`` heads, over CUTOFF)."""
        heads, owners = self.heads(min(len(term) + 1, HEAD_MAX))
        best: dict[int, float] = {}
        for _, score, index in process.extract(
            term, heads, scorer=fuzz.ratio, processor=None, score_cutoff=CUTOFF, limit=limit
        ):
            for pid in owners[index]:
                best[pid] = max(score, best.get(pid, 0.0))
        return best
