"""The statistics view: the chart draws UsageStats.per_day, the range recounts, export writes a file."""

import csv
import datetime

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from quickreply.core import stats
from quickreply.ui import stats_view
from tests.conftest import make_phrase

CST = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=CST)


@pytest.fixture
def seeded(fresh_store):
    db = fresh_store
    a = db.add(make_phrase(stage="greeting", title="欢迎语", code="hy"))
    b = db.add(make_phrase(stage="shipping", title="发货时间", code="fh"))
    c = db.add(make_phrase(stage="closing", title="感谢光临", code="js"))
    for days_back, phrase in [(0, a), (0, a), (1, b), (3, a), (20, b), (45, b), (60, a)]:
        when = NOW - datetime.timedelta(days=days_back, hours=1)
        db.record_use(phrase.id, when=when.astimezone(datetime.UTC).isoformat(timespec="seconds"))
    # Just after local midnight on the 24th: still the 23rd in UTC.
    db.record_use(b.id, when="2026-11-23T16:00:30+00:00")
    return db, (a, b, c)


@pytest.fixture
def view(qtbot, seeded):
    db, _ = seeded
    widget = stats_view.StatsView(db, now=NOW, tz=CST, days=7)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    return widget


def expected(db, days):
    usage = stats.UsageStats(db, now=NOW, tz=CST)
    return usage.per_day(*usage.last_days(days))


def test_chart_draws_the_per_day_figures(view, seeded):
    db, _ = seeded
    assert view.days == 7
    assert view.chart.values == expected(db, 7)
    assert [n for _, n in view.chart.values] == [0, 0, 0, 1, 0, 1, 3]
    assert view.chart.top_value() >= 3


def test_tables_show_top_unused_and_stages(view, seeded):
    db, (a, b, c) = seeded
    assert view.top_table.rowCount() == 2
    assert view.top_table.item(0, 0).text() == "欢迎语" and view.top_table.item(0, 2).text() == "3"
    assert view.unused_table.rowCount() == 1 and view.unused_table.item(0, 0).text() == "感谢光临"
    assert view.stage_table.rowCount() == len(db.stages())
    assert view.stage_table.item(0, 0).text() == "开场问候" and view.stage_table.item(0, 1).text() == "3"
    assert "共使用 5 次" in view.summary.text()


def test_changing_the_range_recounts(view, seeded, qtbot):
    db, _ = seeded
    view.range_box.setCurrentIndex(view.range_box.findData(30))
    assert view.days == 30 and len(view.chart.values) == 30
    assert view.chart.values == expected(db, 30)
    assert view.report.totals.uses == 6
    view.range_box.setCurrentIndex(view.range_box.findData(90))
    assert view.chart.values == expected(db, 90) and view.report.totals.uses == 8
    assert view.unused_table.rowCount() == 1


def test_chart_paints_and_finds_days(view, qtbot):
    view.show()
    qtbot.waitExposed(view)
    image = view.chart.grab()
    assert not image.isNull()
    plot_left = view.chart.MARGIN_LEFT
    assert view.chart.index_at(plot_left + 1) == 0
    assert view.chart.index_at(view.chart.width() - view.chart.MARGIN_RIGHT - 1) == 6
    assert view.chart.index_at(1) is None


def test_empty_store_shows_zeros(qtbot, fresh_store):
    widget = stats_view.StatsView(fresh_store, now=NOW, tz=CST)
    qtbot.addWidget(widget)
    assert widget.days == 30 and [n for _, n in widget.chart.values] == [0] * 30
    assert widget.top_table.rowCount() == 0
    assert not widget.chart.grab().isNull()


def test_export_xlsx(view, monkeypatch, tmp_path):
    target = tmp_path / "统计.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel 工作簿 (*.xlsx)")
    )
    assert view.export() == target
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book["每日使用"].iter_rows(values_only=True))[1:]
    assert [(d.date(), n) for d, n in rows] == view.chart.values
    assert "已导出" in view.status.text()


def test_export_button_adds_the_extension_of_the_chosen_filter(view, monkeypatch, tmp_path, qtbot):
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "统计"), "CSV 文件 (*.csv)")
    )
    view.export_button.click()
    written = tmp_path / "统计.csv"
    with written.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["# 汇总"]


def test_export_cancelled_writes_nothing(view, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert view.export() is None
    assert list(tmp_path.iterdir()) == []
