import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from quickreply.core import render

NOW = datetime.datetime(2026, 11, 24, 14, 5)
PROFILE = {"店铺名": "小鹿家居", "工号": "8", "包邮门槛": "99", "默认快递": "中通", "发货时间": "16:00"}


def test_profile_values_dates_time_and_clipboard():
    text = "亲，欢迎光临{店铺名}，{工号}号客服为您服务。满{包邮门槛}元包邮，{默认快递}{发货时间}前发出，预计{日期+3}到，今天{日期}，现在{时间}，单号{剪贴板}"
    result = render.render(text, PROFILE, clipboard="YT123", now=NOW)
    assert result.complete
    assert result.text == (
        "亲，欢迎光临小鹿家居，8号客服为您服务。满99元包邮，中通16:00前发出，预计11月27日到，今天11月24日，现在14:05，单号YT123"
    )


def test_date_offsets_cross_months_and_go_back():
    assert render.render("{日期+7}", {}, now=NOW).text == "12月1日"
    assert render.render("{日期-24}", {}, now=NOW).text == "10月31日"


def test_ask_and_choice_fields_are_listed_once_with_remembered_defaults():
    text = "亲，订单{订单号?}已改为{快递:圆通|顺丰|EMS}，{订单号?}请查收，{买家?}"
    fields = render.fields(text, PROFILE, remembered={"快递": "顺丰", "买家": "王女士"})
    assert [(f.name, f.options, f.default) for f in fields] == [
        ("订单号", (), ""),
        ("快递", ("圆通", "顺丰", "EMS"), "顺丰"),
        ("买家", (), "王女士"),
    ]
    result = render.render(text, PROFILE, {"订单号": "123", "快递": "EMS", "买家": "王女士"})
    assert result.complete and result.text == "亲，订单123已改为EMS，123请查收，王女士"


def test_missing_values_are_reported_not_pasted():
    result = render.render("亲，订单{订单号?}", PROFILE)
    assert result.missing == ("订单号",) and not result.complete and "{订单号?}" in result.text


def test_a_profile_value_the_shop_has_not_set_is_asked_for():
    fields = render.fields("{店铺名}欢迎您", {})
    assert [(f.name, f.label) for f in fields] == [("店铺名", "店铺名称")]
    assert render.render("{店铺名}欢迎您", {}, {"店铺名": "小店"}).text == "小店欢迎您"


def test_unknown_placeholders_are_shown_not_pasted_blindly():
    result = render.render("亲，{优惠码}已发放", PROFILE)
    assert result.unknown == ("优惠码",) and not result.complete
    assert not render.is_known("优惠码") and render.is_known("快递:圆通|顺丰") and render.is_known("日期+3")
    assert render.fields("亲，{优惠码}", PROFILE) == []


def test_text_without_placeholders_is_unchanged():
    assert render.render("亲，好的", PROFILE).text == "亲，好的"
    assert render.placeholders("a{b}c{d?}") == ["b", "d?"]


# -- malformed placeholders (issue 14): a validation error when saving, never a crash when pasting --

MALFORMED = ["{快递:|}", "{快递:||}", "{:圆通|顺丰}", "{ :圆通|顺丰}"]


def test_a_choice_without_options_or_name_is_malformed_and_renders_without_raising():
    for body in MALFORMED:
        text = f"亲，已改为{body}"
        assert render.malformed(text) == [body[1:-1]], body
        assert render.kind(body[1:-1]) == "unknown"
        assert render.fields(text, PROFILE) == []
        result = render.render(text, PROFILE, {"快递": "顺丰"}, now=NOW)
        assert result.unknown == (body[1:-1],) and body in result.text
    assert render.malformed("亲，{快递:圆通|}{快递:顺丰|EMS}{订单号?}{日期+3}{不认识}") == []


PLACEHOLDER_PARTS = st.sampled_from(
    [
        "{",
        "}",
        ":",
        "|",
        "?",
        "+",
        "-",
        "日期",
        "时间",
        "剪贴板",
        "店铺名",
        "快递",
        "订单号",
        "999",
        "3",
        " ",
        "\n",
    ]
)
ANY_BODY = st.lists(st.one_of(PLACEHOLDER_PARTS, st.text(max_size=3)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(ANY_BODY, st.dictionaries(st.sampled_from(["快递", "订单号", "店铺名", ""]), st.text(max_size=4)))
def test_render_never_raises_on_any_body(body, values):
    render.placeholders(body)
    render.malformed(body)
    for field in render.fields(body, PROFILE, remembered=values):
        assert not field.options or field.default in field.options
    render.render(body, PROFILE, values, clipboard="x", now=NOW)
    render.render(body, {}, values, now=datetime.datetime.max - datetime.timedelta(days=1))
    render.render(body, {}, values, now=datetime.datetime.min + datetime.timedelta(days=1))
