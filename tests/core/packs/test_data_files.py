"""Every reader on its file in tests/data, and every broken file rejected with the store untouched."""

from pathlib import Path

import pytest

from quickreply.core import defaults, lint
from quickreply.core.packs import PackError, merge, reader

DATA = Path(__file__).resolve().parents[2] / "data"
LINTER = lint.Linter.default()


def dump(db):
    return (
        [(p.id, p.stage_id, p.title, p.code, p.body, p.pack_id, p.position) for p in db.phrases()],
        [(s.id, s.name_zh) for s in db.stages()],
        [(k.id, k.version, k.sha256) for k in db.packs()],
    )


def test_qianniu_gbk_csv():
    incoming = reader.read(DATA / "qianniu_gbk.csv")
    assert len(incoming.rows) == 10 and [r.number for r in incoming.rows] == list(range(2, 12))
    by_code = {r.phrase.code: r for r in incoming.rows}
    assert (
        "," in by_code["kd"].phrase.body
        and "\n" in by_code["kd"].phrase.body
        and "&#" not in by_code["kd"].phrase.body
    )
    assert "," in by_code["mj"].phrase.body
    assert "\n" in by_code["th"].phrase.body
    assert by_code["dd"].phrase.stage_id == ""
    assert any("GBK" in note for note in incoming.notes)


def test_utf8_bom_csv_with_english_headers_and_an_extra_column():
    incoming = reader.read(DATA / "utf8_bom.csv")
    assert len(incoming.rows) == 8
    assert all(r.phrase.title and r.phrase.body for r in incoming.rows)
    assert any("owner" in note for note in incoming.notes)
    assert not incoming.rows[0].phrase.body.startswith("\ufeff")


def test_tab_separated_with_questions():
    incoming = reader.read(DATA / "tabs.tsv")
    assert len(incoming.rows) == 8
    kd = next(r for r in incoming.rows if r.phrase.code == "kd")
    assert kd.phrase.questions == ["发什么快递？", "能发顺丰吗？"]


def test_semicolon_csv_keeps_commas_in_bodies():
    incoming = reader.read(DATA / "semicolon.csv")
    assert len(incoming.rows) == 6
    assert "," in next(r for r in incoming.rows if r.phrase.code == "mj").phrase.body


def test_xlsx_rows_keep_excel_row_numbers():
    incoming = reader.read(DATA / "pack.xlsx")
    assert [r.number for r in incoming.rows] == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
    assert "12" in {r.phrase.code for r in incoming.rows}
    assert "\n" in next(r for r in incoming.rows if r.phrase.code == "th").phrase.body


def test_legacy_xls():
    incoming = reader.read(DATA / "pack.xls")
    assert [r.phrase.code for r in incoming.rows] == ["hy", "fhsj", "wl", "zd", "tk", "hd", "zp", "aw"]


def test_json_pack_with_its_own_stage(library):
    report = merge.import_file(library, DATA / "trainer.qrpack.json", LINTER)
    assert report.counts()["add"] == 10 and report.pack_id == "trainer-2026"
    assert [s.id for s in report.new_stages] == ["promotion"]
    assert library.stage("大促活动").position == 55


@pytest.mark.parametrize(
    "name",
    [
        "qianniu_gbk.csv",
        "utf8_bom.csv",
        "tabs.tsv",
        "semicolon.csv",
        "pack.xlsx",
        "pack.xls",
        "trainer.qrpack.json",
    ],
)
def test_every_good_file_imports_cleanly(library, name):
    report = merge.import_file(library, DATA / name, LINTER)
    counts = report.counts()
    assert counts["reject"] == 0 and counts["add"] + counts["unchanged"] == len(report.rows)
    again = merge.import_file(library, DATA / name, LINTER, dry_run=True)
    assert {r.action for r in again.rows} == {"unchanged"}


def test_pack_reimport_with_one_changed_one_added_one_removed(library):
    own = library.add(
        defaults.models.Phrase(stage_id="closing", title="我的结束语", body="亲，祝您生活愉快。", code="wdjs")
    )
    merge.import_file(library, DATA / "trainer.qrpack.json", LINTER)
    report = merge.import_file(library, DATA / "trainer_v2.qrpack.json", LINTER)
    changed = {(r.action, r.phrase.code) for r in report.rows if r.action != "unchanged"}
    assert changed == {("update", "jj"), ("add", "hp"), ("remove", "zl")}
    assert report.counts()["unchanged"] == 8
    codes = {p.code for p in library.phrases() if p.pack_id == "trainer-2026"}
    assert "hp" in codes and "zl" not in codes
    assert library.get(own.id) == own
    assert library.pack("trainer-2026").version == "2026.12"


def test_bad_rows_file_reports_each_row(library):
    report = merge.import_file(library, DATA / "with_bad_rows.csv", LINTER)
    actions = {r.number: r.action for r in report.rows}
    assert actions == {
        2: "add",
        3: "add",
        4: "reject",
        5: "reject",
        6: "skip",
        7: "reject",
        8: "add",  # breaks the service standard: imported, marked 需修改
        9: "add",
    }
    reasons = {r.number: r.reason for r in report.rows}
    assert "缺少短语内容" in reasons[4] and "过长" in reasons[5] and "第 3 行" in reasons[6]
    assert "快捷编码" in reasons[7] and reasons[8] == "需修改"
    assert [r.number for r in report.rows if r.needs_fix] == [8] and report.needs_fix == 1
    strict = merge.import_file(
        library, DATA / "with_bad_rows.csv", LINTER, reject_lint_errors=True, dry_run=True
    )
    assert next(r for r in strict.rows if r.number == 8).reason == "不符合服务规范"


BROKEN = {
    "empty.csv": "空",
    "header_only.csv": "只有表头",
    "no_body_column.csv": "找不到短语内容列",
    "garbage.csv": "不是文本文件",
    "undecodable.csv": "编码",
    "truncated.xlsx": "损坏",
    "password.xlsx": "密码",
    "zipbomb.xlsx": "",
    "entity_bomb.xlsx": "",
    "renamed.xls": "",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_are_rejected_and_the_store_is_untouched(library, name):
    before = dump(library)
    backups = library.backups()
    with pytest.raises(PackError) as caught:
        merge.import_file(library, DATA / name, LINTER)
    message = str(caught.value)
    assert name in message and BROKEN[name] in message
    assert "\n" not in message
    assert dump(library) == before and library.backups() == backups


def test_size_and_row_limits(library):
    from quickreply.core.packs import table

    with pytest.raises(PackError, match="过大"):
        merge.import_file(library, DATA / "qianniu_gbk.csv", LINTER, limits=table.Limits(max_bytes=100))
    with pytest.raises(PackError, match="行数过多"):
        merge.import_file(library, DATA / "qianniu_gbk.csv", LINTER, limits=table.Limits(max_rows=5))
