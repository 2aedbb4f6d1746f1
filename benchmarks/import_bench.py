"""Import speed: 10,000 and 100,000-row CSV and XLSX packs into a fresh store, with peak memory.

Run: .venv/bin/python benchmarks/import_bench.py [--sizes 10000,100000] [--formats csv,xlsx].
Each case runs in its own process so its peak memory (max RSS) is its own. Prints numbers; the
goal (issue 5) is 100,000 CSV rows in under 10 s. The CPU columns (this process's CPU time) are the
figures to compare on a machine other work shares: wall time there grows with the load.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
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


def rows(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        word = rng.choice(WORDS)
        body = f"亲，关于{word}的问题，{rng.choice(TAILS)}，{rng.choice(TAILS)}。"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # fmt:count, run in a child process
    args = parser.parse_args()
    if args.case:
        fmt, count = args.case.split(":")
        print(json.dumps(run_case(fmt, int(count))))
        return 0
    print(
        f"{'file':<14}{'rows':>8}{'read s':>9}{'preview s':>11}{'apply s':>9}{'total s':>9}{'peak MB':>9}"
        f"{'apply cpu s':>13}{'total cpu s':>13}"
    )
    for count in (int(s) for s in args.sizes.split(",")):
        for fmt in args.formats.split(","):
            done = subprocess.run(
                [sys.executable, __file__, "--case", f"{fmt}:{count}"],
                capture_output=True,
                text=True,
                check=True,
            )
            r = json.loads(done.stdout.strip().splitlines()[-1])
            print(
                f"{fmt:<14}{count:>8}{r['read_s']:>9.2f}{r['preview_s']:>11.2f}{r['apply_s']:>9.2f}"
                f"{r['total_s']:>9.2f}{r['peak_mb']:>9.0f}{r['apply_cpu_s']:>13.2f}{r['total_cpu_s']:>13.2f}"
            )
            if fmt == "csv" and count == 100_000:
                verdict = "meets" if r["total_s"] < 10 else "misses"
                print(f"goal: 100,000 CSV rows in under 10 s → {verdict} ({r['total_s']:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
