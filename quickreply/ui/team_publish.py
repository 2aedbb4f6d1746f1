"""Publishing a pack file as the team's next version, after seeing exactly what it changes.

The preview is the team client's plan: the version number it becomes, the phrases added, changed
and removed since the team's last version, and the rows of its import report that break the
service standard (the import dialog's columns and colours). Nothing is published before 发布;
取消 publishes nothing. A failure (no permission, server gone) shows here, the notes kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quickreply.core.packs.report import Action, ImportReport
from quickreply.ui import import_dialog, palette, plaintext, team_view

# The import dialog's preview columns shown for a row with findings.
FINDING_COLUMNS = (import_dialog.ROW, import_dialog.ACTION, import_dialog.TITLE, import_dialog.BODY)


class PublishPlan(Protocol):
    """What publishing a file would do: the version it becomes, the import report, the titles changed."""

    @property
    def pack(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def report(self) -> ImportReport: ...
    @property
    def added(self) -> Sequence[str]: ...
    @property
    def changed(self) -> Sequence[str]: ...
    @property
    def removed(self) -> Sequence[str]: ...


class Publisher(Protocol):
    """What publishing needs of the team client."""

    def plan_publish(self, path: str, notes: str = "") -> PublishPlan: ...
    def publish(self, plan: PublishPlan) -> int: ...


def imported(text: str) -> str:
    """A text of the import dialog, in the interface language."""
    return QCoreApplication.translate("ImportDialog", text)


class PublishDialog(QDialog):
    """Preview, then publish or cancel, one pack file as the team's next version.

    ``published`` carries the pack and the version it became.
    """

    published = Signal(str, int)

    def __init__(self, team: Publisher, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("发布短语包"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.team = team
        self.path = path
        self.plan: PublishPlan | None = None
        self.planned_notes = ""
        self.version: int | None = None

        file_label = plaintext.label(self.tr("文件:") + Path(path).name)
        file_label.setToolTip(plaintext.tooltip(path))
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(self.tr("这一版改了什么,例如:改了催付话术"))
        self.summary = plaintext.label()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.added = QListWidget()
        self.changed = QListWidget()
        self.removed = QListWidget()
        self.list_titles = [plaintext.label() for _ in range(3)]
        lists = QHBoxLayout()
        for title, widget in zip(self.list_titles, (self.added, self.changed, self.removed), strict=True):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(widget)
            lists.addLayout(column)
        self.findings_title = plaintext.label()
        self.findings = QTableWidget(0, len(FINDING_COLUMNS) + 1)
        self.findings.setHorizontalHeaderLabels(
            [imported(str(import_dialog.COLUMNS[c])) for c in (*FINDING_COLUMNS, import_dialog.FINDINGS)]
        )
        self.findings.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.findings.setWordWrap(False)
        self.findings.verticalHeader().hide()
        header = self.findings.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(FINDING_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(FINDING_COLUMNS), QHeaderView.ResizeMode.Stretch)
        self.outcome = plaintext.error_label()
        self.publish_button = QPushButton(self.tr("发布"))
        self.publish_button.setEnabled(False)
        self.publish_button.clicked.connect(self.run_publish)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)

        notes_row = QHBoxLayout()
        notes_row.addWidget(QLabel(self.tr("版本说明:")))
        notes_row.addWidget(self.notes, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(file_label)
        layout.addLayout(notes_row)
        layout.addWidget(self.summary)
        layout.addLayout(lists, 2)
        layout.addWidget(self.findings_title)
        layout.addWidget(self.findings, 3)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.resize(900, 620)

    def preview(self) -> bool:
        """Ask the team client what publishing the file would do and show it."""
        notes = self.notes.text().strip()
        try:
            with team_view.busy():
                plan = self.team.plan_publish(self.path, notes)
        except Exception as exc:  # the client's failures are one line for the user
            self.fail(self.tr("无法预览:"), exc)
            return False
        self.plan, self.planned_notes = plan, notes
        self.outcome.hide()
        self.show_plan(plan)
        return True

    def show_plan(self, plan: PublishPlan) -> None:
        report = plan.report
        changes = len(plan.added) + len(plan.changed) + len(plan.removed)
        text = self.tr("将发布为「{0}」第 {1} 版:新增 {2} 条,修改 {3} 条,删除 {4} 条").format(
            report.pack_name or plan.pack, plan.version, len(plan.added), len(plan.changed), len(plan.removed)
        )
        if not changes:
            text = self.tr("与团队当前的「{0}」相比没有改动,不需要发布").format(report.pack_name or plan.pack)
        self.summary.setText(text + "".join("\n· " + note for note in report.notes))
        for title, widget, names, heading in (
            (self.list_titles[0], self.added, plan.added, self.tr("新增({0})")),
            (self.list_titles[1], self.changed, plan.changed, self.tr("修改({0})")),
            (self.list_titles[2], self.removed, plan.removed, self.tr("删除({0})")),
        ):
            title.setText(heading.format(len(names)))
            widget.clear()
            widget.addItems(list(names))
        self.show_findings(report)
        self.publish_button.setEnabled(changes > 0)

    def show_findings(self, report: ImportReport) -> None:
        """The report's rows that break the service standard, as the import dialog shows them."""
        rows = [row for row in report.rows if row.findings]
        self.findings_title.setText(self.tr("不符合服务规范的短语({0} 条)").format(len(rows)))
        self.findings.setRowCount(len(rows))
        for number, row in enumerate(rows):
            cells = [
                str(row.number) if row.number is not None else f"#{row.phrase_id}",
                imported(str(import_dialog.ACTION_LABELS[row.action])),
                row.phrase.title,
                " ".join(row.phrase.body.split()),
                ";".join(row.findings),
            ]
            colour = palette.ERROR if row.action == Action.REJECT else palette.WARNING
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(plaintext.tooltip("\n".join(row.findings) if column == 4 else text))
                if column in (1, 4):
                    item.setForeground(QBrush(colour))
                self.findings.setItem(number, column, item)

    def run_publish(self) -> bool:
        """Publish the previewed file (planned again first when the notes were edited since)."""
        if self.plan is None:
            return False
        if self.notes.text().strip() != self.planned_notes and not self.preview():
            return False
        plan = self.plan
        try:
            with team_view.busy():
                self.version = self.team.publish(plan)
        except Exception as exc:
            self.fail(self.tr("发布失败:"), exc)
            return False
        self.published.emit(plan.pack, self.version)
        self.accept()
        return True

    def fail(self, what: str, exc: Exception) -> None:
        self.outcome.setText(what + team_view.reason(exc))
        self.outcome.show()
