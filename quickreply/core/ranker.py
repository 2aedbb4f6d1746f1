"""Ranking a buyer's message by meaning: BM25 over character bigrams, intents and the shop's past picks.

A pasted message (``我想问下这个什么时候能发出``) shares no exact substring with any title, and
the tiers' "every term must match" finds nothing or ranks on 可以/怎么. Here a message and every
phrase become bags of tokens: Chinese character bigrams (plus single characters at a low weight,
so 2–4 character lines like ``包邮不`` still match), Latin words and numbers, and the intent
groups of ``core.lexicon`` (便宜 and 优惠 both yield ``#cheap``); stop words of the lexicon are
dropped. Phrases are scored with BM25F over their fields — buyer questions, title, note, body,
and the shop's own past queries that ended in that phrase (``learned``) — each with a weight.
Character bigrams won over word segmentation on the dev set at no load cost (benchmarks/
retrieval_bench.py; the report in issue 16 has the table).

Postings are kept per token as ``{phrase id: weighted tf}`` and updated one phrase at a time, so
edits and uses never rebuild the whole ranker.
"""

from __future__ import annotations

import array
import bisect
import collections
import heapq
import itertools
import math
import operator
import re
from collections.abc import Iterable, Iterator

from quickreply.core import lexicon as lexicon_mod
from quickreply.core import textnorm

FIELD = "\x01"
# field → weight in the BM25F term frequency (measured on tests/data/buyer_messages.tsv)
# Notes and bodies are not read: they cost the most memory and time and lost top-1 on the dev set.
WEIGHTS = {"questions": 3.0, "title": 2.0, "learned": 3.0}
K1 = 1.2
B = 0.6
UNIGRAM = 0.6  # a single character counts this much against a bigram in the message
INTENT = 1.5  # … and an intent group this much
COMMON = 0.05  # a token in more than this share of the phrases only re-scores candidates …
COMMON_MIN = 50  # … and never below this many phrases
CANDIDATES = 100  # the best phrases by the rarer tokens that the common ones re-score
LEARNED_MAX = 30
AVG_SAMPLE = 500  # phrases the average field lengths are taken over
SCALE = 16  # term frequencies are kept as small integers: tf × SCALE, 1…255  # past queries kept per phrase
RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z]+|\d+")

Tokens = dict[str, float]


def tokens(text: str, lex: lexicon_mod.Lexicon, folded: bool = False) -> Tokens:
    """The weighted token bag of a text: bigrams 1, single characters UNIGRAM, intents INTENT;
    stop words left out unless the text holds nothing else (在吗)."""
    text = text if folded else textnorm.fold(text)
    bag = _bag(text, lex, stop=True)
    return bag or _bag(text, lex, stop=False)


def _bag(text: str, lex: lexicon_mod.Lexicon, stop: bool) -> Tokens:
    bag: dict[str, float] = collections.defaultdict(float)
    for intent in lex.intents(text):
        bag["#" + intent] += INTENT
    if stop and lex.stop_pattern is not None:
        text = lex.stop_pattern.sub(" ", text)
    stop_chars = lex.stop_chars if stop else frozenset()
    for run in RUNS.findall(text):
        if not ("\u3400" <= run[0] <= "\ufaff"):
            if len(run) > 1 or run.isdigit():
                bag[run] += 1.0
            continue
        for i, ch in enumerate(run):
            if ch not in stop_chars:
                bag[ch] += UNIGRAM
            if i + 1 < len(run):
                pair = run[i : i + 2]
                if not stop or pair not in lex.stop:
                    bag[pair] += 1.0
    return bag


def _field_bags(fields: dict[str, str], lex: lexicon_mod.Lexicon) -> dict[str, Tokens]:
    """A phrase's tokens per field, stop words included: a message made of nothing but them (在吗)
    is matched with them; any other message leaves them out (``tokens``)."""
    return {
        name: _bag(textnorm.fold(text), lex, stop=False)
        for name, text in fields.items()
        if WEIGHTS.get(name) and text
    }


