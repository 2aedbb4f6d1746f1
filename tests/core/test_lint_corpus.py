"""The labelled corpus of seller replies (``tests/data/lint_corpus.toml``), entry by entry.

Each entry checks the rule ids the linter reports, the exact fixed text where the file gives one,
the substrings a fix must avoid, and four properties every fix must have:

- a fixed text never opens with punctuation (unless the draft did);
- it never doubles a particle or a comma that was not doubled in the draft;
- it is never empty unless the draft held nothing but what the rules remove;
- it re-lints clean whenever every finding had a single safe fix.

Entries marked ``pending`` describe behaviour the ENGINE and RULES branches of issue 18 bring; they
run as strict xfails, so the merge that makes one pass must drop its flag.
"""

from __future__ import annotations

import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from quickreply.core import lint

CORPUS = Path(__file__).resolve().parents[1] / "data" / "lint_corpus.toml"
MIN_ENTRIES = 150
PARTICLES = "了呢吧啊呀的哦嗯额呃噢喔恩"
COMMAS = "，,、"


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    """Every entry, with its topic."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [{**entry, "topic": topic} for topic, table in data.items() for entry in table["entries"]]


ENTRIES = load_corpus()
LINTER = lint.Linter.default()


def _punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PZ" or ch.isspace()


def _doubles(text: str) -> set[str]:
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    same = {p for p in pairs if p[0] == p[1] and p[0] in PARTICLES}
    return same | {p for p in pairs if p[0] in COMMAS and p[1] in COMMAS}


def problems(entry: dict[str, Any], linter: lint.Linter = LINTER) -> list[str]:
    """What is wrong with the linter on one entry ([] when it behaves as the corpus says)."""
    text, channel = entry["text"], entry.get("channel", "chat")
    found = linter.lint(text, channel)
    wrong = []
    ids = sorted({f.rule_id for f in found})
    if ids != sorted(entry["rules"]):
        wrong.append(f"rules {ids}, expected {sorted(entry['rules'])}")
    result = linter.fix(text, channel)
    fixed = result.text
    expected = entry.get("fixed", text if not entry["rules"] else None)
    if expected is not None and fixed != expected:
        wrong.append(f"fixed to {fixed!r}, expected {expected!r}")
    wrong += [f"fix produced {s!r}" for s in entry.get("avoid", []) if s in fixed]
    # properties of every fix
    opening = fixed.lstrip()
    if opening and _punct(opening[0]) and not (text.lstrip() and _punct(text.lstrip()[0])):
        wrong.append(f"fixed text {fixed!r} opens with punctuation")
    doubled = _doubles(fixed) - _doubles(text)
    if doubled:
        wrong.append(f"fixed text {fixed!r} doubles {sorted(doubled)}")
    if not fixed.strip():
        rest = list(text)
        for f in found:
            rest[f.start : f.end] = [" "] * (f.end - f.start)
        if not all(_punct(ch) for ch in rest):
            wrong.append(f"fix emptied a draft that held more than findings: {text!r}")
    if found and all(f.fixable for f in found):
        left = [f.rule_id for f in linter.lint(fixed, channel)]
        if left:
            wrong.append(f"every finding had one fix, yet {fixed!r} still breaks {left}")
    return wrong


def _param(index: int, entry: dict[str, Any]) -> Any:
    marks = (
        [pytest.mark.xfail(strict=True, reason="pending: ENGINE/RULES of issue 18")]
        if entry.get("pending")
        else []
    )
    return pytest.param(entry, id=f"{entry['topic']}-{index}", marks=marks)


@pytest.mark.parametrize("entry", [_param(i, e) for i, e in enumerate(ENTRIES)])
def test_entry(entry: dict[str, Any]) -> None:
    assert problems(entry) == []


def test_corpus_shape() -> None:
    """At least 150 replies, many of them clean, every text once, no unknown keys."""
    texts = [e["text"] for e in ENTRIES]
    assert len(texts) >= MIN_ENTRIES
    assert len(set(texts)) == len(texts)
    clean = [e for e in ENTRIES if not e["rules"]]
    assert len(clean) >= len(ENTRIES) // 3
    keys = {"text", "rules", "fixed", "avoid", "pending", "note", "channel", "topic"}
    assert all(set(e) <= keys for e in ENTRIES)
    pending = sum(bool(e.get("pending")) for e in ENTRIES)
    print(f"lint corpus: {len(ENTRIES)} replies, {len(clean)} clean, {pending} pending")
