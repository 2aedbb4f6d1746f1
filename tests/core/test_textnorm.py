"""The one text folding: the fast whole-text path folds exactly as character by character does."""

import random

import pytest

from quickreply.core import textnorm


def by_character(folder, text):
    return "".join(folder.char(ch) for ch in text)


def test_search_folding_of_width_case_traditional_and_invisible_characters():
    assert textnorm.fold("ＡＢｃＤ３，發貨") == "abcd3,发货"
    assert textnorm.fold("发\u200b货\u00ad时\ufeff间") == "发货时间"
    assert textnorm.fold("EMS到货😊") == "ems到货😊"
    assert textnorm.fold_with_origin("发\u200b货") == ("发货", [0, 2])
    assert textnorm.fold_with_origin("發貨") == ("发货", range(2))


def test_folding_twice_changes_nothing():
    folder = textnorm.Folder()
    assert folder.char("薴") == "苎"  # OpenCC: 薴 → 苧, and 苧 → 苎
    table = textnorm.traditional_to_simplified()
    text = "".join(table) + "".join(textnorm.gb2312_chars())
    once = folder.text(text)
    assert folder.text(once) == once


@pytest.mark.parametrize(
    "options", [{}, {"width": False}, {"case": False}, {"variant": ""}, {"skip_chars": "~～*"}]
)
def test_whole_text_folding_matches_character_by_character(options):
    folder, reference = textnorm.Folder(**options), textnorm.Folder(**options)
    rng = random.Random(7)
    pool = [
        *textnorm.gb2312_chars(),
        *list(textnorm.traditional_to_simplified())[:300],
        *"\u200b\u00ad\u202e\ufeff\u2060😊ｶ①㎏ﬁİ",
    ]
    for size in (1, 5, 80, 3000):
        for _ in range(20):
            text = "".join(rng.choice(pool) for _ in range(size))
            assert folder.text(text) == by_character(reference, text)
            folded, origin = folder.fold(text)
            assert [text[i] for i in origin] == [ch for ch in text if reference.char(ch)]


def test_a_text_full_of_traditional_characters_is_translated_once():
    folder = textnorm.Folder()
    table = textnorm.traditional_to_simplified()
    text = "".join(list(table)[: textnorm.REPLACE_MAX * 3]) * 2
    assert folder.text(text) == by_character(folder, text)


def test_markup_that_looks_like_a_character_reference_is_left_alone():
    assert textnorm.fold("&#21457;&#36135;發") == "&#21457;&#36135;发"
