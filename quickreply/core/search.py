"""Search as the agent types: tiered matching on codes, titles, pinyin, initials, buyer questions and bodies.

Generic fuzzy scorers tie hundreds of replies on a two-character Chinese query and cannot match
pinyin (shared/reference/search-findings.md). Here every phrase's keys are joined into one string
per stage, kept in rank order (frecency, then library order), so ``str.find`` walks the phrases in
the order they should be shown and each tier stops as soon as it has enough hits. rapidfuzz is
used only where fuzziness is the point: typos in pinyin and long buyer messages against questions.

This module is the index's API; ``searchstate`` holds the library, ``scan`` runs the tiers and
``fuzzy`` the typo tier.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable

from quickreply.core import (
    blobs,
    buyer_text,
    fuzzy,
    highlight,
    messages,
    models,
    query,
    scan,
    stages,
    store,
    textindex,
)
from quickreply.core.kinds import Change, StoreEvent
from quickreply.core.searchstate import IndexState

FIELD = blobs.FIELD
Tier = scan.Tier


@dataclasses.dataclass
class Result:
    """One hit: the phrase, why it matched, and which characters of title and body to highlight.

    The spans are worked out when first read: a popup shows eight of twenty results.
    """

    phrase: models.Phrase
    tier: Tier
    score: float
    terms: list[str] = dataclasses.field(default_factory=list, repr=False)
    certain: bool = True  # False: the best guess for a buyer's message, shown as less certain
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

    The arguments are those of ``searchstate.IndexState``, the loaded library it searches.
    """

    def __init__(
        self,
        phrases: Iterable[models.Phrase | tuple[object, ...]],
        stage_list: list[models.Stage],
        frecency: dict[int, float],
        text: textindex.TextIndex | None = None,
    ) -> None:
        self._state = IndexState(phrases, stage_list, frecency, text)

    @classmethod
    def from_store(cls, source: store.PhraseStore, follow: bool = True) -> SearchIndex:
        """Load a ready index from the database (stored pinyin keys; no pypinyin runs here).

        With ``follow`` the index subscribes to the store and updates itself on every change.
        """
        index = cls((), [], {})
        index._state = IndexState.load(source)
        if follow:
            index.follow(source)
        return index

    def follow(self, source: store.PhraseStore) -> Callable[[], None]:
        """Apply the store's change events to this index as they are committed; returns the call
        that stops following. A reset swaps in the library as the store now has it."""

        def on_change(change: Change) -> None:
            event, phrase_id = change.event, change.phrase_id
            if event == StoreEvent.RESET:
                self._state = IndexState.load(source)
            elif event == StoreEvent.DELETE:
                self.remove(phrase_id)
            elif event == StoreEvent.USE:
                self._state.record_use(phrase_id, store.USE_WEIGHT_NOW, source.last_query(phrase_id))
            elif event == StoreEvent.STAGES:
                self._state.set_stages(source.stages())
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
        self._state.remove(phrase.id or 0)
        self._state.put([blobs.Entry(phrase)])

    def remove(self, phrase_id: int) -> None:
        """Forget one phrase (no-op when unknown)."""
        self._state.remove(phrase_id)

    def record_use(self, phrase_id: int, weight: float = store.USE_WEIGHT_NOW) -> None:
        """Count a use now, so the phrase rises in every tier (its stage is re-ranked lazily)."""
        self._state.record_use(phrase_id, weight)

    def prepare(self) -> None:
        """Re-rank the stages changed since the last search now (e.g. right after a paste), so the
        next keystroke does not pay for it."""
        self._state.prepare()

    def prepare_messages(self) -> None:
        """Build the buyer-message ranker now (0.2 s at 5,000 phrases) rather than at the first
        pasted message; the tray app calls it once it is ready, off the start-up path."""
        self._state.message_ranker()

    def __len__(self) -> int:
        return len(self._state.entries)

    def entry(self, phrase_id: int) -> blobs.Entry | None:
        """What the index holds for a phrase (None when it does not know it)."""
        return self._state.entries.get(phrase_id)

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
        state = self._state  # one library for the whole search, whatever a reset does meanwhile
        parsed = query.parse(text)
        allowed = self._allowed_stages(state, parsed.stage_words, stage)
        if not allowed:
            return []
        order = sorted(allowed, key=lambda s: (s != hint_stage, state.stage_position(s), s))
        collector = scan.Collector(state, order, limit)
        if parsed.code_only is not None:
            collector.add_exact(state.codes.get(parsed.code_only, ()))
            collector.scan(Tier.PREFIX, "code", FIELD + parsed.code_only)
        elif not parsed.terms:
            collector.scan(Tier.LISTED, "code", FIELD)
        elif buyer_text.reads_like_message(text) and not buyer_text.by_form_only(text):
            ranked = messages.rank(state, " ".join(parsed.terms), order, hint_stage, limit)
            if not ranked:
                _search_terms(collector, parsed)
            else:
                return _message_results(collector, parsed, ranked)
        else:
            _search_terms(collector, parsed)
            if not collector.results and all(query.han_count(t) == len(t) for t in parsed.terms):
                # typed Chinese that no phrase holds (赔钱, 快递 退款): the ranker's guesses, none certain
                ranked = messages.rank(state, " ".join(parsed.terms), order, hint_stage, limit)
                return _message_results(collector, parsed, [(p, s, False) for p, s, _ in ranked])
        results = []
        for pid, tier, score in collector.results:
            terms = parsed.terms if tier is not Tier.LISTED and parsed.code_only is None else []
            results.append(Result(state.entries[pid].phrase, tier, score, terms))
        return results

    # -- stages ------------------------------------------------------------------------------------

    def _allowed_stages(self, state: IndexState, words: list[str], explicit: str | None) -> list[str]:
        allowed = set(state.by_stage) | set(state.stages)
        if explicit:
            allowed &= {explicit}
        for word in words:
            allowed &= self.stages_named(word)
        return sorted(allowed)

    def stages_named(self, word: str) -> set[str]:
        """Stage ids an ``@word`` filter means: id, Chinese name, alias, or their pinyin (prefix)."""
        word = stages.fold(word)
        if not word:
            return set(self._state.stages)
        keys = self._state.stage_keys()
        exact = {sid for sid, ks in keys.items() if word in ks}
        return exact or {sid for sid, ks in keys.items() if any(k.startswith(word) for k in ks)}


