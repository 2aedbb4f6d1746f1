"""Properties of the linter over generated text (hypothesis)."""

import collections

from hypothesis import given, settings
from hypothesis import strategies as st

from quickreply.core import lint

LINTER = lint.Linter.default(ad_law=True)

# Pieces that make rules fire, overlap and interact, mixed with arbitrary Unicode.
PIECES = [
    "不",
    "好意思",
    "不好意思",
    "哦",
    "嗯",
    "额",
    "金额",
    "但",
    "是",
    "但是",
    "能",
    "便宜",
    "不能便宜",
    "无法",
    "非常抱歉",
    "亲",
    "，",
    "。",
    "~",
    "～",
    "知道",
    "了",
    "我",
    "不大清楚",
    "自己选吧",
    "喂",
    "最",
    "全网",
    "o(∩_∩)o",
    "Ｏ",
    "這個",
    "價格",
    "不會",
    " ",
    "\n",
    "\u3000",
    "😀",
    "(^_^)",
    "\x00",
    "\u200b",
    "ﾟ",
]
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=12).map("".join)


def keys(findings):
    return collections.Counter((f.rule_id, LINTER.folder.fold(f.match)[0]) for f in findings)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["chat", "phone"]))
def test_offsets_always_index_the_original_text(text, channel):
    for finding in LINTER.lint(text, channel):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.match
        assert 0 <= finding.edit_start <= finding.edit_end <= len(text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["chat", "phone"]))
def test_fixing_never_introduces_a_new_finding(text, channel):
    before = LINTER.lint(text, channel)
    result = LINTER.fix(text, channel)
    assert LINTER.lint(result.text, channel) == result.remaining
    assert keys(result.remaining) - keys(before) == collections.Counter()


@settings(max_examples=300, deadline=None)
@given(st.text(), st.sampled_from(["chat", "phone"]))
def test_linting_arbitrary_unicode_never_raises(text, channel):
    LINTER.lint(text, channel)
    LINTER.fix(text, channel)


def test_kaomoji_and_control_characters():
    for text in [
        "您好o(∩_∩)o~~",
        "\x00\x01\x1b[31m不",
        "😀😀不好意思😀",
        "（＾▽＾）",
        "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    ]:
        for finding in LINTER.lint(text):
            assert text[finding.start : finding.end] == finding.match


PAUSES = "，,、；;：:"


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["chat", "phone"]))
def test_a_fix_never_leaves_an_opening_comma_the_text_did_not_have(text, channel):
    fixed = LINTER.fix(text, channel).text
    if fixed != text and fixed.lstrip()[:1] in set(PAUSES):
        assert text.lstrip()[:1] in set(PAUSES), (text, fixed)
    assert fixed or not text.strip() or LINTER.lint(text, channel), text  # empty only when all was banned


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["chat", "phone"]))
def test_applying_the_first_fixable_finding_alone_matches_its_splice_and_tidy(text, channel):
    fixable = [f for f in LINTER.lint(text, channel) if f.fixable]
    if fixable:
        applied = LINTER.apply(text, fixable[0])
        assert applied == LINTER.apply(text, fixable[0], fixable[0].suggestions[0])
        assert len(applied) <= len(text) + max(len(s) for f in fixable for s in f.suggestions)
