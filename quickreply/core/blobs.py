"""The search index's storage: each phrase's match keys, and per stage one string per field in rank order.

Joining a stage's records into one string lets ``str.find`` (C speed) walk the phrases in the
order they should be shown; a record's start offsets map a hit back to its phrase.
"""

from __future__ import annotations

import array
import bisect
import itertools
from collections.abc import Iterable, Iterator

from quickreply.core import models, pinyin, query

FIELD = "\x01"  # starts every field of a record


class Entry:
    """One phrase as the index sees it: its joined records (not yet folded) and its rank.

    Folding happens once per stage over the joined blob, not per phrase: that is most of the
    difference between a 1 s and a 3 s start with 100,000 phrases. A plain slotted class, as
    100,000 of them are made at start-up.
    """

    __slots__ = ("phrase", "rank", "keys", "questions", "pinyin")

    def __init__(self, phrase: models.Phrase, rank: tuple[float, int, int, int]) -> None:
        self.phrase = phrase
        self.rank = rank  # (-frecency, stage position, position in stage, id)
        self.pinyin = phrase.title_py.replace(" ", "")  # primary title pinyin without spaces
        # FIELD before each of: code, title, pinyin, initials, polyphone alternatives
        self.keys = FIELD + FIELD.join(
            filter(None, (phrase.code, phrase.title, self.pinyin, phrase.title_ini))
        )
        if phrase.title_alt:
            self.keys += FIELD + FIELD.join(alternative_keys(query.fold(phrase.title), phrase.title_alt))
        self.questions = FIELD + FIELD.join(phrase.questions) if phrase.questions else ""

    def contains(self, needle: str, foldable: bool) -> bool:
        """Whether any field (keys, questions, body) contains a folded needle; ``foldable`` says
        whether the needle has Latin letters or digits, the only characters folding changes."""
        fields = (self.keys, self.questions, self.phrase.body)
        if needle in fields[0] or needle in fields[1] or needle in fields[2]:
            return True
        return foldable and any(needle in query.fold(text) for text in fields)

    def folded_questions(self) -> list[str]:
        return query.fold(self.questions).split(FIELD)[1:]


def alternative_keys(title: str, title_alt: str) -> list[str]:
    """Joined pinyin and initials of each other reading of a title's polyphones."""
    tokens = pinyin.token_spans(title)
    keys: list[str] = []
    for alt in title_alt.split(";"):
        syllables = alt.split()
        keys.append("".join(syllables))
        if len(syllables) == len(tokens):
            keys.append("".join(s[0] if han else s for s, (_, _, han) in zip(syllables, tokens, strict=True)))
    return keys


class StageBlobs:
    """One stage's records of each kind ("keys", "code", "questions", "body") joined in rank order."""

    def __init__(self, entries: list[Entry]) -> None:
        self.ids = array.array("q", [e.rank[3] for e in entries])
        phrases = [e.phrase for e in entries]
        self.blobs: dict[str, str] = {}
        self.starts: dict[str, array.array[int]] = {}
        self._complete: dict[str, tuple[str, list[int]]] = {}
        self._join("keys", [e.keys for e in entries], fold=True)
        self._join("questions", [e.questions for e in entries], fold=True)
        self._join("code", [p.code for p in phrases], fold=False, separate=True)
        self._join("body", [p.body for p in phrases], fold=True, separate=True)
        # Latin words in bodies and questions: a Latin needle none of them contains cannot match,
        # which spares a scan of megabytes of Chinese text for every pinyin keystroke.
        # Dropping every non-ASCII character keeps each Latin run whole (it may join runs, which
        # only costs a needless scan, never a missed match) and runs at C speed.
        self.latin = {
            kind: self.blobs[kind].encode("ascii", "ignore").decode() for kind in ("questions", "body")
        }

    def _join(self, kind: str, parts: list[str], fold: bool, separate: bool = False) -> None:
        """One blob of the records; ``separate`` puts FIELD before each part that lacks one."""
        blob = (FIELD + FIELD.join(parts) if parts else "") if separate else "".join(parts)
        lengths: Iterable[int] = map(len, parts[:-1])
        if separate:
            lengths = (n + 1 for n in lengths)
        self.blobs[kind] = query.fold(blob) if fold else blob
        self.starts[kind] = array.array("q", itertools.accumulate(lengths, initial=0))

    def find(self, kind: str, needle: str) -> Iterator[int]:
        """Phrase ids whose ``kind`` record contains ``needle``, in rank order, each once.

        An agent types one character at a time, so the needle usually extends the previous one:
        when the last scan of this kind ran to the end, its records are the only candidates left
        and are checked one by one instead of scanning the whole stage again.
        """
        if kind in self.latin and needle.isascii() and needle.isalnum() and needle not in self.latin[kind]:
            return
        blob, starts = self.blobs[kind], self.starts[kind]
        previous = self._complete.get(kind)
        found: list[int] = []
        if previous is not None and previous[0] in needle:
            for index in previous[1]:
                end = starts[index + 1] if index + 1 < len(starts) else len(blob)
                if blob.find(needle, starts[index], end) >= 0:
                    found.append(index)
                    yield self.ids[index]
        else:
            pos = blob.find(needle)
            while pos >= 0:
                index = bisect.bisect_right(starts, pos) - 1
                found.append(index)
                yield self.ids[index]
                nxt = starts[index + 1] if index + 1 < len(starts) else len(blob)
                pos = blob.find(needle, nxt)
        self._complete[kind] = (needle, found)  # reached only when the caller read every hit
