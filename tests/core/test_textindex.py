"""The database's pair index: kept by triggers on every write, asked for candidates, optional."""

import sqlite3

import pytest

from quickreply.core import blobs, models, search, store, textindex
from tests.conftest import make_phrase


def ids(db, kind, needle, cap=1000):
    found = db.text_index.candidates(kind, needle, cap)
    return None if found is None else set(found)


def test_every_write_keeps_the_index_current(file_store):
    db = file_store
    first = db.add(make_phrase(body="亲,满减活动今天结束。", questions=["满减怎么算"]))
    assert ids(db, "body", "满减活动") == {first.id}
    assert ids(db, "questions", "怎么算") == {first.id}
    db.update(first.id, body="亲,优惠券已经发到您的账户。")
    assert ids(db, "body", "满减活动") == set()
    assert ids(db, "body", "优惠券") == {first.id}
    second = db.add(make_phrase(title="优惠说明", code="yh", body="亲,优惠券可以叠加。"))
    db.reorder(second.id, 0)  # position only: the text rows stay as they are
    assert ids(db, "body", "优惠券") == {first.id, second.id}
    db.delete(first.id)
    assert ids(db, "body", "优惠券") == {second.id}


def test_pack_removal_and_restore_keep_it_current(file_store, tmp_path):
    db = file_store
    db.add_pack(models.PackInfo("trainer", "培训包", imported_at="2026-11-24"))
    packed = db.add(make_phrase(body="亲,七天无理由退换。", pack_id="trainer"))
    backup = db.backup(tmp_path / "before.db")
    db.remove_pack("trainer")
    assert ids(db, "body", "无理由") == set()
    db.restore(backup)
    assert ids(db, "body", "无理由") == {packed.id}


def test_latin_keys_cover_code_pinyin_initials_and_other_readings(fresh_store):
    phrase = fresh_store.add(make_phrase(title="行李寄存", code="jc9"))
    for needle in ("jc9", "xinglijicun", "xljc", "hanglijicun", "hljc", "ngli"):
        assert ids(fresh_store, "keys", needle) == {phrase.id}, needle


def test_text_is_folded_like_the_search(fresh_store):
    phrase = fresh_store.add(make_phrase(body="亲,ＸＬ码偏大,建议选Ｍ码。"))
    assert ids(fresh_store, "body", "xl码") == {phrase.id}


def test_candidates_are_a_superset_and_search_checks_them(fresh_store):
    event = fresh_store.add(make_phrase(title="活动", code="hd", body="亲,满减活动今天结束。"))
    # looked up by its longest run (满减活), so the phrase is a candidate without containing it all
    assert ids(fresh_store, "body", "满减活vi") == {event.id}
    index = search.SearchIndex.from_store(fresh_store)
    assert index.search("满减活vi") == []
    assert [r.phrase.id for r in index.search("满减活")] == [event.id]


def test_no_narrowing_for_single_characters_common_terms_or_symbols(fresh_store):
    for i in range(5):
        fresh_store.add(make_phrase(title=f"短语{i}", code=f"c{i}", body="亲,您好。"))
    assert ids(fresh_store, "body", "亲") is None  # one character: the scan finds it at once
    assert ids(fresh_store, "body", "您好", cap=3) is None  # more than the cap
    assert ids(fresh_store, "body", "您好", cap=5) is not None
    assert ids(fresh_store, "body", "!?") is None


def test_current_index_is_opened_without_writing(file_store):
    def no_transaction():
        raise AssertionError("opening a current index must not write")

    assert textindex.ensure(file_store.conn, no_transaction) is not None


def test_old_tokenisation_is_replaced(tmp_path):
    path = tmp_path / "lib.db"
    db = store.PhraseStore(path)
    phrase = db.add(make_phrase(body="亲,满减活动今天结束。"))
    for name in textindex.TRIGGERS:
        db.conn.execute(f"DROP TRIGGER {name}")
    for table in textindex.TABLES.values():
        db.conn.execute(f"DROP TABLE {table}")
    db.conn.execute("CREATE VIRTUAL TABLE phrase_text_v1 USING fts5(questions, body, content='')")
    db.conn.execute("CREATE TRIGGER phrase_text_v1_insert AFTER INSERT ON phrases BEGIN SELECT 1; END")
    db.close()
    db = store.PhraseStore(path)
    names = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
    assert "phrase_text_v1" not in names and "phrase_text_v1_insert" not in names
    assert set(textindex.TABLES.values()) <= names
    assert ids(db, "body", "满减") == {phrase.id}
    db.close()


