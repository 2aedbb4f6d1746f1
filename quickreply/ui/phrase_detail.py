"""The library window's right-hand panel: one phrase in full, as plain text.

Title, stage · code · pack, the body with its placeholders and findings marked, the service-standard
verdict (one finding a line) with the fix buttons under it, when to use it and the buyer questions
it answers. It only shows what it is given; the window decides which phrase, looks up the names
and sets up the fix buttons (``library_fixes``).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import lint, models, validate
from quickreply.ui import editor, palette, plaintext


class PhraseDetail(QWidget):
    """One phrase shown in full; ``show_phrase(None)`` empties it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plaintext.label()
        self.title.setWordWrap(True)
        bold = QFont(self.title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.title.setFont(bold)
        self.meta = plaintext.label()
        self.meta.setWordWrap(True)
        self.body = QPlainTextEdit()  # plain text: phrase content is never rendered as rich text
        self.body.setReadOnly(True)
        self.body_highlighter = editor.PhraseHighlighter(self.body.document())
        self.lint = plaintext.label()
        self.lint.setWordWrap(True)
        self.note = plaintext.label()
        self.note.setWordWrap(True)
        self.questions = QListWidget()
        self.questions.setMaximumHeight(110)
        # 一键修改 and the choices of a finding with several suggestions (set up by library_fixes)
        self.fix_button = QPushButton(self.tr("一键修改"))
        self.choice_menu = QMenu(self)
        self.choice_button = QToolButton()
        self.choice_button.setText(self.tr("选择修改方式"))
        self.choice_button.setMenu(self.choice_menu)
        self.choice_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.fix_preview = plaintext.label()  # what 一键修改 will make of the body
        self.fix_preview.setWordWrap(True)
        self.fix_bar = QWidget()
        fix_layout = QVBoxLayout(self.fix_bar)
        fix_layout.setContentsMargins(0, 0, 0, 0)
        fix_layout.addWidget(self.fix_preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.choice_button)
        buttons.addStretch(1)
        fix_layout.addLayout(buttons)
        self.fix_bar.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.lint)
        layout.addWidget(self.fix_bar)
        layout.addWidget(self._caption(self.tr("使用场景")))
        layout.addWidget(self.note)
        layout.addWidget(self._caption(self.tr("买家常见问法")))
        layout.addWidget(self.questions)

    def _caption(self, text: str) -> QLabel:
        label = plaintext.label(text)
        label.setStyleSheet(palette.CAPTION_STYLE)
        return label

    def show_phrase(
        self,
        phrase: models.Phrase | None,
        meta: Sequence[str] = (),
        findings: list[lint.Finding] | None = None,
    ) -> None:
        """Show ``phrase`` with its ``meta`` parts (joined by ·) and lint ``findings`` (None: no linter)."""
        if phrase is None:
            for label in (self.title, self.meta, self.note, self.lint):
                label.setText("")
            self.body.setPlainText("")
            self.body_highlighter.set_findings([])
            self.questions.clear()
            return
        self.title.setText(phrase.title)
        self.meta.setText(" · ".join(meta))
        self.body.setPlainText(phrase.body)
        self.body_highlighter.set_findings(findings or [])
        if findings:
            errors = validate.blocking(findings)
            head = self.tr("需修改,不符合服务规范:") if errors else self.tr("服务规范提示:")
            self.lint.setText("\n".join([head, *(f"· {f.message}" for f in findings)]))
            self.lint.setStyleSheet(palette.ERROR_STYLE if errors else palette.WARNING_STYLE)
        else:
            self.lint.setText(self.tr("✓ 符合服务规范") if findings is not None else "")
            self.lint.setStyleSheet(palette.OK_STYLE)
        self.note.setText(phrase.note or self.tr("(无)"))
        self.questions.clear()
        self.questions.addItems(phrase.questions or [self.tr("(无)")])
