"""需修改 at library scale: how long the list of phrases needing a fix takes for 10,000 phrases.

Run: .venv/bin/python benchmarks/needsfix_bench.py [--phrases N] [--bad PERCENT] [--window].
Builds a library file in a temporary folder (own phrases, ``--bad`` per cent breaking the rules),
then times the core check cold and warm, ``lint --library`` and ``lint --library --fix`` through the
CLI, and with ``--window`` the library window (offscreen): the background count and choosing the
filter. Prints numbers; never fails on time.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quickreply.core import library_lint, lint, models, store  # noqa: E402

CLEAN = [
    "亲,您好,",
    "这款有现货,",
    "今天四点前付款当天发出,",
    "默认发中通快递,",
    "质量请您放心,",
    "祝您购物愉快。",
]
BAD = ["好的哦,", "但是可以送您小样,", "这个价格不能便宜,", "嗯,", "不要着急,", "这款不会起球,"]
STAGES = ["greeting", "stock", "shipping", "logistics", "bargaining", "quality", "after_sales", "closing"]


def build(path: Path, count: int, bad: float) -> None:
    rng = random.Random(7)
    db = store.PhraseStore(path, backup_dir=path.parent / "backups")
    phrases = []
    for n in range(count):
        parts = [rng.choice(CLEAN) for _ in range(rng.randint(3, 7))]
        if rng.random() < bad:
            parts.insert(rng.randrange(len(parts)), rng.choice(BAD))
        body = "".join(parts) + f"(单号{n})"
        phrases.append(
            models.Phrase(stage_id=STAGES[n % len(STAGES)], title=f"话术{n}", code=f"c{n}", body=body)
        )
    db.add_many(phrases)
    db.close()


def timed(label: str, action: object) -> object:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    print(f"{label:44s} {1000 * (time.perf_counter() - start):8.0f} ms")
    return result


def cli(path: Path, *argv: str) -> int:
    from quickreply import cli as command_line

    with contextlib.redirect_stdout(io.StringIO()):
        return command_line.main(["--db", str(path), *argv])


def window(path: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from quickreply.core import search
    from quickreply.ui import library, stage_tree

    app = QApplication.instance() or QApplication([])
    db = store.PhraseStore(path)
    index = search.SearchIndex.from_store(db)
    linter = lint.Linter.default()
    shown = timed("window: open (count not done yet)", lambda: library.LibraryWindow(db, index, linter))
    shown.show()  # type: ignore[attr-defined]
    start = time.perf_counter()
    while shown.fixes.checking:  # type: ignore[attr-defined]
        app.processEvents()
    print(f"{'window: background count done after':44s} {1000 * (time.perf_counter() - start):8.0f} ms")
    timed("window: choose 需修改 (warm)", lambda: shown.select_stage(stage_tree.NEEDS_FIX))  # type: ignore[attr-defined]
    timed("window: refresh in 需修改 (warm)", shown.refresh)  # type: ignore[attr-defined]
    timed("window: 一键修改 of the first (refresh included)", shown.fixes.fix_selected)  # type: ignore[attr-defined]
    timed("window: 撤销 it", shown.editing.undo)  # type: ignore[attr-defined]
    cold = library.LibraryWindow(db, index, lint.Linter.default())
    cold.show()
    timed("window: choose 需修改 before the count (cold)", lambda: cold.select_stage(stage_tree.NEEDS_FIX))
    print(f"needs fix in the window: {cold.model.rowCount()}")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phrases", type=int, default=10_000)
    parser.add_argument("--bad", type=float, default=10.0, help="per cent of phrases that break the rules")
    parser.add_argument("--window", action="store_true", help="also time the library window (offscreen)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.db"
        build(path, args.phrases, args.bad / 100)
        db = store.PhraseStore(path)
        phrases = timed("store.phrases()", db.phrases)
        checker = library_lint.Checker(lint.Linter.default())
        found = timed("Checker.scan, cold (each distinct body once)", lambda: checker.scan(phrases))  # type: ignore[arg-type]
        timed("Checker.scan, warm (lookups)", lambda: checker.scan(phrases))  # type: ignore[arg-type]
        print(f"phrases: {len(phrases)}, need a fix: {len(found)}")  # type: ignore[arg-type]
        db.close()
        if args.window:
            window(path)
        status = timed("quickreply lint --library", lambda: cli(path, "lint", "--library"))
        print(f"  exit status {status}")
        status = timed(
            "quickreply lint --library --fix (with backup)", lambda: cli(path, "lint", "--library", "--fix")
        )
        print(f"  exit status {status}")


if __name__ == "__main__":
    main()
