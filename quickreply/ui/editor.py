"""The phrase editor dialog: add or change a phrase with live service-standard checks of its body.

The dialog saves through the store itself (``store.add`` or ``store.update``) when the trainer
presses 保存; ``result_phrase()`` then returns the phrase as stored. What the phrase validator
(``core.validate``) finds before saving and errors the store raises (a duplicate code) are shown
inline and the dialog stays open. A body that breaks the service standard at error level is held
back once, as imports and the command line hold it back; pressing 保存 again saves it anyway.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QSyntaxHighlighter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import lint, lint_fix, models, render, store
from quickreply.core import validate as validation  # the dialog has a validate() method
from quickreply.core.kinds import LintLevel
from quickreply.ui import palette, plaintext

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
# Kept for lint_view until it takes them from the palette itself.
NOT_SHOWN = ("tags", "auto_send")  # phrase fields the dialog has no widget for: saving leaves them alone


def utf16_offset(text: str, index: int) -> int:
    """The Qt (UTF-16) position of the Python string index ``index`` in ``text``."""
    return len(text[:index].encode("utf-16-le")) // 2


class RelintOnEdit(QObject):
    """Calls ``relint`` once the agent pauses typing in ``edit``.

    Underlining changes formats, which Qt also reports as textChanged: only a change of the text
    itself since the last lint (``linted()``) starts the wait.
    """

    def __init__(self, edit: QPlainTextEdit, relint: Callable[[], None], delay_ms: int) -> None:
        super().__init__(edit)
        self._edit = edit
        self._linted_text: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(relint)
        edit.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if self._edit.toPlainText() != self._linted_text:
            self._timer.start()

    def linted(self) -> None:
        """The current text has just been linted: no wait is pending any more."""
        self._timer.stop()
        self._linted_text = self._edit.toPlainText()

    def pending(self) -> bool:
        """Whether an edit has not been linted yet."""
        return self._timer.isActive()


class PhraseHighlighter(QSyntaxHighlighter):
    """Marks ``{placeholders}`` and, when findings are set, underlines them with a wavy line.

    Findings carry Python string offsets into the whole document text; they are mapped to Qt
    positions block by block, so characters outside the BMP (emoji) do not shift the marks.
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.findings: list[lint.Finding] = []
        self._spans: list[tuple[int, int, str]] = []  # (qt start, qt end, level)

    def set_findings(self, findings: list[lint.Finding]) -> None:
        self.findings = findings
        text = self.document().toPlainText()
        self._spans = [
            (utf16_offset(text, f.start), utf16_offset(text, f.end), f.level)
            for f in findings
            if f.end > f.start
        ]
        self.rehighlight()

    def spans(self) -> list[tuple[int, int, str]]:
        """The underlined ranges (Qt positions in the document) and their levels."""
        return list(self._spans)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        block = self.currentBlock()
        base = block.position()
        length = len(text.encode("utf-16-le")) // 2
        # placeholders
        pos = 0
        for name in render.placeholders(text):
            found = text.find("{" + name + "}", pos)
            if found < 0:
                continue
            pos = found + len(name) + 2
            fmt = QTextCharFormat()
            fmt.setForeground(palette.PLACEHOLDER)
            known = render.kind(name) != "unknown"
            fmt.setBackground(
                palette.PLACEHOLDER_BACKGROUND if known else palette.UNKNOWN_PLACEHOLDER_BACKGROUND
            )
            start = utf16_offset(text, found)
            self.setFormat(start, utf16_offset(text, pos) - start, fmt)
        # findings
        for start, end, level in self._spans:
            lo, hi = max(start - base, 0), min(end - base, length)
            if hi <= lo:
                continue
            colour = palette.level_colour(level)
            for i in range(lo, hi):  # character by character, keeping any placeholder colours
                merged = self.format(i)
                merged.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                merged.setUnderlineColor(colour)
                self.setFormat(i, 1, merged)


