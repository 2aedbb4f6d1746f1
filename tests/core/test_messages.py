"""Buyer messages against real library files: spaces, short lines, certainty, the shop's lexicon,
and learning from the shop's own picks (issue 16)."""

from __future__ import annotations

import pytest

from quickreply.core import defaults, lexicon, ranker, search, store
from tests.conftest import make_phrase


def codes(results, n=3):
    return [r.phrase.code for r in results[:n]]


@pytest.fixture
def index(library):
    return search.SearchIndex.from_store(library)


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("亲 帮我看下快递到哪了", "cwl"),  # a space is no "every term must match"
        ("亲   帮我 看下 快递 到哪了", "cwl"),
        ("包邮不", "by"),  # 2–4 characters
        ("保质期多久", "bzq"),
        ("怎么申请保修", "zb"),  # 怎么 decides nothing
        ("帮我把两个订单合在一起发", "hb"),
    ],
)
def test_the_reply_that_answers_comes_first_and_certain(index, message, code):
    results = index.search(message)
    assert codes(results, 1) == [code]
    assert results[0].certain and not any(r.certain for r in results[1:])


def test_synonyms_of_the_lexicon_match_each_other(index):
    # 少点 is in no stored question of 无法优惠; the intent group 便宜/优惠/少点 carries it
    assert "wfyh" in codes(index.search("老板再少点呗"))


def test_a_message_with_a_content_word_never_comes_back_empty(index):
    results = index.search("赔钱")  # no title, question or body holds 赔钱
    assert results and not results[0].certain
    assert "pcsq" in codes(results, 5)


def test_off_topic_chatter_is_a_guess_at_most(index):
    results = index.search("周杰伦新歌你听了吗")
    assert not any(r.certain for r in results)


def test_typed_queries_keep_their_tiers(index):
    results = index.search("发货")
    assert results[0].tier is search.Tier.PREFIX and all(r.certain for r in results)
    assert codes(index.search("fh"), 1) == ["fh"]


def test_stage_filter_and_hint_apply_to_messages(index):
    results = index.search("东西坏了能修吗", stage="after_sales")
    assert results and {r.phrase.stage_id for r in results} == {"after_sales"}


def test_learning_from_past_picks_on_a_real_file(library):
    message = "你改下价 我再付"
    gj = next(p for p in library.phrases() if p.code == "gj")
    before = search.SearchIndex.from_store(library)
    assert codes(before.search(message), 1) != ["gj"]
    library.record_use(gj.id, query="改下价格我马上付")
    library.record_use(gj.id, query="你先改价 我再拍")
    # a following index learns at once …
    assert codes(before.search(message), 1) == ["gj"]
    # … and one loaded afresh from the file reads the past queries back
    path = library.path
    library.close()
    reopened = store.PhraseStore(path)
    try:
        assert ("gj",) == tuple(codes(search.SearchIndex.from_store(reopened).search(message), 1))
    finally:
        reopened.close()


def test_phrase_changes_reach_the_ranker_one_at_a_time(file_store):
    index = search.SearchIndex.from_store(file_store)
    index.prepare_messages()
    added = file_store.add(make_phrase("after_sales", "修鞋服务", "xx", questions=["鞋子开胶了能修吗"]))
    assert codes(index.search("我的鞋开胶了怎么办"), 1) == ["xx"]
    file_store.delete(added.id)
    assert "xx" not in codes(index.search("我的鞋开胶了怎么办"), 20)


def test_a_shop_extends_the_lexicon_beside_its_library(tmp_path):
    (tmp_path / lexicon.SHOP_FILE).write_text(
        '[groups]\nbargain = ["秒杀价"]\nmygroup = ["开胶", "脱胶"]\nstop = []\n', encoding="utf-8"
    )
    db = store.PhraseStore(tmp_path / "shop.db")
    try:
        db.add(make_phrase("after_sales", "鞋子脱胶", "tj", questions=["鞋底脱胶了"]))
        db.add(make_phrase("after_sales", "退货地址", "th", questions=["退货寄到哪"]))
        index = search.SearchIndex.from_store(db)
        assert codes(index.search("鞋面开胶了咋办"), 1) == ["tj"]
    finally:
        db.close()
    shipped = lexicon.load()
    assert "mygroup" not in shipped.groups and "cheap" in shipped.groups


def test_stop_words_alone_still_match(fresh_store):
    fresh_store.add(make_phrase("greeting", "在线应答", "zx", questions=["在吗"]))
    fresh_store.add(make_phrase("shipping", "发货时间", "fh", questions=["什么时候发货"]))
    index = search.SearchIndex.from_store(fresh_store)
    assert codes(index.search("在吗亲"), 1) == ["zx"]


def test_tokens_are_bigrams_single_characters_and_intents():
    lex = lexicon.load()
    bag = ranker.tokens("可以便宜点吗", lex)
    assert "便宜" in bag and "#cheap" in bag and "可以" not in bag and "吗" not in bag
    assert bag["便"] == ranker.UNIGRAM


def test_the_default_library_loads_with_its_lexicon(tmp_path):
    db = defaults.open_library(tmp_path / "lib.db")
    try:
        index = search.SearchIndex.from_store(db)
        index.prepare_messages()
        assert len(index) >= 200
    finally:
        db.close()
