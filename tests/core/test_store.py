import sqlite3

import pytest

from quickreply.core import models, store
from tests.conftest import make_phrase


def test_new_store_has_canonical_stages_and_schema_version(fresh_store):
    assert [s.id for s in fresh_store.stages()][:3] == ["greeting", "stock", "shipping"]
    assert len(fresh_store.stages()) == 10
    assert fresh_store.schema_version == store.SCHEMA_VERSION
    assert fresh_store.created


def test_migration_from_empty_file(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    db = store.PhraseStore(path)
    assert db.schema_version == store.SCHEMA_VERSION
    tables = set(db.db.table_names())
    assert {"stages", "phrases", "packs", "usage", "settings"} <= tables
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()
    again = store.PhraseStore(path)
    assert not again.created
    assert again.schema_version == store.SCHEMA_VERSION
    again.close()


def test_add_assigns_id_position_pinyin_and_timestamps(fresh_store):
    first = fresh_store.add(make_phrase(code="FH"))
    second = fresh_store.add(make_phrase(title="延迟发货", code="yc"))
    assert first.id and second.id and first.id != second.id
    assert (first.position, second.position) == (0, 1)
    assert first.code == "fh"
    assert first.title_py == "fa huo shi jian" and first.title_ini == "fhsj"
    assert first.created_at and first.updated_at
    assert fresh_store.get(first.id) == first


def test_add_resolves_stage_aliases(fresh_store):
    phrase = fresh_store.add(make_phrase(stage="讲价", title="无法优惠", code="wf"))
    assert phrase.stage_id == "bargaining"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "标题"),
        ({"body": "\n\n"}, "内容"),
        ({"body": "亲" * (store.MAX_BODY + 1)}, "过长"),
        ({"title": "长" * (store.MAX_TITLE + 1)}, "过长"),
        ({"code": "发货#"}, "快捷编码"),
        ({"code": "f h"}, "快捷编码"),
        ({"code": "/fh"}, "快捷编码"),
        ({"stage": "新品上架"}, "阶段"),
    ],
)
def test_add_rejects_invalid_phrases(fresh_store, changes, message):
    with pytest.raises(store.StoreError, match=message):
        fresh_store.add(make_phrase(**changes))
    assert fresh_store.phrases() == []


def test_code_unique_per_stage_case_insensitive(fresh_store):
    fresh_store.add(make_phrase(code="fh"))
    with pytest.raises(store.InvalidPhrase, match="已被短语"):
        fresh_store.add(make_phrase(title="另一条", code="FH"))
    other_stage = fresh_store.add(make_phrase(stage="logistics", title="发货快递", code="fh"))
    assert [p.id for p in fresh_store.find_by_code("Fh")] == [fresh_store.phrases()[0].id, other_stage.id]


def test_update_changes_fields_and_recomputes_pinyin(fresh_store):
    phrase = fresh_store.add(make_phrase())
    updated = fresh_store.update(
        phrase.id, title="催发货", body="亲,已经为您催促仓库了。", questions=["快点发"]
    )
    assert updated.title == "催发货" and updated.title_ini == "cfh"
    assert updated.questions == ["快点发"]
    assert updated.body == "亲,已经为您催促仓库了。"
    with pytest.raises(store.InvalidPhrase):
        fresh_store.update(phrase.id, body="")
    with pytest.raises(store.InvalidPhrase, match="无法修改字段"):
        fresh_store.update(phrase.id, pack_id="x")
    with pytest.raises(store.NotFound):
        fresh_store.update(9999, title="x")


def test_update_keeps_own_code_without_clash(fresh_store):
    phrase = fresh_store.add(make_phrase(code="fh"))
    assert fresh_store.update(phrase.id, code="fh", note="新说明").note == "新说明"


def test_delete_removes_phrase_usage_and_renumbers(fresh_store):
    a = fresh_store.add(make_phrase(title="一", code="a"))
    b = fresh_store.add(make_phrase(title="二", code="b"))
    c = fresh_store.add(make_phrase(title="三", code="c"))
    fresh_store.record_use(b.id)
    deleted = fresh_store.delete(b.id)
    assert deleted.title == "二"
    assert [(p.id, p.position) for p in fresh_store.phrases()] == [(a.id, 0), (c.id, 1)]
    assert fresh_store.usage() == {}
    with pytest.raises(store.NotFound):
        fresh_store.delete(b.id)


