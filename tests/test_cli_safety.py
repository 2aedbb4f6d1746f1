"""Issue 14: the library survives every mistake and every hostile file -- the real command line on a
copied library; a refused command exits non-zero with one line on stderr and leaves every row as it was."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from quickreply.core import defaults, models

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]
from tests.blackbox import (
    altered,
    copy_library,
    dump_hash,
    ok,
    one_line_error,
    qr,
    with_page_size,
    with_undecodable_title,
    without_index_entry,
    without_root_override,
)

PACK = {
    "format": "quickreply-pack",
    "version": 1,
    "name": "双十一",
    "stages": [],
    "phrases": [{"stage": "greeting", "title": "双十一开场", "code": "ssy", "body": "亲,双十一活动进行中"}],
}


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed library as a shop has it: the default pack and one phrase of its own."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = defaults.open_library(path)
    db.add(models.Phrase(stage_id="shipping", title="自己的发货", body="亲,今天下单明天发", code="mine"))
    db.close()
    return path


@pytest.fixture
def lib(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template library for one test."""
    return copy_library(template, tmp_path / "lib" / "shop.db")


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    path = tmp_path / "双十一.qrpack.json"
    path.write_text(json.dumps(PACK, ensure_ascii=False), encoding="utf-8")
    return path


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


