"""The phrase library window: browse approved replies stage by stage, search them, and (trainers) edit them.

Left the stages in conversation order with their phrase counts and the 需修改 filter (``stage_tree``),
in the centre the phrases of the chosen stage, those needing a fix, or the app's search results
across stages (``phrase_table``), right the chosen phrase in full (``phrase_detail``); the editing
toolbar is ``library_editing``, the count and one-click fixes of 需修改 ``library_fixes``. Every
change goes through the store; the window follows the store's change events until it is destroyed.
Phrase text is plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import library_lint, library_ops, lint, models, search, store
from quickreply.core.kinds import Change, PasteMode, StoreEvent
from quickreply.ui import library_editing, library_fixes, phrase_detail, phrase_table, stage_tree


class LibraryWindow(QMainWindow):
    """The phrase library.

    Args:
        phrase_store: the library.
        index: the app's search index over it (the search box asks it; it follows the store itself).
        linter: the service-standard linter (the 规范 column and the editor); None to skip it.
        read_only: browse only: no editing toolbar (new hires).
        paste: called with the phrase and the paste mode for 粘贴到聊天窗口 and 复制 (the app runs the
            reply pipeline, as the popup does: placeholders, lint gate, usage); without it 粘贴 is
            disabled and 复制 copies the body as written.
    """

    def __init__(
        self,
        phrase_store: store.PhraseStore,
        index: search.SearchIndex,
        linter: lint.Linter | None,
        read_only: bool = False,
        paste: Callable[[models.Phrase, PasteMode | None], None] | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("短语库"))
        self.store = phrase_store
        self.linter = linter
        self.read_only = read_only
        self.paste = paste
        self.index = index
        self.message_box: QMessageBox | None = None
        self._refresh_pending = False
        self.stage_filter: str | None = None

        # left: stages
        self.stage_tree = stage_tree.StageTree()
        # centre: search and table
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("搜索全部阶段:汉字、拼音、首字母或 /编码"))
        self.search_box.setClearButtonEnabled(True)
        self.model = phrase_table.PhraseTableModel(linter)
        self.table = phrase_table.table_view(self.model, draggable=not read_only)
        self.empty_label = QLabel()
        self.empty_label.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_label.hide()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.search_box)
        centre_layout.addWidget(self.table, 1)
        centre_layout.addWidget(self.empty_label)
        # right: details
        self.detail = phrase_detail.PhraseDetail()
        self.copy_button = QPushButton(self.tr("复制"))
        self.paste_button = QPushButton(self.tr("粘贴到聊天窗口"))
        if paste is None:
            self.paste_button.setToolTip(self.tr("从弹窗打开短语库时才能直接粘贴"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail, 1)
        detail_layout.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.stage_tree, centre, detail):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([170, 640, 420])
        self.splitter.setContentsMargins(6, 4, 6, 0)
        self.setCentralWidget(self.splitter)

        # editing: the toolbar, and 撤销 in the status bar
        self.editing = library_editing.LibraryEditing(self)
        self.toolbar = self.editing.toolbar
        self.addToolBar(self.toolbar)
        self.fixes = library_fixes.LibraryFixes(self)

        self.stage_tree.currentItemChanged.connect(lambda *_: self._stage_changed())
        self.search_box.textChanged.connect(lambda *_: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.doubleClicked.connect(lambda *_: None if self.read_only else self.editing.edit_selected())
        self.copy_button.clicked.connect(self.copy_body)
        self.paste_button.clicked.connect(self.paste_body)

        stop_following = phrase_store.subscribe(self._store_changed)
        self.destroyed.connect(lambda *_: stop_following())
        self._build_tree()
        self.reload()
        self.resize(1280, 760)

    # -- stages and rows ---------------------------------------------------------------------------

    def _build_tree(self) -> None:
        """(Re)fill the stage tree with current counts, keeping the selected stage."""
        needs_fix = self.fixes.count()
        checking = needs_fix is None and self.fixes.checking
        self.stage_tree.fill(
            self.store.stages(), self.store.stage_counts(), self.stage_filter, needs_fix, checking
        )

    def set_linter(self, linter: lint.Linter | None) -> None:
        """New rules (the settings changed the shop's rule files): the 规范 column, the editor and
        需修改 follow them from now on."""
        self.linter = linter
        self.model.linter = linter
        self.model.checker = library_lint.Checker(linter) if linter is not None else None
        self.fixes.use(self.model.checker)
        if linter is None and self.stage_filter == stage_tree.NEEDS_FIX:
            self.stage_filter = None  # no rules, no 需修改: show 全部
        self.refresh()

    def refresh_tree(self) -> None:
        """Refill the stage tree only (the 需修改 count is known now)."""
        self._build_tree()

    @property
    def needs_fix_mode(self) -> bool:
        """Whether the table lists the phrases that need a fix (需修改 chosen, no search)."""
        return self.stage_filter == stage_tree.NEEDS_FIX and not self.search_box.text().strip()

    def current_stage_id(self) -> str | None:
        """The stage chosen in the tree (None for 全部 and 需修改)."""
        return None if self.stage_filter == stage_tree.NEEDS_FIX else self.stage_filter

    def _stage_changed(self) -> None:
        self.stage_filter = self.stage_tree.current_stage()
        if self.search_box.text():
            self.search_box.clear()  # reloads
        else:
            self.reload()

    def select_stage(self, stage_id: str | None) -> None:
        """Show one stage (None: all stages) and clear the search; KeyError for an unknown stage."""
        self.stage_tree.select(stage_id)

    def stage_items(self) -> list[tuple[str | None, str]]:
        """(stage id or None for 全部, text) of every item of the stage tree, top to bottom."""
        return self.stage_tree.entries()

    def reload(self, keep: int | None = None) -> None:
        """Fill the table for the current stage or search, keeping (or selecting) phrase ``keep``."""
        current = self.current_phrase()
        keep = keep if keep is not None else (current.id if current else None)
        text = self.search_box.text().strip()
        names = {s.id: s.name_zh for s in self.store.stages()}
        stage = self.current_stage_id()
        if text:
            phrases = [r.phrase for r in self.index.search(text, limit=phrase_table.SEARCH_LIMIT)]
        elif self.needs_fix_mode:
            phrases = self.fixes.phrases()
        else:
            phrases = self.store.phrases(stage)
        packs = {p.id: p.name for p in self.store.packs()}
        self.model.reorderable = not self.read_only and not text and stage is not None
        self.model.set_phrases(phrases, self.store.usage(), packs, names)
        stage_column = phrase_table.PhraseTableModel.STAGE
        self.table.setColumnHidden(stage_column, stage is not None and not text)
        if not phrases:
            self.empty_label.setText(
                self.tr("没有匹配的短语")
                if text
                else self.tr("没有需要修改的短语:全部符合服务规范")
                if self.needs_fix_mode
                else self.tr("这个阶段还没有短语")
            )
        self.empty_label.setVisible(not phrases)
        row = self.model.row_of(keep) if keep is not None else -1
        self.select_row(row if row >= 0 else 0)

    def select_row(self, row: int) -> None:
        """Select the table's row ``row`` (nothing when out of range) and show it in the details."""
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, phrase_table.PhraseTableModel.TITLE))
            self.table.scrollTo(self.model.index(row, 0))
        self._show_detail()

    def select_phrase(self, phrase_id: int) -> bool:
        """Select a phrase in the table (showing its stage first if needed); False when not found."""
        if self.model.row_of(phrase_id) < 0:
            try:
                phrase = self.store.get(phrase_id)
            except store.NotFound:
                return False
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
            self.stage_filter = phrase.stage_id
            self._build_tree()
        self.reload(keep=phrase_id)
        return self.model.row_of(phrase_id) >= 0

    def current_phrase(self) -> models.Phrase | None:
        """The phrase selected in the table."""
        row = self.table.currentIndex().row()
        return self.model.phrases[row] if 0 <= row < len(self.model.phrases) else None

    def refresh(self) -> None:
        """Reload stage counts and rows from the store (after any change)."""
        self._refresh_pending = False
        self._build_tree()
        self.reload()

    def _store_changed(self, change: Change) -> None:
        if change.event != StoreEvent.USE:  # a paste changes no phrase: 需修改 stays as it is
            self.fixes.forget_rows()
        # A reorder emits one event per phrase of the stage: refresh once, on the next loop turn.
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self, self._deferred_refresh)

    def _deferred_refresh(self) -> None:
        if self._refresh_pending:
            self.refresh()

    # -- details -----------------------------------------------------------------------------------

    def _show_detail(self) -> None:
        phrase = self.current_phrase()
        self.copy_button.setEnabled(phrase is not None)
        self.paste_button.setEnabled(phrase is not None and self.paste is not None)
        self.editing.update_actions(phrase)
        if phrase is None:
            self.detail.show_phrase(None)
            self.fixes.offer(None)
            return
        meta = [self.model.stage_names.get(phrase.stage_id, phrase.stage_id)]
        if phrase.code:
            meta.append("/" + phrase.code)
        meta.append(
            self.model.pack_names.get(phrase.pack_id, phrase.pack_id)
            if phrase.pack_id
            else self.tr("我的短语")
        )
        if library_ops.pack_read_only(self.store, phrase):
            meta.append(self.tr("只读"))
        findings = self.model.findings(phrase) if self.linter is not None else None
        self.detail.show_phrase(phrase, meta, findings)
        self.fixes.offer(phrase)

    def copy_body(self) -> None:
        """复制: the selected phrase onto the clipboard, through the pipeline (a use, like a paste)."""
        phrase = self.current_phrase()
        if phrase is None:
            return
        if self.paste is not None:
            self.paste(phrase, PasteMode.COPY_ONLY)
        else:
            QGuiApplication.clipboard().setText(phrase.body)
        self.statusBar().showMessage(self.tr("已复制「{0}」").format(phrase.title), 5000)

    def paste_body(self) -> None:
        """粘贴到聊天窗口: hand the selected phrase to ``paste``."""
        phrase = self.current_phrase()
        if phrase is not None and self.paste is not None:
            self.paste(phrase, None)  # the phrase's own or the default mode, as Enter in the popup

    # -- editing -----------------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """A store error for the user: in the status bar and a (non-blocking) message box."""
        self.statusBar().showMessage(message, 15000)
        if self.message_box is not None:
            self.message_box.close()
        self.message_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("短语库"), message, parent=self)
        self.message_box.setTextFormat(Qt.TextFormat.PlainText)
        self.message_box.open()

    def attempt(self, operation: Callable[[], Any]) -> Any:
        """Run a store operation; a StoreError is shown, never raised."""
        try:
            return operation()
        except store.StoreError as exc:
            self.show_error(str(exc))
            return None