def test_move_to_another_stage(fresh_store):
    a = fresh_store.add(make_phrase(title="一", code="a"))
    b = fresh_store.add(make_phrase(title="二", code="b"))
    x = fresh_store.add(make_phrase(stage="closing", title="再见", code="zj"))
    moved = fresh_store.move(a.id, "结束语", index=0)
    assert moved.stage_id == "closing"
    assert [p.id for p in fresh_store.phrases("closing")] == [a.id, x.id]
    assert [(p.id, p.position) for p in fresh_store.phrases("shipping")] == [(b.id, 0)]
    with pytest.raises(store.NotFound):
        fresh_store.move(b.id, "nowhere")


def test_move_fails_when_code_taken_in_target_stage(fresh_store):
    a = fresh_store.add(make_phrase(code="zj"))
    fresh_store.add(make_phrase(stage="closing", title="再见", code="zj"))
    with pytest.raises(store.InvalidPhrase):
        fresh_store.move(a.id, "closing")
    assert fresh_store.get(a.id).stage_id == "shipping"


def test_reorder_within_stage(fresh_store):
    ids = [
        fresh_store.add(make_phrase(title=t, code=t2)).id for t, t2 in [("一", "a"), ("二", "b"), ("三", "c")]
    ]
    fresh_store.reorder(ids[2], 0)
    assert [p.id for p in fresh_store.phrases("shipping")] == [ids[2], ids[0], ids[1]]
    fresh_store.reorder(ids[2], 99)
    assert [p.id for p in fresh_store.phrases("shipping")] == [ids[0], ids[1], ids[2]]
    assert [p.position for p in fresh_store.phrases("shipping")] == [0, 1, 2]


def test_list_by_stage_in_conversation_order(fresh_store):
    fresh_store.add(make_phrase(stage="complaints", title="道歉", code="dq"))
    fresh_store.add(make_phrase(stage="greeting", title="欢迎", code="hy"))
    fresh_store.add(make_phrase(stage="shipping", title="发货", code="fh"))
    assert [p.stage_id for p in fresh_store.phrases()] == ["greeting", "shipping", "complaints"]
    assert [p.title for p in fresh_store.phrases("greeting")] == ["欢迎"]


def test_record_use_counts_and_last_use(fresh_store):
    a = fresh_store.add(make_phrase(code="a"))
    b = fresh_store.add(make_phrase(title="二", code="b"))
    fresh_store.record_use(a.id, when="2026-11-01T08:00:00+00:00")
    fresh_store.record_use(a.id, action="copy", query="fh", when="2026-11-03T08:00:00+00:00")
    usage = fresh_store.usage()
    assert usage[a.id].count == 2 and usage[a.id].last_used == "2026-11-03T08:00:00+00:00"
    assert fresh_store.usage_of(b.id) == models.Usage(b.id, 0, None)
    rows = list(fresh_store.db.query("SELECT action, query FROM usage ORDER BY id"))
    assert rows == [{"action": "paste", "query": ""}, {"action": "copy", "query": "fh"}]
    with pytest.raises(store.NotFound):
        fresh_store.record_use(12345)


def test_read_only_pack_phrases_cannot_change_in_place(fresh_store):
    fresh_store.add_pack(models.PackInfo(id="trainer", name="培训包", read_only=True))
    phrase = fresh_store.add(make_phrase(pack_id="trainer"))
    for action in (
        lambda: fresh_store.update(phrase.id, body="改"),
        lambda: fresh_store.delete(phrase.id),
        lambda: fresh_store.move(phrase.id, "closing"),
    ):
        with pytest.raises(store.ReadOnly, match="培训包"):
            action()
    assert fresh_store.get(phrase.id) == phrase
    assert fresh_store.reorder(phrase.id, 0).id == phrase.id


def test_transaction_rolls_back_everything(fresh_store):
    fresh_store.add(make_phrase(code="keep"))
    with pytest.raises(store.InvalidPhrase):
        with fresh_store.transaction():
            fresh_store.add(make_phrase(title="新一", code="n1"))
            fresh_store.add(make_phrase(title="新二", code="keep"))
    assert [p.code for p in fresh_store.phrases()] == ["keep"]
    # still usable afterwards
    fresh_store.add(make_phrase(title="新三", code="n3"))
    assert len(fresh_store.phrases()) == 2


def test_settings_roundtrip_json(fresh_store):
    assert fresh_store.get_setting("hotkey", "ctrl+alt+space") == "ctrl+alt+space"
    fresh_store.set_setting("profile", {"店铺名": "小店"})
    fresh_store.set_setting("profile", {"店铺名": "大店"})
    assert fresh_store.get_setting("profile") == {"店铺名": "大店"}


def test_foreign_keys_are_enforced(fresh_store):
    with pytest.raises(sqlite3.IntegrityError):
        fresh_store.conn.execute("INSERT INTO usage(phrase_id, used_at) VALUES (424242, '2026-01-01')")


