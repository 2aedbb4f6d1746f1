"""Seller-client CSV layouts (issue 17): the 千牛 export's 快捷短语编码 column, a 千牛 assistant's CSV
with preamble rows and "\\t…" cells, and group names and paths mapped onto stages."""

import csv
from pathlib import Path

import pytest

from quickreply.core import lint, models, search, stages
from quickreply.core.packs import columns, csvpack, merge, reader, table

DATA = Path(__file__).resolve().parents[2] / "data"
LINTER = lint.Linter.default()


def imported(library, name):
    """Import a file whole with default options; its phrases by code, and the report."""
    report = merge.import_file(library, DATA / name, LINTER)
    counts = report.counts()
    assert counts["reject"] == 0 and counts["skip"] == 0, [(r.number, r.reason) for r in report.rows]
    assert counts["add"] == len(report.rows)
    pack = {p.code: p for p in library.phrases() if p.pack_id == report.pack_id}
    assert len(pack) == len(report.rows)
    return pack, report


def stage_names(library):
    return {s.id: s.name_zh for s in library.stages()}


def test_qianniu_export_gbk_keeps_codes_and_maps_groups(library):
    pack, report = imported(library, "qianniu_export_gbk.csv")
    assert not any("已忽略" in note for note in report.notes)
    assert set(pack) == {"hy", "fh", "kd", "th", "yj", "sq", "cy", "dd", "ddd"}
    expected = {
        "hy": "greeting",
        "fh": "shipping",
        "kd": "logistics",
        "th": "after_sales",
        "yj": "bargaining",
        "dd": stages.UNGROUPED_ID,
        "ddd": stages.UNGROUPED_ID,
    }
    assert {code: pack[code].stage_id for code in expected} == expected
    names = stage_names(library)
    assert names[pack["sq"].stage_id] == "售前" and names[pack["cy"].stage_id] == "常用"
    assert pack["sq"].stage_id not in stages.canonical_ids()
    assert merge.import_file(library, DATA / "qianniu_export_gbk.csv", LINTER, dry_run=True).counts()[
        "unchanged"
    ] == len(pack)


def test_qianniu_export_utf8_bom(library):
    pack, report = imported(library, "qianniu_export_bom.csv")
    assert any("UTF-8 BOM" in note for note in report.notes)
    got = {code: p.stage_id for code, p in pack.items()}
    names = stage_names(library)
    assert got["hy"] == "greeting" and got["kd"] == "logistics" and got["th"] == "after_sales"
    assert got["cf"] == "bargaining" and got["dd"] == stages.UNGROUPED_ID
    assert names[got["cy"]] == "常用"


def test_qianniu_assistant_csv_with_preamble_tab_guards_and_group_paths(library):
    incoming = reader.read(DATA / "qianniu_assistant.csv")
    assert any("逗号" in note for note in incoming.notes)  # not the tab inside every quoted cell
    assert [r.number for r in incoming.rows] == list(range(4, 12))
    assert all(
        not r.phrase.body.startswith("\t") and not r.phrase.code.startswith("\t") for r in incoming.rows
    )
    pack, _ = imported(library, "qianniu_assistant.csv")
    assert set(pack) == {"hy", "kd", "dh", "th", "tk", "zp", "js", "dd"}
    assert pack["kd"].title == "默认快递" and pack["kd"].body.startswith("亲，小店默认发中通")
    got = {code: p.stage_id for code, p in pack.items()}
    assert got["kd"] == got["dh"] == "logistics"  # 售前=>物流: the most specific known part
    assert got["th"] == got["tk"] == "after_sales"  # 售后=>退换 and 售后
    assert got["hy"] == "greeting" and got["dd"] == stages.UNGROUPED_ID
    names = stage_names(library)
    assert names[got["zp"]] == "售前" and names[got["js"]] == "常用"


@pytest.mark.parametrize(
    ("group", "stage"),
    [
        ("售后", "after_sales"),
        ("退换", "after_sales"),
        ("物流", "logistics"),
        ("快递", "logistics"),
        ("欢迎", "greeting"),
        ("开场", "greeting"),
        ("议价", "bargaining"),
        ("催付", "bargaining"),
        ("售前=>物流", "logistics"),
        ("售后 > 退款", "after_sales"),
        ("售前", None),
        ("常用", None),
        ("售前=>常用", None),
    ],
)
def test_group_names_and_paths(group, stage):
    assert stages.resolve_path(group) == stage


