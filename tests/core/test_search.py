"""Search behaviour on small, hand-made libraries: query forms, tiers, spans, filters, updates."""

import pytest

from quickreply.core import models, query, search, store
from tests.conftest import make_phrase


@pytest.fixture
def lib(fresh_store):
    add = fresh_store.add
    add(
        make_phrase(
            "shipping", "发货时间", "fh", body="亲,{发货时间}前付款当天发出。", questions=["什么时候发货"]
        )
    )
    add(make_phrase("shipping", "发货延迟", "yc", body="亲,非常抱歉,发货要延后一天。"))
    add(
        make_phrase(
            "logistics", "默认快递", "mr", body="亲,默认发圆通,也可以改发顺丰。", questions=["发什么快递"]
        )
    )
    add(make_phrase("logistics", "顺丰加急", "sf", body="亲,加急可以改发顺丰。"))
    add(
        make_phrase(
            "after_sales", "退款进度", "tk", body="亲,退款已经提交,请留意到账。", questions=["钱退了吗"]
        )
    )
    add(make_phrase("bargaining", "还价回复", "hj", body="亲,非常抱歉,这款已经是活动价。"))
    add(make_phrase("closing", "银行卡付款", "yhk", body="亲,支持银行卡和花呗付款。"))
    add(make_phrase("closing", "EMS到货", "ems", body="亲,EMS大约五天到货。"))
    return fresh_store


@pytest.fixture
def index(lib):
    return search.SearchIndex.from_store(lib)


def titles(results):
    return [r.phrase.title for r in results]


@pytest.mark.parametrize(
    "q", ["发货", "fahuo", "fa huo", "fh", "fa货", "FH", "ｆｈ", "Fa Huo", "fahuoshijian", "fhsj"]
)
def test_query_forms_find_shipping_time_first(index, q):
    assert titles(index.search(q))[0] == "发货时间"


def test_exact_code_first_then_prefix(index):
    results = index.search("fh")
    assert results[0].tier is search.Tier.CODE
    assert results[1].phrase.title == "发货延迟" and results[1].tier is search.Tier.PREFIX


def test_slash_searches_codes_only(index):
    assert titles(index.search("/fh")) == ["发货时间"]
    assert titles(index.search("/s")) == ["顺丰加急"]
    # 发货 is in titles and bodies, but /发货 looks at codes only
    assert index.search("/发货") == []
    assert {r.phrase.code for r in index.search("/")} == {"fh", "yc", "mr", "sf", "tk", "hj", "yhk", "ems"}


def test_stage_filter_by_id_name_alias_and_pinyin(index):
    for word in ("@logistics", "@快递物流", "@物流", "@wl", "@kdwl", "@快递"):
        assert set(titles(index.search(word))) == {"默认快递", "顺丰加急"}, word
    assert titles(index.search("@物流 顺丰")) == ["顺丰加急", "默认快递"]
    assert index.search("@火星") == []


def test_explicit_stage_filter(index):
    assert titles(index.search("", stage="after_sales")) == ["退款进度"]
    assert titles(index.search("fh", stage="logistics")) == []


def test_all_terms_must_match(index):
    assert titles(index.search("快递 顺丰")) == ["默认快递"]
    # 亲 makes it a buyer's message: ranked by meaning on titles and buyer questions (bodies are
    # not read for messages), the space is no "and"; EMS is a courier too (the intent lexicon)
    assert titles(index.search("亲 顺丰")) == ["顺丰加急", "EMS到货"]
    # no phrase has both: only the message ranker's guesses, none of them certain
    assert not any(r.certain for r in index.search("快递 退款"))


def test_tiers_in_order(index):
    results = index.search("顺丰")
    assert [(r.phrase.title, r.tier) for r in results] == [
        ("顺丰加急", search.Tier.PREFIX),
        ("默认快递", search.Tier.BODY),
    ]
    assert index.search("钱退了")[0].tier is search.Tier.QUESTION
    assert index.search("到账")[0].tier is search.Tier.BODY


def test_buyer_message_finds_phrase_through_its_questions(index):
    top = index.search("亲这个什么时候能发货呀")[0]
    assert top.phrase.title == "发货时间" and top.tier is search.Tier.QUESTION


def test_heteronyms_match_either_reading(index):
    for q in ("hj", "huanjia", "haijia"):
        assert titles(index.search(q))[0] == "还价回复", q
    for q in ("yhk", "yinhang", "yinxing"):
        assert titles(index.search(q))[0] == "银行卡付款", q


def test_latin_words_in_titles(index):
    assert titles(index.search("ems"))[0] == "EMS到货"
    assert titles(index.search("emsd"))[0] == "EMS到货"