def _search_terms(collector: scan.Collector, parsed: query.Query) -> None:
    """Tier by tier, each term in turn (the others must match too), so that a phrase ranks by
    its best-matching term: 亲 顺丰 puts 顺丰加急 (title) before a body that mentions 顺丰."""
    terms = parsed.terms
    joined = parsed.joined_latin()
    if len(terms) == 1 and terms[0].isascii():
        collector.add_exact(collector.state.codes.get(terms[0], ()))
    plans: list[tuple[str, scan.Filter | None]] = [(joined, None)] if joined else []
    plans += [
        (term, scan.Filter(collector.state, terms[:i] + terms[i + 1 :]) if len(terms) > 1 else None)
        for i, term in enumerate(terms)
    ]
    for tier, kind in ((Tier.PREFIX, "keys"), (Tier.SUBSTRING, "keys"), (Tier.QUESTION, "questions")):
        for term, accept in plans:
            needle = query.as_pinyin(term) if kind == "keys" and query.is_mixed(term) else term
            collector.scan(tier, kind, FIELD + needle if tier is Tier.PREFIX else needle, accept)
    if query.han_count(parsed.message) >= scan.QUESTION_FUZZY_MIN:
        collector.questions_like(parsed.message)
    for term, accept in plans:
        collector.scan(Tier.BODY, "body", term, accept)
    latin = scan.typo_term(parsed)
    if len(collector.results) < fuzzy.FEW and latin:
        collector.typos(latin)


def _message_results(
    collector: scan.Collector, parsed: query.Query, ranked: list[tuple[int, float, bool]]
) -> list[Result]:
    """A buyer's message: phrases whose title or keys hold the whole message first (``开场白2``
    is a title typed with a digit, not a buyer talking), then the message ranker's order."""
    if parsed.message:
        collector.scan(Tier.PREFIX, "keys", FIELD + parsed.message)
        collector.scan(Tier.SUBSTRING, "keys", parsed.message)
    entries = collector.state.entries
    results = [
        Result(entries[pid].phrase, tier, score, parsed.terms) for pid, tier, score in collector.results
    ]
    for pid, score, certain in ranked:
        if pid not in collector.seen and len(results) < collector.limit:
            results.append(Result(entries[pid].phrase, Tier.QUESTION, score, parsed.terms, certain))
    return results
