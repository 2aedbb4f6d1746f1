"""Which characters of a result's title and body to highlight for a query term."""

from __future__ import annotations

from quickreply.core import models, pinyin

Span = tuple[int, int]
MAX_SPANS = 8


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
