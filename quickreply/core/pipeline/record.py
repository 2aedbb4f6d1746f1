"""The record stage: a delivered phrase counts as used, the way it actually reached the agent.

Recorded after delivery, never before: a paste that failed is no use, and a reply left on the
clipboard because the chat window could not be reached counts as a copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from quickreply.core.kinds import DeliveryStatus, PasteMode

if TYPE_CHECKING:
    from quickreply.core.pipeline import Delivery


class Recorder(Protocol):
    """Where uses and remembered values go (the usage queue)."""

    def record(
        self, phrase_id: int, action: str = ..., query: str = ..., seconds: float | None = ...
    ) -> bool: ...

    def remember(self, name: str, value: Any) -> bool: ...


def action(delivery: Delivery, status: DeliveryStatus) -> PasteMode | None:
    """What to count for this outcome: None when nothing reached the agent (or it was a draft)."""
    if delivery.phrase is None or status == DeliveryStatus.FAILED:
        return None
    return PasteMode.COPY_ONLY if status == DeliveryStatus.COPIED else delivery.mode


def record(
    recorder: Recorder, delivery: Delivery, status: DeliveryStatus, seconds: float | None = None
) -> bool:
    """Count the use; True when one was counted. ``seconds``: from the hotkey to the delivery,
    when the popup opened by the hotkey was the way (the trainer's team view shows it)."""
    done = action(delivery, status)
    if done is None or delivery.phrase is None:
        return False
    recorder.record(delivery.phrase.id or 0, action=done, query=delivery.query, seconds=seconds)
    return True
