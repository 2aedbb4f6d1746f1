"""The buyer-language lexicon: which words mean the same to a buyer, and which carry no intent.

A buyer writes 少点 where the reply says 优惠, 寄出 where it says 发货, and wraps every question in
怎么/可以/亲/吗 that match every reply equally. The message ranker (``core.ranker``) reads this
lexicon so that a word of an intent group matches every other word of that group, and stop words
never decide a ranking. It is data a shop can extend without code: the shipped
``resources/lexicon/*.toml`` plus an optional ``lexicon.toml`` beside the library database
(format documented in ``resources/lexicon/ecommerce.toml``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from quickreply.core import resources, textnorm

SHOP_FILE = "lexicon.toml"  # beside the library database: the shop's own groups and stop words


@dataclasses.dataclass(frozen=True)
class Lexicon:
    """Intent groups (name → words) and stop words, folded as search folds text."""

    groups: dict[str, tuple[str, ...]]
    stop: frozenset[str]

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        words = sorted({w for ws in self.groups.values() for w in ws}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words))) if words else None

    @functools.cached_property
    def _owners(self) -> dict[str, tuple[str, ...]]:
        owners: dict[str, list[str]] = {}
        for name, words in self.groups.items():
            for word in words:
                owners.setdefault(word, []).append(name)
        return {word: tuple(names) for word, names in owners.items()}

    @functools.cached_property
    def stop_pattern(self) -> re.Pattern[str] | None:
        """Stop words of two or more characters (single characters are dropped token by token)."""
        long = sorted((w for w in self.stop if len(w) > 1), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, long))) if long else None

    @functools.cached_property
    def stop_chars(self) -> frozenset[str]:
        return frozenset(w for w in self.stop if len(w) == 1)

    def intents(self, folded: str) -> set[str]:
        """The intent groups whose words occur in a folded text (longest word first at each place)."""
        if self._pattern is None:
            return set()
        owners = self._owners
        return {name for word in self._pattern.findall(folded) for name in owners[word]}


def load(extra: Iterable[Path] = ()) -> Lexicon:
    """The shipped lexicon, extended by each existing file of ``extra`` (a shop's own)."""
    files = sorted(resources.path("lexicon").glob("*.toml")) + [p for p in extra if p.is_file()]
    return _load(tuple(files))


def for_database(db_path: Path | str | None) -> Lexicon:
    """The lexicon for a library: shipped files plus ``lexicon.toml`` beside its database file."""
    if db_path is None or str(db_path) == ":memory:":
        return load()
    return load([Path(db_path).parent / SHOP_FILE])


@functools.cache
def _load(files: tuple[Path, ...]) -> Lexicon:
    groups: dict[str, list[str]] = {}
    stop: set[str] = set()
    fold = textnorm.fold
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for word in data.get("stop", []):
            if isinstance(word, str) and fold(word).strip():
                stop.add(fold(word).strip())
        for name, words in dict(data.get("groups", {})).items():
            target = groups.setdefault(str(name), [])
            target += [fold(w).strip() for w in words if isinstance(w, str) and fold(w).strip()]
    return Lexicon({k: tuple(dict.fromkeys(v)) for k, v in groups.items()}, frozenset(stop))
