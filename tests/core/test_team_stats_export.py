"""The team figures as tables and as an XLSX workbook: a real round trip, refusals, all-or-nothing."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from quickreply.team import stats_export
from tests.team_sample import sample


def test_rules_are_listed_most_first():
    assert stats_export.rules_text({"svc.bu": 2, "svc.sorry": 3}) == "svc.sorry×3, svc.bu×2"
    assert stats_export.rules_text({}) == "" and stats_export.rules_text(None) == ""


@pytest.mark.parametrize(
    ("seconds", "level"),
    [(6.5, "good"), (10, "good"), (10.1, "ok"), (30, "ok"), (30.5, "slow"), (None, None)],
)
def test_kpi_levels_follow_the_training_yardstick(seconds, level):
    assert stats_export.kpi_level(seconds, stats_export.kpi(sample())) == level


def test_a_missing_yardstick_falls_back_to_the_training_documents():
    figures = sample()
    del figures["kpi"]
    assert stats_export.kpi(figures) == {
        "first_reply_seconds": 10,
        "average_seconds_full_score": 30,
        "average_seconds_normal": 40,
    }


def test_tables_carry_the_rows_in_order():
    agents, phrases, never, versions = stats_export.tables(sample())
    assert [t.title for t in (agents, phrases, never, versions)] == ["客服", "短语", "从未使用", "版本"]
    assert agents.rows[0][:7] == ["小王", 120, 14, 5, "svc.sorry×3, svc.bu×2", 6.5, "好"]
    assert [row[6] for row in agents.rows] == ["好", "合格", "需关注", ""]
    assert (
        never.rows[0][3] == "售后退换" and never.rows[1][3] == "my_stage"
    )  # a shop's own stage keeps its id
    assert all(len(t.headers) == len(row) for t in (agents, phrases, never, versions) for row in t.rows)


def test_workbook_round_trip(tmp_path):
    target = tmp_path / "团队统计.xlsx"
    assert stats_export.write_xlsx(sample(), str(target)) == target
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["客服", "短语", "从未使用", "版本"]
    agents = book["客服"]
    assert agents["A1"].value == "客服" and agents["A1"].font.bold
    assert [c.value for c in agents[2]][:7] == ["小王", 120, 14, 5, "svc.sorry×3, svc.bu×2", 6.5, "好"]
    assert isinstance(agents["B2"].value, int) and agents["F5"].value is None
    assert isinstance(agents["I2"].value, datetime.datetime)
    assert agents.column_dimensions["E"].width > agents.column_dimensions["B"].width - 1
    versions = book["版本"]
    assert [c.value for c in versions[2]][:2] == ["shop", 3] and versions["J2"].value == 45
    calamine = CalamineWorkbook.from_path(str(target))
    assert calamine.get_sheet_by_name("短语").to_python()[2][2] == "欢迎语"


def test_only_xlsx_is_written(tmp_path):
    for name in ("统计.csv", "统计"):
        with pytest.raises(ValueError, match=r"导出文件须为 \.xlsx"):
            stats_export.write_xlsx(sample(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    from openpyxl import Workbook

    def broken(self, filename):
        filename.write(b"PK half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken)
    target = tmp_path / "统计.xlsx"
    with pytest.raises(OSError):
        stats_export.write_xlsx(sample(), target)
    assert list(tmp_path.iterdir()) == []
    target.write_bytes(b"the export of yesterday")
    with pytest.raises(OSError):
        stats_export.write_xlsx(sample(), target)
    assert list(tmp_path.iterdir()) == [target] and target.read_bytes() == b"the export of yesterday"


def test_empty_figures_still_make_a_workbook(tmp_path):
    target = stats_export.write_xlsx({}, tmp_path / "空.xlsx")
    assert [list(s.values) for s in openpyxl.load_workbook(target).worksheets][0] == [
        tuple(stats_export.agent_table({}).headers)
    ]
