"""Issue 14, hostile and failing files: restore and open take only quickreply's own schema, damage found
in use stops every write, and a read-only, full or locked library is one line -- the real command line
on a copied library; a refused command exits non-zero with one line on stderr and leaves every row as it was."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quickreply.core import textindex
from tests.blackbox import (
    PACK,
    altered,
    copy_library,
    dump_hash,
    file_size_limit,
    ok,
    one_line_error,
    qr,
    resource,
    with_page_size,
    with_undecodable_title,
    without_index_entry,
    without_root_override,
)

# -- 2, 3. restore (and open) take only quickreply's own schema, as rows copied into a fresh database --

EVIL_TRIGGER = "CREATE TRIGGER wipe AFTER INSERT ON usage BEGIN DELETE FROM phrases; END"
FOREIGN = {
    "trigger that deletes every phrase on the next paste": [EVIL_TRIGGER],
    "trigger under the text index's own name": [
        f"DROP TRIGGER {textindex.TRIGGERS[0]}",
        f"CREATE TRIGGER {textindex.TRIGGERS[0]} AFTER INSERT ON phrases BEGIN DELETE FROM phrases; END",
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
            preexec_fn=file_size_limit(40_000),  # room for the -shm (32 KB), not for the WAL to grow
        )
        one_line_error(done, "无法写入短语库")
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
