"""The trainer's view of the whole team's usage: per agent, per phrase, never used, per pack version.

The figures come from a ``fetch(days)`` callable (the team client); the rows are
``team.stats_export.tables``, so the window and the XLSX export never disagree. Fetching is
quick (a team of 200 answers well under a second), so it runs on the UI thread under a busy
cursor; when it fails, its one-line reason shows in the status line and the old figures stay.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from quickreply.team import stats_export
from quickreply.ui import file_export, palette, plaintext

Fetch = Callable[[int], dict[str, Any]]
RANGES = (7, 30, 90)
DEFAULT_DAYS = 30
KPI_COLOURS = {stats_export.GOOD: palette.OK, stats_export.SLOW: palette.WARNING}
KPI_LABELS = {
    stats_export.GOOD: QT_TRANSLATE_NOOP("TeamStatsView", "好"),
    stats_export.OK: QT_TRANSLATE_NOOP("TeamStatsView", "合格"),
    stats_export.SLOW: QT_TRANSLATE_NOOP("TeamStatsView", "需关注"),
}
KPI_ORDER = {None: 0, stats_export.GOOD: 1, stats_export.OK: 2, stats_export.SLOW: 3}
# The column of each table that takes the room left over (titles, rules, notes).
STRETCH = (4, 2, 2, 4)
AGENT_KPI_COLUMN = 6


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while the team server is asked something (a second at most, on the UI thread)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def reason(exc: Exception) -> str:
    """The one line an error of the team client says to the user."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class SortItem(QTableWidgetItem):
    """A cell that sorts by its value (numbers as numbers, times as times, empty first)."""

    def __init__(self, text: str, key: Any) -> None:
        super().__init__(text)
        self.key = key

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.key
        theirs = other.key if isinstance(other, SortItem) else other.text()
        if mine is None or theirs is None:
            return mine is None and theirs is not None
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


def cell(value: Any) -> SortItem:
    """A read-only cell showing ``value``: numbers right-aligned, times to the minute, None as "-"."""
    if value is None:
        item = SortItem("-", None)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    elif isinstance(value, datetime.datetime):
        item = SortItem(f"{value:%Y-%m-%d %H:%M}", value)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        item = SortItem(str(value), str(value))
    else:
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        item = SortItem(shown, value)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if item.text() and not isinstance(value, int | float):
        item.setToolTip(plaintext.tooltip(item.text()))
    return item


def table(headers: list[str], stretch: int) -> QTableWidget:
    """A read-only, sortable table with these column headings."""
    made = QTableWidget(0, len(headers))
    made.setHorizontalHeaderLabels(headers)
    made.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    made.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    made.setAlternatingRowColors(True)
    made.setWordWrap(False)
    made.setTextElideMode(Qt.TextElideMode.ElideRight)
    made.verticalHeader().hide()
    made.verticalHeader().setDefaultSectionSize(24)
    made.setSortingEnabled(True)
    header = made.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the server's order until a heading is clicked
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return made


