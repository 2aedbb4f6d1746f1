"""CSV encodings decided on the whole file, with a plausibility check, and asked about when unsure (issue 14)."""

from pathlib import Path

import pytest

from quickreply.core import lint
from quickreply.core.packs import PackError, encoding, merge, reader

DATA = Path(__file__).resolve().parents[2] / "data"
LINTER = lint.Linter.default()


def test_big5_with_english_headers_is_read_as_big5_not_gb18030_mojibake(fresh_store):
    incoming = reader.read(DATA / "big5_english.csv")
    bodies = {r.phrase.code: r.phrase.body for r in incoming.rows}
    assert bodies["hy"] == "親，您好，歡迎光臨小店，請問有什麼可以幫您？"
    assert any("Big5" in note for note in incoming.notes)
    report = merge.import_file(fresh_store, DATA / "big5_english.csv", LINTER)
    assert report.counts()["add"] == 6
    assert {p.title for p in fresh_store.phrases()} >= {"歡迎語", "議價婉拒"}


def test_gb18030_keeps_characters_outside_gbk():
    incoming = reader.read(DATA / "gb18030.csv")
    assert (
        next(r for r in incoming.rows if r.phrase.code == "xp").phrase.body
        == "亲，𠮷野家联名款今天到货，欢迎选购。"
    )
    assert any("GB18030" in note for note in incoming.notes)


def test_utf16_text_from_excel():
    incoming = reader.read(DATA / "utf16_excel.txt")
    assert len(incoming.rows) == 4 and any("UTF-16" in note for note in incoming.notes)
    assert "\r\n" in next(r for r in incoming.rows if r.phrase.code == "th").phrase.body


def test_utf8_with_bom():
    incoming = reader.read(DATA / "utf8_bom.csv")
    assert any("UTF-8 BOM" in note for note in incoming.notes) and not incoming.rows[
        0
    ].phrase.stage_id.startswith("\ufeff")


def test_unsure_files_are_asked_about_in_one_line_naming_the_candidates(fresh_store):
    with pytest.raises(PackError) as caught:
        merge.import_file(fresh_store, DATA / "big5_rare.csv", LINTER)
    message = str(caught.value)
    assert "big5_rare.csv" in message and "GBK/GB18030 或 Big5" in message and "--encoding" in message
    assert "\n" not in message and fresh_store.phrases() == []
    report = merge.import_file(fresh_store, DATA / "big5_rare.csv", LINTER, encoding="big5")
    assert report.counts()["add"] == 6
    assert (
        fresh_store.phrases()[0].body == (DATA / "big5_rare.csv").read_bytes().decode("cp950").split(",")[3]
    )


def test_a_file_only_gbk_decodes_is_gbk_even_with_traditional_characters():
    incoming = reader.read(DATA / "gbk_traditional.csv")
    assert incoming.rows[0].phrase.body == "親，您好，歡迎光臨小店，請問有什麼可以幫您？"


def test_a_chosen_encoding_that_does_not_fit_is_one_line():
    with pytest.raises(PackError, match="第 \\d+ 行不是 big5 编码的文字") as caught:
        reader.read(DATA / "gb18030.csv", encoding="big5")
    assert "\n" not in str(caught.value)
    with pytest.raises(PackError, match="不认识的编码"):
        reader.read(DATA / "gb18030.csv", encoding="klingon")


def test_plausibility_is_about_the_script_the_encoding_is_for():
    simplified = "亲，下午四点前付款的订单当天安排发出，请您放心。"
    traditional = "親，下午四點前付款的訂單當天安排發出，請您放心。"
    assert encoding.plausible(simplified, "gb18030") and not encoding.plausible(traditional, "gb18030")
    assert encoding.plausible(traditional, "cp950")
    mojibake = traditional.encode("cp950").decode("gb18030")
    assert not encoding.plausible(mojibake, "gb18030")


def test_when_both_readings_are_plausible_charset_normalizer_decides():
    # GB2312 characters whose first byte is B0–C5 are also common (level-1) Big5 characters
    words = "您好欢光临店么可帮您点付款的订单当安排发出放感持购快待次"
    raw = ("code,body\r\n" + "".join(f"c{i},{words[i : i + 6]}\r\n" for i in range(0, len(words), 6))).encode(
        "gbk"
    )
    assert all(encoding.plausible(raw.decode(name), name) for name in ("gb18030", "cp950"))
    text, name = encoding.decode(raw, Path("tie.csv"))
    assert name == "GBK/GB18030" and words[:6] in text


def test_headers_in_traditional_characters_or_with_invisible_ones_are_recognised(tmp_path):
    path = tmp_path / "big5_shop.csv"
    path.write_text("快捷編碼,快捷短語,分\u200b組\nfh,親，今天發出。,售後\n", encoding="utf-8")
    incoming = reader.read(path)
    phrase = incoming.rows[0].phrase
    assert (phrase.code, phrase.body, phrase.stage_id) == ("fh", "親，今天發出。", "售後")
    assert not any("忽略" in note for note in incoming.notes)
