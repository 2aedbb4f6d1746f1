"""One folding for query and index: traditional characters and invisible ones no longer break matching."""

import pytest

from quickreply.core import search
from tests import blackbox
from tests.conftest import make_phrase

ZERO_WIDTH_SPACE, SOFT_HYPHEN = "\u200b", "\u00ad"


def bodies(results):
    return [r.phrase.body for r in results]


def test_cli_search_in_traditional_characters_finds_the_simplified_phrases(lib):
    simplified = blackbox.ok(blackbox.qr(lib, "search", "发货"))
    traditional = blackbox.ok(blackbox.qr(lib, "search", "發貨"))
    assert "发货时间" in traditional.splitlines()[0]
    assert traditional == simplified


def test_phrases_written_in_traditional_characters_are_found_in_simplified(fresh_store):
    fresh_store.add(make_phrase("shipping", "發貨說明", "fhsm", body="親,48小時內發貨。"))
    index = search.SearchIndex.from_store(fresh_store)
    (result,) = index.search("发货")
    assert result.tier is search.Tier.PREFIX
    assert [result.phrase.body[s:e] for s, e in result.body_spans] == ["發貨"]
    assert bodies(index.search("小时内")) == ["親,48小時內發貨。"]


@pytest.mark.parametrize("invisible", [ZERO_WIDTH_SPACE, SOFT_HYPHEN, "\ufeff", "\u2060"])
def test_an_invisible_character_inside_the_query_is_ignored(fresh_store, invisible):
    fresh_store.add(make_phrase("logistics", "默认快递", "mr", body="亲,默认发圆通,也可以改发顺丰。"))
    index = search.SearchIndex.from_store(fresh_store)
    assert bodies(index.search(f"顺{invisible}丰")) == ["亲,默认发圆通,也可以改发顺丰。"]
    assert bodies(index.search(f"改发{invisible}顺丰")) == bodies(index.search("改发顺丰"))


@pytest.mark.parametrize("invisible", [ZERO_WIDTH_SPACE, SOFT_HYPHEN])
def test_an_invisible_character_inside_a_phrase_does_not_hide_it(fresh_store, invisible):
    body = f"亲,默认发圆通,也可以改发顺{invisible}丰。"
    fresh_store.add(
        make_phrase("logistics", "默认快递", "mr", body=body, questions=[f"发什{invisible}么快递"])
    )
    fresh_store.add(make_phrase("logistics", "顺丰加急", "sf", body="亲,加急可以改发顺丰。"))
    index = search.SearchIndex.from_store(fresh_store)
    found = {r.phrase.title: r for r in index.search("顺丰")}
    assert set(found) == {"默认快递", "顺丰加急"}
    # the highlight covers 顺, the invisible character and 丰 of the original text
    assert [body[s:e] for s, e in found["默认快递"].body_spans] == [f"顺{invisible}丰"]
    assert bodies(index.search("什么快递")) == [body]
    assert bodies(index.search("改发顺丰 圆通")) == [body]  # the other term checks the folded records


def test_a_stage_after_a_phrase_with_invisible_characters_keeps_its_offsets(fresh_store):
    """A dropped character shortens the folded blob: every later record must still map to its phrase."""
    for i in range(5):
        fresh_store.add(
            make_phrase("shipping", f"说明{i}", f"s{i}", body=f"亲{ZERO_WIDTH_SPACE * i},编号{i}号。")
        )
    index = search.SearchIndex.from_store(fresh_store)
    for i in range(5):
        (result,) = index.search(f"编号{i}")
        assert result.phrase.code == f"s{i}"


def test_upper_case_full_width_and_traditional_stage_filters(fresh_store):
    fresh_store.add(make_phrase("shipping", "发货时间", "fh"))
    fresh_store.add(make_phrase("logistics", "默认快递", "mr", body="亲,默认发圆通。"))
    index = search.SearchIndex.from_store(fresh_store)
    for word in ("@物流", "@物流", "@ＷＬ", "@快遞", "@Logistics"):
        assert [r.phrase.code for r in index.search(word)] == ["mr"], word
