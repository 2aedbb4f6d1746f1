"""A library found damaged in use is read but never written again; SQLite's failures are one line."""

from __future__ import annotations

import sqlite3
import time

import pytest

from quickreply.core import health, store
from tests.blackbox import dump_hash, with_undecodable_title, without_index_entry
from tests.conftest import make_phrase


def test_damage_found_in_use_stops_every_write_and_names_the_newest_backup(file_store):
    mine = file_store.add(make_phrase(code="mine"))
    made = file_store.auto_backup()
    without_index_entry(
        file_store.path, "phrases_code", "UPDATE phrases SET code = 'zzz' WHERE code = 'mine'"
    )
    before = dump_hash(file_store.path)
    with pytest.raises(store.DatabaseUnusable) as caught:
        file_store.delete(mine.id)  # the index entry it must remove is not there
    message = str(caught.value)
    assert str(made) in message and "本次不再写入" in message and "\n" not in message
    assert isinstance(
        caught.value, sqlite3.DatabaseError
    )  # code that copes with a failing database still does
    for write in (
        lambda: file_store.add(make_phrase(code="new")),
        lambda: file_store.set_setting("x", 1),
        lambda: file_store.record_use(mine.id),
        lambda: file_store.restore(made),
    ):
        with pytest.raises(store.DatabaseUnusable, match="本次不再写入"):
            write()
    assert [p.id for p in file_store.phrases()] == [mine.id]  # reading goes on
    file_store.poll_external()  # another connection's change is news; the damage is not an error here
    assert dump_hash(file_store.path) == before


def test_text_that_is_not_utf8_is_damage_found_on_reading(file_store):
    file_store.add(make_phrase(code="mine"))
    file_store.add(make_phrase(title="别的", code="other"))
    with_undecodable_title(file_store.path, "mine")
    with pytest.raises(store.DatabaseUnusable, match="UTF-8") as caught:
        file_store.phrases()
    assert "\ufffd" not in str(caught.value)
    with pytest.raises(store.DatabaseUnusable):
        file_store.add(make_phrase(code="new"))


def test_a_huge_number_is_a_store_error(file_store):
    with pytest.raises(store.StoreError, match="数字太大") as caught:
        file_store.get(2**70)
    assert isinstance(caught.value, OverflowError)
    file_store.add(make_phrase(code="fine"))  # not damage: writing goes on


def test_a_library_held_exclusively_by_another_program_is_busy_not_damaged(tmp_path):
    path = tmp_path / "lib.db"
    store.PhraseStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE settings SET value = value")
    started = time.monotonic()
    try:
        with pytest.raises(store.Busy):
            store.PhraseStore(path, busy_timeout=0.2)
        assert time.monotonic() - started < 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.PhraseStore(path).close()


def test_the_store_reads_through_the_guarded_cursor(fresh_store):
    cursor = fresh_store.conn.execute("SELECT 1")
    assert isinstance(cursor, health.Cursor) and cursor.fetchall() == [(1,)]
