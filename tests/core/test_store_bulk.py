"""Many phrases at once (``PhraseStore.add_many``): the same library as adding them one by one,
all or nothing, with the change events, the text index and the change log right."""

from __future__ import annotations

import gc
import re

import pytest

from quickreply.core import models, store, store_bulk, store_core, validate
from quickreply.core.kinds import Change, StoreEvent
from tests.conftest import make_phrase


def rows(store_: store.PhraseStore) -> list[tuple]:
    """What the library holds, ids and times aside: enough to compare two libraries."""
    return [
        (p.stage_id, p.title, p.code, p.body, p.position, p.pack_id, p.title_py, p.title_ini, p.title_alt)
        for p in store_.phrases()
    ]


def batch() -> list[models.Phrase]:
    return [
        make_phrase("shipping", "发货时间", "FH"),
        make_phrase("退换货", "退货地址", "th", questions=["退到哪里", ""]),
        make_phrase("shipping", "延迟发货", "yc"),
    ]


def test_add_many_stores_what_add_stores(tmp_path):
    one_by_one = store.PhraseStore(tmp_path / "a.db")
    at_once = store.PhraseStore(tmp_path / "b.db")
    for db in (one_by_one, at_once):
        db.add(make_phrase("shipping", "已有的", "old"))
    for phrase in batch():
        one_by_one.add(phrase)
    added = [at_once.get(phrase_id) for phrase_id in at_once.add_many(batch())]
    assert rows(at_once) == rows(one_by_one)
    assert [p.position for p in added] == [1, 0, 2]  # after the phrase already in "shipping"
    assert added[0].code == "fh" and added[1].stage_id == "after_sales" and added[1].questions == ["退到哪里"]
    assert all(p.created_at and p.updated_at for p in added)
    one_by_one.close()
    at_once.close()


def test_add_many_leaves_its_input_alone(fresh_store):
    given = batch()
    fresh_store.add_many(given)
    assert [p.id for p in given] == [None, None, None] and given[0].code == "FH"


@pytest.mark.parametrize("validated", [False, True])
def test_a_code_clash_with_the_library_or_the_batch_writes_nothing(fresh_store, validated):
    holder = fresh_store.add(make_phrase(code="fh"))
    before = rows(fresh_store)
    clashing = [make_phrase(title="新的", code="new"), make_phrase(title="又一个", code="fh")]
    with pytest.raises(store.InvalidPhrase, match=re.escape(f"已被短语「发货时间」使用(编号 {holder.id})")):
        fresh_store.add_many([validate.normalised(p) for p in clashing], validated=validated)
    assert rows(fresh_store) == before
    twice = [make_phrase(title="一", code="x"), make_phrase(title="二", code="x")]
    with pytest.raises(store.InvalidPhrase, match="已被短语「一」使用"):
        fresh_store.add_many(twice)
    assert rows(fresh_store) == before


def test_without_validated_every_phrase_is_checked(fresh_store):
    with pytest.raises(store.InvalidPhrase, match="短语内容不能为空"):
        fresh_store.add_many([make_phrase(code="a"), make_phrase(title="空", code="b", body=" ")])
    with pytest.raises(store.NotFound, match="没有这个阶段"):
        fresh_store.add_many([make_phrase(stage="新品上架")], validated=True)
    assert fresh_store.phrases() == []


def test_events_come_after_the_commit_and_never_for_a_rollback(fresh_store):
    heard: list[Change] = []
    fresh_store.subscribe(heard.append)
    with fresh_store.transaction():
        added = fresh_store.add_many(batch())
        assert heard == []
    assert heard == [Change(StoreEvent.UPSERT, phrase_id) for phrase_id in added]
    heard.clear()
    with pytest.raises(store.InvalidPhrase):
        fresh_store.add_many([make_phrase(title="再来", code="yc")])
    assert heard == []


@pytest.mark.parametrize("library_size", [0, 50])  # a bulk write (index rebuilt at the end) or not
def test_text_index_and_other_processes_see_the_new_phrases(tmp_path, library_size):
    db = store.PhraseStore(tmp_path / "lib.db")
    other = store.PhraseStore(tmp_path / "lib.db")
    db.add_many(
        make_phrase("shipping", f"旧话术{n}", f"o{n}", body=f"亲,第{n}条。") for n in range(library_size)
    )
    other.poll_external()
    heard: list[Change] = []
    other.subscribe(heard.append)
    new = [
        make_phrase("shipping", "减在发货", "jz", body="亲,减在发货前到账。"),
        make_phrase(title="另一条", code="b"),
    ]
    with db.bulk(len(new)):
        added = db.add_many(new, validated=False)
    assert db.text_index is not None
    assert db.text_index.candidates("body", "减在", cap=10) == [added[0]]
    assert other.poll_external()
    if library_size:  # replayed from the change log, phrase by phrase
        assert heard == [Change(StoreEvent.UPSERT, phrase_id) for phrase_id in added]
    else:  # more writes than a fifth of the library: one reload instead
        assert heard == [Change(StoreEvent.RESET)]
    assert other.get(added[0]).title == "减在发货"
    db.close()
    other.close()


def test_stage_counts_per_stage(fresh_store):
    assert fresh_store.stage_counts() == {}
    fresh_store.add_many(batch())
    assert fresh_store.stage_counts() == {"shipping": 2, "after_sales": 1}


def test_a_batch_larger_than_a_chunk_is_still_one_batch(fresh_store, monkeypatch):
    monkeypatch.setattr(store_bulk, "CHUNK", 2)
    five = [make_phrase(title=f"第{n}条", code=f"n{n}") for n in range(5)]
    ids = fresh_store.add_many(five)
    assert [fresh_store.get(i).position for i in ids] == [0, 1, 2, 3, 4] and ids == sorted(ids)
    late_clash = [make_phrase(title=f"再{n}", code=f"m{n}") for n in range(4)] + [make_phrase(code="m0")]
    with pytest.raises(store.InvalidPhrase, match="已被短语「再0」使用"):
        fresh_store.add_many(late_clash)
    assert [p.code for p in fresh_store.phrases()] == [f"n{n}" for n in range(5)]


def test_the_garbage_collector_waits_only_while_a_bulk_write_runs(fresh_store):
    assert gc.isenabled()
    with fresh_store.bulk(3):
        assert not gc.isenabled()
        fresh_store.add_many(batch())
    assert gc.isenabled()
    with pytest.raises(store.InvalidPhrase), fresh_store.bulk(1):
        fresh_store.add_many([make_phrase(title="重复", code="fh")])
    assert gc.isenabled()
    gc.disable()  # a caller that switched it off keeps it off
    try:
        with fresh_store.bulk(fresh_store.phrase_count()):
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_bulk_write_grows_the_page_cache_only_while_it_runs(fresh_store):
    def cache_size():
        return fresh_store.conn.execute("PRAGMA cache_size").fetchone()[0]

    before = cache_size()
    with fresh_store.bulk(3):
        assert cache_size() == -store_core.BULK_CACHE_KIB
        fresh_store.add_many(batch())
    assert cache_size() == before
    with pytest.raises(store.InvalidPhrase), fresh_store.bulk(1):
        fresh_store.add_many([make_phrase(title="重复", code="fh")])
    assert cache_size() == before
