"""A buyer's message answered by meaning: the ranker's scores turned into results, with certainty.

``search.SearchIndex.search`` sends here every query that ``buyer_text.reads_like_message``; typed
queries keep the tiers. A message that holds any content word never comes back empty: the best
candidates are returned with ``certain=False`` when the ranking is not confident, so the agent
(and ``quickreply coverage``) can tell a sure answer from a guess.
"""

from __future__ import annotations

import heapq
import math
import operator

from quickreply.core.searchstate import IndexState

POOL = 4  # the best limit × POOL phrases by score get the stage and usage boosts
HINT_BOOST = 1.15  # the conversation's current stage: its phrases a little higher
FRECENCY_BOOST = 0.03  # per log-use: a tie-break towards what the shop uses, never more
CERTAIN_COVERAGE = 0.30  # the first result covers this share of the message's weight …
CERTAIN_MARGIN = 1.10  # … and scores this much above the second


def rank(
    state: IndexState, message: str, stages: list[str], hint_stage: str | None, limit: int
) -> list[tuple[int, float, bool]]:
    """(phrase id, score, certain) of the best phrases of ``stages`` for a message, best first."""
    ranking = state.message_ranker()
    allowed = None if set(stages) >= set(state.by_stage) else {p for s in stages for p in state.by_stage[s]}
    scores, possible = ranking.score(message, allowed)
    if not scores:
        return []
    entries = state.entries
    frecency = state.frecency

    def final(pid: int, score: float) -> float:
        entry = entries[pid]
        if hint_stage and entry.stage_id == hint_stage:
            score *= HINT_BOOST
        return score * (1 + FRECENCY_BOOST * math.log1p(frecency.get(pid, 0.0)))

    pool = heapq.nlargest(limit * POOL, scores.items(), key=operator.itemgetter(1))
    ranked = sorted(
        ((final(pid, score), pid) for pid, score in pool if pid in entries),
        key=lambda item: (-item[0], entries[item[1]].rank),
    )[:limit]
    if not ranked:
        return []
    top = ranked[0][0]
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    coverage = top / possible if possible else 0.0
    sure = coverage >= CERTAIN_COVERAGE and top >= second * CERTAIN_MARGIN
    return [(pid, score, sure and i == 0) for i, (score, pid) in enumerate(ranked)]
