"""What the agent typed into the search box, taken apart: terms, ``@stage`` filters, ``/code`` mode.

The query is folded by ``textnorm`` exactly as the index is, so full-width letters from a Chinese
input method, upper case, traditional characters (發貨) and invisible characters match what is
stored.
"""

from __future__ import annotations

import dataclasses
import unicodedata

from quickreply.core import pinyin, textnorm


def is_han(ch: str) -> bool:
    """Whether a character is a CJK ideograph."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def han_count(text: str) -> int:
    """How many CJK ideographs a text has."""
    return sum(1 for ch in text if is_han(ch))


def is_mixed(term: str) -> bool:
    """A term with both Chinese characters and Latin letters, like ``fa货``."""
    return bool(han_count(term)) and any(ch.isascii() and ch.isalpha() for ch in term)


def as_pinyin(term: str) -> str:
    """A mixed term spelled fully in pinyin (fa货 → fahuo), to match stored title pinyin (pypinyin
    loads its dictionaries only now)."""
    return "".join(pinyin.syllables(term))


CODE_PREFIXES = ("/", "、")


def _split_punctuation(word: str) -> list[str]:
    """Chinese words split at punctuation and symbols: 在吗，快 → [在吗, 快]."""
    parts: list[str] = []
    current: list[str] = []
    for ch in word:
        if unicodedata.category(ch).startswith(("P", "S")):
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in parts if p]


@dataclasses.dataclass
class Query:
    """A parsed query.

    Attributes:
        terms: words that must all match (folded).
        stage_words: what followed each ``@``.
        code_only: the code after a leading ``/`` or ``、`` (None when not in code mode).
        message: the query as one buyer message (punctuation kept out) when it was typed or
            pasted without spaces; "" when the agent typed several space-separated terms.
    """

    terms: list[str]
    stage_words: list[str]
    code_only: str | None = None
    message: str = ""

    def joined_latin(self) -> str:
        """Several Latin terms run together (``fa huo`` → ``fahuo``), or ""."""
        if len(self.terms) > 1 and all(t.isascii() and t.isalpha() for t in self.terms):
            return "".join(self.terms)
        return ""


def parse(text: str) -> Query:
    """Split a query into terms, ``@stage`` words and ``/code`` mode (all folded by ``textnorm.fold``)."""
    text = textnorm.fold(text).strip()
    terms: list[str] = []
    code_only = None
    words = text.split()
    # A Chinese input method types "/" as 、: both start code mode, as in 千牛.
    if words and words[0].startswith(CODE_PREFIXES):
        code_only = words[0][1:]
        words = words[1:]
    plain = [w for w in words if not w.startswith("@")]
    stage_words = [w[1:] for w in words if w.startswith("@")]
    for word in plain:
        terms += _split_punctuation(word) if han_count(word) else [word]
    message = "".join(terms) if len(plain) == 1 else ""
    if code_only is not None:
        code_only = "".join([code_only, *terms])
        terms = []
    return Query(terms=terms, stage_words=stage_words, code_only=code_only, message=message)
