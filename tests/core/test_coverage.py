"""The coverage report's core: the one verdict rule, the to-do order, reading message files, the XLSX."""

import csv
import os
from pathlib import Path

import openpyxl
import pytest

from quickreply.core import coverage, coverage_input, models, search
from quickreply.core.packs import PackError
from tests.conftest import make_phrase

DATA = Path(__file__).resolve().parents[1] / "data"


def _result(phrase: models.Phrase, certain: bool = True) -> search.Result:
    return search.Result(phrase, search.Tier.QUESTION, 1.0, certain=certain)


def _messages(*texts: str) -> coverage_input.Messages:
    return coverage_input.Messages(
        Path("m.txt"), None, [coverage_input.Message(n, t) for n, t in enumerate(texts, 1)]
    )


# -- the rule -------------------------------------------------------------------------------------


def test_the_verdict_is_the_contract_on_the_first_result():
    phrase = make_phrase()
    assert coverage.verdict([]) == coverage.UNANSWERED
    assert coverage.verdict([_result(phrase)]) == coverage.CONFIDENT
    assert coverage.verdict([_result(phrase, certain=False), _result(phrase)]) == coverage.WEAK
    assert coverage.verdict([_result(phrase), _result(phrase, certain=False)]) == coverage.CONFIDENT


def test_groups_put_the_unanswered_first_then_stages_in_order_weak_before_confident(fresh_store):
    ship = fresh_store.add(make_phrase(stage="shipping", title="发货时间", code="fh"))
    hello = fresh_store.add(make_phrase(stage="greeting", title="欢迎语", code="hy", body="亲,在的"))
    messages = _messages("在吗", "几号发", "什么时候发货", "xyz", "发了没")
    answers = [
        coverage.Answer(messages.messages[0], [_result(hello)]),
        coverage.Answer(messages.messages[1], [_result(ship)]),
        coverage.Answer(messages.messages[2], [_result(ship, certain=False), _result(hello)]),
        coverage.Answer(messages.messages[3], []),
        coverage.Answer(messages.messages[4], [_result(ship, certain=False)]),
    ]
    report = coverage.grouped(answers, fresh_store.stages(), messages)
    assert [g.name for g in report.groups] == ["没有答案", "开场问候", "发货时间"]
    assert [a.message.text for a in report.answers] == ["xyz", "在吗", "什么时候发货", "发了没", "几号发"]
    assert {w: report.total(w) for w in coverage.ORDER} == {"unanswered": 1, "weak": 2, "confident": 2}
    data = report.to_dict()
    assert data["totals"] == {"unanswered": 1, "weak": 2, "confident": 2}
    assert data["groups"][0]["stage"] is None and data["groups"][0]["messages"][0]["best"] is None
    shipping = data["groups"][2]
    assert (shipping["stage"], shipping["weak"], shipping["confident"]) == ("shipping", 2, 1)
    first = shipping["messages"][0]
    assert first["verdict"] == "weak" and first["best"]["code"] == "fh"
    assert [p["code"] for p in first["top"]] == ["fh", "hy"]
    assert report.rows()[2] == [
        "3",
        "什么时候发货",
        "不确定",
        "发货时间",
        "fh",
        "发货时间",
        "fh 发货时间 / hy 欢迎语",
    ]
    assert report.summary_rows()[-1] == ["合计", "5", "2", "2", "1"]


def test_build_searches_each_message_on_a_real_library(library):
    index = search.SearchIndex.from_store(library, follow=False)
    report = coverage.build(index, library.stages(), _messages("fh", "zzqxv"))
    by_text = {a.message.text: a for a in report.answers}
    assert by_text["zzqxv"].verdict == coverage.UNANSWERED
    assert by_text["fh"].best.code == "fh" and len(by_text["fh"].results) <= coverage.TOP
    assert report.groups[0].stage is None


# -- reading ----------------------------------------------------------------------------------------