class PhraseEditor(QDialog):
    """Add (``phrase`` None) or edit a phrase.

    Args:
        phrase_store: where the phrase is saved.
        linter: the service-standard linter for the live check; None to skip it.
        phrase: the phrase to edit, or None for a new one.
        stage_id: the stage preselected for a new phrase.
        parent: the owning window.
    """

    def __init__(
        self,
        phrase_store: store.PhraseStore,
        linter: lint.Linter | None,
        phrase: models.Phrase | None = None,
        stage_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = phrase_store
        self.linter = linter
        self.phrase = phrase
        self._saved: models.Phrase | None = None
        self._relinting = False
        self._lint_warned: str | None = None  # the body last held back for its findings
        self.setWindowTitle(self.tr("编辑短语") if phrase else self.tr("新增短语"))

        self.stage_combo = QComboBox()
        for stage in phrase_store.stages():
            self.stage_combo.addItem(stage.name_zh, stage.id)
        self.title_edit = QLineEdit()
        self.title_edit.setMaxLength(validation.MAX_TITLE)
        self.title_edit.setPlaceholderText(self.tr("必填,例如:发货时间"))
        self.code_edit = QLineEdit()
        self.code_edit.setMaxLength(validation.MAX_CODE)
        self.code_edit.setPlaceholderText(self.tr("可选,汉字、英文字母、数字和 _ . -,例如 fh、发货、1"))
        self.body_edit = QPlainTextEdit()
        self.body_edit.setPlaceholderText(self.tr("必填。可用占位符,例如 {店铺名}、{订单号?}"))
        self.body_edit.setTabChangesFocus(True)
        self.highlighter = PhraseHighlighter(self.body_edit.document())
        self.findings_list = QListWidget()
        self.findings_list.setMaximumHeight(110)
        self.apply_button = QPushButton(self.tr("应用"))
        self.apply_button.setToolTip(self.tr("按建议修改选中的问题(也可以双击该行)"))
        self.apply_button.setEnabled(False)
        self.lint_label = plaintext.label()
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("什么时候用这条短语"))
        self.questions_edit = QPlainTextEdit()
        self.questions_edit.setPlaceholderText(self.tr("买家常见的问法,每行一个"))
        self.questions_edit.setTabChangesFocus(True)
        self.questions_edit.setMaximumHeight(80)
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(palette.ERROR_STYLE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))

        lint_row = QHBoxLayout()
        lint_row.addWidget(self.lint_label, 1)
        lint_row.addWidget(self.apply_button)
        lint_box = QVBoxLayout()
        lint_box.setContentsMargins(0, 0, 0, 0)
        lint_box.addLayout(lint_row)
        lint_box.addWidget(self.findings_list)
        form = QFormLayout()
        form.addRow(self.tr("阶段:"), self.stage_combo)
        form.addRow(self.tr("标题:"), self.title_edit)
        form.addRow(self.tr("快捷编码:"), self.code_edit)
        form.addRow(self.tr("短语内容:"), self.body_edit)
        form.addRow(self.tr("服务规范:"), lint_box)
        form.addRow(self.tr("使用场景:"), self.note_edit)
        form.addRow(self.tr("买家问法:"), self.questions_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(620, 600)

        if phrase is not None:
            self._select_stage(phrase.stage_id)
            self.title_edit.setText(phrase.title)
            self.code_edit.setText(phrase.code)
            self.body_edit.setPlainText(phrase.body)
            self.note_edit.setText(phrase.note)
            self.questions_edit.setPlainText("\n".join(phrase.questions))
        elif stage_id:
            self._select_stage(stage_id)

        self.body_edit.textChanged.connect(self.relint)
        self.findings_list.currentItemChanged.connect(lambda *_: self._update_apply_button())
        self.findings_list.itemDoubleClicked.connect(self.apply_item)
        self.apply_button.clicked.connect(lambda: self.apply_item(self.findings_list.currentItem()))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.relint()

    def _select_stage(self, stage_id: str) -> None:
        index = self.stage_combo.findData(stage_id)
        if index >= 0:
            self.stage_combo.setCurrentIndex(index)

    # -- live lint ---------------------------------------------------------------------------------

    def relint(self) -> None:
        """Check the body again: underline the findings and list them."""
        if self._relinting:  # re-highlighting emits textChanged again
            return
        findings = self.linter.lint(self.body_edit.toPlainText()) if self.linter else []
        self._relinting = True
        try:
            self.highlighter.set_findings(findings)
        finally:
            self._relinting = False
        self.findings_list.clear()
        for finding in findings:
            mark = "✕" if finding.level == LintLevel.ERROR else "!"
            if finding.fixable:
                fix = finding.suggestions[0]
                action = (
                    self.tr("「{0}」→「{1}」").format(finding.match, fix)
                    if fix
                    else self.tr("删除「{0}」").format(finding.match)
                )
            else:
                action = "「" + finding.match + "」"
            item = QListWidgetItem(f"{mark} {action}  {finding.message}")
            item.setData(FINDING_ROLE, finding)
            item.setForeground(palette.level_colour(finding.level))
            if finding.fixable:
                item.setToolTip(self.tr("双击或按“应用”修改"))
            self.findings_list.addItem(item)
        if findings:
            self.lint_label.setText(self.tr("发现 {0} 处不符合服务规范").format(len(findings)))
            self.findings_list.setCurrentRow(0)
        else:
            self.lint_label.setText(self.tr("✓ 符合服务规范") if self.linter else "")
        self.findings_list.setVisible(bool(findings))
        self._update_apply_button()

    def findings(self) -> list[lint.Finding]:
        """The findings of the body as last checked."""
        return list(self.highlighter.findings)

    def _update_apply_button(self) -> None:
        item = self.findings_list.currentItem()
        finding = item.data(FINDING_ROLE) if item is not None else None
        self.apply_button.setEnabled(bool(finding and finding.fixable))

    def apply_item(self, item: QListWidgetItem | None) -> None:
        """Apply the single suggestion of a listed finding to the body."""
        if item is not None:
            self.apply_finding(item.data(FINDING_ROLE))

    def apply_finding(self, finding: lint.Finding) -> bool:
        """Apply the finding's one suggestion as ``Linter.apply`` would (tidied), as one undoable edit."""
        if not finding.fixable or self.linter is None:
            return False
        text = self.body_edit.toPlainText()
        start, end, replacement = lint_fix.changed(text, self.linter.apply(text, finding))
        cursor = QTextCursor(self.body_edit.document())  # only the changed stretch: the rest keeps its place
        cursor.setPosition(utf16_offset(text, start))
        cursor.setPosition(utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        return True

    # -- saving ------------------------------------------------------------------------------------

    def values(self) -> models.Phrase:
        """The phrase as filled in, in its stored form (not yet validated or saved)."""
        base = self.phrase
        return validation.normalised(
            models.Phrase(
                stage_id=str(self.stage_combo.currentData() or ""),
                title=self.title_edit.text(),
                body=self.body_edit.toPlainText(),
                code=self.code_edit.text(),
                note=self.note_edit.text(),
                questions=self.questions_edit.toPlainText().splitlines(),
                tags=list(base.tags) if base else [],
                auto_send=base.auto_send if base else False,
                id=base.id if base else None,
                pack_id=base.pack_id if base else None,
            )
        )

    def validate(self) -> list[str]:
        """What stops the phrase from being saved (empty when it can be), in the interface language
        where the message has a translation."""
        return [self._message(problem) for problem in validation.problems(self.values())]

    def _message(self, problem: validation.Problem) -> str:
        if problem.kind == "missing":
            return self.tr("请填写标题") if problem.field == "title" else self.tr("请填写短语内容")
        if (problem.field, problem.kind) == ("body", "too_long"):
            return self.tr("短语内容过长(上限 {0} 字)").format(problem.limit)
        if problem.kind == "bad_code":
            return self.tr("快捷编码只能用汉字、英文字母、数字和 _ . -,并以汉字、字母或数字开头:{0}").format(
                self.values().code
            )
        return problem.message

    def _held_back(self, phrase: models.Phrase) -> bool:
        """Whether to hold the body back for its error-level findings (once per body text)."""
        blocking = validation.blocking(self.linter.lint(phrase.body)) if self.linter else []
        if not blocking or self._lint_warned == phrase.body:
            return False
        self._lint_warned = phrase.body
        self.show_errors(
            [self.tr("不符合服务规范({0} 处错误,见上方);确需保存请再按一次“保存”").format(len(blocking))]
        )
        return True

    def show_errors(self, errors: list[str]) -> None:
        self.error_label.setText("\n".join(errors))
        self.error_label.setVisible(bool(errors))

    def save(self) -> models.Phrase | None:
        """Validate and write the phrase to the store; None (errors shown) when it cannot be saved."""
        errors = self.validate()
        if errors:
            self.show_errors(errors)
            return None
        phrase = self.values()
        if self._held_back(phrase):
            return None
        try:
            if phrase.id is None:
                saved = self.store.add(phrase)
            else:
                current = self.store.get(phrase.id)
                changes = {
                    name: getattr(phrase, name)
                    for name in validation.FIELDS
                    if name not in NOT_SHOWN
                    if getattr(phrase, name) != getattr(current, name)
                }
                saved = self.store.update(phrase.id, **changes) if changes else current
        except store.StoreError as exc:
            self.show_errors([str(exc)])
            return None
        self.show_errors([])
        self._saved = saved
        return saved

    def accept(self) -> None:
        """保存: close only when the phrase was saved."""
        if self.save() is not None:
            super().accept()

    def result_phrase(self) -> models.Phrase | None:
        """The phrase as saved in the store, or None when the dialog was not saved."""
        return self._saved
