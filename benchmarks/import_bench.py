"""Import speed: 50,000-row CSV and 100,000-row XLSX packs into a fresh store, against a plain floor.

Run: .venv/bin/python benchmarks/import_bench.py [--cases csv:50000,xlsx:100000].
Each case, and each case's floor, runs in its own process so its peak memory (max RSS) is its own.
The floor is the same work done plainly in the same run: the csv module (or python-calamine) reads
the same file, ``pypinyin.lazy_pinyin`` runs once per title and one ``executemany`` writes the rows
into a bare SQLite table with the phrase columns. The targets (issue 17) are ratios to that floor,
not seconds, so a noisy machine slows both sides alike: 50,000 CSV rows in at most 2× the floor,
100,000 XLSX rows in at most 3×. The CPU columns (this process's CPU time) are the figures to
compare on a machine other work shares: wall time there grows with the load. Prints numbers only.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GROUPS = ["开场白", "发货", "物流", "讲价", "售后", "结束语", "回评", "投诉", "活动话术", ""]
WORDS = "发货 快递 退款 换货 尺码 颜色 优惠券 包邮 质量 色差 物流 签收 售后 补发 预售 库存 好评 赠品".split()
TAILS = ["请您放心", "感谢您的耐心等待", "有任何问题随时联系我", "我们会尽快为您处理", "祝您购物愉快"]
TARGETS = {"csv": 2.0, "xlsx": 3.0}  # issue 17: a case's total at most this many times its floor
FLOOR_TABLE = """CREATE TABLE phrases(id INTEGER PRIMARY KEY, stage_id TEXT, title TEXT, code TEXT, body TEXT,
note TEXT, questions TEXT, tags TEXT, position INTEGER, pack_id TEXT, auto_send INTEGER, title_py TEXT,
title_ini TEXT, title_alt TEXT, created_at TEXT, updated_at TEXT)"""


def rows(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        word = rng.choice(WORDS)
        # every body distinct, as in a shop's real list (the linter's cache must not flatter the
        # import), one in ten with the 哦 real shops write
        extra = "哦" if i % 10 == 0 else ""
        body = f"亲，关于{word}的问题{extra}，{rng.choice(TAILS)}，第{i}号说明{rng.choice(TAILS)}。"
        out.append([f"c{i}", body, rng.choice(GROUPS), f"{word}说明{i}"])
    return out


def make_file(path: Path, count: int) -> None:
    headers = ["快捷编码", "快捷短语", "快捷短语分组", "标题"]
    data = rows(count, 7)
    if path.suffix == ".csv":
        from quickreply.core.packs import csvpack

        csvpack.write_table(path, headers, data, "gbk")
    else:
        from quickreply.core.packs import xlsxpack

        xlsxpack.write_table(path, headers, data)


def run_case(fmt: str, count: int) -> dict[str, float]:
    """Import one generated file into a fresh store (in this process) and time the phases."""
    from quickreply.core import lint, store
    from quickreply.core.packs import merge, reader, table

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"pack{count}.{fmt}"
        make_file(path, count)
        db = store.PhraseStore(Path(tmp) / "lib.db")
        limits = table.Limits(max_bytes=500 * 1024 * 1024, max_rows=count)
        linter = lint.Linter.default()
        c0, t0 = time.process_time(), time.perf_counter()
        incoming = reader.read(path, limits)
        t1 = time.perf_counter()
        plan = merge.preview(db, incoming, linter)
        t2 = time.perf_counter()
        c2 = time.process_time()
        report = merge.apply(db, plan)
        c3, t3 = time.process_time(), time.perf_counter()
        added = report.counts()["add"]
        db.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "read_s": t1 - t0,
        "preview_s": t2 - t1,
        "apply_s": t3 - t2,
        "total_s": t3 - t0,
        "apply_cpu_s": c3 - c2,
        "total_cpu_s": c3 - c0,
        "added": added,
        "peak_mb": peak_mb,
    }


def run_floor(fmt: str, count: int) -> dict[str, float]:
    """The same file's work done plainly (see the module docstring), timed like ``run_case``."""
    import pypinyin  # imported (dictionaries loaded) before the clock starts: a floor, not a start-up

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"pack{count}.{fmt}"
        make_file(path, count)
        conn = sqlite3.connect(Path(tmp) / "floor.db")
        conn.execute(FLOOR_TABLE)
        c0, t0 = time.process_time(), time.perf_counter()
        if fmt == "csv":
            with path.open(encoding="gbk", newline="") as handle:
                table = list(csv.reader(handle))
        else:
            import python_calamine

            workbook = python_calamine.CalamineWorkbook.from_path(str(path))
            table = [[str(cell) for cell in row] for row in workbook.get_sheet_by_index(0).to_python()]
        t1 = time.perf_counter()
        records = []
        for position, (code, body, group, title) in enumerate(table[1:]):
            syllables = pypinyin.lazy_pinyin(title, style=pypinyin.Style.NORMAL)
            ini = "".join(s[0] for s in syllables if s)
            records.append(
                (
                    group,
                    title,
                    code,
                    body,
                    "",
                    "[]",
                    "[]",
                    position,
                    "pack",
                    0,
                    " ".join(syllables),
                    ini,
                    "",
                    "",
                    "",
                )
            )
        columns = "stage_id, title, code, body, note, questions, tags, position, pack_id, auto_send,"
        columns += " title_py, title_ini, title_alt, created_at, updated_at"
        conn.executemany(f"INSERT INTO phrases({columns}) VALUES ({', '.join('?' * 15)})", records)
        conn.commit()
        c2, t2 = time.process_time(), time.perf_counter()
        conn.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "read_s": t1 - t0,
        "total_s": t2 - t0,
        "total_cpu_s": c2 - c0,
        "added": len(records),
        "peak_mb": peak_mb,
    }