def test_unknown_group_path_becomes_a_stage_named_by_its_last_part(library, tmp_path):
    path = tmp_path / "paths.csv"
    path.write_text("分组,快捷编码,内容\n售前=>新品话术,xp,亲，这款是本周上新的款式。\n", encoding="utf-8")
    report = merge.import_file(library, path, LINTER)
    assert report.counts()["add"] == 1
    (phrase,) = [p for p in library.phrases() if p.pack_id == report.pack_id]
    assert stage_names(library)[phrase.stage_id] == "新品话术"


def test_text_guards_are_taken_off_code_cells_and_our_own_exports_still_round_trip(tmp_path):
    path = tmp_path / "guards.csv"
    rows = [
        ["快捷编码", "快捷短语", "快捷短语分组"],
        ["'01", "亲，您好。", '="物流"'],
        ['="fh"', columns.neutralise("=今天发货"), "发货"],
        ["\tkd", "\t亲，您好。", "'售后"],
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    found, _ = columns.rows(csvpack.read_table(path, table.Limits()))
    got = [(r.phrase.code, r.phrase.body, r.phrase.stage_id) for r in found]
    assert got == [("01", "亲，您好。", "物流"), ("fh", "=今天发货", "发货"), ("kd", "亲，您好。", "售后")]


def test_a_one_column_file_is_not_split_on_semicolons_in_its_rows(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("内容\n亲，满199减20;满299减40。\n", encoding="utf-8")
    found, _ = columns.rows(csvpack.read_table(path, table.Limits()))
    assert [r.phrase.body for r in found] == ["亲，满199减20;满299减40。"]


def test_group_names_holding_a_stage_word_land_in_that_stage_unless_the_library_has_the_name(
    library, tmp_path
):
    """售后问题 goes to 售后退换 and 物流查询 to 快递物流; a group the library already has as a
    stage of its own (the shop made 退款专区 earlier) keeps going there."""
    library.add_stage(models.Stage("tuikuan", "退款专区", "", 200))
    path = tmp_path / "groups.csv"
    path.write_text(
        "快捷编码,快捷短语,快捷短语分组\n"
        "sh1,亲，收到商品有问题请拍照给我们。,售后问题\n"
        "wl1,亲，物流信息一般次日更新。,物流查询\n"
        "tk1,亲，退款会在审核后原路退回。,退款专区\n"
        "qt1,亲，欢迎您随时来咨询。,售前=>常用语\n",
        encoding="utf-8",
    )
    report = merge.import_file(library, path, LINTER)
    assert report.counts()["add"] == 4
    stage_of = {p.code: p.stage_id for p in library.phrases() if p.pack_id == report.pack_id}
    assert stage_of == {"sh1": "after_sales", "wl1": "logistics", "tk1": "tuikuan", "qt1": stage_of["qt1"]}
    assert stage_names(library)[stage_of["qt1"]] == "常用语"


def test_a_code_repeated_in_a_group_keeps_every_phrase_and_reimports_in_place(library, tmp_path):
    """飞牛 cuts codes to 4 characters and 千牛 does not insist on unique ones: three replies coded
    fh in one group all arrive, /fh offers them all, and a new version of the file updates the one
    whose wording changed."""
    path = tmp_path / "dup.csv"
    lines = [
        "快捷编码,快捷短语,快捷短语分组",
        "fh,亲，今天下午四点前付款当天发出。,发货",
        "fh,亲，预售款按详情页写的时间发出。,发货",
        "fh,亲，定制款需要三天做好再发出。,发货",
        "fh,亲，今天下午四点前付款当天发出。,发货",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = merge.import_file(library, path, LINTER)
    assert [r.action for r in report.rows] == ["add", "add", "add", "skip"]
    pack = [p for p in library.phrases() if p.pack_id == report.pack_id]
    assert len(pack) == 3 and {p.code for p in pack} == {"fh"}
    found = search.SearchIndex.from_store(library).search("/fh")
    assert {r.phrase.id for r in found} >= {p.id for p in pack}
    again = merge.import_file(library, path, LINTER)
    assert [r.action for r in again.rows] == ["unchanged", "unchanged", "unchanged", "skip"]
    lines[3] = "fh,亲，定制款需要三天做好再发出，请耐心等待。,发货"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    third = merge.import_file(library, path, LINTER)
    assert [r.action for r in third.rows] == ["unchanged", "unchanged", "update", "skip"]
    assert len([p for p in library.phrases() if p.pack_id == report.pack_id]) == 3