def test_without_fts5_phrases_are_still_written_and_found(tmp_path, monkeypatch):
    path = tmp_path / "lib.db"
    store.PhraseStore(path).close()  # made where FTS5 exists: tables and triggers
    monkeypatch.setattr(textindex, "fts5_available", lambda conn: False)
    db = store.PhraseStore(path)
    assert db.text_index is None
    added = db.add(make_phrase(body="亲,满减活动今天结束。"))  # no trigger left to fail
    assert [r.phrase.id for r in search.SearchIndex.from_store(db).search("满减活动")] == [added.id]
    db.close()
    monkeypatch.undo()
    db = store.PhraseStore(path)  # FTS5 back: rebuilt, including what was added meanwhile
    assert ids(db, "body", "满减活动") == {added.id}
    db.close()


def test_a_broken_query_falls_back_to_scanning(fresh_store):
    phrase = fresh_store.add(make_phrase(body="亲,满减活动今天结束。"))
    index = search.SearchIndex.from_store(fresh_store)
    fresh_store.conn.execute(f"DROP TABLE {textindex.TABLES['body']}")
    assert fresh_store.text_index is not None
    assert fresh_store.text_index.candidates("body", "满减活动", 10) is None
    assert [r.phrase.id for r in index.search("满减活动")] == [phrase.id]


def test_rows_carry_the_questions_split_by_sqlite(fresh_store):
    tricky = ['他说"好"', "a\\b", "逗号, 空格", '", "', "普通问题"]
    for i, questions in enumerate([tricky, ["一个"], [], ["两个", "问题"]]):
        fresh_store.add(make_phrase(title=f"问题{i}", code=f"q{i}", questions=questions))
    rows = {row[store.PHRASE_FIELDS.index("id")]: row for row in fresh_store.phrase_rows(blobs.FIELD)}
    for phrase in fresh_store.phrases():
        from_row, from_phrase = blobs.Entry(rows[phrase.id]), blobs.Entry(phrase)
        assert (
            from_row.questions == from_phrase.questions == "".join(blobs.FIELD + q for q in phrase.questions)
        )
        assert (from_row.latin, from_row.pinyin) == (from_phrase.latin, from_phrase.pinyin)
        assert from_row.phrase == phrase


def test_fts5_probe(fresh_store):
    assert textindex.fts5_available(fresh_store.conn) is True
    with pytest.raises(sqlite3.OperationalError):
        fresh_store.conn.execute("SELECT * FROM temp.qr_fts5_probe")  # the probe leaves nothing behind


def test_a_library_indexed_with_the_old_folding_is_refolded_on_open(tmp_path):
    """Version 4 kept traditional characters and invisible ones in its pairs: a simplified term
    could not find 發貨. Opening the library replaces those tables with the current folding."""
    path = tmp_path / "lib.db"
    db = store.PhraseStore(path)
    phrase = db.add(make_phrase(body="親,今天發\u200b貨。"))
    for name in textindex.TRIGGERS:
        db.conn.execute(f"DROP TRIGGER {name}")
    for name, table in textindex.TABLES.items():
        db.conn.execute(f"DROP TABLE {table}")
        old = f"phrase_{name}_text_v4"
        db.conn.execute(
            f"CREATE VIRTUAL TABLE {old} USING fts5(t, content='', detail='none', columnsize=0,"
            " tokenize='unicode61 remove_diacritics 0')"
        )
    db.conn.execute(  # the pairs version 4 stored for this body: unfolded
        "INSERT INTO phrase_body_text_v4(rowid, t) VALUES (?, '親, ,今 今天 天發 發\u200b \u200b貨 貨。')",
        (phrase.id,),
    )
    db.conn.execute("CREATE TRIGGER phrase_text_v4_insert AFTER INSERT ON phrases BEGIN SELECT 1; END")
    db.conn.commit()
    db.close()
    db = store.PhraseStore(path)
    names = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
    assert not {n for n in names if n.endswith("_v4") or "_v4_" in n}
    assert set(textindex.TABLES.values()) <= names and set(textindex.TRIGGERS) <= names
    assert ids(db, "body", "今天发货") == {phrase.id}
    assert [r.phrase.id for r in search.SearchIndex.from_store(db).search("今天发货")] == [phrase.id]
    db.close()


