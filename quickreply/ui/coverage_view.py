"""The coverage report in a window: which buyer messages of a file the library answers, for trainers.

The usage view opens it (覆盖率报告…). The report is ``core.coverage``'s, the very one
``quickreply coverage`` prints, so the window and the command line never disagree. The table is
sortable; it opens in the to-do order (no answer first, then weak, then confident), and sorting by
the result column restores that order rather than an alphabetical one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import coverage, coverage_input, search, store
from quickreply.core.packs import PackError
from quickreply.ui import file_export, palette, plaintext

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class _Item(QTableWidgetItem):
    """A plain-text cell that sorts by a key of its own (row numbers as numbers, results in to-do order)."""

    def __init__(self, text: str, key: object = None) -> None:
        super().__init__(text)
        self.setData(SORT_ROLE, text if key is None else key)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        if isinstance(mine, type(theirs)) or isinstance(theirs, type(mine)):
            return bool(mine < theirs)
        return super().__lt__(other)


def open_report(db: store.PhraseStore, parent: QWidget | None = None) -> CoverageView | None:
    """Ask for a file of buyer messages and show its report; None when cancelled or unreadable
    (then a message says why in one line)."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("CoverageView", "选择买家消息文件"),
        str(Path.home()),
        QCoreApplication.translate("CoverageView", "买家消息 (*.txt *.csv *.tsv *.xlsx *.xls);;所有文件 (*)"),
    )
    if not path:
        return None
    return show_report(db, Path(path), parent)


def show_report(db: store.PhraseStore, path: Path, parent: QWidget | None = None) -> CoverageView | None:
    """The report on ``path`` in a new window (a window of its own, closed with ``parent``), or None
    after a warning when the file cannot be read, or when the trainer cancels a long report."""
    try:
        messages = coverage_input.read(path)
    except PackError as exc:
        QMessageBox.warning(
            parent, QCoreApplication.translate("CoverageView", "无法生成覆盖率报告"), str(exc)
        )
        return None
    report = _built(db, messages, parent)
    if report is None:
        return None
    view = CoverageView(report, db.path, parent)
    view.show()
    return view


class _Cancelled(Exception):
    """The trainer stopped a report that was taking long."""


def _built(
    db: store.PhraseStore, messages: coverage_input.Messages, parent: QWidget | None
) -> coverage.Report | None:
    """The report, searching message after message under a progress dialog (shown only when it
    takes a while); None when cancelled."""
    progress = QProgressDialog(
        QCoreApplication.translate("CoverageView", "正在逐条搜索买家消息…"),
        QCoreApplication.translate("CoverageView", "取消"),
        0,
        len(messages.messages),
        parent,
    )
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(500)

    def step(done: int) -> None:
        progress.setValue(done)
        QCoreApplication.processEvents()
        if progress.wasCanceled():
            raise _Cancelled

    try:
        index = search.SearchIndex.from_store(db, follow=False)
        return coverage.build(index, db.stages(), messages, step)
    except _Cancelled:
        return None
    finally:
        progress.close()
        progress.deleteLater()


class CoverageView(QWidget):
    """One report: a summary line and every message with its result, stage and best phrases."""

    COLUMNS = 6

    def __init__(
        self, report: coverage.Report, database: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.report = report
        self.database = database
        self.setWindowTitle(self.tr("覆盖率报告 - {0}").format(report.messages.source.name))
        labels = {
            coverage.CONFIDENT: self.tr("有把握"),
            coverage.WEAK: self.tr("不确定"),
            coverage.UNANSWERED: self.tr("没有答案"),
        }
        total = len(report.answers)
        counts = " · ".join(
            f"{labels[w]} {report.total(w)}" + (f"({report.total(w) / total:.0%})" if total else "")
            for w in reversed(coverage.ORDER)
        )
        skipped = sum(report.messages.skipped.values())
        self.summary = plaintext.label(
            self.tr("{0} 条买家消息:{1};跳过 {2} 行").format(total, counts, skipped)
        )
        self.summary.setWordWrap(True)
        self.status = plaintext.label()
        self.status.setStyleSheet(palette.OK_STYLE)
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.clicked.connect(self.export)

        headers = [
            self.tr("结果"),
            self.tr("买家消息"),
            self.tr("阶段"),
            self.tr("最佳短语"),
            self.tr("其次"),
            self.tr("行号"),
        ]
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(len(headers)):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch if column == 1 else QHeaderView.ResizeMode.ResizeToContents,
            )
        self._fill(labels)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)

        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.resize(1000, 640)

    def _fill(self, labels: dict[str, str]) -> None:
        names = self.report.stage_names()
        answers = self.report.answers
        self.table.setRowCount(len(answers))
        for row, answer in enumerate(answers):
            best = answer.best
            # sorted by its to-do position: no answer, then weak, then confident (stage by stage)
            result = _Item(labels[answer.verdict], row)
            message = _Item(answer.message.text)
            message.setToolTip(plaintext.tooltip(answer.message.text))
            stage = _Item(names.get(best.stage_id, best.stage_id) if best else "")
            phrase = _Item(coverage.phrase_label(best) if best else "")
            if best is not None:
                phrase.setToolTip(plaintext.tooltip(best.body))
            others = _Item(" / ".join(coverage.phrase_label(r.phrase) for r in answer.results[1:]))
            number = _Item(str(answer.message.row), answer.message.row)
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate((result, message, stage, phrase, others, number)):
                self.table.setItem(row, column, item)

    def row_texts(self) -> list[list[str]]:
        """What the table shows, row by row, in its current order."""
        return [
            [self._text(row, column) for column in range(self.COLUMNS)]
            for row in range(self.table.rowCount())
        ]

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def export(self) -> Path | None:
        """Ask for an .xlsx file and write the report to it; returns the file written."""
        suggested = Path.home() / f"覆盖率-{self.report.messages.source.stem}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("导出覆盖率报告"), str(suggested), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        report = self.report
        return file_export.write_reported(
            self, self.status, target, lambda path: coverage.export(report, path, self.database)
        )
