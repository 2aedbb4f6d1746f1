"""Which ingredient of the message ranker earns its place: the dev set run once per variant.

Each variant changes one thing of ``core.ranker`` / ``core.lexicon`` (no lexicon, no stop words,
other field weights, single characters off, word segmentation with jieba instead of character
bigrams when jieba is importable) and prints top-1 / top-3 / nothing found per message kind, as
``retrieval_bench.py`` does for the shipped ranker. "learned" records half of the labelled
messages (every other one) as uses of their expected phrase and scores the other half.

    .venv/bin/python benchmarks/retrieval_variants.py [--jieba-path SITE_PACKAGES]

Prints numbers, never fails; jieba is no dependency of quickreply and is skipped when missing.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import retrieval_bench as rb  # noqa: E402

from quickreply.core import defaults, lexicon, ranker, search, textnorm  # noqa: E402

KINDS = ["short", "plain", "spaced", "typo", "long", "complaint", "ALL"]


@contextlib.contextmanager
def patched(obj: object, name: str, value: object) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def evaluate(library: object, cases: list[rb.Case], learn: list[rb.Case] | None = None) -> str:
    index = search.SearchIndex.from_store(library, follow=False)  # type: ignore[arg-type]
    if learn:
        index.prepare_messages()  # uses recorded from now on are learned as they come
        codes = {e.phrase.code: pid for pid, e in index._state.entries.items()}
        for case in learn:
            index._state.record_use(codes[case.expected[0]], 1.0, case.text)
    rb.run(index, cases)
    cells = []
    for kind in KINDS:
        group = [c for c in cases if kind in ("ALL", c.kind)]
        n = len(group) or 1
        top1 = sum(c.top1 for c in group) / n
        top3 = sum(c.top3 for c in group) / n
        none = sum(not c.got for c in group) / n
        cells.append(f"{top1:5.1%} {top3:5.1%} {none:4.1%}")
    return " | ".join(cells)


def jieba_tokens(path: str | None) -> Callable[..., ranker.Tokens] | None:
    if path:
        sys.path.insert(0, path)
    try:
        import jieba  # type: ignore[import-not-found]
    except ImportError:
        return None
    jieba.setLogLevel(60)

    def tokens(text: str, lex: lexicon.Lexicon, folded: bool = False) -> ranker.Tokens:
        text = text if folded else textnorm.fold(text)
        bag: dict[str, float] = {}
        for intent in lex.intents(text):
            bag["#" + intent] = bag.get("#" + intent, 0.0) + ranker.INTENT
        for word in jieba.cut_for_search(text):
            word = word.strip()
            if word and word not in lex.stop and ranker.RUNS.fullmatch(word):
                bag[word] = bag.get(word, 0.0) + 1.0
        return bag

    return tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jieba-path", help="a site-packages folder holding jieba (measured only)")
    args = parser.parse_args()
    rows = rb.read_tsv(rb.DATA / "buyer_messages.tsv")
    cases = [
        rb.Case(r["message"], [c for c in r["codes"].split("|") if c], r["kind"], r["stage"]) for r in rows
    ]
    cases = [c for c in cases if c.expected]
    shipped = lexicon.load()
    no_stop = lexicon.Lexicon(shipped.groups, frozenset())
    no_groups = lexicon.Lexicon({}, shipped.stop)
    bare = lexicon.Lexicon({}, frozenset())
    w = ranker.WEIGHTS
    variants: list[tuple[str, list[tuple[object, str, object]]]] = [
        ("shipped", []),
        ("bigrams only (no lexicon, no stop words)", [(lexicon, "load", lambda extra=(): bare)]),
        ("+ stop words, no intent groups", [(lexicon, "load", lambda extra=(): no_groups)]),
        ("+ intent groups, no stop words", [(lexicon, "load", lambda extra=(): no_stop)]),
        ("no single characters", [(ranker, "UNIGRAM", 0.0)]),
        ("single characters 0.3", [(ranker, "UNIGRAM", 0.3)]),
        ("intent weight 0.8", [(ranker, "INTENT", 0.8)]),
        ("intent weight 3", [(ranker, "INTENT", 3.0)]),
        ("questions only", [(ranker, "WEIGHTS", {**dict.fromkeys(w, 0.0), "questions": 3.0})]),
        ("questions + title", [(ranker, "WEIGHTS", {**w, "note": 0.0, "body": 0.0})]),
        ("all fields equal", [(ranker, "WEIGHTS", dict.fromkeys(w, 1.0))]),
        ("B = 0.75 (BM25 default)", [(ranker, "B", 0.75)]),
        ("K1 = 2.0", [(ranker, "K1", 2.0)]),
    ]
    segmenter = jieba_tokens(args.jieba_path)
    if segmenter is not None:
        variants.append(("jieba words instead of bigrams", [(ranker, "tokens", segmenter)]))
    header = " | ".join(f"{k:^16}" for k in KINDS)
    print(f"{'variant':<42} {header}\n{'':<42} " + " | ".join(f"{'t1 t3 none':^16}" for _ in KINDS))
    with tempfile.TemporaryDirectory(prefix="qr-variants-") as tmp:
        library = defaults.open_library(Path(tmp) / "lib.db")
        for name, patches in variants:
            with contextlib.ExitStack() as stack:
                for obj, attr, value in patches:
                    stack.enter_context(patched(obj, attr, value))
                print(f"{name:<42} {evaluate(library, cases)}")
        held_out = cases[1::2]
        print(f"{'learned: held-out half, no history':<42} {evaluate(library, held_out)}")
        print(f"{'learned: held-out half, other half used':<42} {evaluate(library, held_out, cases[0::2])}")
        library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
