"""Retrieval benchmark: does the right approved reply come first for a pasted buyer message?

Installs the default library (resources/packs/default.qrpack.json) into a temporary SQLite file the way
the app does on first run, loads the search index from it, then runs every labelled buyer message in
tests/data/buyer_messages.tsv and every agent query in tests/data/typed_queries.tsv through
``SearchIndex.search`` (whole text at once, as a paste; no stage hint, no usage history).

For each group (message kind, stage of the first expected code, typed-query form) it prints:

- top-1: the first result's code is one of the expected codes;
- top-3: one of the expected codes is among the first three results;
- none: the search returned nothing at all.

Off-topic messages (no expected code) are not in those rates: no reply is right for them, so they are
reported on their own, where "quiet" (nothing found) counts as correct and anything returned is a
false hit, shown with its first result. Latency is per search call (p50/p99/max, milliseconds). Finally
the 30 worst misses: messages whose top-1 is wrong, worst first (expected code absent from all
results, then expected code ranked lowest), with what was expected and what came back.

    .venv/bin/python benchmarks/retrieval_bench.py
    .venv/bin/python benchmarks/retrieval_bench.py --worst 50 --json retrieval.json

Prints numbers, never fails. Typed-query forms are read off the query: ``/code``; ``code`` when it
is a code in the library; ``chinese`` when it has Chinese characters; ``pinyin`` when it is Latin with
vowels; ``initials`` otherwise.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quickreply.core import defaults, search  # noqa: E402

DATA = ROOT / "tests" / "data"
LIMIT = 20  # what the popup asks for (it shows the first eight)
KIND_ORDER = ["short", "plain", "spaced", "typo", "long", "complaint", "offtopic"]
FORM_ORDER = ["code", "/code", "chinese", "pinyin", "initials"]


@dataclasses.dataclass
class Case:
    text: str
    expected: list[str]
    kind: str
    stage: str
    got: list[str] = dataclasses.field(default_factory=list)
    ms: float = 0.0
    certain: bool = False  # the first result is certain (Result.certain)

    @property
    def rank(self) -> int | None:
        """1-based position of the first expected code among the results, or None."""
        for i, code in enumerate(self.got, 1):
            if code in self.expected:
                return i
        return None

    @property
    def top1(self) -> bool:
        return bool(self.got) and self.got[0] in self.expected

    @property
    def top3(self) -> bool:
        return any(code in self.expected for code in self.got[:3])


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def query_form(text: str, codes: set[str]) -> str:
    if text.startswith("/"):
        return "/code"
    if text in codes:
        return "code"
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return "chinese"
    if any(ch in "aeiouv" for ch in text.lower()):
        return "pinyin"
    return "initials"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    k = min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))
    return ordered[k]


def run(index: search.SearchIndex, cases: Iterable[Case]) -> None:
    for case in cases:
        start = time.perf_counter()
        results = index.search(case.text, limit=LIMIT)
        case.ms = (time.perf_counter() - start) * 1000
        case.got = [r.phrase.code for r in results]
        case.certain = bool(results) and results[0].certain


def rates_table(title: str, groups: dict[str, list[Case]]) -> None:
    print(f"\n{title}")
    print(f"  {'group':<12} {'n':>4} {'top-1':>7} {'top-3':>7} {'none':>7} {'p50 ms':>7} {'p99 ms':>7}")
    for name, cases in groups.items():
        if not cases:
            continue
        n = len(cases)
        top1 = sum(c.top1 for c in cases) / n
        top3 = sum(c.top3 for c in cases) / n
        none = sum(not c.got for c in cases) / n
        ms = [c.ms for c in cases]
        print(
            f"  {name:<12} {n:>4} {top1:>7.1%} {top3:>7.1%} {none:>7.1%}"
            f" {statistics.median(ms):>7.2f} {percentile(ms, 0.99):>7.2f}"
        )


def grouped(cases: list[Case], key: str, order: list[str]) -> dict[str, list[Case]]:
    groups: dict[str, list[Case]] = {name: [] for name in order}
    for case in cases:
        groups.setdefault(getattr(case, key), []).append(case)
    groups["ALL"] = list(cases)
    return groups


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=DATA / "buyer_messages.tsv")
    parser.add_argument("--typed", type=Path, default=DATA / "typed_queries.tsv")
    parser.add_argument("--worst", type=int, default=30, help="how many misses to list (default 30)")
    parser.add_argument("--json", type=Path, help="also write every query with its results to this file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="qr-retrieval-") as tmp:
        start = time.perf_counter()
        library = defaults.open_library(Path(tmp) / "lib.db")
        index = search.SearchIndex.from_store(library, follow=False)
        setup_s = time.perf_counter() - start
        phrases = {p.code: p for p in library.phrases()}
        stage_of = {code: p.stage_id for code, p in phrases.items()}

        messages = [
            Case(r["message"], [c for c in r["codes"].split("|") if c], r["kind"], r["stage"])
            for r in read_tsv(args.messages)
        ]
        typed = []
        for r in read_tsv(args.typed):
            codes = [c for c in r["codes"].split("|") if c]
            form = query_form(r["query"], set(phrases))
            typed.append(Case(r["query"], codes, form, stage_of.get(codes[0], "")))
        unknown = sorted({c for case in messages + typed for c in case.expected if c not in phrases})

        start = time.perf_counter()
        index.prepare_messages()  # the buyer-message ranker, as the app builds it once ready
        ranker_ms = (time.perf_counter() - start) * 1000
        index.search("预热", limit=LIMIT)  # first call pays for lazy set-up; not timed
        run(index, messages)
        run(index, typed)
        library.close()

    labelled = [c for c in messages if c.expected]
    offtopic = [c for c in messages if not c.expected]
    stages = list(dict.fromkeys(p.stage_id for p in phrases.values()))

    print(
        f"library: {len(phrases)} phrases in {len(stages)} stages, set up and indexed in {setup_s:.2f} s;"
        f" message ranker built in {ranker_ms:.0f} ms"
    )
    distinct = len({c for m in labelled for c in m.expected})
    print(
        f"buyer messages: {len(messages)} ({len(labelled)} labelled, {len(offtopic)} off-topic), "
        f"{distinct} distinct expected codes; typed queries: {len(typed)}"
    )
    if unknown:
        print(f"WARNING: expected codes not in the library: {', '.join(unknown)}")

    rates_table("Buyer messages by kind (labelled only)", grouped(labelled, "kind", KIND_ORDER))
    rates_table("Buyer messages by stage of the first expected code", grouped(labelled, "stage", stages))
    rates_table("Typed queries by form", grouped(typed, "kind", FORM_ORDER))

    quiet = [c for c in offtopic if not c.got]
    unsure = [c for c in offtopic if c.got and not c.certain]
    print(
        f"\nOff-topic messages: {len(quiet)}/{len(offtopic)} quiet (nothing found), {len(unsure)} only"
        " uncertain guesses (both correct)"
    )
    for case in offtopic:
        if case.got and case.certain:
            top = phrases[case.got[0]]
            print(f"  false hit: {case.text}  ->  {top.code} {top.title} (+{len(case.got) - 1} more)")
    sure = [c for c in labelled if c.certain]
    share = sum(c.top1 for c in sure) / max(1, len(sure))
    print(
        f"Certain first results: {len(sure)}/{len(labelled)} labelled messages, {share:.1%}"
        f" of them right; uncertain ones right at top-1: {sum(c.top1 for c in labelled if not c.certain)}"
        f"/{len(labelled) - len(sure)}"
    )

    ms = [c.ms for c in messages + typed]
    print(
        f"\nLatency per search, all {len(ms)} queries: p50 {statistics.median(ms):.2f} ms, "
        f"p99 {percentile(ms, 0.99):.2f} ms, max {max(ms):.2f} ms"
    )

    def label(code: str) -> str:
        return f"{code} {phrases[code].title}" if code in phrases else code

    misses = [c for c in labelled if not c.top1]
    misses.sort(key=lambda c: (-(c.rank or LIMIT + 1), KIND_ORDER.index(c.kind), c.text))
    print(f"\nWorst misses ({min(args.worst, len(misses))} of {len(misses)} labelled messages not top-1)")
    for case in misses[: args.worst]:
        rank = f"rank {case.rank}" if case.rank else "not found"
        got = ", ".join(label(c) for c in case.got[:3]) or "(nothing)"
        expected = " | ".join(label(c) for c in case.expected)
        print(f"  [{case.kind}] {case.text}\n      expected {expected} ({rank}); got {got}")

    typed_misses = [c for c in typed if not c.top1]
    if typed_misses:
        print(f"\nTyped queries not top-1 ({len(typed_misses)})")
        for case in typed_misses:
            rank = f"rank {case.rank}" if case.rank else "not found"
            got = ", ".join(label(c) for c in case.got[:3]) or "(nothing)"
            print(f"  [{case.kind}] {case.text}: expected {'|'.join(case.expected)} ({rank}); got {got}")

    if args.json:
        raw = [
            {"set": name, **dataclasses.asdict(case), "rank": case.rank}
            for name, cases in (("messages", messages), ("typed", typed))
            for case in cases
        ]
        args.json.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nper-query results written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
