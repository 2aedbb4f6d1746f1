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

import collections
import heapq
import math
import operator
import re
from collections.abc import Iterable

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
CANDIDATES = 300  # the best phrases by the rarer tokens that the common ones re-score
LEARNED_MAX = 30  # past queries kept per phrase
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
    return {name: tokens(text, lex) for name, text in fields.items() if WEIGHTS.get(name) and text}


class MessageRanker:
    """BM25F postings over the phrases of a library, updated one phrase at a time.

    Args:
        lex: the lexicon (intent groups, stop words).
    """

    def __init__(self, lex: lexicon_mod.Lexicon) -> None:
        self.lex = lex
        self.postings: dict[str, dict[int, float]] = {}
        self.docs: dict[int, tuple[str, ...]] = {}  # pid → its tokens (to remove it again)
        self.learned: dict[int, list[str]] = {}
        self._fields: dict[int, dict[str, str]] = {}
        self._avg = dict.fromkeys(WEIGHTS, 1.0)

    def build(self, docs: Iterable[tuple[int, dict[str, str]]]) -> None:
        """Index many phrases at once (field lengths averaged over them first)."""
        docs = list(docs)
        bags = [(pid, _field_bags(fields, self.lex), fields) for pid, fields in docs]
        for name in WEIGHTS:
            lengths = [sum(b.get(name, {}).values()) for _, b, _ in bags]
            nonzero = [n for n in lengths if n] or [1.0]
            self._avg[name] = sum(nonzero) / len(nonzero)
        for pid, field_bags, fields in bags:
            if self.learned.get(pid):
                fields = {**fields, "learned": FIELD.join(self.learned[pid][-LEARNED_MAX:])}
                field_bags = {**field_bags, "learned": tokens(fields["learned"], self.lex)}
            self._add(pid, field_bags, fields)

    def put(self, pid: int, fields: dict[str, str]) -> None:
        """Add or replace one phrase."""
        self.remove(pid)
        fields = dict(fields)
        if self.learned.get(pid):
            fields["learned"] = FIELD.join(self.learned[pid])
        self._add(pid, _field_bags(fields, self.lex), fields)

    def remove(self, pid: int) -> None:
        for token in self.docs.pop(pid, ()):
            posting = self.postings.get(token)
            if posting is not None:
                posting.pop(pid, None)
                if not posting:
                    del self.postings[token]
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

    def _add(self, pid: int, field_bags: dict[str, Tokens], fields: dict[str, str]) -> None:
        weighted: dict[str, float] = collections.defaultdict(float)
        for name, bag in field_bags.items():
            weight = WEIGHTS.get(name, 0.0)  # a field without weight was not even tokenized
            if not bag or not weight:
                continue
            norm = 1 - B + B * sum(bag.values()) / self._avg[name]
            for token, tf in bag.items():
                weighted[token] += weight * tf / norm
        for token, tf in weighted.items():
            self.postings.setdefault(token, {})[pid] = tf
        self.docs[pid] = tuple(weighted)
        self._fields[pid] = fields

    def query_tokens(self, message: str) -> Tokens:
        return tokens(message, self.lex)

    def score(self, message: str, allowed: set[int] | None = None) -> tuple[dict[int, float], float]:
        """Phrase id → BM25F score for a message, and the message's own best possible score (every
        token's weighted idf at full term frequency), to judge how much of it a phrase covers.

        Rare tokens first; a token held by more than COMMON of the library only re-scores the
        phrases found so far (a common word alone never makes a phrase a candidate, and a 30
        character message does not walk thousands of postings per common character).
        """
        bag = self.query_tokens(message)
        n = max(1, len(self.docs))
        common = max(COMMON_MIN, n * COMMON)
        scores: dict[int, float] = collections.defaultdict(float)
        possible = 0.0
        found = [(len(self.postings.get(t, ())), t, qw) for t, qw in bag.items()]
        pruned = False
        for df, token, qw in sorted(found):
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            weight = qw * idf * (K1 + 1)
            possible += weight  # a word no phrase holds counts too: it is what the reply misses
            if not df:
                continue
            posting = self.postings[token]
            if df > common and scores:
                if not pruned and len(scores) > CANDIDATES:  # the common words rank the best only
                    scores = collections.defaultdict(
                        float, heapq.nlargest(CANDIDATES, scores.items(), key=operator.itemgetter(1))
                    )
                pruned = True
                get = posting.get
                for pid in list(scores):
                    tf = get(pid)
                    if tf is not None:
                        scores[pid] += weight * tf / (K1 + tf)
                continue
            for pid, tf in posting.items():
                if allowed is None or pid in allowed:
                    scores[pid] += weight * tf / (K1 + tf)
        return scores, possible
