"""The linter through its public interface: rule files, matching on Chinese text, fixes, self-tests."""

import json
import textwrap

import pytest

from quickreply.core import defaults, lint, lintrules


@pytest.fixture(scope="module")
def linter():
    return lint.Linter.default()


def ids(findings):
    return [f.rule_id for f in findings]


def write_rules(tmp_path, body, name="shop.rules.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_the_issue_example_has_four_findings_with_suggestions(linter):
    text = "不好意思哦,这个价格不能便宜,但是可以送您赠品"
    findings = linter.lint(text)
    assert [(f.match, f.suggestions) for f in findings] == [
        ("不好意思", ["非常抱歉"]),
        ("哦", [""]),
        ("不能便宜", ["无法再低了"]),
        ("但是", ["只是"]),
    ]
    assert all(f.level == "error" for f in findings)
    fixed = linter.fix(text)
    assert fixed.text == "非常抱歉,这个价格无法再低了,只是可以送您赠品"
    assert fixed.remaining == [] and linter.lint(fixed.text) == []
    assert len(fixed.applied) == 4


def test_most_specific_match_in_a_group_wins(linter):
    assert [(f.rule_id, f.match) for f in linter.lint("这款不能便宜")] == [("svc.bu.swap", "不能便宜")]
    assert [(f.rule_id, f.match) for f in linter.lint("我不大清楚")] == [("svc.brushoff", "我不大清楚")]
    assert [(f.rule_id, f.match) for f in linter.lint("这款不会掉色")] == [("svc.bu.any", "不")]


def test_every_bu_is_flagged_even_in_common_words(linter):
    for text in ("这款口碑不错", "不客气", "不会掉色", "好不好"):
        assert any("不" in f.match for f in linter.lint(text)), text


def test_refusal_must_open_with_apology(linter):
    (finding,) = linter.lint("这个颜色无法再低了")
    assert finding.rule_id == "svc.refusal-prefix" and finding.match == "无法"
    assert (finding.edit_start, finding.edit_end) == (0, 0)
    assert linter.fix("这个颜色无法再低了").text == "非常抱歉，这个颜色无法再低了"
    assert linter.fix("亲，这款暂时没有现货").text == "亲，非常抱歉，这款暂时没有现货"
    assert linter.lint("亲，非常抱歉，这款已经售罄") == []
    assert linter.lint("您好！非常抱歉，无法改地址") == []


def test_swap_that_needs_the_apology_gets_it_in_a_second_pass(linter):
    result = linter.fix("这样不行")
    assert result.text == "非常抱歉，这样无法帮到您" and result.remaining == []


def test_phone_channel_forbids_salutations(linter):
    assert ids(linter.lint("亲,您好", channel="phone")) == ["phone.address"]
    assert linter.lint("亲,您好", channel="chat") == []
    assert linter.lint("我亲自帮您查", channel="phone") == []
    with pytest.raises(ValueError):
        linter.lint("亲", channel="email")


def test_offsets_point_into_the_original_text(linter):
    text = "ＯＫ，不好意思～哦"
    for finding in linter.lint(text):
        assert text[finding.start : finding.end] == finding.match
    (swap,) = [f for f in linter.lint("不~好意思") if f.rule_id == "svc.bu.swap"]
    assert swap.match == "不~好意思"


def test_traditional_and_full_width_are_folded(linter):
    findings = linter.lint("不好意思，這個價格不能便宜，但是")
    assert [f.match for f in findings] == ["不好意思", "不能便宜", "但是"]
    assert ids(linter.lint("收到啦Ｏ(∩_∩)Ｏ")) == ["svc.emoticon"]


def test_particles_are_removed_but_words_containing_them_are_allowed(linter):
    assert linter.fix("好的哦").text == "好的"
    assert linter.lint("订单金额已经改好了") == []
    assert ids(linter.lint("额,这个")) == ["svc.particles"]


def test_bare_zhidao_is_a_brushoff(linter):
    assert ids(linter.lint("知道了")) == ["svc.zhidao"]
    assert linter.lint("好的,我知道您的意思了,马上为您处理") == []


def test_fix_never_creates_a_finding_from_joined_halves(linter):
    result = linter.fix("但哦是")
    assert linter.lint(result.text) == result.remaining
    assert not [
        f for f in result.remaining if f.rule_id == "svc.danshi" and f.match == "但是" and not f.fixable
    ]


def test_fix_leaves_multi_choice_suggestions_to_the_agent(linter):
    result = linter.fix("不客气")
    assert result.text == "不客气"
    assert [(f.match, f.suggestions) for f in result.remaining] == [("不客气", ["应该的", "您太客气了"])]


def test_ad_law_rules_are_off_by_default(linter):
    assert linter.lint("这是全网最低价") == []
    with_ad_law = lint.Linter.default(ad_law=True)
    assert {f.match for f in with_ad_law.lint("这是全网最低价")} == {"全网", "最"}
    assert all(f.level == "warning" for f in with_ad_law.lint("绝对正品"))
    assert with_ad_law.lint("我会第一时间为您处理") == []


def test_default_library_is_lint_clean(linter):
    pack_path = defaults.default_pack_path()
    pack = json.loads(pack_path.read_text(encoding="utf-8"))
    offenders = {p["code"]: [f.match for f in linter.lint(p["body"])] for p in pack["phrases"]}
    assert {code: found for code, found in offenders.items() if found} == {}
    ad_law = lint.Linter.default(ad_law=True)
    assert [p["code"] for p in pack["phrases"] if ad_law.lint(p["body"])] == []


def test_shipped_rules_pass_their_self_tests(linter):
    outcomes = lint.Linter.default(ad_law=True).self_test()
    assert {o.rule_id: o.failures for o in outcomes if o.failures} == {}
    assert all(o.cases >= 2 for o in outcomes)


# -- rule files ---------------------------------------------------------------------------------------


def test_shop_file_layers_over_the_default_with_allow_and_ignore(tmp_path):
    path = write_rules(
        tmp_path,
        """
        version = 1
        imports = [{ path = "builtin:service-standard.rules.toml", ignore_rules = ["svc.emoticon"] }]
        allow = ["不错"]

        [[rule]]
        id = "shop.competitor"
        kind = "existence"
        level = "warning"
        message = "请勿提及竞品「{match}」"
        patterns = ["某宝同款"]
        tests.bad = ["这是某宝同款"]
        tests.good = ["这是本店款"]
        """,
    )
    shop = lint.Linter.load([path])
    assert shop.lint("这款口碑不错") == []
    assert ids(shop.lint("这款不会掉色")) == ["svc.bu.any"]
    assert shop.lint("您放心拍o(∩_∩)o") == []
    assert ids(shop.lint("这是某宝同款")) == ["shop.competitor"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'version = 1\n[[rule]]\nid = "a"\nkind = "existence"\nmessage = "m"\npatterns = ["x"]\ncolour = 1\n',
            ["shop.rules.toml", "规则 a", "colour"],
        ),
        (
            'version = 1\n[[rule]]\nid = "a"\nkind = "existence"\nmessage = "m"\nregex = true\npatterns = ["(x"]\n',
            ["规则 a", "patterns", "正则"],
        ),
        (
            'version = 1\n[[rule]]\nid = "a"\nkind = "existence"\nmessage = "m"\npatterns = ["x"]\n'
            '[[rule]]\nid = "a"\nkind = "existence"\nmessage = "m"\npatterns = ["y"]\n',
            ["规则 a", "重复"],
        ),
        (
            'version = 1\n[[rule]]\nid = "a"\nkind = "shout"\nmessage = "m"\npatterns = ["x"]\n',
            ["规则 a", "kind"],
        ),
        (
            'version = 1\n[[rule]]\nid = "a"\nkind = "existence"\nlevel = "fatal"\nmessage = "m"\npatterns = ["x"]\n',
            ["规则 a", "level"],
        ),
        ('version = 1\n[[rule]]\nid = "a"\nkind = "substitution"\nmessage = "m"\n', ["规则 a", "swap"]),
        (
            'version = 1\n[[rule]]\nid = "a"\nkind = "existence"\nmessage = "{oops}"\npatterns = ["x"]\n',
            ["规则 a", "message"],
        ),
        ('version = 1\n[[rule]]\nkind = "existence"\nmessage = "m"\npatterns = ["x"]\n', ["缺少 id"]),
        ("version = 1\n[[rule]\n", ["TOML"]),
        ('version = 1\nimports = [{ path = "missing.toml" }]\n', ["missing.toml"]),
        (
            'version = 1\nimports = [{ path = "builtin:service-standard.rules.toml", ignore_rules = ["nope"] }]\n',
            ["ignore_rules", "nope"],
        ),
        (
            'version = 1\n[[rule]]\nid = "a"\nkind = "existence"\nmessage = "m"\npatterns = ["x"]\nchannels = ["fax"]\n',
            ["规则 a", "channels"],
        ),
    ],
)
def test_bad_rule_files_name_file_rule_and_key(tmp_path, body, expected):
    path = write_rules(tmp_path, body)
    with pytest.raises(lintrules.RuleError) as caught:
        lint.Linter.load([path])
    for part in expected:
        assert part in str(caught.value)


