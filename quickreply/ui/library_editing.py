"""The library window's editing: its toolbar (新增 … 移到阶段…) and 撤销, for trainers.

撤销 takes back the last delete or the last fix (``library_fixes``), whichever came last.

Each action takes the phrase selected in the window, changes the library through the store or
the rules of ``core.library_ops``, then has the window refresh and select the result. A store
error is shown by the window, never raised. Hidden and disabled when the library is read-only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QPushButton, QToolBar, QToolButton

from quickreply.core import library_ops, models
from quickreply.ui import editor

if TYPE_CHECKING:
    from quickreply.ui.library import LibraryWindow


class LibraryEditing(QObject):
    """The editing actions of one library window (``actions`` by name) and its 撤销 button."""

    def __init__(self, window: LibraryWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.last_deleted: library_ops.Deleted | None = None
        self._undo: Callable[[], object] | None = None
        self.editor: editor.PhraseEditor | None = None
        self.toolbar = QToolBar(self.tr("编辑"))
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions: dict[str, QAction] = {}
        for name, text, slot in (
            ("add", self.tr("新增"), self.add_phrase),
            ("edit", self.tr("编辑"), self.edit_selected),
            ("copy_own", self.tr("复制为自己的短语"), self.copy_as_own),
            ("delete", self.tr("删除"), self.delete_selected),
            ("up", self.tr("上移"), self.move_up),
            ("down", self.tr("下移"), self.move_down),
        ):
            action = QAction(text, window)
            action.triggered.connect(lambda _=False, slot=slot: slot())
            self.toolbar.addAction(action)
            self.actions[name] = action
        self.move_menu = QMenu(window)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        move = QAction(self.tr("移到阶段…"), window)
        move.setMenu(self.move_menu)
        self.toolbar.addAction(move)
        move_button = self.toolbar.widgetForAction(move)
        if isinstance(move_button, QToolButton):
            move_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.actions["move"] = move
        self.undo_button = QPushButton(self.tr("撤销"))
        self.undo_button.hide()
        self.undo_button.clicked.connect(lambda *_: self.undo())
        window.statusBar().addPermanentWidget(self.undo_button)
        window.model.reorder = self._reorder_to
        if window.read_only:
            self.toolbar.hide()
            self.toolbar.setEnabled(False)

    @property
    def read_only(self) -> bool:
        return self.window.read_only

    def update_actions(self, phrase: models.Phrase | None) -> None:
        """Enable what can be done with ``phrase`` (a read-only pack's phrase: only copy it as own)."""
        locked = phrase is not None and library_ops.pack_read_only(self.store, phrase)
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
            self.actions[name].setEnabled(on and not self.read_only)

    def _done(self, phrase_id: int, message: str, timeout: int = 5000) -> None:
        """After a change: refresh, select the phrase, say what happened."""
        self.window.refresh()
        self.window.select_phrase(phrase_id)
        self.window.statusBar().showMessage(message, timeout)

    # -- the editor ----------------------------------------------------------------------------------

    def _open_editor(self, phrase: models.Phrase | None) -> editor.PhraseEditor:
        stage = phrase.stage_id if phrase else self.window.current_stage_id()
        dialog = editor.PhraseEditor(
            self.store, self.window.linter, phrase, stage_id=stage, parent=self.window
        )
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._editor_saved(dialog))
        self.editor = dialog
        dialog.open()
        return dialog

    def _editor_saved(self, dialog: editor.PhraseEditor) -> None:
        saved = dialog.result_phrase()
        if saved is not None and saved.id is not None:
            self._done(saved.id, self.tr("已保存「{0}」").format(saved.title))

    def add_phrase(self) -> editor.PhraseEditor | None:
        """新增: open the editor for a new phrase in the current stage."""
        if self.read_only:
            return None
        return self._open_editor(None)

    def edit_selected(self) -> editor.PhraseEditor | None:
        """编辑: open the editor on the selected phrase (a read-only pack's phrase gets a message)."""
        phrase = self.window.current_phrase()
        if phrase is None or self.read_only:
            return None
        if library_ops.pack_read_only(self.store, phrase):
            pack = self.window.model.pack_names.get(phrase.pack_id or "", phrase.pack_id or "")
            self.window.show_error(
                self.tr(
                    "「{0}」属于只读短语包「{1}」,不能直接修改。请先点“复制为自己的短语”,再修改副本。"
                ).format(phrase.title, pack)
            )
            return None
        return self._open_editor(phrase)

    # -- changes through the store -------------------------------------------------------------------

    def copy_as_own(self) -> models.Phrase | None:
        """复制为自己的短语: an own, editable copy of the selected (pack) phrase, then selected."""
        phrase = self.window.current_phrase()
        if phrase is None or self.read_only:
            return None
        copied = self.window.attempt(lambda: library_ops.copy_as_own(self.store, phrase))
        if copied is None:
            return None
        note = self.tr(",快捷编码已被占用,副本暂无编码") if copied.code_dropped else ""
        self._done(copied.phrase.id or 0, self.tr("已复制为自己的短语,可以编辑了") + note, 8000)
        return copied.phrase

    def delete_selected(self) -> models.Phrase | None:
        """删除: delete the selected phrase; 撤销 in the status bar adds it back."""
        phrase = self.window.current_phrase()
        if phrase is None or self.read_only:
            return None
        deleted = self.window.attempt(lambda: library_ops.delete(self.store, phrase.id or 0))
        if deleted is None:
            return None
        self.last_deleted = deleted
        self.window.refresh()
        self.offer_undo(self.tr("已删除「{0}」").format(deleted.phrase.title), self.undo_delete)
        return deleted.phrase

    def offer_undo(self, message: str, undo: Callable[[], object]) -> None:
        """Say what was done and show 撤销, which calls ``undo`` (replacing what it undid before)."""
        self._undo = undo
        self.window.statusBar().showMessage(message)
        self.undo_button.show()

    def undo(self) -> None:
        """撤销: take back the last delete or fix (the action hides the button once it succeeded)."""
        if self._undo is not None:
            self._undo()

    def undone(self) -> None:
        """The last change was taken back: nothing more to undo."""
        self._undo = None
        self.undo_button.hide()

    def undo_delete(self) -> models.Phrase | None:
        """撤销: add the last deleted phrase back (same stage and content, same place in the stage)."""
        deleted = self.last_deleted
        if deleted is None:
            return None
        added = self.window.attempt(lambda: library_ops.undo_delete(self.store, deleted))
        if added is None:
            return None
        self.last_deleted = None
        self.undone()
        self._done(added.id or 0, self.tr("已恢复「{0}」").format(added.title))
        return added

    def _reorder_to(self, phrase_id: int, index: int) -> None:
        if self.window.attempt(lambda: self.store.reorder(phrase_id, index)) is not None:
            self.window.refresh()
            self.window.select_phrase(phrase_id)

    def _step(self, delta: int) -> None:
        phrase = self.window.current_phrase()
        if phrase is None or self.read_only:
            return
        if self.window.attempt(lambda: library_ops.step(self.store, phrase.id or 0, delta)) is not None:
            self.window.refresh()
            self.window.select_phrase(phrase.id or 0)

    def move_up(self) -> None:
        """上移: one place earlier within its stage."""
        self._step(-1)

    def move_down(self) -> None:
        """下移: one place later within its stage."""
        self._step(1)

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        phrase = self.window.current_phrase()
        for stage in self.store.stages():
            action = self.move_menu.addAction(stage.name_zh)
            action.setEnabled(phrase is not None and stage.id != phrase.stage_id)
            action.triggered.connect(lambda _=False, sid=stage.id: self.move_selected_to(sid))

    def move_selected_to(self, stage_id: str) -> models.Phrase | None:
        """移到阶段…: move the selected phrase to the end of another stage (the table follows it)."""
        phrase = self.window.current_phrase()
        if phrase is None or self.read_only:
            return None
        moved = self.window.attempt(lambda: self.store.move(phrase.id or 0, stage_id))
        if moved is None:
            return None
        stage = self.window.model.stage_names.get(moved.stage_id, moved.stage_id)
        self._done(moved.id or 0, self.tr("已移到「{0}」").format(stage))
        return moved
