"""The pick stage: is the chosen phrase still the one the agent saw, and how does it go out?

The popup may have shown a phrase for minutes; meanwhile a trainer's import or a second
quickreply may have deleted or reworded it. The check asks the library right before delivery
and takes in what other processes committed, so the lists follow.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from quickreply.core import dbfile, models
from quickreply.core.kinds import PasteMode

log = logging.getLogger(__name__)


class Library(Protocol):
    """What the pick stage needs from the store."""

    def current(self, phrase_id: int) -> models.Phrase | None: ...

    def poll_external(self) -> bool: ...


def current(
    library: Library, phrase: models.Phrase, on_problem: Callable[[str], None]
) -> models.Phrase | None:
    """The phrase as the library has it now (None: deleted). A library that fails to answer (damage
    found in use) is reported and the phrase as shown is used: the reply itself was read fine."""
    try:
        now = library.current(phrase.id or 0)
    except dbfile.StoreError as exc:
        log.warning("phrase %s not checked against the library: %s", phrase.id, exc)
        on_problem(str(exc))
        return phrase
    if now is None or now.body != phrase.body:
        try:
            library.poll_external()  # the lists and the index follow at once
        except dbfile.StoreError as exc:
            log.warning("library changes from other processes not read: %s", exc)
    return now


def mode(phrase: models.Phrase | None, asked: PasteMode | None, default: PasteMode) -> PasteMode:
    """The key the agent pressed decides; else a phrase marked auto-send is sent; else the default."""
    if asked:
        return PasteMode(asked)
    if phrase is not None and phrase.auto_send:
        return PasteMode.PASTE_AND_SEND
    return default
