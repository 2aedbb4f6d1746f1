"""safepath: the one place that decides where a writer may put a file, and how it gets there."""

from __future__ import annotations

import os

import pytest

from quickreply.core import safepath


def test_a_failed_write_leaves_neither_the_target_nor_its_part(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("before", encoding="utf-8")
    with pytest.raises(RuntimeError), safepath.replacing(target) as handle:
        handle.write(b"half")
        raise RuntimeError("disk gone")
    assert target.read_text(encoding="utf-8") == "before"
    assert not (tmp_path / "out.csv.part").exists()


def test_the_library_is_refused_under_any_name(tmp_path):
    db = tmp_path / "lib.db"
    db.write_bytes(b"SQLite format 3\x00")
    for name in ("lib.db", "lib.db-wal", "lib.db-shm", "lib.db-journal"):
        with pytest.raises(safepath.Refused, match="数据库本身"):
            safepath.check(tmp_path / name, db)
    with pytest.raises(safepath.Refused):
        safepath.check(tmp_path / "sub" / ".." / "lib.db", db)
    os.link(db, tmp_path / "other.name")
    with pytest.raises(safepath.Refused):
        safepath.check(tmp_path / "other.name", db)
    safepath.check(tmp_path / "lib.db.bak", db)  # a neighbour is fine
    safepath.check(tmp_path / "lib.db", None)  # no library to protect


def test_a_part_that_names_the_library_is_neither_removed_nor_written(tmp_path):
    db = tmp_path / "out.json.part"  # a library whose name is another file's temp name
    db.write_bytes(b"library")
    with pytest.raises(safepath.Refused), safepath.replacing(tmp_path / "out.json", db):
        pass
    assert db.read_bytes() == b"library"


def test_private_dirs_and_files(tmp_path):
    safepath.private_dirs(tmp_path / "a" / "b")
    safepath.create_private(tmp_path / "a" / "b" / "f")
    safepath.create_private(tmp_path / "a" / "b" / "f")  # exists: left alone
    if os.name == "posix":
        assert (tmp_path / "a").stat().st_mode & 0o777 == 0o700
        assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700
        assert (tmp_path / "a" / "b" / "f").stat().st_mode & 0o777 == 0o600


def test_reasons_are_short_chinese_lines():
    assert safepath.reason(FileNotFoundError(2, "No such file or directory")) == "文件夹不存在"
    assert safepath.reason(OSError(28, "No space left on device")) == "磁盘空间不足"
    assert safepath.reason(safepath.Refused("不行")) == "不行"
