"""The phrase library window: browse approved replies stage by stage, search them, and (trainers) edit them.

Left the stages in conversation order with their phrase counts, in the centre the phrases of the
chosen stage (or the search results across stages), right the chosen phrase in full. Every change
goes through the store; the window follows the store's change events. Phrase text is plain text.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import (
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import lint, models, search, store
from quickreply.core.kinds import Change
from quickreply.ui import editor, palette, phrase_table, plaintext


@dataclasses.dataclass
class Deleted:
    """A phrase deleted from the window, kept so that 撤销 can add it back."""

    phrase: models.Phrase
    index: int


class LibraryWindow(QMainWindow):
    """The phrase library.

    Args:
        phrase_store: the library.
        linter: the service-standard linter (the 规范 column and the editor); None to skip it.
        read_only: browse only: no editing toolbar (new hires).
        paste: called with the phrase for 粘贴到聊天窗口 (the app goes on as the popup does: placeholders,
            lint gate, usage); the button is disabled without it.
    """

    def __init__(
        self,
        phrase_store: store.PhraseStore,
        linter: lint.Linter | None,
        read_only: bool = False,
        paste: Callable[[models.Phrase], None] | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("短语库"))
        self.store = phrase_store
        self.linter = linter
        self.read_only = read_only
        self.paste = paste
        self.index = search.SearchIndex.from_store(phrase_store)
        self.last_deleted: Deleted | None = None
        self.editor: editor.PhraseEditor | None = None
        self.message_box: QMessageBox | None = None
        self._refresh_pending = False
        self._stage_filter: str | None = None

        # left: stages
        self.stage_tree = QTreeWidget()
        self.stage_tree.setHeaderHidden(True)
        self.stage_tree.setRootIsDecorated(False)
        self.stage_tree.setMinimumWidth(150)
        # centre: search and table
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("搜索全部阶段:汉字、拼音、首字母或 /编码"))
        self.search_box.setClearButtonEnabled(True)
        self.model = phrase_table.PhraseTableModel(linter)
        self.model.reorder = self._reorder_to
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 10)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(phrase_table.PhraseTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        if not read_only:
            self.table.setDragEnabled(True)
            self.table.setAcceptDrops(True)
            self.table.setDropIndicatorShown(True)
            self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
            self.table.setDragDropOverwriteMode(False)
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
        self.detail_title = QLabel()
        self.detail_title.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_title.setWordWrap(True)
        bold = QFont(self.detail_title.font())
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        self.detail_title.setFont(bold)
        self.detail_meta = QLabel()
        self.detail_meta.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_meta.setWordWrap(True)
        self.detail_body = QPlainTextEdit()  # plain text: phrase content is never rendered as rich text
        self.detail_body.setReadOnly(True)
        self.body_highlighter = editor.PhraseHighlighter(self.detail_body.document())
        self.detail_lint = QLabel()
        self.detail_lint.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_lint.setWordWrap(True)
        self.detail_note = QLabel()
        self.detail_note.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_note.setWordWrap(True)
        self.detail_questions = QListWidget()
        self.detail_questions.setMaximumHeight(110)
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
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.detail_meta)
        detail_layout.addWidget(self.detail_body, 1)
        detail_layout.addWidget(self.detail_lint)
        detail_layout.addWidget(self._caption(self.tr("使用场景")))
        detail_layout.addWidget(self.detail_note)
        detail_layout.addWidget(self._caption(self.tr("买家常见问法")))
        detail_layout.addWidget(self.detail_questions)
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

        # editing
        self.toolbar = QToolBar(self.tr("编辑"))
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, slot in (
            ("add", self.tr("新增"), self.add_phrase),
            ("edit", self.tr("编辑"), self.edit_selected),
            ("copy_own", self.tr("复制为自己的短语"), self.copy_as_own),
            ("delete", self.tr("删除"), self.delete_selected),
            ("up", self.tr("上移"), self.move_up),
            ("down", self.tr("下移"), self.move_down),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _=False, slot=slot: slot())
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action
        self.move_menu = QMenu(self)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        move = QAction(self.tr("移到阶段…"), self)
        move.setMenu(self.move_menu)
        self.toolbar.addAction(move)
        move_button = self.toolbar.widgetForAction(move)
        if isinstance(move_button, QToolButton):
            move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions_by_name["move"] = move
        self.addToolBar(self.toolbar)
        self.undo_button = QPushButton(self.tr("撤销"))
        self.undo_button.hide()
        self.statusBar().addPermanentWidget(self.undo_button)
        if read_only:
            self.toolbar.hide()
            self.toolbar.setEnabled(False)

        self.stage_tree.currentItemChanged.connect(lambda *_: self._stage_changed())
        self.search_box.textChanged.connect(lambda *_: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.doubleClicked.connect(lambda *_: None if self.read_only else self.edit_selected())
        self.copy_button.clicked.connect(self.copy_body)
        self.paste_button.clicked.connect(self.paste_body)
        self.undo_button.clicked.connect(self.undo_delete)

        # The store keeps its listeners for good: hold the window weakly and ignore it once gone.
        me = weakref.ref(self)

        def on_change(change: Change) -> None:
            window = me()
            if window is not None and shiboken6.isValid(window):
                window._schedule_refresh()

        phrase_store.subscribe(on_change)
        self._build_tree()
        self.reload()
        self.resize(1280, 760)

    def _caption(self, text: str) -> QLabel:
        label = plaintext.label(text)
        label.setStyleSheet(palette.CAPTION_STYLE)
        return label

    # -- stages and rows ---------------------------------------------------------------------------

    def _build_tree(self) -> None:
        """(Re)fill the stage tree with current counts, keeping the selected stage."""
        counts: dict[str, int] = {}
        for phrase in self.store.phrases(ordered=False):
            counts[phrase.stage_id] = counts.get(phrase.stage_id, 0) + 1
        self.stage_tree.blockSignals(True)
        self.stage_tree.clear()
        every = QTreeWidgetItem([self.tr("全部") + f" ({sum(counts.values())})"])
        every.setData(0, phrase_table.STAGE_ROLE, "")
        self.stage_tree.addTopLevelItem(every)
        current = every
        for stage in self.store.stages():
            item = QTreeWidgetItem([f"{stage.name_zh} ({counts.get(stage.id, 0)})"])
            item.setData(0, phrase_table.STAGE_ROLE, stage.id)
            item.setToolTip(0, plaintext.tooltip(stage.name_en))
            item.setForeground(0, palette.stage_colour(stage.id))
            self.stage_tree.addTopLevelItem(item)
            if stage.id == self._stage_filter:
                current = item
        self.stage_tree.setCurrentItem(current)
        self.stage_tree.blockSignals(False)

    def _stage_changed(self) -> None:
        item = self.stage_tree.currentItem()
        self._stage_filter = (item.data(0, phrase_table.STAGE_ROLE) or None) if item is not None else None
        if self.search_box.text():
            self.search_box.clear()  # reloads
        else:
            self.reload()

    def select_stage(self, stage_id: str | None) -> None:
        """Show one stage (None: all stages) and clear the search."""
        for i in range(self.stage_tree.topLevelItemCount()):
            item = self.stage_tree.topLevelItem(i)
            if (item.data(0, phrase_table.STAGE_ROLE) or None) == stage_id:
                self.stage_tree.setCurrentItem(item)
                return
        raise KeyError(stage_id)

    def stage_items(self) -> list[tuple[str | None, str]]:
        """(stage id or None for 全部, text) of every item of the stage tree, top to bottom."""
        items = []
        for i in range(self.stage_tree.topLevelItemCount()):
            item = self.stage_tree.topLevelItem(i)
            items.append((item.data(0, phrase_table.STAGE_ROLE) or None, item.text(0)))
        return items

    def reload(self, keep: int | None = None) -> None:
        """Fill the table for the current stage or search, keeping (or selecting) phrase ``keep``."""
        current = self.current_phrase()
        keep = keep if keep is not None else (current.id if current else None)
        text = self.search_box.text().strip()
        names = {s.id: s.name_zh for s in self.store.stages()}
        if text:
            phrases = [r.phrase for r in self.index.search(text, limit=phrase_table.SEARCH_LIMIT)]
        else:
            phrases = self.store.phrases(self._stage_filter)
        packs = {p.id: p.name for p in self.store.packs()}
        self.model.reorderable = not self.read_only and not text and self._stage_filter is not None
        self.model.set_phrases(phrases, self.store.usage(), packs, names)
        stage_column = phrase_table.PhraseTableModel.STAGE
        self.table.setColumnHidden(stage_column, self._stage_filter is not None and not text)
        if not phrases:
            self.empty_label.setText(self.tr("没有匹配的短语") if text else self.tr("这个阶段还没有短语"))
        self.empty_label.setVisible(not phrases)
        row = self.model.row_of(keep) if keep is not None else -1
        self._select_row(row if row >= 0 else 0)

    def _select_row(self, row: int) -> None:
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
            self._stage_filter = phrase.stage_id
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

    def _schedule_refresh(self) -> None:
        # A reorder emits one event per phrase of the stage: refresh once, on the next loop turn.
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._deferred_refresh)

    def _deferred_refresh(self) -> None:
        if self._refresh_pending:
            self.refresh()

    # -- details -----------------------------------------------------------------------------------

    def _show_detail(self) -> None:
        phrase = self.current_phrase()
        self.copy_button.setEnabled(phrase is not None)
        self.paste_button.setEnabled(phrase is not None and self.paste is not None)
        self._update_actions(phrase)
        if phrase is None:
            for label in (self.detail_title, self.detail_meta, self.detail_note, self.detail_lint):
                label.setText("")
            self.detail_body.setPlainText("")
            self.body_highlighter.set_findings([])
            self.detail_questions.clear()
            return
        self.detail_title.setText(phrase.title)
        stage = self.model.stage_names.get(phrase.stage_id, phrase.stage_id)
        pack = (
            self.model.pack_names.get(phrase.pack_id, phrase.pack_id)
            if phrase.pack_id
            else self.tr("我的短语")
        )
        meta = [stage, pack]
        if phrase.code:
            meta.insert(1, "/" + phrase.code)
        if self._pack_read_only(phrase):
            meta.append(self.tr("只读"))
        self.detail_meta.setText(" · ".join(meta))
        self.detail_body.setPlainText(phrase.body)
        findings = self.model.findings(phrase)
        self.body_highlighter.set_findings(findings)
        if findings:
            self.detail_lint.setText(self.tr("服务规范:") + ";".join(f.message for f in findings))
            self.detail_lint.setStyleSheet(palette.ERROR_STYLE)
        else:
            self.detail_lint.setText(self.tr("✓ 符合服务规范") if self.linter else "")
            self.detail_lint.setStyleSheet(palette.OK_STYLE)
        self.detail_note.setText(phrase.note or self.tr("(无)"))
        self.detail_questions.clear()
        self.detail_questions.addItems(phrase.questions or [self.tr("(无)")])

    def _pack_read_only(self, phrase: models.Phrase) -> bool:
        if not phrase.pack_id:
            return False
        try:
            return self.store.pack(phrase.pack_id).read_only
        except store.NotFound:
            return False

    def _update_actions(self, phrase: models.Phrase | None) -> None:
        locked = phrase is not None and self._pack_read_only(phrase)
        enabled = {
            "add": True,
            "edit": phrase is not None,
            "copy_own": phrase is not None and locked,
            "delete": phrase is not None and not locked,
            "up": phrase is not None,
            "down": phrase is not None,
            "move": phrase is not None and not locked,
        }
        for name, on in enabled.items():
            self.actions_by_name[name].setEnabled(on and not self.read_only)

    def copy_body(self) -> None:
        """复制: the selected phrase's body to the clipboard."""
        phrase = self.current_phrase()
        if phrase is not None:
            QGuiApplication.clipboard().setText(phrase.body)
            self.statusBar().showMessage(self.tr("已复制「{0}」").format(phrase.title), 5000)

    def paste_body(self) -> None:
        """粘贴到聊天窗口: hand the selected phrase to ``paste``."""
        phrase = self.current_phrase()
        if phrase is not None and self.paste is not None:
            self.paste(phrase)

    # -- editing -----------------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """A store error for the user: in the status bar and a (non-blocking) message box."""
        self.statusBar().showMessage(message, 15000)
        if self.message_box is not None:
            self.message_box.close()
        self.message_box = QMessageBox(QMessageBox.Icon.Warning, self.tr("短语库"), message, parent=self)
        self.message_box.setTextFormat(Qt.TextFormat.PlainText)
        self.message_box.open()

    def _attempt(self, operation: Callable[[], Any]) -> Any:
        """Run a store operation; a StoreError is shown, never raised."""
        try:
            return operation()
        except store.StoreError as exc:
            self.show_error(str(exc))
            return None

    def _open_editor(self, phrase: models.Phrase | None) -> editor.PhraseEditor:
        stage = phrase.stage_id if phrase else self._stage_filter
        dialog = editor.PhraseEditor(self.store, self.linter, phrase, stage_id=stage, parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._editor_saved(dialog))
        self.editor = dialog
        dialog.open()
        return dialog

    def _editor_saved(self, dialog: editor.PhraseEditor) -> None:
        saved = dialog.result_phrase()
        if saved is not None and saved.id is not None:
            self.refresh()
            self.select_phrase(saved.id)
            self.statusBar().showMessage(self.tr("已保存「{0}」").format(saved.title), 5000)

    def add_phrase(self) -> editor.PhraseEditor | None:
        """新增: open the editor for a new phrase in the current stage."""
        if self.read_only:
            return None
        return self._open_editor(None)

    def edit_selected(self) -> editor.PhraseEditor | None:
        """编辑: open the editor on the selected phrase (a read-only pack's phrase gets a message)."""
        phrase = self.current_phrase()
        if phrase is None or self.read_only:
            return None
        if self._pack_read_only(phrase):
            pack = self.model.pack_names.get(phrase.pack_id or "", phrase.pack_id or "")
            self.show_error(
                self.tr(
                    "「{0}」属于只读短语包「{1}」,不能直接修改。请先点“复制为自己的短语”,再修改副本。"
                ).format(phrase.title, pack)
            )
            return None
        return self._open_editor(phrase)

    def copy_as_own(self) -> models.Phrase | None:
        """复制为自己的短语: an own, editable copy of the selected (pack) phrase, then selected."""
        phrase = self.current_phrase()
        if phrase is None or self.read_only:
            return None
        copy = phrase.content()
        clash = [
            p for p in self.store.find_by_code(copy.code) if p.stage_id == copy.stage_id and p.pack_id is None
        ]
        if clash:
            copy.code = ""  # an own phrase of the stage has the code already: the copy goes without
        added = self._attempt(lambda: self.store.add(copy))
        if added is None:
            return None
        self.refresh()
        self.select_phrase(added.id)
        note = self.tr(",快捷编码已被占用,副本暂无编码") if clash else ""
        self.statusBar().showMessage(self.tr("已复制为自己的短语,可以编辑了") + note, 8000)
        return added

    def delete_selected(self) -> models.Phrase | None:
        """删除: delete the selected phrase; 撤销 in the status bar adds it back."""
        phrase = self.current_phrase()
        if phrase is None or self.read_only:
            return None
        ids = [p.id for p in self.store.phrases(phrase.stage_id)]
        position = ids.index(phrase.id) if phrase.id in ids else len(ids)
        deleted = self._attempt(lambda: self.store.delete(phrase.id or 0))
        if deleted is None:
            return None
        self.last_deleted = Deleted(deleted, position)
        self.refresh()
        self.statusBar().showMessage(self.tr("已删除「{0}」").format(deleted.title))
        self.undo_button.show()
        return deleted

    def undo_delete(self) -> models.Phrase | None:
        """撤销: add the last deleted phrase back (same stage and content, same place in the stage)."""
        if self.last_deleted is None:
            return None
        old, position = self.last_deleted.phrase, self.last_deleted.index
        again = old.content()
        again.pack_id = old.pack_id

        def restore() -> models.Phrase:
            with self.store.transaction():
                added = self.store.add(again)
                return self.store.reorder(added.id or 0, position)

        added = self._attempt(restore)
        if added is None:
            return None
        self.last_deleted = None
        self.undo_button.hide()
        self.refresh()
        self.select_phrase(added.id or 0)
        self.statusBar().showMessage(self.tr("已恢复「{0}」").format(added.title), 5000)
        return added

    def _reorder_to(self, phrase_id: int, index: int) -> None:
        if self._attempt(lambda: self.store.reorder(phrase_id, index)) is not None:
            self.refresh()
            self.select_phrase(phrase_id)

    def _step(self, delta: int) -> None:
        phrase = self.current_phrase()
        if phrase is None or self.read_only:
            return
        ids = [p.id for p in self.store.phrases(phrase.stage_id)]
        position = ids.index(phrase.id)
        target = position + delta
        if 0 <= target < len(ids):
            self._reorder_to(phrase.id or 0, target)

    def move_up(self) -> None:
        """上移: one place earlier within its stage."""
        self._step(-1)

    def move_down(self) -> None:
        """下移: one place later within its stage."""
        self._step(1)

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        phrase = self.current_phrase()
        for stage in self.store.stages():
            action = self.move_menu.addAction(stage.name_zh)
            action.setEnabled(phrase is not None and stage.id != phrase.stage_id)
            action.triggered.connect(lambda _=False, sid=stage.id: self.move_selected_to(sid))

    def move_selected_to(self, stage_id: str) -> models.Phrase | None:
        """移到阶段…: move the selected phrase to the end of another stage (the table follows it)."""
        phrase = self.current_phrase()
        if phrase is None or self.read_only:
            return None
        moved = self._attempt(lambda: self.store.move(phrase.id or 0, stage_id))
        if moved is None:
            return None
        self.refresh()
        self.select_phrase(moved.id or 0)
        stage = self.model.stage_names.get(moved.stage_id, moved.stage_id)
        self.statusBar().showMessage(self.tr("已移到「{0}」").format(stage), 5000)
        return moved