class TeamStatsView(QWidget):
    """The team's usage figures of the last 7, 30 or 90 days.

    Args:
        fetch: ``fetch(days)`` returns the figures (the dict of ``quickreply team stats --json``);
            it may raise an Exception whose text is a one-line reason for the user.
        days: the range shown first. Nothing is fetched until ``refresh`` (StatsView calls it when
            its 团队 mode is chosen).
    """

    def __init__(self, fetch: Fetch, parent: QWidget | None = None, days: int = DEFAULT_DAYS) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("团队统计"))
        self.fetch = fetch
        self.stats: dict[str, Any] | None = None
        self.fetched_at: datetime.datetime | None = None

        self.range_box = QComboBox()
        for count in RANGES:
            self.range_box.addItem(self.tr("最近 {0} 天").format(count), count)
        index = self.range_box.findData(days)
        self.range_box.setCurrentIndex(index if index >= 0 else self.range_box.findData(DEFAULT_DAYS))
        self.range_box.currentIndexChanged.connect(self.refresh)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("导出 XLSX…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        self.status = plaintext.label()
        self.status.setWordWrap(True)
        self.kpi_label = plaintext.label()
        self.kpi_label.setWordWrap(True)

        self.agents = table(
            [
                self.tr("客服"),
                self.tr("使用次数"),
                self.tr("检查草稿"),
                self.tr("违规"),
                self.tr("按规则"),
                self.tr("粘贴用时中位(秒)"),
                self.tr("对照 KPI"),
                self.tr("首次使用"),
                self.tr("最近使用"),
            ],
            STRETCH[0],
        )
        phrase_columns = [self.tr("短语包"), self.tr("编码"), self.tr("标题"), self.tr("阶段")]
        self.phrases = table(
            [*phrase_columns, self.tr("使用次数"), self.tr("使用客服"), self.tr("最近使用")], STRETCH[1]
        )
        self.never_used = table([*phrase_columns, self.tr("版本")], STRETCH[2])
        self.versions = table(
            [
                self.tr("短语包"),
                self.tr("版本"),
                self.tr("发布时间"),
                self.tr("发布人"),
                self.tr("说明"),
                self.tr("短语数"),
                self.tr("改动短语"),
                self.tr("使用次数"),
                self.tr("使用客服"),
                self.tr("改动短语使用次数"),
                self.tr("用过改动的客服"),
            ],
            STRETCH[3],
        )
        for column, tip in (
            (6, self.tr("这一版相对上一版新增或修改的短语数")),
            (9, self.tr("新话术有没有人用:改动过的短语被使用的次数")),
        ):
            heading = self.versions.horizontalHeaderItem(column)
            if heading is not None:
                heading.setToolTip(tip)
        self.tables = [self.agents, self.phrases, self.never_used, self.versions]

        agent_page = QWidget()
        agent_layout = QVBoxLayout(agent_page)
        agent_layout.addWidget(self.kpi_label)
        agent_layout.addWidget(self.agents, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(agent_page, self.tr("客服"))
        self.tabs.addTab(self.phrases, self.tr("短语"))
        self.tabs.addTab(self.never_used, self.tr("从未使用"))
        self.tabs.addTab(self.versions, self.tr("版本"))

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("时间范围:")))
        bar.addWidget(self.range_box)
        bar.addWidget(self.refresh_button)
        bar.addSpacing(12)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self.show_kpi(stats_export.kpi({}))

    @property
    def days(self) -> int:
        """The number of days asked for."""
        return int(self.range_box.currentData())

    def refresh(self) -> bool:
        """Fetch the figures of the chosen range and show them; on failure say why and keep the old ones."""
        try:
            with busy():
                figures = self.fetch(self.days)
        except Exception as exc:  # any failure of the team client is a message for the user, never a crash
            self.status.setStyleSheet(palette.ERROR_STYLE)
            kept = ""
            if self.fetched_at is not None:
                kept = self.tr("(仍显示 {0} 取得的数据)").format(f"{self.fetched_at:%H:%M}")
            self.status.setText(self.tr("刷新失败:") + reason(exc) + kept)
            self.status.setToolTip(plaintext.tooltip(str(exc)))
            return False
        self.show_stats(figures)
        return True

    def show_stats(self, figures: dict[str, Any]) -> None:
        """Fill the four tables and the status line from ``figures``."""
        self.stats = figures
        self.fetched_at = datetime.datetime.now()
        for widget, data in zip(self.tables, stats_export.tables(figures), strict=True):
            widget.setSortingEnabled(False)  # rows set while sorting is on land in the wrong places
            self._fill(widget, data.rows)
        self.show_kpi(stats_export.kpi(figures))
        self._mark_kpi(stats_export.kpi(figures))
        for widget in self.tables:
            widget.setSortingEnabled(True)
        since = stats_export.local_time(figures.get("since"))
        generated = stats_export.local_time(figures.get("generated_at")) or self.fetched_at
        self.status.setStyleSheet("")
        self.status.setToolTip("")
        self.status.setText(
            self.tr("{0} 起 {1} 天 · {2} 位客服 · 共使用 {3} 次 · 统计于 {4}").format(
                f"{since:%Y-%m-%d}" if since else "-",
                figures.get("days", self.days),
                len(figures.get("agents") or []),
                sum(int(a.get("uses") or 0) for a in figures.get("agents") or []),
                f"{generated:%m-%d %H:%M}",
            )
        )
        self.export_button.setEnabled(True)

    def show_kpi(self, yardstick: dict[str, float]) -> None:
        """The training documents' yardstick the agents' seconds-to-paste are marked against."""
        first = f"{yardstick['first_reply_seconds']:g}"
        full = f"{yardstick['average_seconds_full_score']:g}"
        normal = f"{yardstick['average_seconds_normal']:g}"
        self.kpi_label.setText(
            self.tr(
                "KPI 标准:首次响应 {0} 秒内;平均响应 ≤{1} 秒满分,约 {2} 秒为一般,熟练客服 20–30 秒。\n"
                "「对照 KPI」:≤{0} 秒 好,≤{1} 秒 合格,更慢 需关注。"
                "粘贴用时(按快捷键到粘贴)只是响应时间的一部分,还要加上读消息和打字的时间。"
            ).format(first, full, normal)
        )

    def _fill(self, widget: QTableWidget, rows: list[list[Any]]) -> None:
        widget.clearContents()
        widget.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                widget.setItem(row, column, cell(value))

    def _mark_kpi(self, yardstick: dict[str, float]) -> None:
        """Colour each agent's KPI cell and sort it by level rather than by its word."""
        for row in range(self.agents.rowCount()):
            seconds_item = self.agents.item(row, AGENT_KPI_COLUMN - 1)
            seconds = seconds_item.key if isinstance(seconds_item, SortItem) else None
            level = stats_export.kpi_level(seconds, yardstick)
            item = SortItem(self.tr(str(KPI_LABELS[level])) if level else "-", (KPI_ORDER[level], seconds))
            if level in KPI_COLOURS:
                item.setForeground(QBrush(KPI_COLOURS[level]))
            if level:
                item.setToolTip(self.tr("粘贴用时中位 {0} 秒").format(f"{seconds:g}"))
            self.agents.setItem(row, AGENT_KPI_COLUMN, item)

    def export(self) -> Path | None:
        """Ask for a file and write the shown figures to it as XLSX; returns the file written."""
        if self.stats is None:
            return None
        today = datetime.date.today()
        suggested = Path.home() / f"团队统计-{today:%Y%m%d}-{self.stats.get('days', self.days)}天.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出团队统计"), str(suggested), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_name(target.name + ".xlsx")
        figures = self.stats
        return file_export.write_reported(
            self, self.status, target, lambda chosen: stats_export.write_xlsx(figures, chosen)
        )