def _child(kind: str, fmt: str, count: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, f"--{kind}", f"{fmt}:{count}"], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="csv:50000,xlsx:100000", help="format:rows, comma-separated")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # fmt:count, run in a child process
    parser.add_argument("--floor", help=argparse.SUPPRESS)  # fmt:count, the floor in a child process
    args = parser.parse_args()
    for kind, run in (("case", run_case), ("floor", run_floor)):
        if getattr(args, kind):
            fmt, count = getattr(args, kind).split(":")
            print(json.dumps(run(fmt, int(count))))
            return 0
    print(
        f"{'file':<8}{'rows':>8}{'read s':>9}{'preview s':>11}{'apply s':>9}{'total s':>9}{'peak MB':>9}"
        f"{'apply cpu s':>13}{'total cpu s':>13}{'floor s':>9}{'floor cpu s':>13}"
        f"{'ratio':>7}{'cpu ratio':>11}"
    )
    verdicts = []
    for case in args.cases.split(","):
        fmt, rows_text = case.split(":")
        count = int(rows_text)
        r = _child("case", fmt, count)
        f = _child("floor", fmt, count)
        ratio, cpu_ratio = r["total_s"] / f["total_s"], r["total_cpu_s"] / f["total_cpu_s"]
        print(
            f"{fmt:<8}{count:>8}{r['read_s']:>9.2f}{r['preview_s']:>11.2f}{r['apply_s']:>9.2f}"
            f"{r['total_s']:>9.2f}{r['peak_mb']:>9.0f}{r['apply_cpu_s']:>13.2f}{r['total_cpu_s']:>13.2f}"
            f"{f['total_s']:>9.2f}{f['total_cpu_s']:>13.2f}{ratio:>7.2f}{cpu_ratio:>11.2f}"
        )
        if fmt in TARGETS:
            verdict = "meets" if ratio <= TARGETS[fmt] else "misses"
            verdicts.append(
                f"target: {count:,} {fmt.upper()} rows in ≤ {TARGETS[fmt]:g}× the floor → {verdict}"
                f" ({r['total_s']:.2f} s / {f['total_s']:.2f} s = {ratio:.2f}×, CPU {cpu_ratio:.2f}×)"
            )
    print("\n".join(verdicts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
