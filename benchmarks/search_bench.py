"""Search latency benchmark: per-keystroke latency of SearchIndex.search, index load time and memory.

Builds synthetic phrase libraries (Chinese e-commerce service vocabulary, Zipf-like usage history) in
a temporary SQLite file, loads the index from it, then types ~200 mixed queries (Chinese, pinyin,
initials, /code, @stage, buyer questions, typos, no-hit strings) one keystroke at a time and prints
median / p99 / max latency per query kind, compared with the goals. Prints numbers, never fails.

    .venv/bin/python benchmarks/search_bench.py                 # 5,000 and 100,000 phrases
    .venv/bin/python benchmarks/search_bench.py --sizes 5000 --seed 7 --json figures.json
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import functools
import gc
import itertools
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quickreply.core import models, pinyin, search, stages, store  # noqa: E402

STAGE_WORDS: dict[str, list[str]] = {
    "greeting": "欢迎 问候 在线 客服 咨询 接待 店铺 上新".split(),
    "stock": "库存 现货 预售 尺码 颜色 补货 缺货 到货".split(),
    "shipping": "发货 催发货 延迟发货 补发 加急 打包 出库".split(),
    "logistics": "快递 物流 签收 顺丰 中通 圆通 京东 运费 包邮 改地址 派送".split(),
    "bargaining": "优惠券 满减 包邮 价格 活动 赠品 会员 付款 催付".split(),
    "quality": "质量 色差 面料 材质 正品 做工 尺码 洗涤".split(),
    "after_sales": "退款 换货 退货 售后 维修 保修 破损 漏发 错发 运费险".split(),
    "closing": "确认订单 核对地址 收货 感谢 下单 备注".split(),
    "reviews": "好评 评价 晒单 返现 差评 追评".split(),
    "complaints": "投诉 纠纷 安抚 赔偿 维权 客诉".split(),
}
ALL_WORDS = sorted({w for words in STAGE_WORDS.values() for w in words})
QUALIFIERS = "大促 新款 夏季 会员 老客 首单 海外 定制".split()
MODIFIERS = "查询 说明 进度 时间 问题 申请 流程 规则 提醒 方式 处理 确认 政策".split()
OPENERS = "亲，您好， 亲爱的顾客您好， 您好呀亲， 亲亲， 感谢您的耐心等待，".split()
MIDDLES = """关于{w}的问题， 您咨询的{w}我们已经为您查询， {w}这边已经为您登记，
    我们会尽快为您处理{w}， 非常抱歉给您带来不便， 请您放心， 本店支持七天无理由退换，
    一般四十八小时内发货， 默认发中通快递，指定顺丰需要补差价， 签收时请当面检查外包装，
    如有任何问题随时联系客服， 下单前可以先领取优惠券， {w}的具体情况请以页面说明为准，
    我们已经催促仓库加急处理，""".split()
CLOSERS = (
    "祝您购物愉快！ 感谢您的支持与理解！ 有问题随时联系我们～ 期待您的再次光临。 麻烦您耐心等待一下。".split()
)
QUESTIONS = """这个什么时候{w}呀 请问{w}怎么弄 {w}多久能到啊 可以{w}吗亲 我想问一下{w}的事 {w}怎么还没有消息
    你们家{w}靠谱吗 {w}需要多长时间 在吗，{w}是什么情况 {w}能不能快一点""".split()
PRIME = "zzqx"  # the first search after loading: matches nothing, so it touches every stage and tier
NOHIT = ["zzqx", "龘龘", "qxzv", "vvkk", "齉龘靐", "xqzjw", "/zzq9", "jjqqxx", "鱻鱻", "@wl zzqx"]
# Queries per kind (about 200 in all); each is typed one keystroke at a time.
KINDS = dict(chinese=40, pinyin=30, initials=30, code=25, stage=20, question=25, typo=20, nohit=10)
GOALS: dict[int, dict[str, float]] = {
    5000: {"p99_ms": 1.0, "load_s": 0.2},
    100000: {"p99_ms": 5.0, "max_ms": 16.0, "load_s": 1.5},
}
HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclasses.dataclass
class Query:
    kind: str
    text: str


@dataclasses.dataclass
class Keystroke:
    kind: str
    prefix: str
    ns: int
    hits: int


@functools.cache
def initials(title: str) -> str:
    return pinyin.initials(title)


def make_title(rng: random.Random, stage_id: str) -> str:
    words = STAGE_WORDS[stage_id] if rng.random() < 0.8 else ALL_WORDS
    parts = [rng.choice(QUALIFIERS)] if rng.random() < 0.25 else []
    parts.append(rng.choice(words))
    if rng.random() < 0.3:
        parts.append(rng.choice(ALL_WORDS))
    if rng.random() < 0.8:
        parts.append(rng.choice(MODIFIERS))
    return "".join(parts)[: rng.randint(2, 8)]


def make_body(rng: random.Random, word: str) -> str:
    target = rng.randint(20, 120)
    text = rng.choice(OPENERS)
    while len(text) < target:
        text += rng.choice(MIDDLES + CLOSERS).format(w=word)
    return text[: target - 1] + "。"


def make_question(rng: random.Random, word: str) -> str:
    return rng.choice(QUESTIONS).format(w=word)[:15]


def make_phrases(rng: random.Random, count: int) -> list[models.Phrase]:
    """``count`` phrases over the ten stages with unique codes made from title initials."""
    taken: dict[str, int] = {}
    out = []
    for _ in range(count):
        stage_id = rng.choice(list(STAGE_WORDS))
        title = make_title(rng, stage_id)
        word = next((w for w in ALL_WORDS if w in title), rng.choice(STAGE_WORDS[stage_id]))
        base = initials(title)[:6]
        taken[base] = taken.get(base, 0) + 1
        code = base if taken[base] == 1 else f"{base}{taken[base]}"
        questions = [make_question(rng, word) for _ in range(rng.randint(1, 2))]
        out.append(models.Phrase(stage_id, title, make_body(rng, word), code=code, questions=questions))
    return out


def build_library(path: Path, count: int, seed: int) -> tuple[list[models.Phrase], dict[str, float]]:
    """Write a library of ``count`` phrases plus a Zipf-like usage history; returns phrases and timings."""
    rng = random.Random(seed)
    t0 = time.perf_counter()
    drafts = make_phrases(rng, count)
    t1 = time.perf_counter()
    db = store.PhraseStore(path)
    with db.bulk(len(drafts)):  # as an import writes them: the text index is filled once at the end
        phrases = [db.add(p) for p in drafts]
    t2 = time.perf_counter()
    ids = [int(p.id or 0) for p in phrases]
    rng.shuffle(ids)  # usage rank is independent of insertion order
    cum = list(itertools.accumulate(1 / (r + 1) ** 1.2 for r in range(len(ids))))
    uses = max(20_000, 2 * count)
    end = datetime.datetime.now(datetime.UTC).replace(microsecond=0)  # keeps recency realistic
    rows = [
        (pid, (end - datetime.timedelta(seconds=rng.randrange(90 * 86400))).isoformat(), "", "paste")
        for pid in rng.choices(ids, cum_weights=cum, k=uses)
    ]
    with db.transaction():
        db.conn.executemany("INSERT INTO usage(phrase_id, used_at, query, action) VALUES (?, ?, ?, ?)", rows)
    db.close()
    t3 = time.perf_counter()
    return phrases, {"generate_s": t1 - t0, "add_s": t2 - t1, "usage_s": t3 - t2, "uses": uses}


def make_query(rng: random.Random, kind: str, phrases: list[models.Phrase], index: int) -> Query:
    p = rng.choice(phrases)
    if kind == "chinese":
        run = rng.choice(HAN.findall(p.title if rng.random() < 0.7 else p.body))
        k = rng.randint(1, min(4, len(run)))
        start = rng.randint(0, len(run) - k)
        return Query(kind, run[start : start + k])
    if kind == "pinyin":
        syllables = pinyin.full(p.title[: rng.randint(1, min(3, len(p.title)))])
        return Query(kind, syllables.replace(" ", ""))  # typed without separators: fahuo
    if kind == "initials":
        return Query(kind, p.title_ini[: rng.randint(2, 4)])
    if kind == "code":
        return Query(kind, "/" + p.code[: rng.randint(1, 4)])
    if kind == "stage":
        info = stages.get(p.stage_id)
        alias = rng.choice([a for a in (info.aliases if info else ()) if HAN.fullmatch(a) and len(a) <= 3])
        if rng.random() < 0.5:
            return Query(kind, f"@{alias} {p.title[:2]}")
        return Query(kind, f"@{initials(alias)} {p.title_ini[:2]}")
    if kind == "question":
        fresh = rng.random() < 0.5  # half are a phrase's own question, half new buyer wording
        return Query(kind, make_question(rng, rng.choice(ALL_WORDS)) if fresh else rng.choice(p.questions))
    if kind == "typo":
        letters = re.sub("[^a-z]", "", p.title_py + p.code) + "xyz"
        text = list(letters[: rng.randint(4, 6)])
        i = rng.randrange(len(text) - 1)
        if rng.random() < 0.5:
            text[i], text[i + 1] = text[i + 1], text[i]
        else:
            del text[i]
        return Query(kind, "".join(text))
    return Query(kind, NOHIT[index % len(NOHIT)])


def make_queries(rng: random.Random, phrases: list[models.Phrase], scale: float = 1.0) -> list[Query]:
    counts = {kind: max(1, round(n * scale)) for kind, n in KINDS.items()}
    return [make_query(rng, kind, phrases, i) for kind, n in counts.items() for i in range(n)]


def type_queries(index: search.SearchIndex, queries: list[Query]) -> list[Keystroke]:
    """Search every prefix of every query (one call per keystroke / committed character)."""
    out = []
    for query in queries:
        for end in range(1, len(query.text) + 1):
            prefix = query.text[:end]
            t0 = time.perf_counter_ns()
            results = index.search(prefix, limit=20)
            out.append(Keystroke(query.kind, prefix, time.perf_counter_ns() - t0, len(results)))
    return out


def load_index(path: Path) -> tuple[float, float, float]:
    """Open the store afresh (not timed); time from_store, then a first no-hit search (lazy builds),
    then building the buyer-message ranker (the app does that after the tray is ready)."""
    gc.collect()  # the index of the previous run is garbage by now
    db = store.PhraseStore(path)
    t0 = time.perf_counter()
    index = search.SearchIndex.from_store(db)
    t1 = time.perf_counter()
    index.search(PRIME, limit=20)
    t2 = time.perf_counter()
    index.prepare_messages()
    t3 = time.perf_counter()
    db.close()
    return t1 - t0, t2 - t1, t3 - t2


def time_messages(index: search.SearchIndex, rng: random.Random, count: int = 300) -> dict[str, float]:
    """Pasted 30-character buyer messages (several buyer questions run together), whole at once."""
    ms = []
    for _ in range(count):
        text = ""
        while len(text) < 30:
            text += make_question(rng, rng.choice(ALL_WORDS)) + "，"
        t0 = time.perf_counter_ns()
        index.search(text[:30], limit=20)
        ms.append((time.perf_counter_ns() - t0) / 1e6)
    return summary(ms)


def index_memory(db: store.PhraseStore) -> tuple[search.SearchIndex, dict[str, int]]:
    """A loaded index, and the bytes it retains after from_store and after the first search (tracemalloc).

    The store stays open, as in the app: the index asks its text index while the agent types.
    """
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    index = search.SearchIndex.from_store(db)
    gc.collect()
    loaded = tracemalloc.get_traced_memory()[0]
    index.search(PRIME, limit=20)
    gc.collect()
    primed = tracemalloc.get_traced_memory()[0]
    index.prepare_messages()
    gc.collect()
    messages, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return index, {
        "after_load": loaded - base,
        "after_first_search": primed - base,
        "with_message_ranker": messages - base,
        "peak": peak - base,
    }


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def summary(ms: list[float]) -> dict[str, float]:
    """count, median, p99 and max of a list of milliseconds."""
    return {"count": len(ms), "median": statistics.median(ms), "p99": pct(ms, 99), "max": max(ms)}


def run_fzf(tmp: Path, phrases: list[models.Phrase], queries: list[Query]) -> dict[str, Any] | None:
    """Time ``fzf --filter`` (whole process) on the full chinese/pinyin/initials queries."""
    fzf = shutil.which("fzf")
    if fzf is None:
        return None
    corpus = tmp / "corpus.txt"
    corpus.write_text(
        "".join(f"{p.code}\t{p.title}\t{p.body.replace(chr(10), ' ')}\n" for p in phrases), encoding="utf-8"
    )
    times: dict[str, list[float]] = {}
    for query in queries:
        if query.kind in ("chinese", "pinyin", "initials"):
            with corpus.open("rb") as stdin:
                t0 = time.perf_counter_ns()
                subprocess.run([fzf, "--filter", query.text], stdin=stdin, stdout=subprocess.DEVNULL)
                times.setdefault(query.kind, []).append((time.perf_counter_ns() - t0) / 1e6)
    times["all"] = [t for kind_times in times.values() for t in kind_times]
    return {kind: summary(ms) for kind, ms in times.items()}


def goal_line(size: int, overall: dict[str, float], load_s: float) -> str:
    goals = GOALS.get(size)
    if goals is None:
        return "goals: none defined for this size (defined for 5,000 and 100,000)"
    measured = {"p99_ms": overall["p99"], "max_ms": overall["max"], "load_s": load_s}
    labels = {"p99_ms": "p99 ≤ {} ms", "max_ms": "no keystroke over {} ms", "load_s": "index ready ≤ {} s"}
    verdict = {True: "meets", False: "misses"}
    parts = [
        f"{labels[k].format(f'{limit:g}')}: {verdict[measured[k] <= limit]} ({measured[k]:.3g})"
        for k, limit in goals.items()
    ]
    return "goals: " + "; ".join(parts)


def bench_size(size: int, seed: int, tmp: Path) -> dict[str, Any]:
    """Build, load and type at one library size; prints the table and returns the raw figures."""
    path = tmp / f"library-{size}.db"
    print(f"\n== {size:,} phrases ==", flush=True)
    phrases, build = build_library(path, size, seed)
    b, total = build, sum(v for k, v in build.items() if k.endswith("_s"))
    print(
        f"build: {total:.1f} s (generate {b['generate_s']:.1f} s, store.add {b['add_s']:.1f} s,"
        f" {b['uses']:,} usage rows {b['usage_s']:.1f} s)",
        flush=True,
    )
    queries = make_queries(random.Random(seed), phrases)
    warm_up = make_queries(random.Random(seed + 1), phrases, scale=0.1)  # other queries, same kinds
    fzf = run_fzf(tmp, phrases, queries)
    del phrases  # the app holds no copy of the library besides the index
    loads = [load_index(path) for _ in range(3)]
    load_s, prime_s = statistics.median(r[0] for r in loads), statistics.median(r[1] for r in loads)
    ranker_s = statistics.median(r[2] for r in loads)
    db = store.PhraseStore(path)
    index, memory = index_memory(db)
    type_queries(index, warm_up)
    gc.collect()
    keys = type_queries(index, queries)
    message_ms = time_messages(index, random.Random(seed))
    db.close()
    by_kind: dict[str, list[float]] = {kind: [k.ns / 1e6 for k in keys if k.kind == kind] for kind in KINDS}
    by_kind["all"] = [k.ns / 1e6 for k in keys]
    stats = {kind: summary(ms) for kind, ms in by_kind.items()}
    print(f"{'kind':<10}{'queries':>8}{'calls':>7}{'median ms':>11}{'p99 ms':>9}{'max ms':>9}")
    for kind, s in stats.items():
        n_queries = len(queries) if kind == "all" else KINDS[kind]
        print(f"{kind:<10}{n_queries:>8}{s['count']:>7}{s['median']:>11.3f}{s['p99']:>9.3f}{s['max']:>9.3f}")
    mb = {k: f"{v / 2**20:.1f} MB" for k, v in memory.items()}
    print(
        f"index load (median of 3): from_store {load_s:.3f} s + first search {prime_s * 1000:.1f} ms"
        f" = ready in {load_s + prime_s:.3f} s\nindex memory (tracemalloc): {mb['after_load']} after"
        f" from_store, {mb['after_first_search']} after the first search, {mb['with_message_ranker']}"
        f" with the message ranker, peak {mb['peak']}\nmessage ranker built in {ranker_s * 1000:.0f} ms"
        f" (median of 3); 30-character buyer messages ({message_ms['count']:.0f}): median"
        f" {message_ms['median']:.2f} ms, p99 {message_ms['p99']:.2f} ms, max {message_ms['max']:.2f} ms"
        " (goal p99 ≤ 10 ms at 5,000)"
    )
    slowest = sorted(keys, key=lambda k: -k.ns)[:5]
    print(
        "slowest:", ", ".join(f"{k.kind} {k.prefix!r} {k.ns / 1e6:.2f} ms ({k.hits} hits)" for k in slowest)
    )
    print(goal_line(size, stats["all"], load_s + prime_s))
    fzf_text = "; ".join(f"{kind} {s['median']:.1f} / {s['p99']:.1f}" for kind, s in (fzf or {}).items())
    print(
        f"fzf --filter, whole process per full query, median / p99 ms: {fzf_text or 'skipped, not on PATH'}"
    )
    path.unlink()
    return {
        "build": build,
        "from_store_s": [run[0] for run in loads],
        "first_search_s": [run[1] for run in loads],
        "message_ranker_s": [run[2] for run in loads],
        "message_ms": message_ms,
        "memory_bytes": memory,
        "latency_ms": stats,
        "fzf_ms": fzf,
        "keystrokes": [dataclasses.asdict(k) for k in keys],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,100000", help="comma-separated library sizes")
    parser.add_argument("--seed", type=int, default=20261120)
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"search_bench: seed {args.seed}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="qr-search-bench-") as tmp:
        figures = {str(size): bench_size(size, args.seed, Path(tmp)) for size in sizes}
    if args.json:
        raw = json.dumps({"seed": args.seed, "sizes": figures}, ensure_ascii=False, indent=1)
        args.json.write_text(raw, encoding="utf-8")
        print(f"\nraw figures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
