"""The closed sets of names the whole app shares: paste modes, lint levels, store events.

They are ``StrEnum``s, so each is stored, logged and written in settings and rule files as the
same plain string as before; code compares and passes the members, never a bare string.
"""

from __future__ import annotations

import dataclasses
import enum


class PasteMode(enum.StrEnum):
    """How a chosen reply reaches the chat window (setting ``paste.mode``; usage ``action``)."""

    PASTE = "paste"
    PASTE_AND_SEND = "paste_and_send"
    COPY_ONLY = "copy_only"
    TYPE = "type"


class LintLevel(enum.StrEnum):
    """How serious a finding is: an error holds a paste until confirmed; the others only inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class StoreEvent(enum.StrEnum):
    """What a committed change to the library was."""

    UPSERT = "upsert"  # a phrase was added or changed
    DELETE = "delete"
    USE = "use"  # a paste or copy was recorded
    STAGES = "stages"  # phrase_id 0: a stage was added
    RESET = "reset"  # phrase_id 0: the whole library was replaced (a restore, a very large import)


@dataclasses.dataclass(frozen=True)
class Change:
    """One store notification: what happened, and to which phrase (0 for the whole library)."""

    event: StoreEvent
    phrase_id: int = 0

    @property
    def library_wide(self) -> bool:
        """Stages or the whole library changed: lists and stage trees must be rebuilt."""
        return self.event in (StoreEvent.STAGES, StoreEvent.RESET)


class DeliveryStatus(enum.StrEnum):
    """How a reply reached the agent."""

    PASTED = "pasted"
    TYPED = "typed"
    COPIED = "copied"  # left on the clipboard
    UNSENT = "unsent"  # pasted, but the Enter of paste-and-send was withheld because the focus moved
    FAILED = "failed"
