"""What the agent typed into the search box, taken apart: terms, ``@stage`` filters, ``/code`` mode.

Also the one text folding both the query and the index use, so that full-width letters from a
Chinese input method and upper case match what is stored.
"""

from __future__ import annotations

import dataclasses
import unicodedata

# Full-width ASCII (Ａ, ｆ, ／, ＠ …) and the ideographic space fold to ASCII; A–Z to a–z. One
# character in, one out, so offsets into folded text are offsets into the original.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD.update({cp: cp + 32 for cp in range(ord("A"), ord("Z") + 1)})
_FOLD.update({cp: cp - 0xFEE0 + 32 for cp in range(0xFF21, 0xFF3B)})


def fold(text: str) -> str:
    """Width- and case-fold text without changing its length."""
    return text.translate(_FOLD)


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
    """A mixed term spelled fully in pinyin (fa货 → fahuo), to match stored title pinyin."""
    from quickreply.core import pinyin  # pypinyin loads its dictionaries on import: only when needed

    return "".join(pinyin.syllables(term))


def _strip_punctuation(term: str) -> str:
    return "".join(ch for ch in term if not unicodedata.category(ch).startswith(("P", "S")))


@dataclasses.dataclass
class Query:
    """A parsed query.

    Attributes:
        terms: words that must all match (folded, lower-case).
        stage_words: what followed each ``@``.
        code_only: the code after a leading ``/`` (None when not in code mode).
    """

    terms: list[str]
    stage_words: list[str]
    code_only: str | None = None

    def joined_latin(self) -> str:
        """Several Latin terms run together (``fa huo`` → ``fahuo``), or ""."""
        if len(self.terms) > 1 and all(t.isascii() and t.isalpha() for t in self.terms):
            return "".join(self.terms)
        return ""


def parse(text: str) -> Query:
    """Split a query into terms, ``@stage`` words and ``/code`` mode (all width/case-folded)."""
    text = fold(unicodedata.normalize("NFKC", text)).strip()
    terms: list[str] = []
    stage_words: list[str] = []
    code_only = None
    words = text.split()
    if words and words[0].startswith("/"):
        code_only = words[0][1:]
        words = words[1:]
    for word in words:
        if word.startswith("@"):
            stage_words.append(word[1:])
            continue
        if han_count(word):
            word = _strip_punctuation(word)
        if word:
            terms.append(word)
    if code_only is not None:
        code_only = "".join([code_only, *terms])
        terms = []
    return Query(terms=terms, stage_words=stage_words, code_only=code_only)
