"""The search popup an agent opens with the hotkey: type, pick, fill in placeholders, paste.

Keys: ↑/↓/PgUp/PgDn move, Enter pastes, Ctrl+Enter pastes and sends, Shift+Enter only copies,
Alt+1…9 picks row N, Tab/Shift+Tab cycles the stage filter (back to all stages at each opening),
Esc closes from anywhere in the popup: search box, placeholder form or draft. Clicking into another
window closes it the same way (its own drop-downs do not count). While an input method is
composing, Enter and the arrows belong to it and the list follows committed text only.

Opened with a buyer's message the agent has just copied (zero typing, ui/fresh_copy), the popup
shows it in the search field, selected, under a caption saying where it came from: the suggestions
for it are listed at once, Enter answers it (the message is the recorded query, so the shop's
picks are learned from), and the first key typed replaces it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QListView, QPlainTextEdit, QVBoxLayout, QWidget

from quickreply.core import lint, models, pipeline, search
from quickreply.core.kinds import PasteMode
from quickreply.ui import composer, palette, placeholder_form, plaintext, results, search_field

LIMIT = 20


class Popup(QWidget):
    """The popup window.

    Args:
        index: the search index.
        flow: the reply pipeline (render, lint gate, the library check); its linter gives the badges.
        stage_list: stages in conversation order (tags and the Tab filter).

    Signals:
        picked(pipeline.Delivery): a reply passed the pipeline; the popup has hidden itself.
        gone(str): the chosen phrase was deleted meanwhile (a message for the agent); nothing is picked.
        dismissed(): closed without a choice.
        save_draft(str): Ctrl+S in the draft editor: keep the draft as an own phrase.
        keep_profile(dict): Ctrl+S in the placeholder form: keep these shop-profile values.
    """

    picked = Signal(object)
    gone = Signal(str)
    dismissed = Signal()
    save_draft = Signal(str)
    keep_profile = Signal(dict)

    def __init__(
        self,
        index: search.SearchIndex,
        flow: pipeline.Pipeline,
        stage_list: list[models.Stage],
    ) -> None:
        super().__init__(
            None, Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
        )
        self.setObjectName("quickreplyPopup")
        self.setWindowTitle(self.tr("搜索短语"))
        self.index = index
        self.flow = flow
        linter = flow.linter
        self.stage_list = stage_list
        self.stage_filter: str | None = None
        self.hint_stage: str | None = None
        self._held = False  # the lint gate holds the current row until a second Enter
        self._activated = False  # the window manager has made it the active window since it was shown
        names = self._names = {s.id: s.name_zh for s in stage_list}

        self.search_field = search_field.SearchField()
        self.search_field.setPlaceholderText(self.tr("输入汉字、拼音、首字母或 /编码,@阶段 筛选"))
        self.message_label = plaintext.label()  # "the buyer's message from the clipboard", while shown
        self.message_label.setStyleSheet(palette.CAPTION_STYLE)
        self.message_label.setText(self.tr("刚复制的买家消息:回车回复,直接输入即替换"))
        self.message_label.hide()
        self.message = ""  # the copied message offered at this opening
        self.filter_label = plaintext.label()  # stage names come from packs
        self.model = results.ResultsModel(linter, names)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(results.ResultDelegate(names))
        self.view.setUniformItemSizes(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.clicked.connect(lambda index: self._set_row(index.row()))
        self.view.doubleClicked.connect(lambda index: self.choose(""))
        self.preview = QPlainTextEdit()  # plain text: phrase content is never rendered as rich text
        self.preview.setReadOnly(True)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setMaximumHeight(96)
        self.form = placeholder_form.PlaceholderForm()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.composer = composer.Composer(linter)
        self.composer.hide()
        self.composer.send.connect(self._send_draft)
        self.composer.save.connect(self.save_draft.emit)
        self.composer.escape.connect(self.dismiss)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        for widget in (
            self.message_label,
            self.search_field,
            self.filter_label,
            self.view,
            self.preview,
            self.form,
            self.composer,
            self.status,
        ):
            layout.addWidget(widget)
        self.setStyleSheet(
            "#quickreplyPopup { background: palette(window); border: 1px solid palette(mid); }"
        )
        self.resize(560, 520)

        self.search_field.textChanged.connect(self.refresh)
        self.search_field.navigate.connect(self.move_selection)
        self.search_field.choose.connect(self.choose)
        self.search_field.choose_row.connect(self.choose_row)
        self.search_field.cycle_stage.connect(self.cycle_stage)
        self.search_field.escape.connect(self.dismiss)
        self.search_field.compose.connect(lambda: self.start_compose(""))
        self.form.submit.connect(self.choose)
        self.form.escape.connect(self.dismiss)
        self.form.keep_profile.connect(self.keep_profile.emit)
        self.form.message.connect(self.status.setText)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_preview())
        self._update_filter_label()

    def set_stages(self, stage_list: list[models.Stage]) -> None:
        """Stages changed (an import added one): tags and the Tab filter follow."""
        self.stage_list = stage_list
        self._names.clear()
        self._names.update({s.id: s.name_zh for s in stage_list})

    def set_linter(self, linter: lint.Linter | None) -> None:
        """The rules changed in the settings: badges, the paste gate and the composer follow them."""
        self.flow.set_linter(linter)
        self.model.set_linter(linter)
        self.composer.linter = linter

    # -- opening and searching ---------------------------------------------------------------------

    def open(self, hint_stage: str | None = None, message: str = "") -> None:
        """Show the popup fresh (all stages), focused on the search field.

        ``message``: a buyer's message just copied: it is the query, selected, so typing replaces it.
        """
        self._reset(hint_stage)
        self.message = message
        self.message_label.setVisible(bool(message))
        self.search_field.blockSignals(True)
        self.search_field.setText(message)
        self.search_field.blockSignals(False)
        self.refresh()
        self.search_field.selectAll()
        self._show()
        self.search_field.setFocus()

    def open_with(self, phrase: models.Phrase, mode: PasteMode | None = None) -> bool:
        """Go on with this phrase as if the agent had pressed Enter on it (the library's 粘贴到聊天窗口).

        The placeholder form, the lint gate and ``picked`` work as for a search; the popup shows
        only when it has something to ask.
        """
        self._reset()
        self.model.set_results([search.Result(phrase, search.Tier.LISTED, 0.0)])
        self._set_row(0)
        if self.choose(mode or ""):
            return True
        if self.current() is None:
            return False  # deleted meanwhile: the popup stays closed
        self._show()
        if self.form.is_open():
            self.form.focus_first()
        else:
            self.search_field.setFocus()
        return False

    def _reset(self, hint_stage: str | None = None) -> None:
        self._release()
        self.hint_stage = hint_stage
        self.stage_filter = None
        self._update_filter_label()
        self.end_compose()
        self.form.clear()
        self.message = ""
        self.message_label.hide()
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)

    def _show(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def refresh(self) -> None:
        """Search again for the committed text (called on every change)."""
        self._release()
        self.form.clear()
        query = self.search_field.text()
        if self.message and query != self.message:
            self.message = ""  # typed over: an ordinary search from here on
            self.message_label.hide()
        if query.startswith(">"):
            self.start_compose(query[1:])
            return
        found = self.index.search(query, limit=LIMIT, stage=self.stage_filter, hint_stage=self.hint_stage)
        self.model.set_results(found)
        self.status.setText("" if found else self.tr("没有匹配的短语"))
        self._set_row(0)

    def move_selection(self, delta: int) -> None:
        count = self.model.rowCount()
        if count:
            current = self.view.currentIndex().row()
            self._set_row(max(0, min(count - 1, current + delta)))

    def _set_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(row))
        self._show_preview()

    def current(self) -> search.Result | None:
        row = self.view.currentIndex().row()
        return self.model.results[row] if 0 <= row < len(self.model.results) else None

    def _show_preview(self) -> None:
        result = self.current()
        if result is None:
            self.preview.setPlainText("")
            return
        self.preview.setPlainText(self.flow.preview(result.phrase))
        findings = self.model.findings(result)
        if findings and not self._held:
            self.status.setText(self.tr("服务规范:") + ";".join(f.message for f in findings[:2]))
        elif not self._held:
            self.status.setText(result.phrase.note)

    def cycle_stage(self, step: int) -> None:
        """Tab: next stage as filter (all stages, then each in conversation order)."""
        order: list[str | None] = [None, *(s.id for s in self.stage_list)]
        position = order.index(self.stage_filter) if self.stage_filter in order else 0
        self.stage_filter = order[(position + step) % len(order)]
        self._update_filter_label()
        self.refresh()

    def _update_filter_label(self) -> None:
        names = {s.id: s.name_zh for s in self.stage_list}
        stage = names.get(self.stage_filter or "", self.tr("全部阶段"))
        self.filter_label.setText(self.tr("阶段:") + stage + self.tr("   (Tab 切换)"))

    # -- choosing ----------------------------------------------------------------------------------

    def choose_row(self, row: int) -> None:
        if row < self.model.rowCount():
            self._set_row(row)
            self.choose("")

    def choose(self, mode: str) -> bool:
        """Enter (and its variants): the chosen row goes through the pipeline; ``picked`` once it passed.

        True once picked; False while something is asked (the form, the gate) or refused.
        """
        result = self.current()
        if result is None:
            return False
        asked = PasteMode(mode) if mode else None
        choice = pipeline.Choice.of(result.phrase, asked, self.search_field.text())
        outcome = self.flow.run(choice, self.form.values() if self.form.is_open() else None)
        self._held = isinstance(outcome, pipeline.Confirm)
        if isinstance(outcome, pipeline.Delivery):
            self.hide()
            self.picked.emit(outcome)
            return True
        if isinstance(outcome, pipeline.AskFields):
            self.form.ask(outcome.fields)
            self.status.setText(self.form.hint())
        elif isinstance(outcome, pipeline.Refused) and outcome.unknown:
            self.status.setText(
                self.tr("短语里有无法识别的占位符:")
                + "、".join("{" + u + "}" for u in outcome.unknown)
                + self.tr(";请先修改短语,或按 Shift+Enter 复制后手动处理")
            )
        elif isinstance(outcome, pipeline.Refused):
            self.status.setText(self.tr("请填写:") + "、".join(outcome.missing))
        elif isinstance(outcome, pipeline.Confirm):
            self.status.setText(
                self.tr("这条短语不符合服务规范(")
                + outcome.finding.message
                + self.tr(")。再按一次 Enter 仍然使用")
            )
        elif isinstance(outcome, pipeline.Changed):
            return self.open_with(outcome.phrase, asked)  # the new wording: placeholders and the gate again
        elif isinstance(outcome, pipeline.Gone):
            self.model.set_results([])
            self.dismiss()
            self.gone.emit(self.tr("「{0}」刚被删除(短语库已更新),没有粘贴").format(outcome.phrase.title))
        return False

    def _release(self) -> None:
        self._held = False
        self.flow.forget()

    # -- composing a one-off reply -----------------------------------------------------------------

    def start_compose(self, text: str) -> None:
        """Ctrl+N or a leading >: write a reply of one's own, linted as it is typed."""
        for widget in (self.view, self.preview, self.filter_label, self.status):
            widget.hide()
        self.search_field.setEnabled(False)
        self.composer.show()
        self.composer.start(text)

    def end_compose(self) -> None:
        if self.composer.isHidden():  # not isVisible(): the popup itself may be hidden (closed with Esc)
            return
        self.composer.hide()
        for widget in (self.view, self.preview, self.filter_label, self.status):
            widget.show()
        self.search_field.setEnabled(True)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.refresh()
        self.search_field.setFocus()

    def _send_draft(self, text: str, mode: str) -> None:
        """The composer's Enter: the draft goes through the same pipeline (gate included)."""
        choice = pipeline.Choice(
            text, None, PasteMode(mode) if mode else None, ">" + text, pipeline.Source.COMPOSER
        )
        outcome = self.flow.run(choice)
        if isinstance(outcome, pipeline.Confirm):
            self.composer.hold(outcome.finding)
        elif isinstance(outcome, pipeline.Delivery):
            self.hide()
            self.picked.emit(outcome)
            self.end_compose()

    def event(self, event: QEvent) -> bool:
        """Losing the focus to another window closes the popup like Esc (decided once the focus landed)."""
        if event.type() == QEvent.Type.WindowActivate:
            self._activated = True
        elif event.type() == QEvent.Type.WindowDeactivate and self._activated:
            QTimer.singleShot(0, self, self._focus_left)
        return super().event(event)

    def _focus_left(self) -> None:
        if self.isHidden() or self.isActiveWindow():
            return
        # A drop-down of the placeholder form (or another popup of ours) may hold the focus.
        if any(_owned_by(self, w) for w in (QApplication.activePopupWidget(), QApplication.activeWindow())):
            return
        self.dismiss()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt's name)
        self._activated = False
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Esc wherever the focus is (the fields handle theirs first)."""
        if event.key() == Qt.Key.Key_Escape:
            self.dismiss()
        else:
            super().keyPressEvent(event)

    def dismiss(self) -> None:
        """Esc: close without pasting (the chat window gets its focus back untouched)."""
        self.form.clear()
        self.hide()
        self.dismissed.emit()


def _owned_by(owner: QWidget, widget: QWidget | None) -> bool:
    """Whether ``widget`` is ``owner`` or inside it, also across windows (a combo box's drop-down)."""
    while widget is not None:
        if widget is owner:
            return True
        widget = widget.parentWidget()
    return False