def _file_size_limit(limit: int) -> Callable[[], None]:
    """For a child process: files may not grow past ``limit`` bytes (EFBIG instead of SIGXFSZ)."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.skipif(resource is None, reason="POSIX resource limits")
@pytest.mark.parametrize("where", ["named", "backup folder"])
def test_a_failed_backup_leaves_no_part_file(lib, tmp_path, where):
    before = dump_hash(lib)
    argv = ["backup", str(tmp_path / "out" / "copy.db")] if where == "named" else ["backup"]
    one_line_error(qr(lib, *argv, preexec_fn=_file_size_limit(lib.stat().st_size // 2)), "无法写入备份")
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


# -- 2, 3. restore (and open) take only quickreply's own schema, as rows copied into a fresh database --

EVIL_TRIGGER = "CREATE TRIGGER wipe AFTER INSERT ON usage BEGIN DELETE FROM phrases; END"
FOREIGN = {
    "trigger that deletes every phrase on the next paste": [EVIL_TRIGGER],
    "trigger under the text index's own name": [
        "DROP TRIGGER phrase_text_v4_insert",
        "CREATE TRIGGER phrase_text_v4_insert AFTER INSERT ON phrases BEGIN DELETE FROM phrases; END",
    ],
    "table": ["CREATE TABLE notes(x)"],
    "view": ["CREATE VIEW everything AS SELECT * FROM phrases"],
    "index": ["CREATE INDEX phrases_title ON phrases(title)"],
    "changed column": ["ALTER TABLE settings ADD COLUMN extra TEXT"],
    "statistics": ["ANALYZE"],
}


@pytest.mark.parametrize("kind", FOREIGN)
def test_restore_and_open_refuse_anything_the_migrations_do_not_create(lib, template, tmp_path, kind):
    hostile = altered(template, tmp_path / "hostile.db", *FOREIGN[kind])
    before, file_before = dump_hash(lib), hostile.read_bytes()
    one_line_error(qr(lib, "restore", str(hostile)), "无法从")
    assert dump_hash(lib) == before and hostile.read_bytes() == file_before
    assert not (lib.parent / "backups").exists()  # refused before the safety backup
    one_line_error(qr(hostile, "list"), "数据库文件无法使用")
    assert hostile.read_bytes() == file_before


def test_a_shallow_junk_schema_with_a_user_version_is_refused(lib, tmp_path):
    junk = tmp_path / "junk.db"
    conn = sqlite3.connect(junk)
    conn.execute("CREATE TABLE phrases(x)")
    conn.execute("PRAGMA user_version=4")
    conn.close()
    before = dump_hash(lib)
    one_line_error(qr(lib, "restore", str(junk)), "无法从")
    assert dump_hash(lib) == before
    ok(qr(lib, "show", "mine"))  # the library still works
    one_line_error(qr(junk, "stages"), "数据库文件无法使用")


def test_a_file_quick_check_passes_but_integrity_check_does_not_is_refused(lib, template, tmp_path):
    damaged = copy_library(template, tmp_path / "damaged.db")
    without_index_entry(damaged, "phrases_code", "UPDATE phrases SET code = 'zzz' WHERE code = 'mine'")
    before, file_before = dump_hash(lib), damaged.read_bytes()
    one_line_error(qr(lib, "restore", str(damaged)), "无法从", "phrases_code")
    assert dump_hash(lib) == before
    one_line_error(
        qr(damaged, "add", "--stage", "shipping", "--title", "新", "--body", "亲"), "数据库文件无法使用"
    )
    assert damaged.read_bytes() == file_before  # reported before anything is written


def test_a_valid_backup_with_8192_byte_pages_restores(lib, template, tmp_path):
    ok(qr(lib, "add", "--stage", "closing", "--title", "临时", "--body", "亲,再见。", "--code", "ls"))
    big_pages = with_page_size(template, tmp_path / "8192.db", 8192)
    out = ok(qr(lib, "restore", str(big_pages)))
    assert "已从" in out
    one_line_error(qr(lib, "show", "ls"), "没有编号或快捷编码")
    assert "自己的发货" in ok(qr(lib, "show", "mine"))
    ok(qr(lib, "add", "--stage", "closing", "--title", "之后", "--body", "亲,之后。", "--code", "zh"))
    assert "之后" in ok(qr(lib, "show", "zh"))


# -- 4. damage found in use: one line naming the newest backup, no more writes -------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["list", "--json"],
        ["show", "mine"],
        ["search", "自己"],
        ["export", "OUT.json"],
        ["export", "OUT.csv"],
        ["export", "OUT.xlsx"],
        ["lint", "--library"],
        ["stats", "--export", "OUT.csv"],
    ],
)
def test_undecodable_text_in_the_library_is_one_line_naming_the_newest_backup(lib, tmp_path, argv):
    made = Path(ok(qr(lib, "backup")).split("已备份到 ")[1].strip())
    with_undecodable_title(lib, "mine")
    before = dump_hash(lib)
    argv = [arg.replace("OUT", str(tmp_path / "out")) for arg in argv]
    error = one_line_error(qr(lib, *argv), "数据库文件已损坏", "UTF-8", str(made))
    assert "\ufffd" not in error and dump_hash(lib) == before
    assert not list(tmp_path.glob("out.*"))


# -- 5. errors, not tracebacks ------------------------------------------------------------------------

WRITES = {
    "add": ["add", "--stage", "shipping", "--title", "新的", "--body", "亲,新的"],
    "edit": ["edit", "MINE", "--title", "改了"],
    "rm": ["rm", "MINE"],
    "copy": ["copy", "MINE"],
    "import": ["import", "PACK"],
    "packs rm": ["packs", "rm", "default"],
    "config": ["config", "library.read_only", "true"],
    "restore": ["restore", "SAVED"],
}


def _writes(lib: Path, pack_file: Path, saved: Path) -> dict[str, list[str]]:
    mine = json.loads(ok(qr(lib, "show", "mine", "--json")))["id"]
    swap = {"MINE": str(mine), "PACK": str(pack_file), "SAVED": str(saved)}
    return {name: [swap.get(arg, arg) for arg in argv] for name, argv in WRITES.items()}


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_library_reads_and_refuses_every_write_in_one_line(lib, tmp_path, pack_file, what):
    saved = Path(ok(qr(lib, "backup", str(tmp_path / "saved.db"))).split("已备份到 ")[1].strip())
    commands = _writes(lib, pack_file, saved)
    before = dump_hash(lib)
    (lib if what == "file" else lib.parent).chmod(0o444 if what == "file" else 0o555)
    try:
        as_user = without_root_override()
        for argv in commands.values():
            one_line_error(qr(lib, *argv, preexec_fn=as_user), "只读")
        done = qr(lib, "show", "mine", preexec_fn=as_user)
        assert done.returncode == 0 or len(done.stderr.strip().splitlines()) == 1, done.stderr
    finally:
        lib.chmod(0o600)
        lib.parent.chmod(0o700)
    assert dump_hash(lib) == before


@pytest.mark.skipif(resource is None, reason="POSIX resource limits")
def test_a_file_size_limit_on_add_is_one_line_and_changes_nothing(lib):
    before = dump_hash(lib)
    body = "亲," + "很长的回复" * 390
    for _ in range(3):
        done = qr(
            lib,
            "add",
            "--stage",
            "shipping",
            "--title",
            "长",
            "--body",
            body,
            preexec_fn=_file_size_limit(20_000),
        )
        one_line_error(done)
    assert dump_hash(lib) == before
    assert "自己的发货" in ok(qr(lib, "show", "mine"))


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Path:
    """A 700 KB tmpfs (root only): a real "No space left on device"."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or sys.platform != "linux":
        pytest.skip("mounting a tmpfs needs root on Linux (RLIMIT_FSIZE covers the rest)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    yield mount
    subprocess.run(["umount", "--lazy", str(mount)], check=True)


def test_a_full_disk_on_add_is_one_line_and_changes_nothing(template, tiny_disk):
    lib = copy_library(template, tiny_disk / "shop.db")
    app = sqlite3.connect(lib)  # another program has it open (its -wal and -shm exist), as the tray app
    try:
        app.execute("SELECT COUNT(*) FROM phrases").fetchone()
        with (tiny_disk / "filler").open("wb", buffering=0) as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * 4096)
        before = dump_hash(lib)
        body = "亲," + "很长的回复" * 390
        for _ in range(3):
            one_line_error(
                qr(lib, "add", "--stage", "shipping", "--title", "长", "--body", body), "磁盘空间不足"
            )
        one_line_error(qr(lib, "backup"), "磁盘空间不足")
        assert not list((tiny_disk / "backups").glob("*.part"))
        assert dump_hash(lib) == before
    finally:
        app.close()


