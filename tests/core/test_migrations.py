"""Migrations keep every row: ids are never reused, also for libraries made before migration 3."""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3

import pytest

from quickreply.core import blobs, migrations, pinyin, search, searchstate, store, textindex
from tests.conftest import make_phrase
from tests.core.test_search_narrowing import outcome, queries, random_phrases


def test_a_deleted_id_is_not_given_to_the_next_phrase(file_store):
    first = file_store.add(make_phrase(code="a1"))
    last = file_store.add(make_phrase(code="a2"))
    file_store.delete(last.id)
    again = file_store.add(make_phrase(code="a3"))
    assert again.id > last.id > first.id


def test_ids_are_not_reused_across_processes(tmp_path, peer):
    db = store.PhraseStore(tmp_path / "lib.db")
    peer("open", path=str(tmp_path / "lib.db"))
    theirs = peer("add", stage="greeting", title="对方加的", body="亲")
    peer("delete", id=theirs)
    mine = db.add(make_phrase(code="m1"))
    assert mine.id > theirs
    db.close()


def make_version_2(path, phrases):
    """A library as quickreply wrote it before migration 3, text index and all."""
    conn = sqlite3.connect(path, isolation_level=None)
    textindex.register(conn)
    conn.execute("PRAGMA foreign_keys=ON")
    for migration in migrations.MIGRATIONS[:2]:
        migration(conn)
    conn.execute("PRAGMA user_version=2")
    textindex.ensure(conn, contextlib.nullcontext)
    for phrase in phrases:
        title_py, title_ini, title_alt = pinyin.keys(phrase.title)
        conn.execute(
            "INSERT INTO phrases(stage_id, title, code, body, questions, title_py, title_ini, title_alt,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01', '2026-01-01')",
            [
                phrase.stage_id,
                phrase.title,
                phrase.code,
                phrase.body,
                json.dumps(phrase.questions, ensure_ascii=False),
                title_py,
                title_ini,
                title_alt,
            ],
        )
    return conn


def code_check_plan(db: store.PhraseStore) -> str:
    """How SQLite runs the store's shortcut-code clash check."""
    sql = "SELECT id, title FROM phrases WHERE code = ? AND stage_id = ? AND pack_id IS ? AND id IS NOT ?"
    return str(db.conn.execute("EXPLAIN QUERY PLAN " + sql, ["fh", "shipping", None, 0]).fetchall())


def test_migration_3_keeps_rows_uses_indexes_and_the_text_index(tmp_path, monkeypatch):
    path = tmp_path / "v2.db"
    conn = make_version_2(path, random_phrases(random.Random(11), 150))
    conn.executemany("INSERT INTO usage(phrase_id, used_at) VALUES (?, '2026-02-01')", [(3,), (3,), (40,)])
    conn.execute("DELETE FROM phrases WHERE id = 150")  # the newest phrase, deleted before the upgrade
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("INSERT INTO usage(phrase_id, used_at) VALUES (170, '2026-02-02')")  # names a deleted id
    rows = conn.execute("SELECT * FROM phrases ORDER BY id").fetchall()
    uses = conn.execute("SELECT * FROM usage ORDER BY id").fetchall()
    conn.close()

    db = store.PhraseStore(path)
    assert db.schema_version == store.SCHEMA_VERSION
    assert db.conn.execute("SELECT * FROM phrases ORDER BY id").fetchall() == rows
    assert db.conn.execute("SELECT * FROM usage ORDER BY id").fetchall() == uses
    schema = dict(
        db.conn.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'phrases'").fetchall()
    )
    assert "AUTOINCREMENT" in schema["phrases"]
    assert {"phrases_stage", "phrases_code", *textindex.TRIGGERS} <= set(schema)
    assert db.conn.execute("PRAGMA foreign_key_list(usage)").fetchone()[2] == "phrases"
    assert code_check_plan(db) == code_check_plan(store.PhraseStore(":memory:"))  # a new library's
    assert "phrases_code" in code_check_plan(db)  # not a scan of the stage: imports stay linear
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == [("usage", 4, "phrases", 0)]
    assert db.usage_of(3).count == 2
    assert db.add(make_phrase(code="new1")).id == 171  # past the deleted ids anything still names

    # The pair index survived the rebuild (its rowids are the kept ids) and its triggers still fire.
    db.update(rows[0][0], body="亲,这款满减活动今天结束。")
    monkeypatch.setattr(searchstate, "NARROW_MIN_CHARS", 0)
    narrowed = search.SearchIndex.from_store(db, follow=False)
    plain = search.SearchIndex(db.phrase_rows(blobs.FIELD), db.stages(), db.frecency())
    for typed in ["满减活动", "活动今天", *queries(random.Random(2), db.phrases())[:40]]:
        assert outcome(narrowed.search(typed)) == outcome(plain.search(typed)), typed
    db.close()


def test_a_failed_migration_leaves_the_library_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "v2.db"
    make_version_2(path, random_phrases(random.Random(1), 5)).close()

    shipped = list(migrations.MIGRATIONS)

    def broken(conn: sqlite3.Connection) -> None:
        shipped[2](conn)
        raise sqlite3.OperationalError("disk full")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*shipped[:2], broken, *shipped[3:]])
    with pytest.raises(sqlite3.OperationalError):
        store.PhraseStore(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert (
        "AUTOINCREMENT"
        not in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'phrases'").fetchone()[0]
    )
    assert conn.execute("SELECT COUNT(*) FROM phrases").fetchone()[0] == 5
    conn.close()
