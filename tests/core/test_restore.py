"""Restore copies a checked backup's rows into a fresh database; nothing else ever comes from the file."""

from __future__ import annotations

import random
import sqlite3
import time

import pytest

from quickreply.core import dbfile, schema, store, textindex
from tests.blackbox import altered, with_page_size
from tests.conftest import make_phrase
from tests.core.test_migrations import make_version_2
from tests.core.test_search_narrowing import random_phrases

EVIL = "CREATE TRIGGER wipe AFTER INSERT ON usage BEGIN DELETE FROM phrases; END"


def names(db: store.PhraseStore) -> set[str]:
    return {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}


@pytest.fixture
def saved(file_store, tmp_path):
    for i in range(3):
        file_store.add(make_phrase(title=f"旧{i}", code=f"old{i}"))
    return file_store.backup(tmp_path / "saved.db")


def test_a_hostile_trigger_never_reaches_the_library_even_past_the_check(
    file_store, saved, tmp_path, monkeypatch
):
    hostile = altered(saved, tmp_path / "hostile.db", EVIL)
    assert "含有 quickreply 不会创建的触发器「wipe」" in str(dbfile.inspect(hostile, store.SCHEMA_VERSION)[1])
    monkeypatch.setattr(dbfile, "inspect", lambda path, version: (store.SCHEMA_VERSION, None))
    file_store.restore(hostile)  # even a check that let it through: only rows are copied
    assert "wipe" not in names(file_store)
    first = file_store.phrases()[0]
    file_store.record_use(first.id)
    assert len(file_store.phrases()) == 3
    assert schema.problem(file_store.conn, store.SCHEMA_VERSION) is None


def test_an_older_backup_is_copied_and_upgraded(file_store, tmp_path):
    old = tmp_path / "v2.db"
    conn = make_version_2(old, random_phrases(random.Random(3), 20))
    conn.execute("INSERT INTO usage(phrase_id, used_at) VALUES (3, '2026-02-01')")
    rows = conn.execute("SELECT id, title, body FROM phrases ORDER BY id").fetchall()
    conn.close()
    file_store.restore(old)
    assert file_store.schema_version == store.SCHEMA_VERSION
    assert file_store.conn.execute("SELECT id, title, body FROM phrases ORDER BY id").fetchall() == rows
    assert file_store.usage_of(3).count == 1
    assert set(textindex.TRIGGERS) <= names(file_store)
    assert file_store.add(make_phrase(code="after")).id == 21


def test_a_restore_with_other_page_sizes_reaches_another_open_store_as_reset(file_store, saved, tmp_path):
    other = store.PhraseStore(file_store.path)
    heard: list[tuple[str, int]] = []
    other.subscribe(lambda change: heard.append((change.event, change.phrase_id)))
    file_store.add(make_phrase(title="之后", code="later"))
    big = with_page_size(saved, tmp_path / "8192.db", 8192)
    file_store.restore(big)
    assert file_store.conn.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert other.poll_external() is True and heard == [("reset", 0)]
    assert [p.title for p in other.phrases()] == ["旧0", "旧1", "旧2"]
    other.close()


def test_a_restore_waits_boundedly_for_the_write_lock(tmp_path, peer):
    db = store.PhraseStore(tmp_path / "lib.db", busy_timeout=0.3)
    db.add(make_phrase(code="keep"))
    saved = db.backup(tmp_path / "saved.db")
    db.add(make_phrase(code="new"))
    peer("open", path=str(tmp_path / "lib.db"))
    peer("lock")
    started = time.monotonic()
    with pytest.raises(store.Busy):
        db.restore(saved)
    assert time.monotonic() - started < 5
    peer("unlock")
    assert {p.code for p in db.phrases()} == {"keep", "new"}
    db.restore(saved)
    assert {p.code for p in db.phrases()} == {"keep"}
    db.close()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("UPDATE phrases SET questions = '[\"坏' WHERE code = 'old1'", "JSON"),
        ("UPDATE phrases SET tags = '{}' WHERE code = 'old1'", "JSON"),
        ("INSERT INTO settings(name, value) VALUES ('x', 'not json')", "JSON"),
        ("UPDATE stages SET name_zh = CAST(X'E5A5BDFF' AS TEXT) WHERE id = 'shipping'", "UTF-8"),
    ],
)
def test_rows_the_store_could_not_read_back_are_refused(file_store, saved, tmp_path, change, message):
    bad = altered(saved, tmp_path / "bad.db", change)
    before = [p.title for p in file_store.phrases()]
    with pytest.raises(store.StoreError, match=message):
        file_store.restore(bad)
    assert [p.title for p in file_store.phrases()] == before and file_store.backups() == []
    assert not list(tmp_path.glob(".restore-*"))


def test_an_older_tokenisation_is_accepted_but_a_trigger_posing_as_one_is_dropped_at_open(tmp_path):
    path = tmp_path / "lib.db"
    db = store.PhraseStore(path)
    db.add(make_phrase(code="keep"))
    db.close()
    posing = "CREATE TRIGGER phrase_text_v1_wipe AFTER INSERT ON usage BEGIN DELETE FROM phrases; END"
    conn = sqlite3.connect(path)
    conn.execute(posing.replace("ON usage", "ON phrases"))
    conn.close()
    db = store.PhraseStore(path)  # an old text-index name: ensure() drops it before any write
    assert "phrase_text_v1_wipe" not in names(db)
    db.record_use(db.add(make_phrase(code="more")).id)
    assert len(db.phrases()) == 2
    db.close()
    conn = sqlite3.connect(path)
    conn.execute(posing)  # on another table it is not the text index's at all
    conn.close()
    with pytest.raises(store.DatabaseUnusable, match="phrase_text_v1_wipe"):
        store.PhraseStore(path)


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (
            "ALTER TABLE settings ADD COLUMN extra TEXT",
            "表「settings」的定义与 quickreply 的不同(多出列 extra)",
        ),
        (
            "ALTER TABLE packs RENAME COLUMN author TO writer",
            "表「packs」的定义与 quickreply 的不同(缺少列 author;多出列 writer)",
        ),
    ],
)
def test_a_backup_with_changed_columns_is_refused_naming_them(file_store, saved, tmp_path, statement, named):
    changed = altered(saved, tmp_path / "changed.db", statement)
    before = file_store.phrases()
    with pytest.raises(store.StoreError, match="无法从") as refused:
        file_store.restore(changed)
    assert named in str(refused.value)
    assert file_store.phrases() == before
