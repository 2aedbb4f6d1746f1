"""Issue 17's edge cases, on small files written here: character references in cells, rows that only
name a group, headers in their traditional, full-width and other clients' words, the layout named
in the report, and which worksheet of a workbook is read."""

from pathlib import Path

import openpyxl
import pytest

from quickreply.core.packs import PackError, columns, csvpack, layouts, reader, table, xlspack, xlsxpack

DATA = Path(__file__).resolve().parents[2] / "data"


def read_rows(path: Path):
    return columns.rows(csvpack.read_table(path, table.Limits()))


@pytest.mark.parametrize(
    ("cell", "body"),
    [
        ("满199减20&#44;满299减40", "满199减20,满299减40"),
        ("第一行&#13;第二行", "第一行\n第二行"),
        ("第一行&#13;&#10;第二行", "第一行\n第二行"),  # one break, not two
        ("第一行&#10;第二行&#x0D;第三行", "第一行\n第二行\n第三行"),
        ("&#20013;&#x6587;客服", "中文客服"),
        ("列A&#9;列B", "列A\t列B"),
        ("买一送一&包邮", "买一送一&包邮"),  # a plain & stays
        ("优惠码&#88", "优惠码&#88"),  # no ; : not a reference
        ("暗码&#0;与&#1114112;", "暗码&#0;与&#1114112;"),  # NUL and past U+10FFFF: kept as written
        ("代理&#xD800;字", "代理&#xD800;字"),  # a lone surrogate is no character
    ],
)
def test_character_references(tmp_path, cell, body):
    path = tmp_path / "refs.csv"
    path.write_text(f"快捷编码,快捷短语,快捷短语分组\nyh,{cell},售前\n", encoding="utf-8")
    (row,), _ = read_rows(path)
    assert row.phrase.body == body


