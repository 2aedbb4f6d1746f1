"""Floors on the labelled development sets (issue 16): buyer messages and typed queries.

tests/data/buyer_messages.tsv holds 481 buyer messages written independently of the default
library's stored questions, each with the codes that answer it; typed_queries.tsv holds what
agents type. The floors sit a little under what benchmarks/retrieval_bench.py measured when they
were set (messages 89.4 % top-1, 96.8 % top-3, 0.2 % nothing found; typed 100 % top-1), so a
change that makes retrieval worse fails here. Off-topic messages (no codes) are left out of the
rates, as in the benchmark, and must never come back with a certain first result.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from quickreply.core import defaults, search

DATA = Path(__file__).resolve().parents[1] / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    db = defaults.open_library(tmp_path_factory.mktemp("retrieval") / "lib.db")
    yield search.SearchIndex.from_store(db, follow=False)
    db.close()


def _rates(index, rows, column):
    top1 = top3 = none = 0
    for row in rows:
        codes = [c for c in row["codes"].split("|") if c]
        got = [r.phrase.code for r in index.search(row[column], limit=20)]
        top1 += bool(got) and got[0] in codes
        top3 += any(code in codes for code in got[:3])
        none += not got
    n = len(rows)
    return top1 / n, top3 / n, none / n


def test_buyer_messages_floors(index):
    rows = [r for r in _rows("buyer_messages.tsv") if r["codes"]]
    assert len(rows) >= 450
    top1, top3, none = _rates(index, rows, "message")
    assert (top1, top3) >= (0.86, 0.94) and top3 >= 0.94, (top1, top3, none)
    assert none <= 0.015, (top1, top3, none)


@pytest.mark.parametrize(
    ("kind", "floor"), [("short", 0.8), ("spaced", 0.82), ("long", 0.85), ("complaint", 0.7)]
)
def test_the_hard_kinds_have_floors_of_their_own(index, kind, floor):
    rows = [r for r in _rows("buyer_messages.tsv") if r["codes"] and r["kind"] == kind]
    top1, _, none = _rates(index, rows, "message")
    assert top1 >= floor and none <= 0.05, (kind, top1, none)


def test_certain_answers_are_right_and_chatter_is_rarely_certain(index):
    # measured when set: 343 of 463 messages certain, 94.8 % of them right; 1 of 18 off-topic certain
    right = wrong = chatter = 0
    for row in _rows("buyer_messages.tsv"):
        codes = [c for c in row["codes"].split("|") if c]
        results = index.search(row["message"])
        if not (results and results[0].certain):
            continue
        if not codes:
            chatter += 1
        elif results[0].phrase.code in codes:
            right += 1
        else:
            wrong += 1
    assert right + wrong >= 300 and right / (right + wrong) >= 0.92, (right, wrong)
    assert chatter <= 2


def test_typed_queries_floor(index):
    top1, top3, _ = _rates(index, _rows("typed_queries.tsv"), "query")
    assert top1 >= 0.97 and top3 == 1.0, (top1, top3)  # issue 16: typed queries 100 % top-3
