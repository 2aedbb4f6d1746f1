"""Fixes a trainer would sign: the tidy after a removal or swap, swaps that know where they are safe,
invisible characters, and a property over random replies. A small rules file of its own keeps
these tests apart from the shipped wording (which its own owner revises)."""

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quickreply.core import lint, lint_fix, lintrules

RULES = """
version = 1

[normalize]
skip_chars = "~"

[[rule]]
id = "t.bu.swap"
group = "t.bu"
kind = "substitution"
message = "请把「{match}」改为「{fix}」"
swap = { "不好意思" = ["非常抱歉"], "不能便宜" = ["无法再低了"], "不知道" = ["我帮您确认一下"], "不清楚" = ["我帮您确认一下"], "不用" = ["无需"], "不要" = ["请勿", "无需"] }
clause_start = ["不知道", "不清楚"]
not_before = { "不用" = ["的", "了", "啦", "啊", "$"] }
tests.bad = [{ text = "亲，不知道，我帮您问问", fixed = "亲，我帮您确认一下，我帮您问问" }, "我也不知道"]

[[rule]]
id = "t.bu.any"
group = "t.bu"
kind = "existence"
message = "不要用「不」"
patterns = ["不"]

[[rule]]
id = "t.particles"
kind = "existence"
message = "请删除语气词「{match}」"
patterns = ["哦", "嗯", "额"]
fix = "remove"
allow = ["金额", "额度"]
tests.bad = [{ text = "嗯，已经发出了", fixed = "已经发出了" }, { text = "好的哦，马上发", fixed = "好的，马上发" }]
"""


def write(tmp_path, body, name="t.rules.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def linter(tmp_path_factory):
    return lint.Linter.load([write(tmp_path_factory.mktemp("rules"), RULES)])


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("嗯，是一起发的", "是一起发的"),
        ("好的哦，马上发", "好的，马上发"),
        ("亲，嗯，这款有货", "亲，这款有货"),
        ("亲嗯，这款有货", "亲，这款有货"),
        ("好的,嗯,马上发", "好的,马上发"),
        ("好的，嗯,马上发", "好的，马上发"),
        ("好的，哦。", "好的。"),
        ("好的。嗯，明天到", "好的。明天到"),
        ("好的。哦。", "好的。"),
        ("好的，哦", "好的"),
        ("这款不能便宜了", "这款无法再低了"),
        ("好的哦的", "好的"),
        ("这款不能便宜了吧", "这款无法再低了吧"),
        ("好的哦的确有货", "好的的确有货"),
        ("好了哦了解", "好了了解"),
        ("不能便宜了明天到", "无法再低了明天到"),
        ("额额", ""),
        ("嗯。", ""),
        ("嗯 ，好的", "好的"),
        ("好的，，哦。", "好的。"),
        ("好的！哦？", "好的！"),
        ("好的， 哦，马上发", "好的， 马上发"),
        ("订单金额已改好", "订单金额已改好"),
    ],
)
def test_a_fix_leaves_text_that_reads(linter, text, fixed):
    assert linter.fix(text).text == fixed


def test_one_suggestion_applied_alone_is_tidied_like_fix_all(linter):
    text = "亲，嗯，这款有货"
    (finding,) = linter.lint(text)
    assert linter.apply(text, finding) == "亲，这款有货"
    (swap,) = linter.lint("这款不能便宜了")
    assert linter.apply("这款不能便宜了", swap) == "这款无法再低了"
    choice = next(f for f in linter.lint("不要着急") if f.rule_id == "t.bu.swap")
    assert linter.apply("不要着急", choice, "无需") == "无需着急"
    with pytest.raises(ValueError):
        linter.apply("这个也不知道", linter.lint("这个也不知道")[0])


def test_changed_names_the_one_stretch_that_differs():
    assert lint_fix.changed("亲，嗯，这款有货", "亲，这款有货") == (2, 4, "")
    assert lint_fix.changed("abc", "abc") == (3, 3, "")


@pytest.mark.parametrize(
    "text", ["不知道，稍等", "亲，不知道", "您好不清楚呢", "亲亲 不清楚", "好的。不知道"]
)
def test_clause_start_swap_is_automatic_where_a_clause_opens(linter, text):
    (finding,) = linter.lint(text)
    assert finding.suggestions == ["我帮您确认一下"] and finding.fixable


@pytest.mark.parametrize("text", ["这个客服也不知道", "我也不清楚"])
def test_clause_start_swap_after_a_subject_is_left_to_a_person(linter, text):
    (finding,) = linter.lint(text)
    assert finding.rule_id == "t.bu.swap" and finding.suggestions == [] and not finding.fixable
    assert "我帮您确认一下" in finding.message  # the message still says what a trainer would write
    result = linter.fix(text)
    assert result.text == text and result.remaining == [finding]


@pytest.mark.parametrize("text", ["不用的话可以退", "不用了", "不用啦", "好的，不用。", "不用"])
def test_not_before_keeps_a_swap_away_from_what_follows(linter, text):
    (finding,) = linter.lint(text)
    assert finding.match == "不用" and finding.suggestions == []


