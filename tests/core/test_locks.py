"""Two real processes on one library file: bounded lock waits, and a WAL that outlives stray close() calls."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quickreply.core import defaults, lint, locks, models, store
from quickreply.core.packs import merge, reader
from tests import blackbox

PACK = blackbox.PACK


def cli(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``python -m quickreply --db DB …`` in its own process."""
    done = subprocess.run(
        [sys.executable, "-m", "quickreply", "--db", str(db), *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done


def browse(db: Path) -> None:
    """What Qt's file dialog does to every file of a folder it shows: open, read a little, close."""
    for name in (db.name, db.name + "-wal", db.name + "-shm"):
        with open(db.with_name(name), "rb") as handle:
            handle.read(64)


@pytest.mark.skipif(sys.platform != "linux", reason="open-file-description locks are Linux's")
def test_wal_survives_cli_commands_while_the_app_keeps_the_library_open(tmp_path):
    # Issue 13: a CLI command run while the app was open deleted the app's -wal/-shm, right after
    # the import dialog. The app had lost its POSIX locks to a close() of the database file in its
    # own process (the file dialog guessing file types); the CLI, closing, believed it was the last
    # user, checkpointed and deleted the WAL the app was still writing into.
    db = tmp_path / "lib.db"
    pack = tmp_path / "双十一.qrpack.json"
    pack.write_text(json.dumps(PACK, ensure_ascii=False), encoding="utf-8")
    app = store.PhraseStore(db)
    app.set_setting(defaults.SEEDED_SETTING, True)  # a small library: the CLI installs no default pack
    app.add(models.Phrase(stage_id="greeting", title="欢迎语", body="亲,您好"))
    # What the import dialog's preview does, then the file dialog's peek at the library's folder.
    merge.preview(app, reader.read(pack), lint.Linter.default())
    app.auto_backup("before-import")
    browse(db)
    wal = db.with_name("lib.db-wal")
    inode = wal.stat().st_ino

    cli(db, "import", str(pack))  # writes, backs up, closes
    assert wal.exists() and wal.stat().st_ino == inode
    assert [p.title for p in app.find_by_code("ssy")] == ["双十一开场"]  # the app sees the CLI's import
    mine = app.add(models.Phrase(stage_id="greeting", title="App 加的", body="亲,在的"))
    listed = json.loads(cli(db, "list", "--json").stdout)
    assert mine.id in [p["id"] for p in listed]  # … and the CLI sees the app's write
    assert wal.exists() and wal.stat().st_ino == inode
    app.close()
    assert not wal.exists()  # the last one to close still checkpoints and cleans up


def test_write_waits_boundedly_then_raises_busy(tmp_path, peer):
    db = tmp_path / "lib.db"
    app = defaults.open_library(db, busy_timeout=0.2)
    peer("open", path=str(db))
    peer("lock")
    started = time.monotonic()
    with pytest.raises(store.Busy, match="另一个程序") as caught:
        app.add(models.Phrase(stage_id="greeting", title="标题", body="内容"))
    assert 0.15 < time.monotonic() - started < 1.5
    assert "\n" not in str(caught.value) and "0.2 秒" in str(caught.value)
    with pytest.raises(store.Busy):
        app.set_setting("render.remembered", {"订单号": "123"})  # what the app writes on Enter
    peer("unlock")
    app.set_setting("render.remembered", {"订单号": "123"})
    assert app.get_setting("render.remembered") == {"订单号": "123"}
    app.close()


def test_busy_is_a_store_error_and_the_wait_is_restored(file_store):
    assert issubclass(store.Busy, store.StoreError)
    assert locks.wait_of(file_store.conn) == locks.BUSY_TIMEOUT
    with locks.waiting(file_store.conn, 0.05):
        assert locks.wait_of(file_store.conn) == 0.05
    assert locks.wait_of(file_store.conn) == locks.BUSY_TIMEOUT


def test_guard_is_released_on_close(tmp_path):
    db = store.PhraseStore(tmp_path / "lib.db")
    guard = db._guard
    assert guard is not None and guard.held == (sys.platform == "linux")
    fds = list(guard.fds)
    db.close()
    assert not guard.held
    for fd in fds:
        with pytest.raises(OSError):
            os.fstat(fd)
