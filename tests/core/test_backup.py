import hashlib
import os
import sqlite3
import threading

import pytest

from quickreply.core import store
from tests.conftest import make_phrase


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fill(db, count, prefix="p"):
    for i in range(count):
        db.add(make_phrase(title=f"{prefix}{i}", code=f"{prefix}{i}"))


def test_backup_is_a_readable_copy(file_store, tmp_path):
    _fill(file_store, 5)
    made = file_store.backup(tmp_path / "out" / "copy.db")
    assert made.is_file()
    assert not (tmp_path / "out" / "copy.db-wal").exists()
    copy = store.PhraseStore(made)
    assert [p.title for p in copy.phrases()] == [f"p{i}" for i in range(5)]
    copy.close()


def test_backup_while_another_connection_writes(file_store, tmp_path):
    _fill(file_store, 3)
    stop = threading.Event()
    started = threading.Event()
    written, errors = [], []

    def write_loop():
        writer = store.PhraseStore(file_store.path)
        try:
            for i in range(2000):
                if stop.is_set():
                    break
                writer.add(make_phrase(title=f"w{i}", code=f"w{i}"))
                written.append(i)
                started.set()
        except Exception as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            started.set()
            writer.close()

    thread = threading.Thread(target=write_loop)
    thread.start()
    started.wait(10)
    copies = []
    try:
        for n in range(5):
            copies.append(file_store.backup(tmp_path / f"during{n}.db"))
        written_during = len(written)
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert written_during > 0, "the writer never wrote"
    for copy_path in copies:
        check = sqlite3.connect(copy_path)
        assert check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        titles = [r[0] for r in check.execute("SELECT title FROM phrases ORDER BY id")]
        check.close()
        # a consistent snapshot: the three originals and an unbroken prefix of the writer's rows
        assert titles[:3] == ["p0", "p1", "p2"]
        assert titles[3:] == [f"w{i}" for i in range(len(titles) - 3)]


def test_backup_refuses_to_overwrite_the_database_itself(file_store):
    with pytest.raises(store.StoreError, match="数据库本身"):
        file_store.backup(file_store.path)


def test_auto_backups_rotate_keeping_the_newest(file_store):
    made = [file_store.auto_backup() for _ in range(5)]
    kept = file_store.backups()
    assert kept == made[-3:]
    assert file_store.newest_backup() == made[-1]


def test_restore_replaces_library_and_backs_up_current(file_store, tmp_path):
    _fill(file_store, 2, "old")
    saved = file_store.backup(tmp_path / "saved.db")
    _fill(file_store, 3, "new")
    file_store.record_use(file_store.phrases()[0].id)
    safety = file_store.restore(saved)
    assert [p.title for p in file_store.phrases()] == ["old0", "old1"]
    assert file_store.usage() == {}
    assert safety.is_file() and safety.parent == tmp_path / "backups"
    before = store.PhraseStore(safety)
    assert len(before.phrases()) == 5
    before.close()
    # the store keeps working after a restore, and the change survives reopening
    file_store.add(make_phrase(title="after", code="after"))
    file_store.close()
    reopened = store.PhraseStore(file_store.path)
    assert [p.title for p in reopened.phrases()] == ["old0", "old1", "after"]
    reopened.close()


@pytest.mark.parametrize("content", [b"", b"not a database at all", os.urandom(8192)])
def test_restore_rejects_bad_sources_and_changes_nothing(file_store, tmp_path, content):
    _fill(file_store, 2)
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(store.StoreError, match="无法从"):
        file_store.restore(bad)
    assert len(file_store.phrases()) == 2
    assert file_store.backups() == []


def test_restore_missing_file(file_store, tmp_path):
    with pytest.raises(store.StoreError, match="找不到"):
        file_store.restore(tmp_path / "nope.db")


def _corrupt_variants(path):
    data = path.read_bytes()
    yield "truncated", data[: len(data) // 3]
    yield "random bytes", os.urandom(len(data))
    yield "header only", data[:100]
    mangled = bytearray(data)
    for offset in range(4096 + 16, len(mangled), 97):
        mangled[offset] = 0xFF
    yield "mangled pages", bytes(mangled)


@pytest.fixture
def healthy_db(tmp_path):
    path = tmp_path / "lib.db"
    db = store.PhraseStore(path, backup_dir=tmp_path / "backups")
    for i in range(60):
        db.add(make_phrase(title=f"短语{i}", code=f"c{i}", body="亲," + "内容" * 200))
    db.auto_backup()
    db.close()
    return path


def test_corrupt_database_is_reported_with_newest_backup_and_left_untouched(healthy_db, tmp_path):
    backups = sorted((tmp_path / "backups").glob("*.db"))
    for name, content in _corrupt_variants(healthy_db):
        healthy_db.write_bytes(content)
        before = _digest(healthy_db)
        listing = sorted(os.listdir(tmp_path))
        with pytest.raises(store.DatabaseUnusable) as caught:
            store.PhraseStore(healthy_db, backup_dir=tmp_path / "backups")
        assert caught.value.newest_backup == backups[-1], name
        assert str(backups[-1]) in str(caught.value)
        assert _digest(healthy_db) == before, name
        assert sorted(os.listdir(tmp_path)) == listing, name


def test_corrupt_database_without_backups_says_so(tmp_path):
    path = tmp_path / "lib.db"
    path.write_bytes(os.urandom(5000))
    with pytest.raises(store.DatabaseUnusable, match="没有找到自动备份"):
        store.PhraseStore(path)


def test_foreign_database_is_not_touched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes(x)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(store.DatabaseUnusable, match="不是 quickreply"):
        store.PhraseStore(path)
    assert _digest(path) == before


def test_database_from_newer_version_is_refused(tmp_path):
    path = tmp_path / "future.db"
    db = store.PhraseStore(path)
    db.conn.execute(f"PRAGMA user_version={store.SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(store.DatabaseUnusable, match="更新版本"):
        store.PhraseStore(path)


def test_only_backup_names_written_for_exactly_this_stem_count(tmp_path):
    from quickreply.core import dbfile

    folder = tmp_path / "backups"
    folder.mkdir()
    ours = ["shop-20261124-071502-123456-auto.db", "shop-20261124-071503-000001-before-import.db"]
    others = [
        "shop-old-20261124-071502-123456-auto.db",  # another library's (stem "shop-old")
        "shop-old-20991231-235959-999999-manual.db",
        "shop-x.db",
        "shop-20261124-071502-123456-auto.db.part",
        "shop-20261124-071502-auto.db",
        "shop-20261124-071502-123456-Auto.db",
        "shop-20261124-071502-123456-auto-2.db",
        "shop-20261124-071502-123456-auto.db-wal",
    ]
    for name in ours + others:
        (folder / name).write_bytes(b"x")
    assert [p.name for p in dbfile.list_backups(folder, "shop")] == ours
    assert [p.name for p in dbfile.list_backups(folder, "shop-old")] == others[:2]
    assert dbfile.prune_backups(folder, "shop", keep=1) == [folder / ours[0]]
    assert sorted(p.name for p in folder.iterdir()) == sorted(ours[1:] + others)
    for stem, name in (("shop", "shop"), ("shop-old", "shop-old")):
        assert dbfile.list_backups(folder, stem)[-1].name.startswith(name + "-2")
    with pytest.raises(ValueError):
        dbfile.backup_name("shop", "Before Import")
