"""The library window's editing rules, without Qt: copy a pack phrase as one's own, delete with undo, step.

The window only picks the phrase and shows the outcome; what a copy may keep, where an undone
delete goes back and how far a step moves are decided here, on the store, so they can be tested
on a real database without a window.
"""

from __future__ import annotations

import dataclasses

from quickreply.core import models, stages, store


@dataclasses.dataclass(frozen=True)
class OwnCopy:
    """A pack phrase copied as the agent's own; ``code_dropped`` when its code was taken."""

    phrase: models.Phrase
    code_dropped: bool


@dataclasses.dataclass(frozen=True)
class Deleted:
    """A deleted phrase and its place in its stage, everything ``undo_delete`` needs."""

    phrase: models.Phrase
    index: int


def pack_read_only(library: store.PhraseStore, phrase: models.Phrase) -> bool:
    """Whether ``phrase`` belongs to a read-only pack: it can be read and copied, not changed."""
    if not phrase.pack_id:
        return False
    try:
        return library.pack(phrase.pack_id).read_only
    except store.NotFound:
        return False


def own_code_taken(library: store.PhraseStore, code: str, stage_id: str) -> bool:
    """Whether one of the agent's own phrases of the stage already has the shortcut ``code``."""
    return any(p.stage_id == stage_id and p.pack_id is None for p in library.find_by_code(code))


def copy_as_own(library: store.PhraseStore, phrase: models.Phrase) -> OwnCopy:
    """Add an editable copy of ``phrase`` (what it says, no pack) at the end of its stage.

    Own phrases of a stage have unique codes: when one already has the phrase's code, the copy goes
    without a code rather than not at all. StoreError as ``store.add`` raises it.
    """
    copy = phrase.content()
    taken = bool(copy.code) and own_code_taken(library, copy.code, copy.stage_id)
    if taken:
        copy.code = ""
    return OwnCopy(library.add(copy), taken)


def delete(library: store.PhraseStore, phrase_id: int) -> Deleted:
    """Delete a phrase, keeping what ``undo_delete`` needs to put it back where it was."""
    with library.transaction():
        phrase = library.get(phrase_id)
        ids = [p.id for p in library.phrases(phrase.stage_id)]
        index = ids.index(phrase_id) if phrase_id in ids else len(ids)
        return Deleted(library.delete(phrase_id), index)


def undo_delete(library: store.PhraseStore, deleted: Deleted) -> models.Phrase:
    """Add a deleted phrase back: same stage, content and pack, at its old place in the stage.

    It comes back as a new phrase (a new id, no usage history); all or nothing.
    """
    again = deleted.phrase.content()
    again.pack_id = deleted.phrase.pack_id
    with library.transaction():
        added = library.add(again)
        return library.reorder(added.id or 0, deleted.index)


def step(library: store.PhraseStore, phrase_id: int, delta: int) -> models.Phrase | None:
    """Move a phrase ``delta`` places within its stage; None (and nothing changed) past either end."""
    phrase = library.get(phrase_id)
    ids = [p.id for p in library.phrases(phrase.stage_id)]
    target = ids.index(phrase_id) + delta
    if not 0 <= target < len(ids):
        return None
    return library.reorder(phrase_id, target)


def save_draft(library: store.PhraseStore, text: str, stage_id: str | None) -> models.Phrase:
    """A draft written in the popup kept as one of the agent's own phrases, titled from its text, in
    ``stage_id`` (the stage the popup was filtered to) or in 未分组 (created when missing)."""
    from quickreply.core.packs import merge

    stage_id = stage_id or stages.UNGROUPED_ID
    with library.transaction():
        if stage_id not in {s.id for s in library.stages()}:
            library.add_stage(merge.UNGROUPED)
        return library.add(models.Phrase(stage_id=stage_id, title=merge.derive_title(text), body=text))