def test_typo_fallback_only_for_three_latin_letters(index):
    top = index.search("fahou")[0]
    assert top.phrase.title == "发货时间" and top.tier is search.Tier.FUZZY
    assert titles(index.search("tuikaun"))[:1] == ["退款进度"]
    assert index.search("zq") == []


def test_matched_spans_in_title_and_body(index):
    (result,) = [r for r in index.search("顺丰") if r.phrase.title == "默认快递"]
    assert result.title_spans == []
    body = result.phrase.body
    assert [body[s:e] for s, e in result.body_spans] == ["顺丰"]
    assert index.search("fh")[0].title_spans == [(0, 2)]
    assert index.search("shijian")[0].title_spans == [(2, 4)]
    ems = index.search("emsd")[0]
    assert [ems.phrase.title[s:e] for s, e in ems.title_spans] == ["EMS到"]


def test_spans_point_into_the_original_text(fresh_store):
    fresh_store.add(make_phrase("quality", "ＸＬ码说明", "xl", body="亲,ＸＬ码适合170左右。"))
    result = search.SearchIndex.from_store(fresh_store).search("xl码")[0]
    assert [result.phrase.title[s:e] for s, e in result.title_spans] == ["ＸＬ码"]
    assert [result.phrase.body[s:e] for s, e in result.body_spans] == ["ＸＬ码"]


def test_one_code_several_phrases_all_returned(fresh_store):
    fresh_store.add(make_phrase("shipping", "发货时间", "fh"))
    fresh_store.add(make_phrase("logistics", "发货快递", "fh", body="亲,默认发圆通。"))
    results = search.SearchIndex.from_store(fresh_store).search("fh")
    assert [(r.phrase.stage_id, r.tier) for r in results[:2]] == [
        ("shipping", search.Tier.CODE),
        ("logistics", search.Tier.CODE),
    ]


def test_usage_lifts_a_phrase_within_its_tier(lib, index):
    assert titles(index.search("fa"))[:2] == ["发货时间", "发货延迟"]
    delay = [p for p in lib.phrases() if p.title == "发货延迟"][0]
    for _ in range(3):
        lib.record_use(delay.id)
    assert titles(index.search("fa"))[:2] == ["发货延迟", "发货时间"]
    # an exact code still wins over usage
    assert titles(index.search("fh"))[0] == "发货时间"
    # and a fresh index loaded from the database agrees
    assert titles(search.SearchIndex.from_store(lib).search("fa"))[:2] == ["发货延迟", "发货时间"]


def test_hint_stage_first_within_a_tier(index):
    assert titles(index.search("亲 发"))[0] in ("发货时间", "发货延迟")
    hinted = index.search("亲", hint_stage="logistics")
    assert [r.phrase.stage_id for r in hinted][:2] == ["logistics", "logistics"]


def test_empty_query_lists_most_used_then_library_order(lib, index):
    assert titles(index.search(""))[:3] == ["发货时间", "发货延迟", "默认快递"]
    refund = [p for p in lib.phrases() if p.code == "tk"][0]
    lib.record_use(refund.id)
    assert titles(index.search(""))[0] == "退款进度"
    assert titles(index.search("@售后")) == ["退款进度"]
    assert all(r.tier is search.Tier.LISTED for r in index.search(""))


def test_incremental_updates_follow_the_store(lib, index):
    added = lib.add(make_phrase("stock", "预售说明", "ys", body="亲,预售款十天内发出。"))
    assert titles(index.search("ys")) == ["预售说明"]
    lib.update(added.id, title="补货通知", code="bh")
    assert index.search("ys") == [] or titles(index.search("ys"))[0] != "预售说明"
    assert titles(index.search("bh"))[0] == "补货通知"
    lib.move(added.id, "closing")
    assert index.search("bh", stage="closing")[0].phrase.id == added.id
    lib.delete(added.id)
    assert index.search("bh") == []
    assert len(index) == 8


def test_rolled_back_changes_do_not_reach_the_index(lib, index):
    with pytest.raises(store.InvalidPhrase):
        with lib.transaction():
            lib.add(make_phrase("stock", "临时", "ls"))
            lib.add(make_phrase("stock", "临时二", "ls"))
    assert index.search("/ls") == []


def test_restore_reloads_the_index(tmp_path):
    db = store.PhraseStore(tmp_path / "a.db", backup_dir=tmp_path / "b")
    db.add(make_phrase())
    saved = db.backup(tmp_path / "saved.db")
    index = search.SearchIndex.from_store(db)
    db.add(make_phrase("closing", "再见", "zj"))
    assert titles(index.search("zj")) == ["再见"]
    db.restore(saved)
    assert index.search("zj") == [] and titles(index.search("fh")) == ["发货时间"]
    db.close()


