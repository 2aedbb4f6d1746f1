"""The trainer's team view: tables from the fetched figures, sorting, KPI marks, failures, export,
and the 我的 / 团队 switch of the usage statistics window."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from quickreply.ui import palette, stats_view, team_view
from tests.team_sample import sample


class FakeFetch:
    """``fetch(days)`` of the team client: the sample figures, or the error it was told to raise."""

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.error: Exception | None = None

    def __call__(self, days: int) -> dict:
        self.calls.append(days)
        if self.error is not None:
            raise self.error
        figures = sample()
        figures["days"] = days
        return figures


@pytest.fixture
def fetch():
    return FakeFetch()


@pytest.fixture
def view(qtbot, fetch):
    widget = team_view.TeamStatsView(fetch)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    assert fetch.calls == []  # nothing is fetched before refresh
    assert widget.refresh()
    return widget


def column(table, index):
    return [table.item(row, index).text() for row in range(table.rowCount())]


def test_tables_show_the_figures(view, fetch):
    assert fetch.calls == [30] and view.days == 30
    assert [view.tabs.tabText(i) for i in range(view.tabs.count())] == ["客服", "短语", "从未使用", "版本"]
    assert column(view.agents, 0) == ["小王", "小李", "小张", "新人"]
    first = [view.agents.item(0, c).text() for c in range(6)]
    assert first == ["小王", "120", "14", "5", "svc.sorry×3, svc.bu×2", "6.5"]
    assert view.agents.item(3, 5).text() == "-"  # no paste yet: no median
    assert column(view.phrases, 2) == ["发货时间", "欢迎语", "催付"]
    assert column(view.phrases, 3) == ["发货时间", "开场问候", "议价"]
    assert column(view.never_used, 2) == ["运费险说明", "赠品说明"]
    assert [view.versions.item(0, c).text() for c in (0, 1, 4, 6, 9, 10)] == [
        "shop",
        "3",
        "改了催付话术",
        "12",
        "45",
        "4",
    ]
    assert "4 位客服" in view.status.text() and "共使用 429 次" in view.status.text()
    assert view.export_button.isEnabled()
    for table in view.tables:
        assert table.editTriggers() == table.EditTrigger.NoEditTriggers and table.isSortingEnabled()


def test_sorting_numbers_as_numbers(view):
    view.agents.sortItems(1, Qt.SortOrder.DescendingOrder)
    assert column(view.agents, 1) == ["300", "120", "9", "0"]
    view.agents.sortItems(5, Qt.SortOrder.AscendingOrder)  # empty first, then 6.5 < 24 < 41
    assert column(view.agents, 5) == ["-", "6.5", "24", "41"]
    view.phrases.sortItems(4, Qt.SortOrder.AscendingOrder)
    assert column(view.phrases, 4) == ["7", "40", "300"]


def test_a_refresh_keeps_the_chosen_order(view):
    view.phrases.sortItems(4, Qt.SortOrder.DescendingOrder)
    assert view.refresh()
    assert column(view.phrases, 4) == ["300", "40", "7"]
    assert view.phrases.rowCount() == 3


def test_kpi_marks_against_the_yardstick(view):
    assert column(view.agents, 6) == ["好", "合格", "需关注", "-"]
    assert view.agents.item(0, 6).foreground().color() == palette.OK
    assert view.agents.item(2, 6).foreground().color() == palette.WARNING
    assert "10 秒" in view.kpi_label.text() and "30 秒" in view.kpi_label.text()
    assert "只是响应时间的一部分" in view.kpi_label.text()
    view.agents.sortItems(6, Qt.SortOrder.DescendingOrder)
    assert column(view.agents, 0) == ["小张", "小李", "小王", "新人"]


def test_a_stricter_yardstick_marks_differently(view, fetch, monkeypatch):
    figures = sample()
    figures["kpi"] = {
        "first_reply_seconds": 5,
        "average_seconds_full_score": 20,
        "average_seconds_normal": 30,
    }
    view.show_stats(figures)
    assert column(view.agents, 6) == ["合格", "需关注", "需关注", "-"]
    assert "5 秒内" in view.kpi_label.text()


def test_a_failed_fetch_says_why_and_keeps_the_old_figures(view, fetch):
    fetch.error = RuntimeError("连接不到团队服务器:192.168.1.10:5432 拒绝连接")
    view.range_box.setCurrentIndex(view.range_box.findData(7))
    assert fetch.calls == [30, 7]
    assert "刷新失败:连接不到团队服务器" in view.status.text() and "仍显示" in view.status.text()
    assert view.status.styleSheet() == palette.ERROR_STYLE
    assert view.agents.rowCount() == 4 and view.export_button.isEnabled()
    fetch.error = None
    view.refresh_button.click()
    assert "刷新失败" not in view.status.text() and view.status.styleSheet() == ""
    assert fetch.calls == [30, 7, 7]


def test_a_first_fetch_that_fails_leaves_nothing_to_export(qtbot, fetch):
    fetch.error = PermissionError("没有权限:只有培训师可以查看团队统计")
    widget = team_view.TeamStatsView(fetch, days=90)
    qtbot.addWidget(widget)
    assert not widget.refresh()
    assert widget.status.text() == "刷新失败:没有权限:只有培训师可以查看团队统计"
    assert not widget.export_button.isEnabled() and widget.export() is None


def test_export_writes_the_shown_figures(view, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "团队"), ""))
    written = view.export()
    assert written == tmp_path / "团队.xlsx"
    book = openpyxl.load_workbook(written)
    assert book.sheetnames == ["客服", "短语", "从未使用", "版本"]
    assert [c.value for c in book["客服"][2]][:7] == ["小王", 120, 14, 5, "svc.sorry×3, svc.bu×2", 6.5, "好"]
    assert "已导出到 团队.xlsx" in view.status.text()


def test_export_to_another_format_is_refused_with_a_message(view, monkeypatch, tmp_path):
    warnings = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "团队.csv"), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    assert view.export() is None
    assert "导出文件须为 .xlsx" in warnings[0] and list(tmp_path.iterdir()) == []


def test_export_cancelled_writes_nothing(view, monkeypatch, tmp_path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert view.export() is None


# -- the usage statistics window's team mode -------------------------------------------------------


@pytest.fixture
def stats_window(qtbot, fresh_store):
    window = stats_view.StatsView(fresh_store, days=7)
    qtbot.addWidget(window)
    return window


def test_without_a_team_there_is_no_team_mode(stats_window):
    assert stats_window.modes.bar.isHidden() and stats_window.modes.team_view is None
    assert stats_window.modes.pages.currentIndex() == 0


def test_team_mode_shows_and_fetches_the_team_figures(stats_window, fetch):
    stats_window.set_team_fetch(fetch)
    modes = stats_window.modes
    assert not modes.bar.isHidden() and modes.bar.tabText(1) == "团队"
    assert fetch.calls == [] and modes.pages.currentIndex() == 0
    modes.bar.setCurrentIndex(1)
    assert modes.pages.currentWidget() is modes.team_view
    assert fetch.calls == [7] and modes.team_view.agents.rowCount() == 4
    modes.bar.setCurrentIndex(0)
    assert modes.pages.currentIndex() == 0
    modes.bar.setCurrentIndex(1)
    assert fetch.calls == [7, 7]  # afresh each time the team is shown


def test_leaving_the_team_removes_the_team_mode(stats_window, fetch):
    stats_window.set_team_fetch(fetch)
    stats_window.modes.bar.setCurrentIndex(1)
    stats_window.set_team_fetch(None)
    assert stats_window.modes.bar.isHidden() and stats_window.modes.team_view is None
    assert stats_window.modes.pages.currentIndex() == 0 and stats_window.modes.pages.count() == 1
