"""Labelled queries against the default library: does the reply the agent means come first?

Each case names the intended phrase by its shortcut code. Required (issue 3): rank 1 for at least
90 % of the cases and top 3 for all of them, with no usage history.
"""

import pytest

from quickreply.core import defaults, search

CASES = [
    # Chinese
    ("发货", "fh"),
    ("什么时候发货", "fh"),
    ("几点截单", "jd"),
    ("催发货", "cf"),
    ("已发货", "yfh"),
    ("默认快递", "mr"),
    ("查物流", "cwl"),
    ("顺丰", "sf"),
    ("改地址", "gdz"),
    ("退款", "tk"),
    ("退货地址", "thdz"),
    ("七天无理由", "qt"),
    ("换货", "hh"),
    ("发错了", "fc"),
    ("破损", "ps"),
    ("正品", "zpbz"),
    ("色差", "sc"),
    ("材质", "cz"),
    ("面料", "cz"),
    ("包邮", "by"),
    ("优惠券", "yhq"),
    ("便宜", "wfyh"),
    ("缺货", "qh"),
    ("补货", "bh"),
    ("欢迎", "hy"),
    ("好评", "hp"),
    ("差评", "cp"),
    ("主管", "zg"),
    ("预售", "ysh"),
    ("再见", "zj2"),
    ("尺码", "cm"),
    # buyer messages (typed or pasted)
    ("这个什么时候发货呀", "fh"),
    ("单号多少", "yfh"),
    ("发什么快递", "mr"),
    ("能改地址吗", "gdz"),
    ("退款什么时候到", "tk"),
    ("寄到哪里", "thdz"),
    ("能退货吗", "qt"),
    ("东西坏了", "ps"),
    ("是正品吗", "zpbz"),
    ("有色差吗", "sc"),
    ("选哪个尺码", "cmjy"),
    ("多少钱包邮", "by"),
    ("能便宜点吗", "wfyh"),
    ("有现货吗", "xh"),
    ("什么时候补货", "bh"),
    ("在吗", "hy"),
    ("叫你们主管来", "zg"),
    ("拜拜", "zj2"),
    # full pinyin, with and without spaces, and mixed
    ("fahuo", "fh"),
    ("fa huo", "fh"),
    ("fa货", "fh"),
    ("jiedan", "jd"),
    ("cuifahuo", "cf"),
    ("chawuliu", "cwl"),
    ("tuikuan", "tk"),
    ("sechai", "sc"),
    ("baoyou", "by"),
    ("yushou", "ysh"),
    # initials and codes
    ("fh", "fh"),
    ("tk", "tk"),
    ("cwl", "cwl"),
    ("thdz", "thdz"),
    ("zpbz", "zpbz"),
    ("kd", "mr"),
    ("/fh", "fh"),
    ("/tk", "tk"),
    ("/yhq", "yhq"),
    # stage filters
    ("@物流 顺丰", "sf"),
    ("@售后 运费", "tyf"),
    ("@wl 改地址", "gdz"),
    ("@议价 包邮", "by"),
    # typos (3+ Latin letters)
    ("fahou", "fh"),
    ("tuikaun", "tk"),
    ("sehcha", "sc"),
    ("zhengpni", "zpbz"),
    ("baoyuo", "by"),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    db = defaults.open_library(tmp_path_factory.mktemp("quality") / "q.db")
    yield search.SearchIndex.from_store(db)
    db.close()


def _rank(index, query, code):
    codes = [r.phrase.code for r in index.search(query, limit=10)]
    return codes.index(code) + 1 if code in codes else None


def test_enough_labelled_cases():
    assert len(CASES) >= 40
    assert len({q for q, _ in CASES}) == len(CASES)


def test_intended_phrase_first_for_90_percent_and_top3_for_all(index):
    ranks = {(q, code): _rank(index, q, code) for q, code in CASES}
    outside_top3 = {case: rank for case, rank in ranks.items() if rank is None or rank > 3}
    assert outside_top3 == {}
    first = sum(1 for rank in ranks.values() if rank == 1)
    assert first / len(CASES) >= 0.9, {case: rank for case, rank in ranks.items() if rank != 1}


def test_a_bare_complaint_is_answered_but_not_certain(index):
    # 我要投诉 says nothing of what went wrong: five complaint replies fit about equally (issue 16's
    # ranker scores them within 5 % of each other), so it stays a guess, with 道歉安抚 among them
    results = index.search("我要投诉", limit=10)
    assert "dq" in [r.phrase.code for r in results[:5]]
    assert not results[0].certain


@pytest.mark.parametrize("query", ["fh", "fahuo", "发货", "/fh"])
def test_shipping_time_first_on_a_fresh_store(index, query):
    top = index.search(query)[0].phrase
    assert (top.code, top.title) == ("fh", "发货时间")


def test_using_a_phrase_lifts_it_to_first_for_an_ambiguous_query(tmp_path):
    db = defaults.open_library(tmp_path / "usage.db")
    index = search.SearchIndex.from_store(db)
    before = [r.phrase.code for r in index.search("尺码")]
    assert before[0] == "cm" and "cmjy" in before[1:3]
    advice = db.find_by_code("cmjy")[0]
    for _ in range(3):
        db.record_use(advice.id, query="尺码")
    assert index.search("尺码")[0].phrase.code == "cmjy"
    assert search.SearchIndex.from_store(db).search("尺码")[0].phrase.code == "cmjy"
    db.close()
