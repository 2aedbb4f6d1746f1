"""The library window's editing rules on a real library file: copy as own, delete and undo, step."""

from __future__ import annotations

import pytest

from quickreply.core import library_ops, models, store
from tests.conftest import make_phrase


def stage_ids(db: store.PhraseStore, stage: str) -> list[int | None]:
    return [p.id for p in db.phrases(stage)]


def test_a_pack_phrase_is_copied_as_own_with_its_code(library):
    fh = library.find_by_code("fh")[0]
    assert fh.pack_id is not None and library.pack(fh.pack_id).read_only
    copied = library_ops.copy_as_own(library, fh)
    assert not copied.code_dropped
    own = copied.phrase
    assert own.pack_id is None and own.id != fh.id and stage_ids(library, fh.stage_id)[-1] == own.id
    assert (own.stage_id, own.title, own.code, own.body, own.note, own.questions) == (
        fh.stage_id,
        fh.title,
        fh.code,
        fh.body,
        fh.note,
        fh.questions,
    )
    library.update(own.id, title="本店发货时间")  # the copy is editable, the pack phrase untouched
    assert library.get(fh.id).title == "发货时间"


def test_a_copy_whose_code_an_own_phrase_has_goes_without_one(library):
    fh = library.find_by_code("fh")[0]
    first = library_ops.copy_as_own(library, fh)
    second = library_ops.copy_as_own(library, fh)
    assert second.code_dropped and second.phrase.code == ""
    assert first.phrase.code == "fh"
    # an own phrase with the code in another stage does not take it from this stage
    assert not library_ops.own_code_taken(library, "fh", "closing")
    assert library_ops.own_code_taken(library, "FH", fh.stage_id)


def test_delete_and_undo_put_the_phrase_back_in_its_place(library):
    first = library.add(make_phrase(code="w1", title="一", note="催发货时", questions=["啥时候发"]))
    library.add(make_phrase(code="w2", title="二"))
    ids = stage_ids(library, "shipping")
    place = ids.index(first.id)
    deleted = library_ops.delete(library, first.id)
    assert deleted.index == place and deleted.phrase.id == first.id
    assert library.current(first.id) is None
    again = library_ops.undo_delete(library, deleted)
    assert again.id != first.id
    assert stage_ids(library, "shipping").index(again.id) == place
    assert (again.title, again.code, again.body, again.note, again.questions, again.pack_id) == (
        first.title,
        first.code,
        first.body,
        first.note,
        first.questions,
        None,
    )


def test_a_read_only_pack_phrase_is_not_deleted(library):
    fh = library.find_by_code("fh")[0]
    with pytest.raises(store.ReadOnly):
        library_ops.delete(library, fh.id)
    assert library.current(fh.id) is not None


def test_an_undo_that_fails_adds_nothing(library):
    mine = library.add(make_phrase(code="w1"))
    deleted = library_ops.delete(library, mine.id)
    library.add(make_phrase(code="w1", title="新的一条"))  # the code is taken meanwhile
    count = library.phrase_count()
    with pytest.raises(store.InvalidPhrase):
        library_ops.undo_delete(library, deleted)
    assert library.phrase_count() == count


def test_step_moves_within_the_stage_and_stops_at_either_end(library):
    mine = library.add(models.Phrase(stage_id="closing", title="再见", code="zj", body="亲,再见"))
    last = len(stage_ids(library, "closing")) - 1
    assert library_ops.step(library, mine.id, 1) is None
    moved = library_ops.step(library, mine.id, -1)
    assert moved is not None and stage_ids(library, "closing")[last - 1] == mine.id
    library.reorder(mine.id, 0)
    assert library_ops.step(library, mine.id, -1) is None
    assert stage_ids(library, "closing")[0] == mine.id


def test_a_draft_is_kept_as_own_in_the_filtered_stage_or_in_ungrouped(library):
    kept = library_ops.save_draft(library, "亲，已经为您备注好了，请放心。", "shipping")
    assert (kept.stage_id, kept.pack_id, kept.body) == ("shipping", None, "亲，已经为您备注好了，请放心。")
    assert kept.title and kept.title in kept.body
    loose = library_ops.save_draft(library, "亲，收到。", None)
    assert loose.stage_id == "ungrouped" and "ungrouped" in {s.id for s in library.stages()}
    with pytest.raises(store.StoreError):
        library_ops.save_draft(library, "   ", None)  # an empty reply is refused, nothing is added
    assert [p.body for p in library.phrases("ungrouped")] == ["亲，收到。"]
