"""What following other processes' changes costs: polling, one edit elsewhere, the change log, the upgrade.

Run: .venv/bin/python benchmarks/live_bench.py [--phrases 10000]. A second store on the same file
(another connection, as another process would be) makes the changes; the first polls with a search
index following it. Prints numbers only.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import search_bench  # noqa: E402

from quickreply.core import changes, migrations, search, store, textindex  # noqa: E402


def per_call_us(call: object, count: int) -> float:
    """Median over five batches of the time of one call, in microseconds."""
    assert callable(call)
    batches = []
    for _ in range(5):
        began = time.perf_counter()
        for _ in range(count):
            call()
        batches.append((time.perf_counter() - began) / count * 1e6)
    return statistics.median(batches)


def log_overhead_us(db: store.PhraseStore, ids: list[int]) -> tuple[float, float]:
    """Microseconds per phrase update inside one transaction, with and without the change log's
    triggers (each run rolled back)."""
    timings = []
    for drop in (False, True):
        db.conn.execute("BEGIN IMMEDIATE")
        if drop:
            names = db.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'changes\\_%' ESCAPE '\\'"
            ).fetchall()
            for (name,) in names:
                db.conn.execute(f"DROP TRIGGER {name}")
        began = time.perf_counter()
        for pid in ids:
            db.conn.execute("UPDATE phrases SET note = note || '.' WHERE id = ?", [pid])
        timings.append((time.perf_counter() - began) / len(ids) * 1e6)
        db.conn.execute("ROLLBACK")
    return timings[0], timings[1]


def upgrade_s(path: Path, tmp: Path) -> float:
    """Seconds migration 3 (the AUTOINCREMENT rebuild) takes on a copy of the library."""
    copy = tmp / "upgrade.db"
    source = sqlite3.connect(path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    conn = sqlite3.connect(copy, isolation_level=None)
    textindex.register(conn)
    changes.register(conn, 1)
    conn.execute("PRAGMA foreign_keys=OFF")  # as migrations.upgrade runs it
    began = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    migrations.MIGRATIONS[2](conn)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - began
    conn.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        path = tmp / "lib.db"
        _, built = search_bench.build_library(path, args.phrases, 7)
        app = store.PhraseStore(path)
        other = store.PhraseStore(path)
        began = time.perf_counter()
        index = search.SearchIndex.from_store(app)
        reload_ms = (time.perf_counter() - began) * 1000
        ids = [p.id or 0 for p in app.phrases(ordered=False)]

        idle_us = per_call_us(app.poll_external, 20_000)
        edits = []
        for number, pid in enumerate(ids[:200]):
            other.update(pid, body=f"亲,第{number}次修改的回复内容,请放心。")
            began = time.perf_counter()
            assert app.poll_external()
            edits.append((time.perf_counter() - began) * 1000)
        assert index.search("第199次修改")
        with_log, without_log = log_overhead_us(other, ids[:2000])
        upgrade = upgrade_s(path, tmp)
        app.close()
        other.close()
        shutil.rmtree(tmp / "backups", ignore_errors=True)

    print(f"library: {args.phrases:,} phrases (built in {built['add_s']:.1f} s, change log included)")
    print(f"poll_external(), nothing changed: {idle_us:.1f} µs per call")
    print(
        f"poll_external() after one edit elsewhere (index updated): median {statistics.median(edits):.2f} ms,"
        f" max {max(edits):.2f} ms; a full reload instead: {reload_ms:.0f} ms"
    )
    print(
        f"phrase update in a transaction: {with_log:.1f} µs with the change log, {without_log:.1f} µs without"
    )
    print(f"migration 3 (ids never reused: table rebuilt): {upgrade:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
