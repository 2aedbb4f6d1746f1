"""The linter's fast paths (where patterns may begin, found by one scan; answers remembered) find
exactly what a plain walk over every character finds, over real replies and generated ones."""

import random

import pytest

from quickreply.core import defaults, lint, lintrules
from quickreply.core.packs import jsonpack
from tests.core.test_lint_properties import PIECES


class PlainLinter(lint.Linter):
    """The linter as it was before the fast paths: every position looked up, nothing remembered."""

    def lint(self, text, channel="chat", kinds=lintrules.KINDS):
        return self._lint(text, channel, kinds)

    def _candidates(self, matcher, folded):
        size = len(folded)
        for i, ch in enumerate(folded):
            for length in matcher.lengths.get(ch, ()):
                if i + length <= size:
                    for rule, pattern in matcher.table.get(folded[i : i + length], ()):
                        yield lint._Candidate(i, i + length, rule, pattern)
        for rule, pattern, compiled in matcher.regexes:
            for m in compiled.finditer(folded):
                if m.end() > m.start():
                    yield lint._Candidate(m.start(), m.end(), rule, pattern)


def texts() -> list[str]:
    """The default library's replies and questions, and 400 generated from the rules' own pieces
    mixed with full-width, traditional, invisible and skipped characters."""
    pack = jsonpack.read(defaults.default_pack_path())
    found = [p.body for p in pack.phrases] + [q for p in pack.phrases for q in p.questions]
    rng = random.Random(17)
    extra = [*PIECES, "亲", "您好", "，", "~", "·", "\u200b", "發貨", "ＯＫ", "最好", "第一", "绝对", "抱歉"]
    found += ["".join(rng.choice(extra) for _ in range(rng.randint(0, 15))) for _ in range(400)]
    return found


@pytest.mark.parametrize("ad_law", [False, True])
def test_fast_and_plain_paths_find_the_same(ad_law):
    fast, plain = lint.Linter.default(ad_law=ad_law), PlainLinter.default(ad_law=ad_law)
    every = texts()
    assert len(every) > 500
    for text in every:
        for channel in lintrules.CHANNELS:
            expected = plain.lint(text, channel)
            assert fast.lint(text, channel) == expected, text
            assert fast.lint(text, channel) == expected, text  # remembered: the same answer
            assert fast.lint(text, channel, kinds=("substitution",)) == plain.lint(
                text, channel, ("substitution",)
            )
    for text in every[::7]:
        assert fast.fix(text) == plain.fix(text)


def test_a_remembered_answer_is_each_callers_own():
    linter = lint.Linter.default()
    first = linter.lint("亲，不好意思哦")
    assert first
    first[0].suggestions.append("乱改")
    first[0].message = "乱改"
    again = linter.lint("亲，不好意思哦")
    assert "乱改" not in again[0].suggestions and again[0].message != "乱改"


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(lint, "CACHE_SIZE", 3)
    linter = lint.Linter.default()
    for n in range(10):
        assert linter.lint(f"亲，第{n}条不好意思") == PlainLinter.default().lint(f"亲，第{n}条不好意思")
    assert len(linter._found) == 3


def test_allow_words_set_aside_for_the_self_test_are_not_answered_from_memory():
    linter = lint.Linter.default(allow=["不好意思"])
    assert linter.lint("不好意思哦") == PlainLinter.default(allow=["不好意思"]).lint("不好意思哦")
    linter.self_test()  # runs with the shop's allow words set aside, then puts them back
    assert linter.lint("不好意思哦") == PlainLinter.default(allow=["不好意思"]).lint("不好意思哦")
