"""The common shop exceptions to the service standard (``resources/rules/common-exceptions.toml``).

Many shops allow 不客气, 不错 or 不用. The setting ``lint.allowed_words`` keeps the ids a trainer
ticked; ``words`` turns them into the allow-words a ``Linter`` takes, so no one writes TOML for it.
This module is the one reader of the file: another list (another file, another format) only needs
``catalogue`` to return the same ``CommonException`` entries.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Iterable
from pathlib import Path

from quickreply.core import resources

FILE = "common-exceptions.toml"


@dataclasses.dataclass(frozen=True)
class CommonException:
    """One exception a shop may allow: its stored id, its name in the interface, the words it allows."""

    id: str
    label: str
    words: tuple[str, ...]


def path() -> Path:
    return resources.path("rules", FILE)


@functools.cache
def catalogue() -> tuple[CommonException, ...]:
    """Every exception on offer, in the file's order."""
    with path().open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        CommonException(str(e["id"]), str(e["label"]), tuple(str(w) for w in e["words"]))
        for e in data["exception"]
    )


def ids() -> tuple[str, ...]:
    return tuple(e.id for e in catalogue())


def words(chosen: Iterable[str]) -> list[str]:
    """The allow-words of the chosen exceptions (ids not in the catalogue are ignored)."""
    wanted = set(chosen)
    return [word for e in catalogue() if e.id in wanted for word in e.words]
