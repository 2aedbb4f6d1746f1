"""The shipped service standard's content (issue 18): fixes a trainer would sign, and the common
exceptions a shop can tick. Examples are our own wording."""

import re
import tomllib

import pytest

from quickreply.core import lint, resources

CHANNELS = ("chat", "phone")


@pytest.fixture(scope="module")
def linter():
    return lint.Linter.default()


def fixed(linter, text, channel="chat"):
    return linter.fix(text, channel).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("顺丰快但是贵一点", "顺丰快只是贵一点"),  # the contrast survives (同时 said the opposite)
        ("非常抱歉,这款不能便宜了", "非常抱歉,这款无法再低了"),  # no 无法再低了了
        ("嗯嗯好的,马上为您改", "好的,马上为您改"),  # the whole run goes, no half left
        ("哦哦哦,收到", "收到"),
        ("恩恩好的", "好的"),
        ("你好,你的包裹已经发出了", "您好,您的包裹已经发出了"),
        ("亲，这款目前没有库存了，您看看别的款", "亲，非常抱歉，这款目前没有库存了，您看看别的款"),
        ("您不用担心,已经为您加急了", "您无需担心,已经为您加急了"),
        ("不知道。", "我帮您确认一下。"),
    ],
)
def test_automatic_fixes_read_as_a_trainer_would_write_them(linter, text, expected):
    assert fixed(linter, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "这个客服也不知道",  # 我帮您确认一下 only replaces a whole clause
        "不知道您要哪个颜色呢",
        "不用的,拍两件就行",  # 无需的 is not Chinese
        "这个价格不行",
        "有问题您直接找快递",
        "这是仓库的责任",
        "跟我们客服没关系",
    ],
)
def test_context_dependent_findings_are_reported_but_left_to_the_agent(linter, text):
    findings = [f for f in linter.lint(text) if f.level == "error"]
    assert findings and not any(f.fixable for f in findings if f.rule_id != "svc.address"), findings
    assert fixed(linter, text) == text


@pytest.mark.parametrize(
    "text",
    [
        "订单金额已经改好了",
        "额度已经恢复了",
        "感恩您一直以来的支持",
        "这款没有色差,请放心",
        "没有问题的话再确认收货",
        "这款没有额外费用",
        "这款是迷你款",
        "这可是正品,请放心",
        "我会第一时间为您处理",
        "没关系的,您慢慢选",
        "您的问题我已经记下了",
    ],
)
def test_good_news_and_words_that_only_contain_a_banned_character_pass(linter, text):
    assert linter.lint(text) == []


def test_on_the_phone_qinzi_is_not_the_address_qin(linter):
    assert linter.lint("您好,我亲自帮您查询", channel="phone") == []
    assert [f.rule_id for f in linter.lint("亲,您好", channel="phone")] == ["phone.address"]


def test_first_time_is_only_an_advertising_law_word():
    with_ad_law = lint.Linter.default(ad_law=True)
    assert with_ad_law.lint("我会第一时间为您处理") == []
    assert {f.rule_id for f in with_ad_law.lint("全网第一")} == {"adlaw.extreme"}


# -- common exceptions -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def exceptions():
    data = tomllib.loads(resources.path("rules", "common-exceptions.toml").read_text(encoding="utf-8"))
    assert data["version"] == 1 and set(data) == {"version", "exception"}
    return data["exception"]


def test_exceptions_file_format(exceptions):
    assert 5 <= len(exceptions) <= 8
    ids = [e["id"] for e in exceptions]
    assert len(set(ids)) == len(ids)
    for item in exceptions:
        assert set(item) <= {"id", "label", "description", "words", "example"}, item
        assert re.fullmatch(r"[a-z][a-z0-9-]*", item["id"])
        assert re.search(r"[\u4e00-\u9fff]", item["label"])
        assert item["words"] and all(isinstance(w, str) and w for w in item["words"])


def test_each_exception_lets_its_example_through(exceptions, linter):
    for item in exceptions:
        text = item["example"]
        assert any(linter.lint(text, ch) for ch in CHANNELS), item["id"]  # flagged by default
        allowing = lint.Linter.default(allow=item["words"], check=False)
        assert all(allowing.lint(text, ch) == [] for ch in CHANNELS), item["id"]
