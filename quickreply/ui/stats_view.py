"""The trainers' usage statistics view: a chart of uses per day, top/unused/per-stage tables, export,
and the way into the coverage report (``coverage_view``), the other figure a trainer works from."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import stats, store
from quickreply.ui import file_export, palette, plaintext, team_view

RANGES = (7, 30, 90)
DEFAULT_DAYS = 30
TOP_N = 10


def nice_step(most: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5, 10, 20, 50…) giving about ``ticks`` grid lines up to ``most``."""
    raw = max(1.0, most / ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


class DayChart(QWidget):
    """A bar chart of uses per day; ``values`` holds exactly what it draws."""

    MARGIN_LEFT = 44
    MARGIN_RIGHT = 12
    MARGIN_TOP = 30
    MARGIN_BOTTOM = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: list[tuple[datetime.date, int]] = []
        self.setMinimumHeight(200)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(760, 240)

    def set_values(self, values: list[tuple[datetime.date, int]]) -> None:
        self.values = list(values)
        self.update()

    def weekday(self, day: datetime.date) -> str:
        names = (
            self.tr("周一"),
            self.tr("周二"),
            self.tr("周三"),
            self.tr("周四"),
            self.tr("周五"),
            self.tr("周六"),
            self.tr("周日"),
        )
        return names[day.weekday()]

    def _plot(self) -> QRectF:
        return QRectF(
            self.MARGIN_LEFT,
            self.MARGIN_TOP,
            max(1, self.width() - self.MARGIN_LEFT - self.MARGIN_RIGHT),
            max(1, self.height() - self.MARGIN_TOP - self.MARGIN_BOTTOM),
        )

    def _legend(self, painter: QPainter) -> None:
        """Workday and weekend swatches at the top right."""
        metrics = painter.fontMetrics()
        x = float(self.width() - self.MARGIN_RIGHT)
        box = metrics.height() * 0.6
        for label, color in (
            (self.tr("周末"), palette.CHART_WEEKEND),
            (self.tr("工作日"), palette.CHART_BAR),
        ):
            width = metrics.horizontalAdvance(label)
            x -= width
            painter.setPen(palette.CHART_TEXT)
            painter.drawText(QRectF(x, 2, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, label)
            x -= box + 4
            painter.fillRect(QRectF(x, 2 + (metrics.height() - box) / 2, box, box), color)
            x -= 14

    def top_value(self) -> int:
        """The value at the top of the y axis: the largest count rounded up to a grid step."""
        most = max((n for _, n in self.values), default=0)
        step = nice_step(most)
        return max(step, math.ceil(most / step) * step)

    def index_at(self, x: float) -> int | None:
        """The day under a horizontal position, or None outside the bars."""
        plot = self._plot()
        if not self.values or not plot.left() <= x < plot.right():
            return None
        return min(len(self.values) - 1, int((x - plot.left()) / (plot.width() / len(self.values))))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        plot = self._plot()
        metrics = painter.fontMetrics()
        top = self.top_value()
        step = nice_step(max((n for _, n in self.values), default=0))
        # Grid lines and y labels.
        painter.setPen(palette.CHART_TEXT)
        painter.drawText(
            QRectF(0, 2, self.MARGIN_LEFT + 40, metrics.height()), Qt.AlignmentFlag.AlignLeft, self.tr("次数")
        )
        self._legend(painter)
        for value in range(0, top + 1, step):
            y = plot.bottom() - plot.height() * value / top
            painter.setPen(QPen(palette.CHART_GRID if value else palette.CHART_AXIS, 1))
            painter.drawLine(QPoint(int(plot.left()), round(y)), QPoint(int(plot.right()), round(y)))
            painter.setPen(palette.CHART_TEXT)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, self.MARGIN_LEFT - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
        if not self.values:
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, self.tr("没有数据"))
            return
        slot = plot.width() / len(self.values)
        bar = max(1.0, slot * 0.7)
        label_every = max(1, math.ceil((metrics.horizontalAdvance("00-00") + 10) / slot))
        show_values = slot >= metrics.horizontalAdvance("000") + 2
        last = len(self.values) - 1
        for index, (day, count) in enumerate(self.values):
            center = plot.left() + slot * (index + 0.5)
            height = plot.height() * count / top
            if count:
                color = palette.CHART_WEEKEND if day.weekday() >= 5 else palette.CHART_BAR
                painter.fillRect(QRectF(center - bar / 2, plot.bottom() - height, bar, height), color)
            painter.setPen(palette.CHART_TEXT)
            if show_values and count:
                painter.drawText(
                    QRectF(
                        center - slot / 2,
                        plot.bottom() - height - metrics.height() - 1,
                        slot,
                        metrics.height(),
                    ),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                    str(count),
                )
            if (last - index) % label_every == 0:
                width = metrics.horizontalAdvance("00-00") + 8
                painter.drawText(
                    QRectF(center - width / 2, plot.bottom() + 4, width, metrics.height()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    f"{day:%m-%d}",
                )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        index = self.index_at(event.position().x())
        if index is None:
            QToolTip.hideText()
            return
        day, count = self.values[index]
        text = self.tr("{0} {1}:{2} 次").format(day.isoformat(), self.weekday(day), count)
        QToolTip.showText(event.globalPosition().toPoint(), text, self)


def _item(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setDefaultSectionSize(24)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        mode = (
            QHeaderView.ResizeMode.Stretch if column == stretch else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    return table


class StatsView(QWidget):
    """Usage statistics of the last 7, 30 or 90 days.

    Args:
        db: the phrase store.
        now, tz: passed to ``UsageStats`` (injectable for tests).
        days: the range shown first.
    """

    def __init__(
        self,
        db: store.PhraseStore,
        parent: QWidget | None = None,
        now: datetime.datetime | None = None,
        tz: datetime.tzinfo | None = None,
        days: int = DEFAULT_DAYS,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("使用统计"))
        self.db = db
        self.stats = stats.UsageStats(db, now=now, tz=tz)
        self.coverage_window: QWidget | None = None  # the last coverage report opened (a window of ours)
        self.report: stats.Report | None = None

        self.range_box = QComboBox()
        for count in RANGES:
            self.range_box.addItem(self.tr("最近 {0} 天").format(count), count)
        self.summary = plaintext.label()
        self.status = plaintext.label()
        self.status.setStyleSheet(palette.OK_STYLE)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.clicked.connect(self.export)
        self.coverage_button = QPushButton(self.tr("覆盖率报告…"))
        self.coverage_button.setToolTip(
            self.tr("选择一批买家消息,看短语库答得有把握、不确定、没有答案的各是哪些")
        )
        self.coverage_button.clicked.connect(self.open_coverage)

        self.chart_title = plaintext.label()
        self.chart = DayChart()
        self.top_title = plaintext.label()
        self.top_table = _table([self.tr("标题"), self.tr("阶段"), self.tr("次数"), self.tr("最近使用")], 0)
        self.unused_title = plaintext.label()
        self.unused_table = _table([self.tr("标题"), self.tr("阶段")], 0)
        self.stage_title = plaintext.label(self.tr("按阶段"))
        self.stage_table = _table([self.tr("阶段"), self.tr("次数"), self.tr("占比")], 0)
        self.stage_table.verticalHeader().hide()
        for title in (self.chart_title, self.top_title, self.unused_title, self.stage_title):
            title.setStyleSheet("font-weight: bold;")

        bar = QHBoxLayout()
        bar.addWidget(plaintext.label(self.tr("时间范围:")))
        bar.addWidget(self.range_box)
        bar.addSpacing(12)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.export_button)
        bar.addWidget(self.coverage_button)
        tables = QHBoxLayout()
        for title, table, stretch in (
            (self.top_title, self.top_table, 5),
            (self.unused_title, self.unused_table, 3),
            (self.stage_title, self.stage_table, 3),
        ):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(table)
            tables.addLayout(column, stretch)
        mine = QWidget()
        layout = QVBoxLayout(mine)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.chart_title)
        layout.addWidget(self.chart, 2)
        layout.addLayout(tables, 3)
        self.modes = team_view.ModeSwitch(mine)  # 我的 / 团队, while a team is joined
        QVBoxLayout(self).addWidget(self.modes)

        self.set_days(days)
        self.range_box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    @property
    def days(self) -> int:
        """The number of days shown."""
        return int(self.range_box.currentData())

    def set_days(self, days: int) -> None:
        index = self.range_box.findData(days)
        self.range_box.setCurrentIndex(index if index >= 0 else self.range_box.findData(DEFAULT_DAYS))

    def refresh(self) -> None:
        """Recount everything for the selected range (call it after new uses were recorded)."""
        start, end = self.stats.last_days(self.days)
        report = self.stats.report(start, end, TOP_N)
        self.report = report
        t = report.totals
        names = {s.stage.id: s.stage.name_zh for s in report.by_stage}
        self.summary.setText(
            self.tr(
                "{0} 至 {1}:共使用 {2} 次 · 平均每天 {3:.1f} 次 · {4} 天有使用 · 用到 {5} / {6} 条短语"
            ).format(
                t.start.isoformat(),
                t.end.isoformat(),
                t.uses,
                t.per_day,
                t.active_days,
                t.phrases_used,
                t.phrases_total,
            )
        )
        self.chart_title.setText(self.tr("每天使用次数(最近 {0} 天)").format(t.days))
        self.chart.set_values(report.per_day)

        self.top_title.setText(self.tr("常用短语(前 {0} 条)").format(TOP_N))
        self.top_table.setRowCount(len(report.top))
        for row, top in enumerate(report.top):
            title = _item(top.phrase.title)
            title.setToolTip(plaintext.tooltip(top.phrase.body))
            title.setData(Qt.ItemDataRole.UserRole, top.phrase.id)
            self.top_table.setItem(row, 0, title)
            self.top_table.setItem(row, 1, _item(names.get(top.phrase.stage_id, top.phrase.stage_id)))
            self.top_table.setItem(row, 2, _item(str(top.uses), number=True))
            self.top_table.setItem(row, 3, _item(f"{top.last_used:%m-%d %H:%M}"))

        self.unused_title.setText(self.tr("未使用的短语({0} 条)").format(len(report.never_used)))
        self.unused_table.setRowCount(len(report.never_used))
        for row, phrase in enumerate(report.never_used):
            title = _item(phrase.title)
            title.setToolTip(plaintext.tooltip(phrase.body))
            title.setData(Qt.ItemDataRole.UserRole, phrase.id)
            self.unused_table.setItem(row, 0, title)
            self.unused_table.setItem(row, 1, _item(names.get(phrase.stage_id, phrase.stage_id)))

        self.stage_table.setRowCount(len(report.by_stage))
        for row, item in enumerate(report.by_stage):
            share = f"{item.uses / t.uses:.0%}" if t.uses else "-"
            self.stage_table.setItem(row, 0, _item(item.stage.name_zh))
            self.stage_table.setItem(row, 1, _item(str(item.uses), number=True))
            self.stage_table.setItem(row, 2, _item(share, number=True))

    def set_team_fetch(self, fetch: team_view.Fetch | None) -> None:
        """Offer the team's figures beside this agent's own (a team joined), or no longer (None)."""
        self.modes.set_team_fetch(fetch, self.days)

    def open_coverage(self) -> QWidget | None:
        """Ask for a file of buyer messages and show the library's coverage report on it."""
        from quickreply.ui import coverage_view

        window = coverage_view.open_report(self.db, self)
        if window is not None:
            self.coverage_window = window
        return window

    def export(self) -> Path | None:
        """Ask for a file and write the shown range to it as XLSX or CSV; returns the file written."""
        start, end = self.stats.last_days(self.days)
        suggested = Path.home() / f"使用统计-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("导出使用统计"),
            str(suggested),
            self.tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() not in (".csv", ".xlsx"):
            target = target.with_name(target.name + (".csv" if "csv" in chosen.lower() else ".xlsx"))
        return file_export.write_reported(
            self, self.status, target, lambda path: self.stats.export(path, start, end, TOP_N)
        )
