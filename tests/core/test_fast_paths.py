"""Import fast paths give exactly what the slow, general paths give, over generated inputs of every
kind a shop's file holds: ASCII, Chinese, traditional, full-width, invisible characters, emoji."""

import random

import pytest

from quickreply.core import lint, models, pinyin, textindex, textnorm, validate
from quickreply.core.packs import columns

PIECES = [
    "abc",
    "ABC",
    "fh",
    "EMS",
    "123",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "亲",
    "发货",
    "说明",
    "银行",
    "重新",
    "還行",
    "發貨",
    "說明",
    "ＡＢＣ",
    "１２３",
    "，",
    "。",
    "！",
    "～",
    "~",
    "*",
    "·",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "\u202e",
    "😊",
    "👍🏻",
    "'",
    "=",
    '="0123"',
    "\u3000",
    "\x07",
    "\ud800",
    "非常抱歉",
    "不好意思",
    "哦",
    "退款",
    "不~能",
    "{快递:|}",
]


def texts(count: int = 400, seed: int = 5) -> list[str]:
    rng = random.Random(seed)
    out = ["", "a", "亲", "發", "\u200b", "😊", "'=1", '="x"', " x ", "\tfh"]
    for _ in range(count):
        out.append("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))))
    return out


@pytest.fixture(scope="module")
def linter():
    return lint.Linter.default()


@pytest.mark.parametrize(
    "options", [{}, {"skip_chars": "~～*·"}, {"case": False, "width": False, "variant": ""}]
)
def test_folding_a_text_is_folding_each_character(options):
    folder = textnorm.Folder(**options)
    for text in texts():
        assert folder.text(text) == "".join(textnorm.Folder(**options).char(ch) for ch in text), repr(text)


def test_without_invisible_drops_exactly_the_format_characters():
    for text in texts():
        assert textnorm.without_invisible(text) == "".join(ch for ch in text if not textnorm.invisible(ch))


def test_a_cell_without_a_guard_reads_as_the_general_rules_read_it():
    def slow(field, cell):
        if cell.startswith("'") and cell.lstrip("'").startswith(columns.FORMULA_START):
            return cell[1:]
        cell = columns._unguard(cell)
        return cell.lstrip("'=\t ").strip() if field in ("code", "stage") else cell

    for text in texts():
        for field in ("code", "stage", "body", "title", "note"):
            assert columns._cell(field, text) == slow(field, text), (field, repr(text))


def test_text_problems_are_those_the_regexes_find():
    def slow(text, limit, multiline):
        bad = (validate._BAD_MULTILINE if multiline else validate._BAD).search(text)
        return bad is None and len(text) <= limit

    for text in texts():
        for limit in (3, 60):
            for multiline in (False, True):
                clean = not validate._text_problems("body", text, limit, multiline)
                assert clean == slow(text, limit, multiline), repr(text)


def test_prefix_rules_skipped_without_a_trigger_word_find_what_a_full_check_finds(linter):
    matcher = linter._matcher("chat")
    for text in texts():
        folded, origin = linter.folder.fold(text)
        allowed = lint._Allowed(folded, linter.allow)
        for rule in matcher.prefix_rules:
            full = linter._prefix_finding(rule, text, folded, origin, allowed)
            if not matcher.triggers[rule.id].search(folded):
                assert full is None, repr(text)


def test_search_keys_from_remembered_readings_are_those_worked_out_again():
    for text in texts():
        title = validate.single_line(textnorm.without_invisible(text))
        py, ini, alt = pinyin.keys(title)
        expected = pinyin.search_keys("c1", title, py, ini, alt)
        assert textindex._keys("c1", title, py, ini, alt) == textindex.pairs(" ".join(expected))


def test_a_normalised_phrase_is_unchanged_by_the_fast_paths():
    for text in texts():
        phrase = models.Phrase(stage_id="s", title=text, body=text or "x", code="fh", note=text)
        clean = validate.normalised(phrase)
        assert clean.title == validate._SINGLE_LINE.sub(" ", textnorm.without_invisible(text)).strip()


def test_candidates_found_after_the_any_pattern_scan_are_those_every_position_gives(linter):
    matcher = linter._matcher("chat")
    rng = random.Random(11)
    words = sorted(matcher.table)
    for text in texts() + ["".join(rng.choice(words + PIECES) for _ in range(6)) for _ in range(300)]:
        folded = linter.folder.text(text)
        found = [(c.start, c.end, c.rule.id, c.pattern) for c in linter._candidates(matcher, folded)]
        every = [
            (i, i + len(key), rule.id, pattern)
            for i in range(len(folded))
            for key in sorted(matcher.table, key=len, reverse=True)
            if folded.startswith(key, i)
            for rule, pattern in matcher.table[key]
        ]
        every += [
            (m.start(), m.end(), rule.id, pattern)
            for rule, pattern, compiled in matcher.regexes
            for m in compiled.finditer(folded)
            if m.end() > m.start()
        ]
        assert found == every, repr(text)
        if not found and not any(matcher.triggers[r.id].search(folded) for r in matcher.prefix_rules):
            assert linter._lint(text, "chat", lint.lintrules.KINDS) == []


def test_alternatives_of_one_polyphone_are_those_of_the_general_rule():
    rng = random.Random(3)
    chars = [*pinyin.POLYPHONES, "发", "货", "明", "a1"]
    checked = 0
    for text in texts() + ["".join(rng.choice(chars) for _ in range(rng.randint(1, 5))) for _ in range(400)]:
        tokens = pinyin._tokens(text)
        spots = [
            (i, tuple(r for r in pinyin.POLYPHONES[char] if r != syl))
            for i, (syl, char) in enumerate(tokens)
            if char in pinyin.POLYPHONES
        ]
        spots = [(i, others) for i, others in spots if others]
        if len(spots) == 1:
            checked += 1
            assert pinyin._alternatives(tokens) == pinyin._variants([s for s, _ in tokens], spots), text
    assert checked > 100


def test_pairs_by_translation_are_the_pairs_made_one_by_one():
    for text in [*texts(), "😊a", "a😊b", "ab𠀀cd", "發貨說明", "ａ"]:
        folded = textnorm.fold(text)
        expected = " ".join(folded[i : i + 2] for i in range(len(folded) - 1))
        assert textindex.pairs(text) == expected == textindex.slow_pairs(text), repr(text)