def test_add_stage_and_find_it_by_chinese_name(fresh_store):
    fresh_store.add_stage(models.Stage("presale", "预售活动", "Presale", 25))
    assert fresh_store.stage("预售活动").id == "presale"
    assert [s.id for s in fresh_store.stages()][:3] == ["greeting", "stock", "presale"]


def test_migration_from_version_1_recomputes_search_keys(tmp_path):
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path, isolation_level=None)
    store.MIGRATIONS[0](conn)
    conn.execute(
        "INSERT INTO phrases(stage_id, title, body, title_py, title_ini, created_at, updated_at)"
        " VALUES ('bargaining', '还价回复', '亲', 'huanjiahuifu', 'hjhf', 'x', 'x')"
    )
    conn.execute("PRAGMA user_version=1")
    conn.close()
    db = store.PhraseStore(path)
    assert db.schema_version == store.SCHEMA_VERSION
    (phrase,) = db.phrases()
    assert phrase.title_py == "huan jia hui fu" and phrase.title_ini == "hjhf"
    assert "hai jia hui fu" in phrase.title_alt.split(";")
    db.close()


def test_change_events_after_commit_only(fresh_store):
    events = []
    fresh_store.subscribe(lambda change: events.append((change.event, change.phrase_id)))
    phrase = fresh_store.add(make_phrase())
    fresh_store.record_use(phrase.id)
    with pytest.raises(store.InvalidPhrase):
        with fresh_store.transaction():
            fresh_store.add(make_phrase(title="二", code="b"))
            fresh_store.add(make_phrase(title="三", code="b"))
    fresh_store.delete(phrase.id)
    assert events == [("upsert", phrase.id), ("use", phrase.id), ("delete", phrase.id)]


def test_change_listener_can_stop(fresh_store):
    from quickreply.core.kinds import StoreEvent

    first, second = [], []
    stop = fresh_store.subscribe(first.append)
    fresh_store.subscribe(second.append)
    fresh_store.add(make_phrase())
    stop()
    stop()  # twice is harmless
    fresh_store.add(make_phrase(title="二", code="b"))
    assert [c.event for c in first] == [StoreEvent.UPSERT]
    assert [c.event for c in second] == [StoreEvent.UPSERT, StoreEvent.UPSERT]


def test_frecency_weighs_recent_uses_more(fresh_store):
    import datetime

    old = fresh_store.add(make_phrase(code="old"))
    new = fresh_store.add(make_phrase(title="新", code="new"))
    now = datetime.datetime(2026, 11, 24, tzinfo=datetime.UTC)
    for _ in range(3):
        fresh_store.record_use(old.id, when="2026-01-01T08:00:00+00:00")
    fresh_store.record_use(new.id, when="2026-11-23T08:00:00+00:00")
    scores = fresh_store.frecency(now)
    assert scores[new.id] == pytest.approx(1.0)
    assert scores[old.id] == pytest.approx(3 * store.FRECENCY_FLOOR)


def test_a_row_or_setting_edited_into_invalid_json_by_another_tool_still_reads(file_store, caplog):
    """Damage a tool outside quickreply can do: nothing stops listing, searching or the app's settings."""
    from quickreply.core import search

    phrase = file_store.add(make_phrase(questions=["今天能发吗"]))
    file_store.conn.execute(
        "UPDATE phrases SET questions = '[not json', tags = '{}' WHERE id = ?", [phrase.id]
    )
    file_store.conn.execute("INSERT INTO settings(name, value) VALUES ('render.remembered', '{bad')")
    assert file_store.get(phrase.id).questions == [] and file_store.get(phrase.id).tags == []
    assert file_store.get_setting("render.remembered", {}) == {}
    assert [r.phrase.id for r in search.SearchIndex.from_store(file_store).search("fh")] == [phrase.id]
    assert "不是有效的 JSON" in caplog.text


def test_opening_and_searching_a_library_never_imports_sqlite_utils(file_store):
    """sqlite-utils (~45 ms to import) is for bulk writes and failed checks, not the quick paths."""
    import subprocess
    import sys

    file_store.add(make_phrase())
    file_store.close()
    code = (
        "import sys; from quickreply.core import search, store;"
        f" db = store.PhraseStore({str(file_store.path)!r}); search.SearchIndex.from_store(db).search('fh');"
        " db.record_use(db.phrases()[0].id); db.close(); print('sqlite_utils' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False"]
    again = store.PhraseStore(file_store.path)
    again.add_many([make_phrase(title="二", code="b")])
    assert "sqlite_utils" in sys.modules and again.phrase_count() == 2
    again.close()
