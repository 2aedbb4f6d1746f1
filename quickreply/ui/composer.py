"""Composing a one-off reply in the popup when no phrase fits: live lint, the paste keys, save to library.

Enter pastes, Ctrl+Enter pastes and sends, Shift+Enter copies, Ctrl+S saves the draft as one of
the agent's own phrases, Esc closes the popup. The draft goes through the reply pipeline like a
phrase: one with an error is held until the same key is pressed again (``hold`` says so). While an
input method composes, the keys belong to it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from quickreply.core import lint
from quickreply.ui import editor, keys


class DraftEdit(keys.ComposingAware, QPlainTextEdit):
    """The draft box; turns the popup's keys into signals."""

    submit = Signal(str)  # paste mode
    save = Signal()
    escape = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.composing:
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        mode = keys.paste_mode(event)
        if mode is not None and mods & Qt.KeyboardModifier.AltModifier:
            self.insertPlainText("\n")
        elif mode is not None:
            self.submit.emit(mode)
        elif key == Qt.Key.Key_S and mods & Qt.KeyboardModifier.ControlModifier:
            self.save.emit()
        elif key == Qt.Key.Key_Escape:
            self.escape.emit()
        else:
            super().keyPressEvent(event)


class Composer(QWidget):
    """The draft editor shown in place of the result list.

    Signals:
        send(str, str): text and paste mode ("" for the default), for the pipeline.
        save(str): save the draft as an own phrase.
        escape(): Esc: the popup closes.
    """

    send = Signal(str, str)
    save = Signal(str)
    escape = Signal()

    def __init__(self, linter: lint.Linter | None) -> None:
        super().__init__()
        self.linter = linter
        self.editor = DraftEdit()
        self.editor.setPlaceholderText(
            self.tr("直接输入回复;Enter 粘贴,Ctrl+Enter 粘贴并发送,Alt+Enter 换行,Ctrl+S 存为短语")
        )
        self.highlighter = editor.PhraseHighlighter(self.editor.document())
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        layout.addWidget(self.status)
        self.findings: list[lint.Finding] = []
        self._relint_on_edit = editor.RelintOnEdit(self.editor, self.relint, 120)
        self.editor.submit.connect(self._submit)
        self.editor.save.connect(lambda: self.save.emit(self.text()) if self.text().strip() else None)
        self.editor.escape.connect(self.escape.emit)

    def start(self, text: str = "") -> None:
        self.editor.setPlainText(text)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self.relint()
        self.editor.setFocus()

    def text(self) -> str:
        return self.editor.toPlainText()

    def relint(self) -> None:
        self._relint_on_edit.linted()
        self.findings = self.linter.lint(self.text()) if self.linter else []
        self.highlighter.set_findings(self.findings)
        if not self.text().strip():
            self.status.setText(self.tr("写一条新回复(Esc 关闭)"))
        elif self.findings:
            self.status.setText(self.tr("服务规范:") + ";".join(f.message for f in self.findings[:3]))
        else:
            self.status.setText(self.tr("符合服务规范"))

    def _submit(self, mode: str) -> None:
        if not self.text().strip():
            return
        if self._relint_on_edit.pending():
            self.relint()
        self.send.emit(self.text(), mode)

    def hold(self, finding: lint.Finding) -> None:
        """The pipeline's gate held the draft: say why and how to go on."""
        self.status.setText(
            self.tr("草稿不符合服务规范(") + finding.message + self.tr(")。再按一次 Enter 仍然使用")
        )
