"""The coverage report window: opened from the usage view, the to-do order, sorting, plain text, export."""

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from quickreply.ui import coverage_view, stats_view


@pytest.fixture
def messages(tmp_path):
    path = tmp_path / "chat.tsv"
    path.write_text(
        "时间\t买家消息\n10:00\tfh\n10:01\tzzqxv\n10:02\t<b>粗体</b> zzqxw\n10:03\t\n", encoding="utf-8"
    )
    return path


def _open(qtbot, library, messages, monkeypatch):
    view = stats_view.StatsView(library)
    qtbot.addWidget(view)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(messages), ""))
    view.coverage_button.click()
    window = view.coverage_window
    assert isinstance(window, coverage_view.CoverageView)
    assert window.parent() is view and window.isWindow()  # closed with the usage view
    return view, window


def test_the_usage_view_opens_the_report_on_a_chosen_file(qtbot, library, messages, monkeypatch):
    view, window = _open(qtbot, library, messages, monkeypatch)
    assert view.coverage_button.text() == "覆盖率报告…"
    assert window.isVisible() and "chat.tsv" in window.windowTitle()
    rows = window.row_texts()
    assert [row[0] for row in rows] == ["没有答案", "没有答案", "有把握"]
    assert [row[1] for row in rows] == ["zzqxv", "<b>粗体</b> zzqxw", "fh"]
    assert rows[2][2] == "发货时间" and rows[2][3].startswith("fh ") and rows[2][5] == "2"
    assert "3 条买家消息" in window.summary.text() and "跳过 2 行" in window.summary.text()
    assert window.summary.textFormat() == Qt.TextFormat.PlainText


def test_sorting_by_line_then_by_result_comes_back_to_the_to_do_order(qtbot, library, messages, monkeypatch):
    _, window = _open(qtbot, library, messages, monkeypatch)
    window.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert [row[5] for row in window.row_texts()] == ["2", "3", "4"]
    window.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    assert [row[5] for row in window.row_texts()] == ["4", "3", "2"]
    window.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [row[1] for row in window.row_texts()] == ["zzqxv", "<b>粗体</b> zzqxw", "fh"]


def test_an_unreadable_file_says_why_and_opens_nothing(qtbot, library, tmp_path, monkeypatch):
    bad = tmp_path / "x.csv"
    bad.write_text("时间,昵称\n10:00,tb1\n", encoding="utf-8")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append((title, text)))
    view = stats_view.StatsView(library)
    qtbot.addWidget(view)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    assert view.open_coverage() is None and view.coverage_window is None
    assert warned[0][0] == "无法生成覆盖率报告" and "找不到买家消息列" in warned[0][1]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    assert view.open_coverage() is None and len(warned) == 1


def test_export_writes_the_workbook(qtbot, library, messages, monkeypatch, tmp_path):
    _, window = _open(qtbot, library, messages, monkeypatch)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "报告"), ""))
    written = window.export()
    assert written == tmp_path / "报告.xlsx" and window.status.text() == "已导出到 报告.xlsx"
    rows = list(openpyxl.load_workbook(written)["覆盖率"].iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["zzqxv", "<b>粗体</b> zzqxw", "fh"]
    database = Path(library.path)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(database) + ".xlsx", ""))
    database.with_name(database.name + ".xlsx").symlink_to(database)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(title))
    assert window.export() is None and warned == ["导出失败"]


def test_a_long_report_can_be_cancelled(qtbot, library, tmp_path, monkeypatch):
    path = tmp_path / "many.txt"
    path.write_text("今天能发货吗\n" * 250, encoding="utf-8")
    view = stats_view.StatsView(library)
    qtbot.addWidget(view)
    shown = coverage_view.show_report(library, path, view)
    assert shown is not None and shown.table.rowCount() == 250
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    assert coverage_view.show_report(library, path, view) is None