class MessageRanker:
    """BM25F postings over the phrases of a library, updated one phrase at a time.

    The library as first built sits in compact arrays per token (phrase ids ascending, term
    frequencies as bytes: ~9 bytes a posting instead of ~150 in dicts); a phrase added, changed
    or learned from since goes to small dicts, and its old array postings are skipped (``stale``).

    Args:
        lex: the lexicon (intent groups, stop words).
    """

    def __init__(self, lex: lexicon_mod.Lexicon) -> None:
        self.lex = lex
        self.base: dict[str, tuple[array.array[int], array.array[int]]] = {}  # token → (ids, tf × SCALE)
        self.extra: dict[str, dict[int, int]] = {}  # token → phrase id → tf × SCALE, put since
        self.extra_docs: dict[int, tuple[str, ...]] = {}  # … and each such phrase's tokens
        self.stale: set[int] = set()  # phrases whose array postings no longer count
        self.live: set[int] = set()
        self.learned: dict[int, list[str]] = {}
        self._fields: dict[int, dict[str, str]] = {}
        self._avg = dict.fromkeys(WEIGHTS, 1.0)

    def build(self, docs: Iterable[tuple[int, dict[str, str]]]) -> None:
        """Index the library at once (field lengths averaged over it first)."""
        docs = sorted(docs, key=_first)
        # average field lengths from an even sample: holding every phrase's token bags at once
        # would cost ~40 MB of process memory at 10,000 phrases, never given back to the system
        sample = [_field_bags(fields, self.lex) for _, fields in docs[:: max(1, len(docs) // AVG_SAMPLE)]]
        for name in WEIGHTS:
            lengths = [sum(b.get(name, {}).values()) for b in sample]
            nonzero = [n for n in lengths if n] or [1.0]
            self._avg[name] = sum(nonzero) / len(nonzero)
        del sample
        lists: dict[str, tuple[list[int], list[int]]] = {}
        for pid, fields in docs:
            field_bags = _field_bags(fields, self.lex)
            if self.learned.get(pid):
                fields = {**fields, "learned": FIELD.join(self.learned[pid][-LEARNED_MAX:])}
                field_bags = {**field_bags, "learned": tokens(fields["learned"], self.lex)}
            for token, tf in self._weighted(field_bags).items():
                ids, tfs = lists.setdefault(token, ([], []))
                ids.append(pid)
                tfs.append(tf)
            self.live.add(pid)
            self._fields[pid] = fields
        self.base = {t: (array.array("q", ids), array.array("B", tfs)) for t, (ids, tfs) in lists.items()}

    def put(self, pid: int, fields: dict[str, str]) -> None:
        """Add or replace one phrase."""
        self.remove(pid)
        fields = dict(fields)
        if self.learned.get(pid):
            fields["learned"] = FIELD.join(self.learned[pid])
        weighted = self._weighted(_field_bags(fields, self.lex))
        for token, tf in weighted.items():
            self.extra.setdefault(token, {})[pid] = tf
        self.extra_docs[pid] = tuple(weighted)
        self.live.add(pid)
        self._fields[pid] = fields

    def remove(self, pid: int) -> None:
        if pid in self.live:
            self.live.discard(pid)
            self.stale.add(pid)
        for token in self.extra_docs.pop(pid, ()):
            posting = self.extra.get(token)
            if posting is not None:
                posting.pop(pid, None)
                if not posting:
                    del self.extra[token]
        self._fields.pop(pid, None)

    def learn(self, pid: int, query: str) -> None:
        """A paste of phrase ``pid`` answered ``query``: similar messages rank it higher from now on."""
        if not query.strip() or pid not in self._fields:
            return
        past = self.learned.setdefault(pid, [])
        past.append(query)
        del past[:-LEARNED_MAX]
        fields = {k: v for k, v in self._fields[pid].items() if k != "learned"}
        self.put(pid, fields)

    def _weighted(self, field_bags: dict[str, Tokens]) -> dict[str, int]:
        """BM25F: each field's term frequencies by its weight over its length norm, summed; kept as
        small integers (tf × SCALE, 1…255)."""
        weighted: dict[str, float] = collections.defaultdict(float)
        for name, bag in field_bags.items():
            weight = WEIGHTS.get(name, 0.0)  # a field without weight was not even tokenized
            if not bag or not weight:
                continue
            norm = 1 - B + B * sum(bag.values()) / self._avg[name]
            for token, tf in bag.items():
                weighted[token] += weight * tf / norm
        return {token: min(255, max(1, round(tf * SCALE))) for token, tf in weighted.items()}

    def query_tokens(self, message: str) -> Tokens:
        return tokens(message, self.lex)

    def df(self, token: str) -> int:
        """How many phrases hold a token (phrases changed since the build may count twice)."""
        return len(self.base.get(token, _EMPTY)[0]) + len(self.extra.get(token, ()))

    def score(self, message: str, allowed: set[int] | None = None) -> tuple[dict[int, float], float]:
        """Phrase id → BM25F score for a message, and the message's own best possible score (every
        token's weighted idf at full term frequency), to judge how much of it a phrase covers.

        Rare tokens first; a token held by more than COMMON of the library only re-scores the
        best CANDIDATES phrases found so far (a common word alone never makes a phrase a
        candidate, and a 30 character message does not walk thousands of postings per common
        character).
        """
        bag = self.query_tokens(message)
        n = max(1, len(self.live))
        common = max(COMMON_MIN, n * COMMON)
        scores: dict[int, float] = collections.defaultdict(float)
        possible = 0.0
        skip = self.stale
        pruned = False
        for df, token, qw in sorted((self.df(t), t, qw) for t, qw in bag.items()):
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            weight = qw * idf * (K1 + 1)
            possible += weight  # a word no phrase holds counts too: it is what the reply misses
            if not df:
                continue
            ids, tfs = self.base.get(token, _EMPTY)
            extra = self.extra.get(token, {})
            k1 = K1 * SCALE
            if df > common and scores:
                if not pruned and len(scores) > CANDIDATES:  # the common words rank the best only
                    best = heapq.nlargest(CANDIDATES, scores.items(), key=operator.itemgetter(1))
                    scores = collections.defaultdict(float, best)
                pruned = True
                size = len(ids)
                for pid in list(scores):
                    tf = extra.get(pid)
                    if tf is None and pid not in skip:
                        i = bisect.bisect_left(ids, pid)
                        tf = tfs[i] if i < size and ids[i] == pid else None
                    if tf is not None:
                        scores[pid] += weight * tf / (k1 + tf)
                continue
            base = zip(ids, tfs, strict=True)
            for pid, tf in itertools.chain(base if not skip else _fresh(base, skip), extra.items()):
                if allowed is None or pid in allowed:
                    scores[pid] += weight * tf / (k1 + tf)
        return scores, possible


_EMPTY: tuple[array.array[int], array.array[int]] = (array.array("q"), array.array("B"))


def _fresh(postings: Iterable[tuple[int, int]], stale: set[int]) -> Iterator[tuple[int, int]]:
    return ((pid, tf) for pid, tf in postings if pid not in stale)


def _first(item: tuple[int, dict[str, str]]) -> int:
    return item[0]
