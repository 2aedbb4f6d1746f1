"""Terminal output: nothing a terminal would act on is printed raw (issue 14)."""

import json

from hypothesis import given
from hypothesis import strategies as st

from quickreply import termtext


def test_safe_escapes_controls_bidi_and_surrogates_but_keeps_tabs_and_line_feeds():
    assert termtext.safe("亲\x1b[2J\x07\x00\x7f\x9b\u202e\u2066\udcff\r\t\n好") == (
        "亲\\x1b[2J\\x07\\x00\\x7f\\x9b\\u202e\\u2066\\udcff\\x0d\t\n好"
    )
    assert termtext.safe("亲，您好 😀 \u200d") == "亲，您好 😀 \u200d"


def test_marks_are_the_only_escapes_in_a_highlighted_line():
    line = termtext.mark("发\x1b[31m货", [(0, 1)], ansi=True)
    assert line == "\x1b[1;33m发\x1b[0m\\x1b[31m货"


@given(
    st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=8)
)
def test_json_text_is_valid_json_saying_exactly_what_is_stored(data):
    text = termtext.json_text(data)
    assert json.loads(text) == data
    assert termtext.safe(text) == text


def test_invisible_characters_take_no_columns():
    assert termtext.width("但\u200b是") == 4 and termtext.width("e\u0301") == 1


def test_pad_fills_wide_characters_and_never_lets_columns_touch():
    assert termtext.pad("发货", 7) == "发货   "
    assert termtext.pad("下午五点前付款当天发出", 16) == "下午五点前付款当天发出 "