def test_group_only_rows_declare_groups(tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text(
        "快捷编码,快捷短语,快捷短语分组\n"
        ",,售后\n"  # declared, and has phrases below: nothing to say
        "th,亲，七天内可以退换。,售后\n"
        ",,赠品\n"  # declared, no phrase: noted
        "kd,,物流\n"  # a phrase row without its body: still the import's to reject
        ",,赠品\n",
        encoding="utf-8",
    )
    rows, notes = read_rows(path)
    assert [(r.number, r.phrase.code) for r in rows] == [(3, "th"), (5, "kd")]
    assert [n for n in notes if n.startswith("空分组")] == [
        "空分组:赠品(文件里只有分组名、没有短语,未建立阶段)"
    ]


def test_a_file_of_groups_only_is_refused(tmp_path):
    path = tmp_path / "only.csv"
    path.write_bytes("快捷编码,快捷短语,快捷短语分组,,,,\r\n,,赠品,,,,\r\n,,售后,,,,\r\n".encode("gbk"))
    with pytest.raises(PackError, match=r"只有分组\(赠品、售后\),没有短语"):
        read_rows(path)


def test_unnamed_empty_columns_are_not_reported(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("快捷编码,快捷短语,快捷短语分组,,\nhy,亲，您好。,欢迎语,,\n", encoding="utf-8")
    _, notes = read_rows(path)
    assert not any("已忽略" in note for note in notes)


def test_unnamed_columns_with_data_are_named_by_position(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("编码,内容,,备注\nhy,亲，您好。,老客户,进店问候\n", encoding="utf-8")
    (row,), notes = read_rows(path)
    assert "已忽略没有表头的第 3 列" in notes and row.phrase.note == "进店问候"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("快捷編碼", "code"),  # traditional
        ("快捷短語", "body"),
        ("快捷短語分組", "stage"),
        ("ＣＯＤＥ", "code"),  # full-width
        ("常用语分组", "stage"),  # 讯飞输入法's 常用语 CSV: 常用语分组,常用语内容
        ("常用语内容", "body"),
        ("快捷回复内容", "body"),
        ("话术分组", "stage"),
        ("quickCode", "code"),  # 飞牛's JSON field names, as a spreadsheet header
        ("图片名", "image"),
        ("imageURL", "image"),
    ],
)
def test_header_synonyms(header, field):
    mapping, _ = columns._mapping([header])
    assert (next(iter(mapping)) if mapping else None) == field


def test_image_column_is_kept_in_the_note(tmp_path):
    path = tmp_path / "img.csv"
    path.write_text(
        "快捷编码,内容,备注,图片名\nzp,亲，正品保障。,回答真假,logo.png\nhy,亲，您好。,,\n", encoding="utf-8"
    )
    rows, notes = read_rows(path)
    assert [r.phrase.note for r in rows] == ["回答真假\n图片: logo.png", ""]
    assert not any("图片名" in note for note in notes)


def test_the_qianniu_assistant_keeps_its_image_names():
    incoming = reader.read(DATA / "qianniu_assistant.csv")
    notes = {r.phrase.code: r.phrase.note for r in incoming.rows}
    assert notes["zp"] == "图片: logo.png" and notes["hy"] == ""
    assert "已忽略不认识的列:程序数据" in incoming.notes


@pytest.mark.parametrize(
    ("headers", "layout"),
    [
        (["快捷编码", "快捷短语", "快捷短语分组", "", "", "", ""], layouts.FEINIU_CSV),
        (["快捷编码", "快捷短语", "快捷短语分组", ""], layouts.FEINIU_CSV),
        (["快捷编码", "快捷短语", "快捷短语分组"], layouts.FEINIU_SHEET),
        (["快捷编码", "快捷短语", "快捷短语分组", "标题"], None),
        (["快捷短语编码", "快捷短语", "快捷短语分组"], layouts.QIANNIU_EXPORT),
        (["分组", "快捷编码", "标题", "内容", "图片名", "程序数据", "扩展"], layouts.QIANNIU_ASSISTANT),
        (["code", "body"], None),
    ],
)
def test_layouts_are_told_by_their_header(headers, layout):
    assert layouts.identify(headers) is layout


def workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


HEADER = ["快捷编码", "快捷短语", "快捷短语分组"]


def test_the_first_sheet_with_a_header_is_read(tmp_path):
    path = workbook(
        tmp_path / "two.xlsx",
        {
            "说明": [["请在第二个工作表填写"], ["快捷短语:最多430个字"]],
            "默认表单": [HEADER, ["hy", "亲，您好。", "欢迎语"]],
        },
    )
    found = xlsxpack.read_table(path, table.Limits())
    assert found.headers == HEADER and found.rows == [(2, ["hy", "亲，您好。", "欢迎语"])]
    assert found.notes == ["工作簿有 2 个工作表,读取了「默认表单」,未读取「说明」"]


def test_a_first_sheet_with_a_header_wins(tmp_path):
    path = workbook(
        tmp_path / "both.xlsx",
        {"短语": [HEADER, ["a", "亲，您好。", ""]], "备份": [HEADER, ["b", "亲。", ""]]},
    )
    found = xlsxpack.read_table(path, table.Limits())
    assert found.rows == [(2, ["a", "亲，您好。"])]


def test_without_any_header_the_first_sheet_is_read_and_refused(tmp_path):
    path = workbook(tmp_path / "none.xlsx", {"甲": [["价格", "库存"], ["12", "3"]], "乙": [["x"]]})
    with pytest.raises(PackError, match="找不到短语内容列.*价格、库存"):
        columns.rows(xlsxpack.read_table(path, table.Limits()))


def test_xls_reads_the_sheet_with_a_header(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("填写说明").write(0, 0, "快捷编码最多4个字")
    sheet = book.add_sheet("快捷短语")
    for c, value in enumerate([*HEADER, "hy", "亲，您好。", "欢迎语"]):
        sheet.write(c // 3, c % 3, value)
    book.save(str(tmp_path / "t.xls"))
    found = xlspack.read_table(tmp_path / "t.xls", table.Limits())
    assert found.rows == [(2, ["hy", "亲，您好。", "欢迎语"])] and "读取了「快捷短语」" in found.notes[0]