class ModeSwitch(QWidget):
    """This agent's own figures (``mine``) or, while a team is joined, the team's: a 我的 / 团队 tab
    bar over the two, hidden when there is no team."""

    def __init__(self, mine: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team_view: TeamStatsView | None = None
        self.bar = QTabBar()
        self.bar.addTab(self.tr("我的"))
        self.bar.addTab(self.tr("团队"))
        self.bar.setToolTip(self.tr("我的:本机的使用统计;团队:全店客服的使用统计(来自团队服务器)"))
        self.bar.setExpanding(False)
        self.bar.hide()
        self.pages = QStackedWidget()
        self.pages.addWidget(mine)
        self.bar.currentChanged.connect(self.show_mode)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.pages, 1)

    def set_team_fetch(self, fetch: Fetch | None, days: int = DEFAULT_DAYS) -> None:
        """Offer the team's figures through ``fetch`` (shown from ``days``), or, with None, no longer."""
        self.bar.setCurrentIndex(0)
        if self.team_view is not None:
            self.pages.removeWidget(self.team_view)
            self.team_view.deleteLater()
            self.team_view = None
        if fetch is not None:
            self.team_view = TeamStatsView(fetch, days=days)
            self.pages.addWidget(self.team_view)
        self.bar.setVisible(fetch is not None)

    def show_mode(self, index: int) -> None:
        """Show this agent's figures (tab 0) or the team's (tab 1, fetched afresh each time)."""
        if index == 1 and self.team_view is not None:
            self.pages.setCurrentWidget(self.team_view)
            self.team_view.refresh()
        else:
            self.pages.setCurrentIndex(0)