def test_a_text_file_is_one_message_a_line_and_skips_what_is_not_one(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text("买家消息\n在吗\n\n  \n[图片]\n???\n什么时候发货, 急\n", encoding="utf-8")
    found = coverage_input.read(path)
    assert [(m.row, m.text) for m in found.messages] == [(2, "在吗"), (7, "什么时候发货, 急")]
    assert found.column is None
    assert found.skipped == {"header": 1, "empty": 2, "placeholder": 1, "no_text": 1}


def test_a_gbk_text_file_is_decoded_like_a_pack(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_bytes("在吗\n今天能发货吗\n".encode("gbk"))
    assert [m.text for m in coverage_input.read(path).messages] == ["在吗", "今天能发货吗"]


def test_the_tab_separated_dev_set_reads_by_its_column():
    found = coverage_input.read(DATA / "buyer_messages.tsv", "message")
    assert found.column == "message" and found.messages[0].text == "在?" and found.messages[0].row == 2
    assert found.skipped == {"header": 1}
    with (DATA / "buyer_messages.tsv").open(encoding="utf-8") as handle:
        assert len(found.messages) == sum(1 for _ in handle) - 1
    assert coverage_input.read(DATA / "buyer_messages.tsv").column == "message"  # found by its header


def test_a_chat_export_csv_finds_the_buyer_column_among_others(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["时间", "买家昵称", "内容", "买家消息"])
        writer.writerow(["10:01", "tb123", "客服说的话", "能便宜点吗"])
        writer.writerow(["10:02", "tb123", "", ""])
        writer.writerow(["10:03", "tb456", "x", "发什么快递"])
    found = coverage_input.read(path)
    assert found.column == "买家消息"
    assert [(m.row, m.text) for m in found.messages] == [(2, "能便宜点吗"), (4, "发什么快递")]
    assert found.skipped == {"header": 1, "empty": 1}
    assert [m.text for m in coverage_input.read(path, column="3").messages] == ["客服说的话", "x"]


def test_an_xlsx_and_an_xls_export(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["订单号", "Message"])
    sheet.append([1001, "包邮吗"])
    sheet.append([1002, 70])  # a number typed alone: "70" (a price the buyer names)
    book.save(tmp_path / "chat.xlsx")
    found = coverage_input.read(tmp_path / "chat.xlsx")
    assert found.column == "Message" and [m.text for m in found.messages] == ["包邮吗", "70"]

    import xlwt

    old = xlwt.Workbook(encoding="utf-8")
    ws = old.add_sheet("Sheet1")
    for row, values in enumerate([["问题"], ["有赠品吗"], ["七天无理由吗"]]):
        ws.write(row, 0, values[0])
    old.save(str(tmp_path / "chat.xls"))
    assert [m.text for m in coverage_input.read(tmp_path / "chat.xls").messages] == [
        "有赠品吗",
        "七天无理由吗",
    ]


def test_a_single_column_without_a_known_header_is_all_messages(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("在吗\n发货了没\n", encoding="utf-8")
    found = coverage_input.read(path)
    assert [m.text for m in found.messages] == ["在吗", "发货了没"] and found.skipped == {}


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.txt", None, ["无法读取文件"]),
        ("empty.txt", b"", ["文件是空的"]),
        ("blank.txt", b"\n \n[\xe5\x9b\xbe\xe7\x89\x87]\n", ["没有买家消息"]),
        ("garbage.txt", bytes(range(256)) * 8, ["不是文本文件"]),
        ("no_column.csv", "时间,昵称\n10:00,tb1\n".encode(), ["找不到买家消息列", "时间、昵称"]),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(PackError) as caught:
        coverage_input.read(path)
    message = str(caught.value)
    assert "\n" not in message and all(word in message for word in words), message


def test_pack_breakers_are_refused_as_in_import():
    for name, word in (("garbage.csv", "不是文本文件"), ("truncated.xlsx", "损坏"), ("zipbomb.xlsx", "过大")):
        with pytest.raises(PackError, match=word):
            coverage_input.read(DATA / name)


def test_an_unknown_column_names_the_headers():
    with pytest.raises(PackError, match="没有名为「留言」的列.*message"):
        coverage_input.read(DATA / "buyer_messages.tsv", "留言")


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(PackError, match="文件过大"):
        coverage_input.read(big)
    many = tmp_path / "many.txt"
    many.write_text("在吗\n" * (coverage_input.MAX_MESSAGES + 1), encoding="utf-8")
    with pytest.raises(PackError, match="行数过多"):
        coverage_input.read(many)


# -- export -----------------------------------------------------------------------------------------


def test_export_writes_two_sheets_of_text(tmp_path, fresh_store):
    ship = fresh_store.add(make_phrase(stage="shipping", title="发货时间", code="fh"))
    messages = _messages("=1+1", "几号发")
    answers = [
        coverage.Answer(messages.messages[0], []),
        coverage.Answer(messages.messages[1], [_result(ship)]),
    ]
    report = coverage.grouped(answers, fresh_store.stages(), messages)
    written = coverage.export(report, tmp_path / "覆盖率.xlsx")
    book = openpyxl.load_workbook(written)
    assert book.sheetnames == ["覆盖率", "按阶段"]
    rows = list(book["覆盖率"].iter_rows(values_only=True))
    assert rows[0] == coverage.EXPORT_HEADERS
    assert rows[1][:3] == ("1", "=1+1", "没有答案") and book["覆盖率"]["B2"].data_type == "s"
    assert rows[2] == ("2", "几号发", "有把握", "发货时间", "fh", "发货时间", "fh 发货时间")
    assert list(book["按阶段"].iter_rows(values_only=True))[-1] == ("合计", "2", "1", "0", "1")
    with pytest.raises(ValueError, match=r"\.xlsx"):
        coverage.export(report, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()


def test_export_never_writes_onto_the_library(tmp_path, fresh_store):
    database = tmp_path / "lib.db"
    database.write_bytes(b"library")
    report = coverage.grouped([], fresh_store.stages(), _messages())
    os.symlink(database, tmp_path / "link.xlsx")
    with pytest.raises(OSError):
        coverage.export(report, tmp_path / "link.xlsx", database)
    assert database.read_bytes() == b"library"


def test_a_txt_file_with_a_tab_separated_header_is_read_as_a_table(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("时间\t消息\n10:00\t在吗, 亲\n10:01\t发货了没\n", encoding="utf-8")
    found = coverage_input.read(path)
    assert found.column == "消息" and [m.text for m in found.messages] == ["在吗, 亲", "发货了没"]
    path.write_text("在吗\t亲\n发货了没\n", encoding="utf-8")  # a tab inside a message: still a list
    assert [m.text for m in coverage_input.read(path).messages] == ["在吗\t亲", "发货了没"]
