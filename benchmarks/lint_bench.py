"""Lint speed: a 200-character draft against the shipped rules and with a 10,000-word dictionary rule.

Run: .venv/bin/python benchmarks/lint_bench.py [--runs N]. Prints numbers; never fails on time.
Goal (issue 4): median ≤ 1 ms per draft with the 10,000-word rule on this 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from quickreply.core import lint  # noqa: E402

FRAGMENTS = [
    "亲,您好,",
    "这款宝贝有现货,",
    "不好意思哦,",
    "这个价格不能便宜,",
    "但是可以送您赠品,",
    "今天下午四点前付款当天发出,",
    "默认发圆通快递,",
    "新疆偏远地区需要补运费,",
    "质量请您放心,",
    "收到后有任何问题随时联系我,",
    "嗯,好的,",
    "这个颜色暂时没有了,",
    "订单金额已经改好,",
    "請您放心,",
    "亲爱的,",
    "祝您购物愉快。",
]


def drafts(count: int, rng: random.Random) -> list[str]:
    out = []
    for _ in range(count):
        text = ""
        while len(text) < 200:
            text += rng.choice(FRAGMENTS)
        out.append(text[:200])
    return out


def dictionary_words(rng: random.Random, words: int) -> list[str]:
    """Words of 2–5 random CJK characters, like a shop's sensitive-word list (few collide with prose)."""
    vocab: set[str] = set()
    while len(vocab) < words:
        vocab.add("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 5))))
    return sorted(vocab)


def dictionary_rule(path: Path, vocab: list[str]) -> Path:
    body = (
        "version = 1\n"
        'imports = [{ path = "builtin:service-standard.rules.toml" }]\n'
        "[[rule]]\n"
        'id = "dict.sensitive"\nkind = "existence"\nlevel = "warning"\nmessage = "敏感词「{match}」"\n'
        f"patterns = {json.dumps(vocab, ensure_ascii=False)}\n"
    )
    path.write_text(body, encoding="utf-8")
    return path


def timed(linter: lint.Linter, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        start = time.perf_counter_ns()
        linter.lint(text)
        times.append((time.perf_counter_ns() - start) / 1e6)
    return times


def report(name: str, times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    figures = {
        "median_ms": statistics.median(ordered),
        "p99_ms": ordered[int(len(ordered) * 0.99) - 1],
        "max_ms": ordered[-1],
    }
    print(
        f"{name:<34} median {figures['median_ms']:.3f} ms   p99 {figures['p99_ms']:.3f} ms   "
        f"max {figures['max_ms']:.3f} ms   ({len(times)} drafts)"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="drafts per measurement")
    parser.add_argument("--words", type=int, default=10000, help="size of the dictionary rule")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = drafts(args.runs, rng)

    start = time.perf_counter()
    default = lint.Linter.default(ad_law=True)
    load_default = time.perf_counter() - start
    print(f"load shipped rules (with self-tests): {load_default * 1000:.1f} ms, {len(default.rules)} rules")
    default.lint(texts[0])
    default_fig = report("shipped rules, 200-char draft", timed(default, texts))

    with tempfile.TemporaryDirectory() as tmp:
        vocab = dictionary_words(rng, args.words)
        path = dictionary_rule(Path(tmp) / "dict.rules.toml", vocab)
        start = time.perf_counter()
        big = lint.Linter.load([path])
        load_big = time.perf_counter() - start
    print(f"load shipped + {args.words:,}-word rule: {load_big * 1000:.1f} ms")
    # one draft in ten carries two dictionary words, so matches are found as well as missed
    seeded = [
        t[:80] + rng.choice(vocab) + t[80:150] + rng.choice(vocab) if i % 10 == 0 else t
        for i, t in enumerate(texts)
    ]
    big.lint(seeded[0])
    big_fig = report(f"with {args.words:,}-word rule", timed(big, seeded))

    start = time.perf_counter()
    for text in texts[:200]:
        default.fix(text)
    fix_ms = (time.perf_counter() - start) / 200 * 1000
    print(f"fix, shipped rules, mean per draft:  {fix_ms:.3f} ms")
    verdict = "meets" if big_fig["median_ms"] <= 1.0 else "misses"
    print(f"goal: median ≤ 1 ms with {args.words:,} words → {verdict} ({big_fig['median_ms']:.3f} ms)")
    print(f"(shipped rules alone: median {default_fig['median_ms']:.3f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