def indexed(db) -> dict[str, list[tuple[str, int]]]:
    """Every (pair, phrase id) each table holds, read through FTS5's vocabulary view."""
    found = {}
    for name, table in textindex.TABLES.items():
        db.conn.execute(f"CREATE VIRTUAL TABLE temp.vocab_{name} USING fts5vocab(main, {table}, instance)")
        found[name] = sorted(db.conn.execute(f"SELECT term, doc FROM temp.vocab_{name}"))
        db.conn.execute(f"DROP TABLE temp.vocab_{name}")
    return found


def rebuilt(db) -> dict[str, list[tuple[str, int]]]:
    """What the tables hold when filled from scratch from the phrases as they are now (rolled back)."""
    with pytest.raises(ZeroDivisionError), db.transaction():
        for table in textindex.TABLES.values():
            db.conn.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        for statement in textindex._FILL:
            db.conn.execute(statement)
        found = indexed(db)
        raise ZeroDivisionError  # leave the index as it was
    return found


@pytest.mark.parametrize("removed", [2, 30])  # a few rows touched (corrected in place) or most (refilled)
def test_a_suspended_index_ends_as_if_rebuilt(file_store, removed):
    db = file_store
    old = db.add_many(
        make_phrase(title=f"行李寄存{n}", code=f"o{n}", body=f"亲,第{n}条满减。", questions=[f"问{n}"])
        for n in range(40)
    )
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    with db.transaction(), textindex.suspended(db.conn):
        new = db.add_many(
            make_phrase(title=f"新话术{n}", code=f"n{n}", body=f"亲,减在{n}。") for n in range(5)
        )
        db.update(old[0], body="亲,优惠券已经发到您的账户。", title="重新说明")
        db.update(old[0], body="亲,改了两次。")  # the index still holds the first text
        db.reorder(old[1], 0)  # positions are not indexed: nothing to redo
        db.update(new[0], body="亲,新的也改了。")
        db.delete(new[1])
        for phrase_id in old[2 : 2 + removed]:
            db.delete(phrase_id)
    db.conn.set_trace_callback(None)
    refilled = any("'delete-all'" in sql for sql in statements)
    assert refilled == (removed == 30)
    assert indexed(db) == rebuilt(db)
    assert ids(db, "body", "改了两次") == {old[0]} and ids(db, "body", "优惠券") == set()
    assert ids(db, "body", "新的也改") == {new[0]} and ids(db, "body", "减在") == {new[2], new[3], new[4]}
    assert ids(db, "keys", "chongxinshuoming") == {old[0]}
    db.add(make_phrase(title="之后", code="after", body="亲,触发器回来了。"))  # the triggers are back
    assert ids(db, "body", "触发器") is not None and len(ids(db, "body", "触发器")) == 1
    names = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_temp_master")}
    assert not names


def test_a_suspension_that_fails_leaves_the_index_and_triggers_as_they_were(file_store):
    db = file_store
    db.add(make_phrase(body="亲,满减活动今天结束。"))
    before = indexed(db)
    with pytest.raises(ZeroDivisionError), db.transaction(), textindex.suspended(db.conn):
        db.add_many(make_phrase(title=f"新{n}", code=f"n{n}", body="亲,减在发货前。") for n in range(3))
        raise ZeroDivisionError
    assert indexed(db) == before
    triggers = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert set(textindex.TRIGGERS) <= triggers
    assert not list(db.conn.execute("SELECT name FROM sqlite_temp_master"))