def test_failing_examples_and_bad_suggestions_fail_to_load(tmp_path):
    not_triggered = write_rules(
        tmp_path,
        """
        version = 1
        [[rule]]
        id = "a"
        kind = "existence"
        message = "m"
        patterns = ["但是"]
        tests.bad = ["没有转折"]
        tests.good = ["但是"]
        """,
    )
    with pytest.raises(lintrules.RuleError) as caught:
        lint.Linter.load([not_triggered])
    assert "没有转折" in str(caught.value) and "误报" in str(caught.value)
    breaking = write_rules(
        tmp_path,
        """
        version = 1
        imports = [{ path = "builtin:service-standard.rules.toml" }]
        [[rule]]
        id = "shop.but"
        kind = "substitution"
        message = "m"
        swap = { "可是呢" = ["不过"] }
        """,
        name="breaking.rules.toml",
    )
    with pytest.raises(lintrules.RuleError, match="建议「不过」本身违反规则 svc.bu.any"):
        lint.Linter.load([breaking])
    assert any(o.failures for o in lint.Linter.load([breaking], check=False).self_test())


def test_large_dictionary_rule(tmp_path):
    words = [f"词{i:05d}" for i in range(10000)]
    path = write_rules(
        tmp_path,
        f"""
        version = 1
        [[rule]]
        id = "dict"
        kind = "existence"
        level = "warning"
        message = "敏感词「{{match}}」"
        patterns = {json.dumps(words, ensure_ascii=False)}
        """,
    )
    linter = lint.Linter.load([path])
    assert [f.match for f in linter.lint("前面词09999后面词00001")] == ["词09999", "词00001"]


def test_padding_characters_are_skipped_however_they_were_first_seen():
    fresh = lint.Linter.default()
    fresh.folder.fold_pattern("~*")  # characters met first in a pattern, then in a text
    (finding,) = fresh.lint("~*不")
    assert (finding.start, finding.end, finding.match) == (2, 3, "不")


INVISIBLE = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202e",
    "\u2060",
    "\u2064",
    "\ufeff",
]


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_invisible_format_characters_do_not_hide_a_banned_word(linter, invisible):
    text = f"亲，但{invisible}是没货了"
    found = [f for f in linter.lint(text) if f.match.startswith("但")]
    assert [(f.start, f.end, f.match) for f in found] == [(2, 5, f"但{invisible}是")]
    assert found[0].level == "error"
    assert "但" not in linter.fix(text).text


def test_the_folder_drops_invisible_characters_and_maps_offsets_back():
    from quickreply.core import textnorm

    folded, origin = textnorm.Folder().fold("不\u200b好\u202e意\ufeff思")
    assert folded == "不好意思" and list(origin) == [0, 2, 4, 6]
