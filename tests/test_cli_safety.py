"""Issue 14, writing: backups and exports never land on the library or through a planted link, old
backups are told apart by exact name, every file is the user's only -- the real command line on a
copied library; a refused command exits non-zero with one line on stderr and leaves every row as it was."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from quickreply.core import defaults
from tests.blackbox import (
    copy_library,
    dump_hash,
    file_size_limit,
    ok,
    one_line_error,
    qr,
    resource,
)

# -- 1. backups named and matched exactly -----------------------------------------------------------


def test_two_libraries_in_one_folder_keep_their_own_backups(template, tmp_path, pack_file):
    shop = copy_library(template, tmp_path / "shop.db")
    copy_library(template, tmp_path / "shop-old.db")
    backups = tmp_path / "backups"
    backups.mkdir()
    theirs = [backups / f"shop-old-20990101-0000{n:02d}-000000-auto.db" for n in range(10)]
    for path in theirs:
        shutil.copyfile(template, path)

    out = ok(qr(shop, "import", str(pack_file)))
    made = Path(re.search(r"已备份到 (\S+)", out).group(1))
    assert made.is_file() and made.name.startswith("shop-2")  # the import's backup survived the pruning
    assert all(path.is_file() for path in theirs)  # and shop-old's were not shop's to prune

    shop.write_bytes(b"\x00damaged" * 1000)
    error = one_line_error(qr(shop, "stages"), "数据库文件无法使用")
    assert str(made) in error and "shop-old" not in error


# -- 6. never write onto the library; temp files created exclusively ---------------------------------

LIBRARY_FILES = ("", "-wal", "-shm", "-journal")


@pytest.mark.parametrize("suffix", LIBRARY_FILES)
@pytest.mark.parametrize("argv", [["export", "--format", "json"], ["export", "--format", "csv"], ["backup"]])
def test_export_or_backup_onto_the_library_or_its_files_is_refused(lib, argv, suffix):
    before = dump_hash(lib)
    target = lib.with_name(lib.name + suffix)
    one_line_error(qr(lib, *argv[:1], str(target), *argv[1:]), "短语库")
    assert dump_hash(lib) == before
    assert not target.with_name(target.name + ".part").exists()
    ok(qr(lib, "show", "mine"))


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
@pytest.mark.parametrize("kind", ["hard link", "symlink", "relative path"])
@pytest.mark.parametrize("argv", [["export", "--format", "xlsx"], ["backup"]])
def test_a_link_or_another_name_for_the_library_is_refused(lib, tmp_path, kind, argv):
    before = dump_hash(lib)
    alias = tmp_path / "alias.out"
    if kind == "hard link":
        os.link(lib, alias)
    elif kind == "symlink":
        alias.symlink_to(lib)
    else:
        alias = Path(os.path.relpath(lib.parent / ".." / lib.parent.name / lib.name))
    one_line_error(qr(lib, argv[0], str(alias), *argv[1:]), "短语库")
    assert dump_hash(lib) == before


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_a_planted_part_symlink_is_refused_and_its_target_untouched(lib, tmp_path, fmt):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    Path(f"{out}.part").symlink_to(victim)
    one_line_error(qr(lib, "export", str(out)), ".part")
    assert victim.read_text(encoding="utf-8") == "keep me" and not out.exists()
    Path(f"{out}.part").unlink()
    Path(f"{out}.part").symlink_to(lib)
    before = dump_hash(lib)
    one_line_error(qr(lib, "backup", str(out)), ".part")
    assert dump_hash(lib) == before


def test_a_stale_part_file_is_replaced_not_followed(lib, tmp_path):
    out = tmp_path / "out.json"
    Path(f"{out}.part").write_text("left over from a crash", encoding="utf-8")
    ok(qr(lib, "export", str(out)))
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "quickreply-pack"
    assert not Path(f"{out}.part").exists()


@pytest.mark.parametrize("name", ["x.json", "x.csv", "x.xlsx"])
def test_export_into_a_missing_folder_is_one_line(lib, tmp_path, name):
    target = tmp_path / "no such folder" / name
    one_line_error(qr(lib, "export", str(target)), "文件夹不存在")
    assert not target.parent.exists()


def test_stats_export_onto_the_library_or_into_a_missing_folder_is_one_line(lib, tmp_path):
    before = dump_hash(lib)
    (tmp_path / "stats.xlsx").symlink_to(lib)
    os.link(lib, tmp_path / "stats.csv")
    for name in ("stats.xlsx", "stats.csv"):
        one_line_error(qr(lib, "stats", "--export", str(tmp_path / name)), "短语库")
    one_line_error(qr(lib, "stats", "--export", str(tmp_path / "missing" / "s.csv")), "文件夹不存在")
    assert dump_hash(lib) == before


@pytest.mark.skipif(resource is None, reason="POSIX resource limits")
@pytest.mark.parametrize("where", ["named", "backup folder"])
def test_a_failed_backup_leaves_no_part_file(lib, tmp_path, where):
    before = dump_hash(lib)
    argv = ["backup", str(tmp_path / "out" / "copy.db")] if where == "named" else ["backup"]
    one_line_error(qr(lib, *argv, preexec_fn=file_size_limit(lib.stat().st_size // 2)), "无法写入备份")
    assert dump_hash(lib) == before
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and ".db" in p.name and p != lib]
    assert [name for name in leftovers if not name.startswith(lib.name)] == []


# -- 7. files on disk are the user's only -------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_exports_and_backups_are_readable_by_the_user_only(lib, tmp_path):
    existing = tmp_path / "old.csv"
    existing.write_text("old", encoding="utf-8")
    existing.chmod(0o644)
    for name in ("out.json", "out.xlsx", "old.csv"):
        ok(qr(lib, "export", str(tmp_path / name)))
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
    ok(qr(lib, "stats", "--export", str(tmp_path / "stats.xlsx")))
    assert (tmp_path / "stats.xlsx").stat().st_mode & 0o777 == 0o600
    ok(qr(lib, "backup", str(tmp_path / "new" / "folder" / "copy.db")))
    assert (tmp_path / "new" / "folder" / "copy.db").stat().st_mode & 0o777 == 0o600
    for folder in (tmp_path / "new", tmp_path / "new" / "folder"):
        assert folder.stat().st_mode & 0o777 == 0o700
    made = Path(ok(qr(lib, "backup")).split("已备份到 ")[1].strip())
    assert made.stat().st_mode & 0o777 == 0o600 and made.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_new_library_its_wal_and_its_folders_are_the_users_only(tmp_path, monkeypatch):
    db = tmp_path / "new" / "place" / "shop.db"
    ok(qr(db, "stages"))
    assert db.stat().st_mode & 0o777 == 0o600
    for folder in (tmp_path / "new", tmp_path / "new" / "place"):
        assert folder.stat().st_mode & 0o777 == 0o700
    opened = defaults.open_library(db)  # while a store has it open, SQLite's files beside it exist
    try:
        for suffix in ("-wal", "-shm"):
            assert db.with_name(db.name + suffix).stat().st_mode & 0o777 == 0o600, suffix
    finally:
        opened.close()
    data = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    done = subprocess.run(
        [sys.executable, "-m", "quickreply", "stages"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    assert (data / "quickreply").stat().st_mode & 0o777 == 0o700
    assert (data / "quickreply" / "quickreply.db").stat().st_mode & 0o777 == 0o600
