"""Another real process changes the library; ``poll_external`` brings exactly that into this one."""

from __future__ import annotations

import json

import pytest

from quickreply.core import changes, models, search, store
from tests.conftest import make_phrase


@pytest.fixture
def shared(tmp_path, peer):
    """(this process's store, its following search index, the events it heard) with the peer on
    the same file."""
    db = store.PhraseStore(tmp_path / "lib.db", backup_dir=tmp_path / "backups")
    words = ["发货时间", "退换货说明", "优惠券使用", "物流查询", "尺码推荐", "颜色说明"]
    with db.transaction():  # 18 phrases: an import of two is not a bulk write next to them
        for number in range(18):
            title = f"{words[number % 6]}{number}"
            db.add(make_phrase("shipping", title, f"c{number}", body=f"亲,关于{title}请放心。"))
    index = search.SearchIndex.from_store(db)
    heard: list[tuple[str, int]] = []
    db.subscribe(lambda change: heard.append((change.event, change.phrase_id)))
    peer("open", path=str(tmp_path / "lib.db"))
    yield db, index, heard
    db.close()


def titles(index, query):
    return [r.phrase.title for r in index.search(query)]


def test_nothing_changed_elsewhere_means_no_events(shared):
    db, _, heard = shared
    assert db.poll_external() is False
    db.add(make_phrase(code="own"))  # its own writes were told at commit, never again
    heard.clear()
    assert db.poll_external() is False and heard == []


def test_a_single_edit_elsewhere_is_one_upsert_and_no_rebuild(shared, peer):
    db, index, heard = shared
    edited, untouched = db.phrases()[:2]
    before = index.entry(untouched.id)
    peer("update", id=edited.id, body="亲,今天下单明天就到,顺丰包邮。")
    assert db.poll_external() is True
    assert heard == [("upsert", edited.id)]
    assert index.entry(untouched.id) is before  # a rebuild would have made every entry anew
    assert titles(index, "顺丰包邮") == [edited.title]


def test_adds_and_deletes_elsewhere_reach_the_index(shared, peer):
    db, index, heard = shared
    gone = db.phrases()[0]
    new_id = peer("add", stage="after_sales", title="七天无理由退货", body="亲,支持七天无理由退货")
    peer("delete", id=gone.id)
    peer("use", id=new_id)
    assert db.poll_external() is True
    assert ("upsert", new_id) in heard and ("delete", gone.id) in heard and ("use", new_id) in heard
    assert ("reset", 0) not in heard
    assert titles(index, "七天无理由") == ["七天无理由退货"]
    assert gone.title not in titles(index, gone.title)
    assert db.current(gone.id) is None
    assert db.current(new_id).title == "七天无理由退货"


def test_an_import_elsewhere_brings_its_stage_and_phrases(shared, peer, tmp_path):
    db, index, heard = shared
    pack = tmp_path / "双十一.qrpack.json"
    pack.write_text(
        json.dumps(
            {
                "format": "quickreply-pack",
                "version": 1,
                "name": "双十一",
                "stages": [{"id": "presale", "name_zh": "预售活动", "position": 25}],
                "phrases": [
                    {
                        "stage": "presale",
                        "title": "预售定金说明",
                        "code": "ys",
                        "body": "亲,定金支付后请留意尾款时间",
                    },
                    {"stage": "presale", "title": "尾款时间", "code": "wk", "body": "亲,尾款11日开始支付"},
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert peer("import_pack", file=str(pack))["add"] == 2
    assert db.poll_external() is True
    assert heard[0] == ("stages", 0) and ("reset", 0) not in heard
    assert "presale" in [s.id for s in db.stages()]
    assert sorted(titles(index, "@presale 亲")) == ["尾款时间", "预售定金说明"]
    db.add(models.Phrase(stage_id="presale", title="预售发货", body="亲,预售款15天内发货"))


def test_a_large_import_elsewhere_is_one_reset(shared, peer, tmp_path):
    db, index, heard = shared
    pack = tmp_path / "大包.qrpack.json"
    rows = [
        {"stage": "greeting", "title": f"开场白{n}", "code": f"kc{n}", "body": f"亲,您好{n}"}
        for n in range(4)
    ]
    pack.write_text(json.dumps({"format": "quickreply-pack", "version": 1, "name": "大包", "phrases": rows}))
    assert peer("import_pack", file=str(pack))["add"] == 4  # over a fifth of the library: one bulk write
    assert db.poll_external() is True
    assert heard == [("reset", 0)]
    assert titles(index, "开场白2") == ["开场白2"]


def test_own_writes_between_others_are_not_replayed(shared, peer):
    db, _, heard = shared
    theirs = peer("add", stage="greeting", title="对方的", body="亲")
    mine = db.add(make_phrase(code="mine"))  # committed after theirs, before this store looked
    heard.clear()
    assert db.poll_external() is True
    assert heard == [("upsert", theirs)]
    assert mine.id != theirs


def test_poll_waits_for_the_end_of_a_transaction(shared, peer):
    db, _, heard = shared
    theirs = peer("add", stage="greeting", title="对方的", body="亲")
    with db.transaction():
        assert db.poll_external() is False
    assert db.poll_external() is True and ("upsert", theirs) in heard


def test_a_restore_elsewhere_resets(shared, peer):
    db, index, heard = shared
    backup = db.auto_backup("manual")
    added = db.add(make_phrase(code="later"))
    peer("restore", file=str(backup))
    assert db.poll_external() is True
    assert heard[-1] == ("reset", 0) and len([e for e in heard if e[0] == "reset"]) == 1
    assert index.entry(added.id) is None and db.current(added.id) is None
    assert db.poll_external() is False  # its own reset entry is not news again


def test_a_log_pruned_past_what_was_seen_resets(shared, peer):
    db, index, heard = shared
    theirs = peer("add", stage="greeting", title="对方的", body="亲")
    # 12,000 entries at once, as a large import writes: the log keeps only the newest 10,000.
    peer(
        "execute",
        sql="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)"
        " INSERT INTO changes(kind, phrase_id, writer) SELECT 'use', 0, 1 FROM n",
    )
    assert db.conn.execute("SELECT COUNT(*) FROM changes").fetchone()[0] <= 11_000
    assert db.poll_external() is True
    assert heard == [("reset", 0)]
    assert titles(index, "对方的") == ["对方的"] and index.entry(theirs) is not None


def test_many_changes_at_once_are_one_reset(shared, peer, monkeypatch):
    db, _, heard = shared
    monkeypatch.setattr(changes, "REPLAY_MAX", 2)
    for number in range(3):
        peer("add", stage="greeting", title=f"第{number}条", body="亲")
    assert db.poll_external() is True and heard == [("reset", 0)]
