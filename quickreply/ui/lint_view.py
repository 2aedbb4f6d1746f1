"""The draft checker: the agent's draft with findings underlined, fixes one click away, then back to the chat.

Opened by the lint hotkey with the text copied out of the chat box: apply one suggestion or all,
edit freely (re-linted as you type), then 替换聊天框内容 puts the text back, 复制 copies it, and Esc
leaves the chat box untouched. Both go through the reply pipeline: text that still breaks the
standard is held until the button is pressed a second time.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import lint, pipeline
from quickreply.core.kinds import LintLevel, PasteMode
from quickreply.ui import editor, palette


class LintWindow(QWidget):
    """The checker window.

    Signals:
        delivery(pipeline.Delivery): the text passed the pipeline: to replace the chat box's draft
            (mode paste, ``replace`` set) or to go on the clipboard (mode copy_only).
        dismissed(): closed without touching the chat box.
    """

    delivery = Signal(object)
    dismissed = Signal()

    def __init__(self, flow: pipeline.Pipeline, channel: str = "chat") -> None:
        super().__init__(None, Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint)
        self.setWindowTitle(self.tr("检查草稿"))
        self.flow = flow
        self._shipped: lint.Linter | None = None
        self.channel = channel
        self.findings: list[lint.Finding] = []
        self.editor = QPlainTextEdit()
        self.highlighter = editor.PhraseHighlighter(self.editor.document())
        self.list = QListWidget()
        self.list.itemActivated.connect(self._apply_item)
        self.list.itemDoubleClicked.connect(self._apply_item)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.apply_one = QPushButton(self.tr("应用所选建议"))
        self.apply_one.clicked.connect(lambda: self._apply_item(self.list.currentItem()))
        self.apply_all = QPushButton(self.tr("全部应用(&A)"))
        self.apply_all.clicked.connect(self.fix_all)
        self.replace = QPushButton(self.tr("替换聊天框内容(&R)"))
        self.replace.clicked.connect(lambda: self._finish(PasteMode.PASTE))
        self.copy = QPushButton(self.tr("复制(&C)"))
        self.copy.clicked.connect(lambda: self._finish(PasteMode.COPY_ONLY))
        close = QPushButton(self.tr("取消"))
        close.clicked.connect(self.dismiss)
        self._relint_on_edit = editor.RelintOnEdit(self.editor, self.relint, 150)

        buttons = QHBoxLayout()
        for button in (self.apply_one, self.apply_all):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.replace, self.copy, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(620, 420)

    @property
    def linter(self) -> lint.Linter:
        """The pipeline's rules; the shipped ones (loaded once) for a pipeline without a linter."""
        if self.flow.linter is not None:
            return self.flow.linter
        if self._shipped is None:
            self._shipped = lint.Linter.default()
        return self._shipped

    def set_draft(self, text: str) -> None:
        """Show a draft and its findings."""
        self.editor.setPlainText(text)
        self.relint()

    def text(self) -> str:
        return self.editor.toPlainText()

    def relint(self) -> None:
        """Lint the current text again (after every edit, debounced)."""
        self._relint_on_edit.linted()
        self.findings = self.linter.lint(self.text(), self.channel)
        self.highlighter.set_findings(self.findings)
        self.list.clear()
        for finding in self.findings:
            fix = (
                " → " + "/".join(s or self.tr("删除") for s in finding.suggestions)
                if finding.suggestions
                else ""
            )
            item = QListWidgetItem(f"{finding.match}{fix}    {finding.message}")
            item.setForeground(palette.level_colour(finding.level))
            item.setData(Qt.ItemDataRole.UserRole, finding)
            self.list.addItem(item)
        if self.findings:
            self.list.setCurrentRow(0)
        errors = sum(1 for f in self.findings if f.level == LintLevel.ERROR)
        self.summary.setText(
            self.tr("符合服务规范")
            if not self.findings
            else self.tr("发现 ") + f"{len(self.findings)}" + self.tr(" 处问题,其中错误 ") + f"{errors}"
        )

    def _apply_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        finding: lint.Finding = item.data(Qt.ItemDataRole.UserRole)
        if not finding.suggestions:
            self.summary.setText(self.tr("这一处没有可自动应用的建议,请手动修改"))
            return
        text = self.text()
        self.editor.setPlainText(self.linter.apply(text, finding))
        self.relint()

    def fix_all(self) -> None:
        """Apply every single-choice suggestion (what cannot be fixed stays listed)."""
        self.editor.setPlainText(self.linter.fix(self.text(), self.channel).text)
        self.relint()

    def _finish(self, mode: PasteMode) -> None:
        """替换/复制: through the pipeline; the gate may hold the text until the button is pressed again."""
        choice = pipeline.Choice(self.text(), None, mode, source=pipeline.Source.LINT_WINDOW)
        outcome = self.flow.run(choice, replace=mode != PasteMode.COPY_ONLY)
        if isinstance(outcome, pipeline.Confirm):
            self.summary.setText(
                self.tr("仍不符合服务规范(") + outcome.finding.message + self.tr(")。再按一次仍然使用")
            )
        elif isinstance(outcome, pipeline.Delivery):
            self.hide()
            self.delivery.emit(outcome)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Esc (from the editor or the list): close without touching the chat box."""
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
        else:
            super().keyPressEvent(event)

    def dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
