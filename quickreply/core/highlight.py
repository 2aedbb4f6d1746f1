"""Which characters of a result's title and body to highlight for the query's terms.

Terms are found in the folded text (``textnorm``) and the spans then mapped back onto the
characters of the original, which may have more of them (an invisible character inside 发\u200b货).
"""

from __future__ import annotations

from collections.abc import Sequence

from quickreply.core import models, pinyin, query, textnorm

Span = tuple[int, int]
MAX_SPANS = 8


def phrase_spans(phrase: models.Phrase, terms: list[str]) -> tuple[list[Span], list[Span]]:
    """(title spans, body spans) of every occurrence of the (folded) terms, and of pinyin or
    initials matches in the title, as indices into the phrase's original title and body."""
    title, title_origin = textnorm.fold_with_origin(phrase.title)
    body, body_origin = textnorm.fold_with_origin(phrase.body)
    title_spans: list[Span] = []
    body_spans: list[Span] = []
    for term in terms:
        title_spans += occurrences(title, term)
        body_spans += occurrences(body, term)
        latin = query.as_pinyin(term) if query.is_mixed(term) else term
        title_spans += pinyin_spans(title, phrase, latin)
    return merge(in_original(title_spans, title_origin)), merge(in_original(body_spans, body_origin))


def in_original(spans: list[Span], origin: Sequence[int]) -> list[Span]:
    """Spans in a folded text as spans of the original (``origin`` from ``textnorm.fold_with_origin``)."""
    return [(origin[start], origin[end - 1] + 1) for start, end in spans if end > start]


def occurrences(text: str, term: str) -> list[Span]:
    """Where ``term`` occurs in (folded) ``text``, at most MAX_SPANS times."""
    spans: list[Span] = []
    pos = text.find(term) if term else -1
    while pos >= 0 and len(spans) < MAX_SPANS:
        spans.append((pos, pos + len(term)))
        pos = text.find(term, pos + len(term))
    return spans


def pinyin_spans(title: str, phrase: models.Phrase, term: str) -> list[Span]:
    """Title characters a pinyin or initials match of ``term`` covers (first reading that matches).

    ``title`` is the folded title; the stored syllables line up with its Chinese characters and
    Latin runs, so no pypinyin is needed here.
    """
    if not term.isascii() or not term:
        return []
    tokens = pinyin.token_spans(title)
    readings = [phrase.title_py] + [alt for alt in phrase.title_alt.split(";") if alt]
    for reading in readings:
        syllables = reading.split()
        if len(syllables) != len(tokens):
            continue
        initials = [s[0] if han else s for s, (_, _, han) in zip(syllables, tokens, strict=True)]
        for pieces in (syllables, initials):
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


def merge(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlapping and touching ones joined."""
    merged: list[Span] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