def test_limit(index):
    assert len(index.search("", limit=3)) == 3
    assert len(index.search("亲", limit=2)) == 2


def test_query_parsing():
    parsed = query.parse(" ＠物流　顺丰？ ")
    assert parsed.stage_words == ["物流"] and parsed.terms == ["顺丰"]
    assert query.parse("/FH").code_only == "fh"
    assert query.parse("fa huo").joined_latin() == "fahuo"
    assert query.parse("fa 货").joined_latin() == ""
    assert query.parse("ＡＢｃＤ３ 發貨").terms == ["abcd3", "发货"]
    assert query.parse("发\u200b货").terms == ["发货"]


def test_index_builds_from_phrases_without_a_store():
    phrase = models.Phrase(
        stage_id="greeting",
        title="欢迎语",
        body="亲,您好",
        code="hy",
        id=1,
        title_py="huan ying yu",
        title_ini="hyy",
    )
    index = search.SearchIndex([phrase], [models.Stage("greeting", "开场问候", "Greeting", 10)], {})
    assert titles(index.search("huany")) == ["欢迎语"]


@pytest.mark.parametrize(
    "typed", ["发货时间", "fahuoshij", "亲非常", "顺丰加急", "退款进度留意", "ems到", "zzqx"]
)
def test_typing_keystroke_by_keystroke_gives_the_same_results_as_a_fresh_search(lib, typed):
    live = search.SearchIndex.from_store(lib)
    sequence = [typed[:i] for i in range(1, len(typed) + 1)] + [
        typed[:i] for i in range(len(typed) - 1, 0, -1)
    ]
    for text in sequence:
        fresh = search.SearchIndex.from_store(lib, follow=False)
        assert [(r.phrase.id, r.tier) for r in live.search(text)] == [
            (r.phrase.id, r.tier) for r in fresh.search(text)
        ], text


def test_punctuation_splits_a_buyer_message_into_terms(index):
    assert query.parse("在吗，快").terms == ["在吗", "快"]
    assert query.parse("在吗，快").message == "在吗快"
    assert query.parse("在吗 快").message == ""
    assert titles(index.search("什么时候，发货"))[0] == "发货时间"


def test_loading_leaves_the_garbage_collector_as_it_was(lib):
    import gc

    frozen = gc.get_freeze_count()
    assert gc.isenabled()
    search.SearchIndex.from_store(lib, follow=False)
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()
    try:
        search.SearchIndex.from_store(lib, follow=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_after_a_reset_the_index_keeps_following_the_store(tmp_path):
    db = store.PhraseStore(tmp_path / "a.db", backup_dir=tmp_path / "b")
    first = db.add(make_phrase())
    saved = db.backup(tmp_path / "saved.db")
    index = search.SearchIndex.from_store(db)
    db.add(make_phrase("closing", "再见", "zj"))
    db.restore(saved)  # the reset: a new library state
    assert len(index) == 1 and index.search("zj") == []
    db.add(make_phrase("closing", "下次再见", "xczj"))
    db.delete(first.id)
    assert titles(index.search("zj")) == ["下次再见"] and index.entry(first.id) is None
    db.close()


@pytest.mark.parametrize("typed", ["/发货", "/發貨", "、发货", "/ 发货", "／发货"])
def test_chinese_codes_as_seller_clients_allow_them(fresh_store, typed):
    """千牛 and 飞牛 codes may be Chinese: /发货 (or 、发货, as a Chinese input method types "/")
    finds the phrase coded 发货 first; a traditional or full-width spelling folds to it."""
    fresh_store.add(make_phrase("logistics", "催物流回复", "發貨", body="亲,已为您催促快递。"))
    fresh_store.add(make_phrase("shipping", "发货时间说明", "fhsj", body="亲,48小时内发货。"))
    assert sorted(p.code for p in fresh_store.phrases()) == ["fhsj", "发货"]
    first = search.SearchIndex.from_store(fresh_store).search(typed)[0]
    assert (first.phrase.title, first.tier) == ("催物流回复", search.Tier.CODE)


def test_digit_codes_find_their_phrase_in_code_mode(fresh_store):
    fresh_store.add(make_phrase("greeting", "欢迎语", "1", body="亲,欢迎光临。"))
    fresh_store.add(make_phrase("shipping", "发货时间", "12", body="亲,1天内发货。"))
    index = search.SearchIndex.from_store(fresh_store)
    assert [(r.phrase.code, r.tier) for r in index.search("/1")] == [
        ("1", search.Tier.CODE),
        ("12", search.Tier.PREFIX),
    ]
    assert [r.phrase.code for r in index.search("/12")] == ["12"]