def test_a_swap_is_automatic_where_its_context_allows(linter):
    assert linter.fix("不用担心，明天到").text == "无需担心，明天到"
    (finding,) = [f for f in linter.lint("不要着急") if f.rule_id == "t.bu.swap"]
    assert finding.suggestions == ["请勿", "无需"] and not finding.fixable  # several: a person chooses


def test_self_test_expects_the_tidied_text(tmp_path):
    lint.Linter.load([write(tmp_path, RULES)])  # its fixed texts are tidy: loading checks them
    wrong = RULES.replace('fixed = "已经发出了"', 'fixed = "已经发出了了"')
    with pytest.raises(lintrules.RuleError, match="已经发出了了"):
        lint.Linter.load([write(tmp_path, wrong, "wrong.rules.toml")])


@pytest.mark.parametrize(
    ("extra", "key"),
    [
        ('clause_start = ["不行"]', "clause_start"),
        ('clause_start = "不知道"', "clause_start"),
        ('not_before = { "不用" = "的" }', "not_before"),
        ('not_after = { "不用" = [""] }', "not_after"),
    ],
)
def test_context_keys_are_checked_on_load(tmp_path, extra, key):
    body = RULES.replace('clause_start = ["不知道", "不清楚"]\nnot_before', extra + "\nnot_before")
    if key != "clause_start":
        body = RULES.replace('not_before = { "不用" = ["的", "了", "啦", "啊", "$"] }', extra)
    with pytest.raises(lintrules.RuleError, match=key):
        lintrules.load(write(tmp_path, body))


def test_context_keys_do_not_belong_to_prefix_rules(tmp_path):
    body = """
    [[rule]]
    id = "p"
    kind = "require_prefix"
    message = "m"
    prefix = "非常抱歉"
    when = ["无法"]
    clause_start = true
    """
    with pytest.raises(lintrules.RuleError, match="clause_start"):
        lintrules.load(write(tmp_path, body))


def test_a_plain_list_applies_to_every_pattern(tmp_path):
    body = RULES.replace('not_before = { "不用" = ["的", "了", "啦", "啊", "$"] }', 'not_after = ["也"]')
    checker = lint.Linter.load([write(tmp_path, body)], check=False)
    assert checker.lint("也不用")[0].suggestions == [] and checker.lint("不用")[0].suggestions == ["无需"]


# -- invisible characters ----------------------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u202a"]


@pytest.mark.parametrize("mark", INVISIBLE)
def test_an_invisible_character_does_not_hide_a_banned_word(linter, mark):
    text = f"不{mark}好意思，已经售罄"
    (finding,) = linter.lint(text)
    assert finding.match == f"不{mark}好意思" and finding.suggestions == ["非常抱歉"]
    assert linter.fix(text).text == "非常抱歉，已经售罄"


@pytest.mark.parametrize("mark", INVISIBLE)
def test_a_removal_takes_the_invisible_characters_at_its_edges(linter, mark):
    assert linter.fix(f"好的{mark}哦{mark}，马上发").text == "好的，马上发"
    assert linter.fix(f"嗯{mark}，是一起发的").text == "是一起发的"
    assert linter.fix(f"这款{mark}有货").text == f"这款{mark}有货"  # nothing to fix: left alone


def test_shipped_rules_keep_their_judgement():
    shipped = lint.Linter.default()
    assert shipped.lint("订单金额和额度都已经改好了") == []
    assert shipped.lint("您好，我亲自帮您查询", channel="phone") == []
    assert shipped.fix("嗯\u200b，已经发出了").text == "已经发出了"


# -- property ----------------------------------------------------------------------------------------

REMOVABLE = ["哦", "嗯", "额"]
SWAPS = ["不能便宜", "不好意思", "不用", "不知道"]
PARTICLES = ["了", "的", "呢", "啦"]
MARKS = ["，", ",", "。", "！", "、", "？", "；", " ", "\u200b"]
CLAUSES = ["这款有货", "马上发", "明天到", "好的", "亲", "已经备注", "我帮您看看", "订单金额"]
DOUBLED = re.compile(r"[，,、][，,、]|[，,][。.！!？?]|了了|的的|呢呢|啦啦")

pieces = st.sampled_from(REMOVABLE + SWAPS + PARTICLES + MARKS + CLAUSES)
openings = st.sampled_from(REMOVABLE + SWAPS + CLAUSES)


@settings(max_examples=400, deadline=None)
@given(first=openings, rest=st.lists(pieces, max_size=8))
def test_a_fixed_reply_reads_cleanly(linter, first, rest):
    text = first + "".join(rest)
    fixed = linter.fix(text).text
    assert not fixed or not re.match(r"[\s，,、。.！!？?；;：:]", fixed), (text, fixed)
    new = set(DOUBLED.findall(fixed)) - set(DOUBLED.findall(text))
    assert not new, (text, fixed)
    ends_on_comma = re.compile(r"[，,、；;：:]\s*$")
    assert not ends_on_comma.search(fixed) or ends_on_comma.search(text), (text, fixed)
    substance = re.sub("|".join(REMOVABLE + [re.escape(m) for m in MARKS]), "", text)
    assert fixed or not substance, (text, fixed)
