"""XLSX and XLS readers (python-calamine)/writer (openpyxl): real files round-trip, hostile or broken files
become PackError."""

import random
import zipfile
from pathlib import Path

import openpyxl
import pytest

from quickreply.core.packs import PackError, table, xlspack, xlsxpack

LIMITS = table.Limits()
MB = 1024 * 1024


def make_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, 1):
        for column, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(row=number, column=column, value=value)
    workbook.save(path)
    return path


def make_xls(path: Path, rows: list[list[object]]) -> Path:
    xlwt = pytest.importorskip("xlwt")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("短语")
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None:
                sheet.write(number, column, value)
    workbook.save(str(path))
    return path


SAMPLE = [
    ["阶段", "快捷短语", "数量"],
    ["开场问候", "亲,在的呢~有什么可以帮您?", 12],
    [None, None, None],
    ["发货时间", "亲,今天下单\n明天就发货哦", 3.0],
    ["售后", "  前后空格会去掉  ", 2.5],
]
EXPECTED_ROWS = [
    (2, ["开场问候", "亲,在的呢~有什么可以帮您?", "12"]),
    (4, ["发货时间", "亲,今天下单\n明天就发货哦", "3"]),
    (5, ["售后", "前后空格会去掉", "2.5"]),
]

# Fixed noise: 1 in 256 random files starts with "<" and is (rightly) reported as an HTML table instead.
NOISE = b"\x8f" + random.Random(7).randbytes(4095)


def assert_bad(reader, path: Path, *fragments: str, limits: table.Limits = LIMITS) -> str:
    with pytest.raises(PackError) as caught:
        reader(path, limits)
    message = str(caught.value)
    assert path.name in message
    for fragment in fragments:
        assert fragment in message
    return message


# --- xlsx: reading -------------------------------------------------------------------------------


def test_xlsx_header_rows_and_excel_row_numbers(tmp_path):
    path = make_xlsx(tmp_path / "短语.xlsx", SAMPLE)
    result = xlsxpack.read_table(path, LIMITS)
    assert result.source == path
    assert result.headers == ["阶段", "快捷短语", "数量"]
    assert result.rows == EXPECTED_ROWS


def test_xlsx_header_after_blank_rows_and_trailing_empty_cells(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", [[None], [None, None], ["短语", "备注", ""], ["你好", "", ""]])
    result = xlsxpack.read_table(path, LIMITS)
    assert result.headers == ["短语", "备注"]
    assert result.rows == [(4, ["你好"])]


def test_xlsx_with_wrong_dimension_still_reads_every_row(tmp_path):
    path = make_xlsx(tmp_path / "t.xlsx", [["短语"], ["一"], ["二"], ["三"]])
    rewrite_entry(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'ref="A1:A4"', b'ref="A1"'))
    assert xlsxpack.read_table(path, LIMITS).rows == [(2, ["一"]), (3, ["二"]), (4, ["三"])]


def test_xlsx_empty_sheet_has_no_data(tmp_path):
    path = tmp_path / "空表.xlsx"
    openpyxl.Workbook().save(path)
    assert_bad(xlsxpack.read_table, path, "没有数据")


def test_xlsx_too_many_rows(tmp_path):
    path = make_xlsx(tmp_path / "多.xlsx", [["短语"]] + [[f"第{i}条"] for i in range(10)])
    assert_bad(xlsxpack.read_table, path, "行数过多", limits=table.Limits(max_rows=5))
    assert len(xlsxpack.read_table(path, table.Limits(max_rows=10)).rows) == 10


def test_xlsx_over_max_bytes(tmp_path):
    path = make_xlsx(tmp_path / "大.xlsx", SAMPLE)
    assert_bad(xlsxpack.read_table, path, "过大", limits=table.Limits(max_bytes=100))


# --- xlsx: writing ---------------------------------------------------------------------------------


def test_xlsx_write_read_round_trip_keeps_formula_like_text(tmp_path):
    path = tmp_path / "导出.xlsx"
    headers = ["阶段", "快捷短语", "备注"]
    rows = [
        ["开场", "=1+1", "@abc"],
        ["售后", "亲~\n第二行", "+86 123"],
        ["", "-1", "'=SUM(A1)"],
        ["发货", "001", "控制\x07字符"],
        ["#N/A", "=", "#DIV/0!"],
    ]
    xlsxpack.write_table(path, headers, rows)
    assert not path.with_suffix(".xlsx.part").exists()
    result = xlsxpack.read_table(path, LIMITS)
    assert result.headers == headers
    assert result.rows == [
        (2, ["开场", "=1+1", "@abc"]),
        (3, ["售后", "亲~\n第二行", "+86 123"]),
        (4, ["", "-1", "'=SUM(A1)"]),
        (5, ["发货", "001", "控制字符"]),
        (6, ["#N/A", "=", "#DIV/0!"]),
    ]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.title == "短语"
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == "=1+1"
    assert sheet["A6"].data_type == "s" and sheet["A6"].value == "#N/A"
    with zipfile.ZipFile(path) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_xlsx_write_replaces_existing_file(tmp_path):
    path = tmp_path / "导出.xlsx"
    path.write_bytes(b"old")
    xlsxpack.write_table(path, ["短语"], [["你好"]])
    assert xlsxpack.read_table(path, LIMITS).rows == [(2, ["你好"])]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["导出.xlsx"]