def test_every_write_while_another_program_holds_the_lock_is_one_line(lib, tmp_path, pack_file):
    saved = Path(ok(qr(lib, "backup", str(tmp_path / "saved.db"))).split("已备份到 ")[1].strip())
    commands = _writes(lib, pack_file, saved)
    before = dump_hash(lib)
    holder = sqlite3.connect(lib, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        running = {
            name: subprocess.Popen(
                [sys.executable, "-m", "quickreply", "--db", str(lib), *argv],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            for name, argv in commands.items()
        }
        for process in running.values():
            out, err = process.communicate(timeout=60)
            one_line_error(
                subprocess.CompletedProcess(process.args, process.returncode, out, err), "另一个程序"
            )
        assert time.monotonic() - started < 30
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert dump_hash(lib) == before


HUGE = str(2**70)


@pytest.mark.parametrize(
    "argv", [["show", HUGE], ["edit", HUGE, "--title", "x"], ["rm", HUGE], ["copy", HUGE]]
)
def test_a_huge_number_is_one_line(lib, argv):
    before = dump_hash(lib)
    one_line_error(qr(lib, *argv))
    assert dump_hash(lib) == before


def test_a_pack_with_a_huge_position_is_one_line(lib, tmp_path):
    pack = dict(PACK, stages=[{"id": "huge", "name_zh": "大", "position": 2**70}])
    pack["phrases"] = [dict(PACK["phrases"][0], stage="huge")]
    path = tmp_path / "huge.qrpack.json"
    path.write_text(json.dumps(pack, ensure_ascii=False), encoding="utf-8")
    before = dump_hash(lib)
    one_line_error(qr(lib, "import", str(path)), "数字")
    assert dump_hash(lib) == before
