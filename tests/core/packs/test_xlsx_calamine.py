"""The calamine XLSX/XLS readers: cell types as the user sees them, which sheet is read, the shipped
test files, and the checks made before calamine sees a file (DTD prologs, sparse-grid bombs)."""

import datetime
from pathlib import Path

import openpyxl
import pytest

from quickreply.core.packs import xlspack, xlsxpack
from tests.core.packs.test_xlsx_xls import (
    BILLION_LAUGHS,
    LIMITS,
    MB,
    SAMPLE,
    assert_bad,
    make_xlsx,
    rewrite_entry,
)

# --- calamine: cell types, sheets, the shipped test files -------------------------------------------

DATA = Path(__file__).resolve().parents[2] / "data"


def test_xlsx_codes_numbers_dates_as_the_user_sees_them(tmp_path):
    rows = [
        ["编码", "数", "日期", "对"],
        ["001", 1.0, datetime.datetime(2024, 5, 1), True],
        [12, 2.5, None, "1.0"],
    ]
    path = make_xlsx(tmp_path / "类型.xlsx", rows)
    assert xlsxpack.read_table(path, LIMITS).rows == [
        (2, ["001", "1", "2024-05-01 00:00:00", "True"]),
        (3, ["12", "2.5", "", "1.0"]),
    ]


def test_xlsx_reads_the_first_worksheet_by_position(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "默认表单"
    workbook.active.append(["快捷短语"])
    workbook.active.append(["第一张表"])
    workbook.create_sheet("其他").append(["不读这张"])
    workbook.save(tmp_path / "后台.xlsx")
    assert xlsxpack.read_table(tmp_path / "后台.xlsx", LIMITS).rows == [(2, ["第一张表"])]


def test_xlsx_dtd_hidden_after_comments_is_refused(tmp_path):
    path = make_xlsx(tmp_path / "注释.xlsx", SAMPLE)
    prolog = b'<?xml version="1.0"?><!-- a --><!-- b -->'
    rewrite_entry(path, "xl/worksheets/sheet1.xml", lambda xml: prolog + BILLION_LAUGHS.split(b"?>", 1)[1])
    assert_bad(xlsxpack.read_table, path, "不安全")


def test_xlsx_endless_prolog_is_refused(tmp_path):
    path = make_xlsx(tmp_path / "长注释.xlsx", SAMPLE)
    rewrite_entry(
        path, "xl/styles.xml", lambda xml: b"<!--" + b" " * (xlsxpack.PROLOG_LIMIT + 10) + b"-->" + xml
    )
    assert_bad(xlsxpack.read_table, path, "不安全")


@pytest.mark.parametrize(
    ("name", "reader", "fragment"),
    [
        ("password.xlsx", xlsxpack.read_table, "受密码保护"),
        ("entity_bomb.xlsx", xlsxpack.read_table, "不安全"),
        ("zipbomb.xlsx", xlsxpack.read_table, "过大"),
        ("truncated.xlsx", xlsxpack.read_table, "已损坏"),
        ("renamed.xls", xlspack.read_table, "xlsx"),
    ],
)
def test_shipped_bad_files_give_one_clear_line(name, reader, fragment):
    message = assert_bad(reader, DATA / name, fragment)
    assert "\n" not in message


def test_shipped_good_files():
    xlsx = xlsxpack.read_table(DATA / "pack.xlsx", LIMITS)
    assert xlsx.headers[:3] == ["快捷编码", "快捷短语", "快捷短语分组"]
    assert len(xlsx.rows) == 10 and xlsx.rows[2][1][0] == "12" and 7 not in [n for n, _ in xlsx.rows]
    xls = xlspack.read_table(DATA / "pack.xls", LIMITS)
    assert [cells[0] for _, cells in xls.rows] == ["hy", "fhsj", "wl", "zd", "tk", "hd", "zp", "aw"]


SHEET = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>"""


@pytest.mark.parametrize(
    "rows",
    [
        # Two cells 17 billion cells apart: calamine's dense grid would abort the process.
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        # Cells without references are placed one after another: a wide row, then a far one.
        b'<row r="1">'
        + b"<c><v>1</v></c>" * 20_000
        + b'</row><row r="99999"><c r="A99999"><v>1</v></c></row>',
        # Many referenced rows and a row of unreferenced cells as long as the sheet is high.
        b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in range(1, 60_000))
        + b'<row r="60000">'
        + b"<c><v>1</v></c>" * 60_000
        + b"</row>",
    ],
)
def test_xlsx_sparse_grid_bomb_is_refused_before_calamine(tmp_path, rows):
    path = make_xlsx(tmp_path / "稀疏.xlsx", SAMPLE)
    rewrite_entry(path, "xl/worksheets/sheet1.xml", lambda _: SHEET % rows)
    assert path.stat().st_size < 2 * MB
    assert_bad(xlsxpack.read_table, path, "表格范围过大")


def test_xlsx_grid_check_lets_ordinary_sheets_through(tmp_path):
    rows = [["快捷编码", "快捷短语"] + [f"列{n}" for n in range(30)]] + [
        [f"c{n}", "你好"] for n in range(2000)
    ]
    path = make_xlsx(tmp_path / "宽.xlsx", rows)
    assert len(xlsxpack.read_table(path, LIMITS).rows) == 2000


def test_xlsx_table_away_from_a1_keeps_excel_rows_and_columns(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["D3"], sheet["C5"], sheet["E5"] = "快捷短语", "分组", "你好", "x"
    workbook.save(tmp_path / "偏移.xlsx")
    result = xlsxpack.read_table(tmp_path / "偏移.xlsx", LIMITS)
    assert result.headers == ["", "", "快捷短语", "分组"]
    assert result.rows == [(5, ["", "", "你好", "", "x"])]


def test_xls_codes_numbers_and_booleans(tmp_path):
    from tests.core.packs.test_xlsx_xls import make_xls

    path = make_xls(tmp_path / "类型.xls", [["编码", "数", "对"], ["001", 1.0, True], [12, 2.5, False]])
    assert xlspack.read_table(path, LIMITS).rows == [(2, ["001", "1", "True"]), (3, ["12", "2.5", "False"])]


def test_xls_sparse_grid_is_refused_before_python_rows(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("短语")
    sheet.write(0, 0, "快捷短语")
    sheet.write(65535, 255, "x")
    workbook.save(str(tmp_path / "稀疏.xls"))
    assert_bad(xlspack.read_table, tmp_path / "稀疏.xls", "表格范围过大")