# --- xlsx: broken and hostile files ----------------------------------------------------------------


def test_xlsx_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    assert_bad(xlsxpack.read_table, path, "空")


def test_xlsx_random_bytes(tmp_path):
    path = tmp_path / "乱码.xlsx"
    path.write_bytes(NOISE)
    assert_bad(xlsxpack.read_table, path, "xlsx 文件已损坏或不完整")


def test_xlsx_truncated(tmp_path):
    whole = make_xlsx(tmp_path / "whole.xlsx", SAMPLE).read_bytes()
    path = tmp_path / "截断.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert_bad(xlsxpack.read_table, path, "xlsx 文件已损坏或不完整")


def test_xlsx_password_protected_or_old_xls(tmp_path):
    path = tmp_path / "加密.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))
    assert_bad(xlsxpack.read_table, path, "受密码保护或不是 xlsx 文件")


def test_xlsx_zip_bomb_total_size(tmp_path):
    path = tmp_path / "炸弹.xlsx"
    chunk = bytes(MB)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(300):
                entry.write(chunk)
    assert path.stat().st_size < 5 * MB
    assert_bad(xlsxpack.read_table, path, "过大")


def test_xlsx_zip_bomb_compression_ratio(tmp_path):
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("xl/sharedStrings.xml", bytes(20 * MB))
    assert_bad(xlsxpack.read_table, path, "压缩比异常")


def test_xlsx_zip_bomb_with_lying_declared_size(tmp_path):
    """Declared sizes pass _check_sizes; the data inflates 20 MB further. Refused before calamine sees it."""
    path = make_xlsx(tmp_path / "谎报.xlsx", SAMPLE)
    name = b"xl/worksheets/sheet1.xml"
    rewrite_entry(path, name.decode(), lambda xml: xml + b" " * (20 * MB))
    raw = bytearray(path.read_bytes())
    declared = 4096
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = raw.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + len(name)] == name:
                raw[at + size_at : at + size_at + 4] = declared.to_bytes(4, "little")
            at = raw.find(signature, at + 4)
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo(name.decode()).file_size == declared
    assert_bad(xlsxpack.read_table, path, "比声明的大")


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData>
</worksheet>
"""


def rewrite_entry(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    entries[name] = change(entries[name])
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/styles.xml", "xl/workbook.xml"])
def test_xlsx_xml_entity_bomb(tmp_path, part):
    path = make_xlsx(tmp_path / "实体炸弹.xlsx", SAMPLE)
    rewrite_entry(path, part, lambda _: BILLION_LAUGHS)
    assert_bad(xlsxpack.read_table, path, "无法读取 xlsx 文件", "不安全")


@pytest.mark.parametrize(
    ("part", "fragment"),
    [
        ("[Content_Types].xml", "无法读取 xlsx 文件"),
        ("xl/workbook.xml", "无法读取 xlsx 文件"),
        ("xl/worksheets/sheet1.xml", "缺少必要部分"),
    ],
)
def test_xlsx_missing_part(tmp_path, part, fragment):
    path = make_xlsx(tmp_path / "缺件.xlsx", SAMPLE)
    with zipfile.ZipFile(path) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    del entries[part]
    with zipfile.ZipFile(path, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    assert_bad(xlsxpack.read_table, path, fragment)


def test_xlsx_plain_zip_is_not_a_workbook(tmp_path):
    path = tmp_path / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "你好")
    assert_bad(xlsxpack.read_table, path, "无法读取 xlsx 文件")


# --- xls -------------------------------------------------------------------------------------------


def test_xls_header_rows_and_excel_row_numbers(tmp_path):
    path = make_xls(tmp_path / "短语.xls", SAMPLE)
    result = xlspack.read_table(path, LIMITS)
    assert result.headers == ["阶段", "快捷短语", "数量"]
    assert result.rows == EXPECTED_ROWS


def test_xls_too_many_rows_and_over_max_bytes(tmp_path):
    path = make_xls(tmp_path / "多.xls", [["短语"]] + [[f"第{i}条"] for i in range(10)])
    assert_bad(xlspack.read_table, path, "行数过多", limits=table.Limits(max_rows=5))
    assert_bad(xlspack.read_table, path, "过大", limits=table.Limits(max_bytes=100))


def test_xls_empty_sheet_has_no_data(tmp_path):
    path = make_xls(tmp_path / "空表.xls", [])
    assert_bad(xlspack.read_table, path, "没有数据")


def test_xls_that_is_really_xlsx(tmp_path):
    path = make_xlsx(tmp_path / "改名.xls", SAMPLE)
    assert_bad(xlspack.read_table, path, "xlsx")


def test_xls_html_table(tmp_path):
    path = tmp_path / "网页.xls"
    path.write_text("<html><body><table><tr><td>短语</td></tr></table></body></html>", encoding="utf-8")
    assert_bad(xlspack.read_table, path, "HTML")


@pytest.mark.parametrize("content", [NOISE, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096), b"hello"])
def test_xls_garbage(tmp_path, content):
    path = tmp_path / "坏文件.xls"
    path.write_bytes(content)
    assert_bad(xlspack.read_table, path, "无法读取 xls 文件")


def test_xls_empty_file(tmp_path):
    path = tmp_path / "空.xls"
    path.write_bytes(b"")
    assert_bad(xlspack.read_table, path, "空")
