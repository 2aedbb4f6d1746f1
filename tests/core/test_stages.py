import pytest

from quickreply.core import stages


def test_ten_canonical_stages_in_conversation_order():
    assert stages.canonical_ids() == [
        "greeting",
        "stock",
        "shipping",
        "logistics",
        "bargaining",
        "quality",
        "after_sales",
        "closing",
        "reviews",
        "complaints",
    ]
    positions = [s.position for s in stages.CANONICAL]
    assert positions == sorted(positions)


def test_every_stage_has_chinese_and_english_names():
    names = {s.id: (s.name_zh, s.name_en) for s in stages.CANONICAL}
    assert names["greeting"][0] == "开场问候"
    assert names["after_sales"] == ("售后退换", "After-sales")
    assert all(zh and en for zh, en in names.values())


def test_trainer_headings_resolve_to_stages():
    expected = {
        "开场白": "greeting",
        "欢迎语": "greeting",
        "是否有货": "stock",
        "缺货": "stock",
        "什么时候发货": "shipping",
        "发什么快递": "logistics",
        "到货": "logistics",
        "催付": "bargaining",
        "讲价": "bargaining",
        "还价": "bargaining",
        "砍价": "bargaining",
        "正品": "quality",
        "色差": "quality",
        "退货": "after_sales",
        "换货": "after_sales",
        "退款": "after_sales",
        "物流问题": "logistics",
        "查物流": "logistics",
        "结束语": "closing",
        "回评": "reviews",
        "中差评": "reviews",
        "投诉": "complaints",
    }
    for heading, stage_id in expected.items():
        assert stages.resolve(heading) == stage_id, heading


def test_resolve_folds_case_width_and_spaces():
    assert stages.resolve("After Sales") == "after_sales"
    assert stages.resolve("ＧＲＥＥＴＩＮＧ") == "greeting"
    assert stages.resolve(" 议价 ") == "bargaining"
    assert stages.resolve("售后退换") == "after_sales"


def test_resolve_folds_traditional_and_invisible_characters():
    assert stages.resolve("發貨") == "shipping"
    assert stages.resolve("售後") == "after_sales"
    assert stages.resolve("物\u200b流") == "logistics"
    assert stages.fold("Ｆａ Huo\u00ad") == "fahuo"


def test_unknown_heading_resolves_to_none():
    assert stages.resolve("新品上架") is None
    assert stages.get("nope") is None


def test_stored_pinyin_keys_match_pypinyin():
    from quickreply.core import pinyin, query

    for stage in stages.CANONICAL:
        names = [n for n in (stage.name_zh, *stage.aliases) if query.han_count(n)]
        expected = {pinyin.initials(n) for n in names} | {pinyin.full(n).replace(" ", "") for n in names}
        assert set(stages.PINYIN_KEYS[stage.id]) == expected, stage.id


@pytest.mark.parametrize(
    ("group", "stage"),
    [
        ("售后问题", "after_sales"),
        ("退换货处理", "after_sales"),
        ("物流查询", "logistics"),
        ("快递相关", "logistics"),
        ("催付话术", "bargaining"),
        ("开场欢迎语", "greeting"),
        ("好评返现", "reviews"),
        ("快递售后", "after_sales"),
        ("售后物流", "logistics"),
        ("售前=>物流问题", "logistics"),
        ("售后>常用语", "after_sales"),
        ("發貨說明", "shipping"),
    ],
)
def test_seller_group_names_holding_a_stage_word_are_guessed(group, stage):
    assert (stages.resolve_path(group) or stages.guess_path(group)) == stage


@pytest.mark.parametrize(
    "group", ["售前", "常用", "常用语", "售前咨询", "店铺介绍", "未知=>其他", "活动话术"]
)
def test_groups_without_a_stage_word_stay_unknown(group):
    assert stages.resolve_path(group) is None and stages.guess_path(group) is None
