"""The import dialog: choose or drop a pack file, see exactly what will change, import or cancel; and export.

A thin window over ``core.packs``: the preview is the merge planner's report row by row (each
reply on one line, rows that break the service standard marked 需修改 in the palette's warning
colour), the import runs in the store's transaction (cancel rolls it back), and the result names
the backup.
The size limits are the settings the CLI applies too (``settings.import_limits``); a library another
program is writing ends the import with a message, and the 导入 button stays there to retry.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from quickreply import settings
from quickreply.core import lint, store
from quickreply.core.packs import PackError, export, merge, reader
from quickreply.ui import palette

FILE_FILTER = QT_TRANSLATE_NOOP("ImportDialog", "短语包 (*.json *.csv *.tsv *.txt *.xlsx *.xls)")
POLICY_NAMES = {
    "skip": QT_TRANSLATE_NOOP("ImportDialog", "跳过(保留自己的短语)"),
    "overwrite": QT_TRANSLATE_NOOP("ImportDialog", "覆盖自己的短语"),
    "newer": QT_TRANSLATE_NOOP("ImportDialog", "文件较新时覆盖"),
}
# merge.ACTION_NAMES in the interface language (core has no Qt).
ACTION_LABELS = {
    "add": QT_TRANSLATE_NOOP("ImportDialog", "新增"),
    "update": QT_TRANSLATE_NOOP("ImportDialog", "更新"),
    "unchanged": QT_TRANSLATE_NOOP("ImportDialog", "不变"),
    "skip": QT_TRANSLATE_NOOP("ImportDialog", "跳过"),
    "reject": QT_TRANSLATE_NOOP("ImportDialog", "拒绝"),
    "remove": QT_TRANSLATE_NOOP("ImportDialog", "移除"),
}
NEEDS_FIX_LABEL = QT_TRANSLATE_NOOP("ImportDialog", "需修改")
# The preview table's columns; the reply, the reason and the findings share what the window gives.
COLUMNS = (
    QT_TRANSLATE_NOOP("ImportDialog", "行"),
    QT_TRANSLATE_NOOP("ImportDialog", "操作"),
    QT_TRANSLATE_NOOP("ImportDialog", "阶段"),
    QT_TRANSLATE_NOOP("ImportDialog", "标题"),
    QT_TRANSLATE_NOOP("ImportDialog", "内容"),
    QT_TRANSLATE_NOOP("ImportDialog", "原因"),
    QT_TRANSLATE_NOOP("ImportDialog", "规范检查"),
)
ROW, ACTION, STAGE, TITLE, BODY, REASON, FINDINGS = range(len(COLUMNS))
# The reply takes what the window gives; the reason and the findings fit their text up to these
# widths (the tooltip has the rest); the other columns fit their text.
CAPPED = {REASON: 200, FINDINGS: 220}


class ImportDialog(QDialog):
    """Preview and import one pack file.

    Args:
        target: the store to import into.
        linter: the active service-standard rules (rows with errors are imported and marked 需修改,
            or rejected when the user ticks 拒绝不符合服务规范的短语).
    """

    def __init__(self, target: store.PhraseStore, linter: lint.Linter) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("导入短语包"))
        self.setAcceptDrops(True)
        self.target = target
        self.linter = linter
        self.limits = settings.import_limits(settings.Settings(target))
        self.path: Path | None = None
        self.incoming: reader.Incoming | None = None
        self.plan: merge.Plan | None = None
        self.report: merge.ImportReport | None = None
        self.cancelled = False

        self.file_label = QLabel(self.tr("选择文件,或把文件拖到这里"))
        choose = QPushButton(self.tr("选择文件…"))
        choose.clicked.connect(self.choose_file)
        self.policy = QComboBox()
        for key, name in POLICY_NAMES.items():
            self.policy.addItem(self.tr(str(name)), key)
        self.policy.currentIndexChanged.connect(self.refresh_preview)
        self.reject_lint = QCheckBox(self.tr("拒绝不符合服务规范的短语"))
        self.reject_lint.setToolTip(
            self.tr("不勾选时这些短语照常导入,并标为「需修改」,可在短语库里筛选出来修改")
        )
        self.reject_lint.toggled.connect(self.refresh_preview)
        self.counts = QLabel()
        self.counts.setTextFormat(Qt.TextFormat.PlainText)
        self.counts.setWordWrap(True)  # a long note must not widen the dialog past the screen
        self.rows = QTableWidget(0, len(COLUMNS))
        self.rows.setHorizontalHeaderLabels([self.tr(str(name)) for name in COLUMNS])
        header = self.rows.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BODY, QHeaderView.ResizeMode.Stretch)
        for column in CAPPED:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.rows.setWordWrap(False)
        self.rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.rows.verticalHeader().hide()
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.progress = QProgressBar()
        self.progress.hide()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        self.import_button = QPushButton(self.tr("导入"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel)

        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        options = QFormLayout()
        options.addRow(self.tr("与自己的短语冲突时:"), self.policy)
        options.addRow("", self.reject_lint)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.counts)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.resize(980, 560)

    # -- choosing a file ---------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("导入短语包"), "", self.tr(str(FILE_FILTER)))
        if path:
            self.load(Path(path))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.load(Path(urls[0].toLocalFile()))

    def load(self, path: Path) -> None:
        """Read a file and show its preview (nothing is written)."""
        self.path = path
        self.file_label.setText(str(path))
        self.outcome.setText("")
        try:
            self.incoming = reader.read(path, self.limits)
        except PackError as exc:
            self.incoming = None
            self.plan = None
            self.rows.setRowCount(0)
            self.counts.setText("")
            self.outcome.setText(str(exc))
            self.import_button.setEnabled(False)
            return
        self.refresh_preview()

    def refresh_preview(self) -> None:
        if self.incoming is None:
            return
        self.plan = merge.preview(
            self.target,
            self.incoming,
            self.linter,
            self.policy.currentData(),
            reject_lint_errors=self.reject_lint.isChecked(),
        )
        report = self.plan.report
        self.show_report(report)
        self.import_button.setEnabled(report.changes > 0)

    def show_report(self, report: merge.ImportReport) -> None:
        counts = report.counts()
        summary = "  ".join(f"{self._action(a)} {counts[a]}" for a in merge.ACTIONS)
        summary += f"  {self.tr(str(NEEDS_FIX_LABEL))} {report.needs_fix}"
        self.counts.setText(
            self.tr("短语包「")
            + report.pack_name
            + "」  "
            + summary
            + "".join("\n· " + note for note in report.notes)
        )
        names = {s.id: s.name_zh for s in [*self.target.stages(), *report.new_stages]}
        self.rows.setRowCount(len(report.rows))
        for number, row in enumerate(report.rows):
            body = row.phrase.body
            cells = [
                str(row.number) if row.number is not None else f"#{row.phrase_id}",
                self._action(row.action),
                names.get(row.phrase.stage_id, row.phrase.stage_id),
                row.phrase.title,
                " ".join(body.split()),  # one line; the tooltip keeps the lines
                row.reason.replace(merge.NEEDS_FIX, self.tr(str(NEEDS_FIX_LABEL))),
                ";".join(row.findings),
            ]
            colour = palette.WARNING if row.needs_fix else palette.ERROR if row.action == "reject" else None
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == BODY:
                    item.setToolTip(body)
                elif column in (REASON, FINDINGS) and text:
                    item.setToolTip("\n".join(row.findings) if column == FINDINGS else text)
                if colour is not None and column in (ACTION, REASON):
                    item.setForeground(QBrush(colour))
                self.rows.setItem(number, column, item)
        for column, cap in CAPPED.items():
            self.rows.setColumnWidth(column, min(max(self.rows.sizeHintForColumn(column), 80), cap))

    # -- importing ---------------------------------------------------------------------------------

    def _action(self, action: str) -> str:
        return self.tr(str(ACTION_LABELS[action]))

    def run_import(self) -> None:
        """Apply the previewed plan in one transaction, with progress and cancel."""
        if self.plan is None:
            return
        self.cancelled = False
        self.import_button.setEnabled(False)
        self.progress.setRange(0, max(1, len(self.plan.operations)))
        self.progress.show()
        try:
            self.report = merge.apply(self.target, self.plan, self._progress)
        except merge.Cancelled:
            self._not_imported(self.tr("导入已取消,短语库没有任何改动。"))
            return
        except store.Busy as exc:
            self._not_imported(
                self.tr("导入未完成:") + str(exc) + self.tr(";短语库没有任何改动,可再点「导入」重试")
            )
            return
        except (store.StoreError, PackError, OSError) as exc:
            self._not_imported(self.tr("导入失败,短语库没有任何改动:") + str(exc))
            return
        self.progress.setValue(self.progress.maximum())
        counts = self.report.counts()
        backup = f"\n{self.tr('导入前的短语库已备份到')} {self.report.backup}" if self.report.backup else ""
        needs_fix = ""
        if self.report.needs_fix:
            needs_fix = (
                "\n"
                + self.tr("不符合服务规范、已标为「需修改」的短语:")
                + f"{self.report.needs_fix}"
                + self.tr(",可在短语库里筛选出来修改")
            )
        self.outcome.setText(
            self.tr("导入完成:") + f"{self._action('add')} {counts['add']},"
            f"{self._action('update')} {counts['update']},"
            f"{self._action('remove')} {counts['remove']}" + needs_fix + backup
        )
        self.cancel_button.setText(self.tr("关闭"))
        self.plan = None

    def _not_imported(self, message: str) -> None:
        """The import was rolled back: say why, and offer it again (the preview as the library is now)."""
        self.outcome.setText(message)
        self.progress.hide()
        self.refresh_preview()

    def _progress(self, done: int, total: int) -> bool:
        self.progress.setValue(done)
        QCoreApplication.processEvents()
        return not self.cancelled

    def cancel(self) -> None:
        """During an import: stop it (rolled back). Otherwise: close."""
        if self.progress.isVisible() and self.plan is not None:
            self.cancelled = True
        else:
            self.reject()


class ExportDialog(QDialog):
    """Export phrases as JSON, CSV or XLSX, optionally one stage or one pack."""

    def __init__(self, source: store.PhraseStore) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("导出短语"))
        self.source = source
        self.format = QComboBox()
        for fmt, name in (("xlsx", "Excel (.xlsx)"), ("csv", "CSV"), ("json", "quickreply 短语包 (.json)")):
            self.format.addItem(name, fmt)
        self.stage = QComboBox()
        self.stage.addItem(self.tr("全部阶段"), None)
        for item in source.stages():
            self.stage.addItem(item.name_zh, item.id)
        self.pack = QComboBox()
        self.pack.addItem(self.tr("全部短语"), None)
        self.pack.addItem(self.tr("自己的短语"), "own")
        for pack in source.packs():
            self.pack.addItem(pack.name, pack.id)
        self.encoding = QComboBox()
        self.encoding.addItem(self.tr("UTF-8(Excel 可直接打开)"), "utf-8-sig")
        self.encoding.addItem(self.tr("GBK(旧软件)"), "gbk")
        self.outcome = QLabel()
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)
        save = QPushButton(self.tr("导出…"))
        save.clicked.connect(self.choose_and_export)
        form = QFormLayout(self)
        form.addRow(self.tr("格式:"), self.format)
        form.addRow(self.tr("阶段:"), self.stage)
        form.addRow(self.tr("范围:"), self.pack)
        form.addRow(self.tr("CSV 编码:"), self.encoding)
        form.addRow(save)
        form.addRow(self.outcome)

    def choose_and_export(self) -> None:
        fmt = self.format.currentData()
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出短语"), f"短语.{fmt}", f"*.{fmt}")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        """Write the chosen phrases; the count, or 0 with the reason shown."""
        try:
            count = export.export(
                self.source,
                path,
                fmt=self.format.currentData(),
                stage=self.stage.currentData(),
                pack=self.pack.currentData(),
                encoding=self.encoding.currentData(),
            )
        except (PackError, store.StoreError) as exc:
            self.outcome.setText(str(exc))
            return 0
        self.outcome.setText(self.tr("已导出") + f" {count} " + self.tr("条短语到") + f" {path}")
        return count
