"""The library window's 需修改: how many phrases break the service standard, and their one-click fixes.

Linting 10,000 phrases takes most of a second, so the count is made in the background: a slice of
bodies per turn of the event loop, each distinct body once (``library_lint.Checker``, shared with
the table's 规范 column), while the tree says 需修改 (…). Choosing the filter before the count is
done finishes it at once. Fixes go through ``core.library_lint`` (which decides who may edit what)
and can be undone from the status bar like a delete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication

from quickreply.core import library_lint, library_ops, lint, models, validate
from quickreply.ui import plaintext

if TYPE_CHECKING:
    from quickreply.ui.library import LibraryWindow

CHUNK = 200  # bodies linted per turn of the event loop: about 20 ms, the window stays responsive


class LibraryFixes(QObject):
    """The 需修改 count and filter of one library window, and the fix buttons of its detail pane."""

    def __init__(self, window: LibraryWindow) -> None:
        super().__init__(window)
        self.window = window
        self.store = window.store
        self.checker = window.model.checker  # None without a linter: no 需修改 at all
        self._todo: list[str] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check_some)
        self.last_fixed: library_lint.Fixed | None = None
        # the library's rows, read once until the store changes (the count and the list share
        # them); the window, which follows the store, calls ``forget_rows``
        self._rows: list[library_lint.Row] | None = None
        window.detail.fix_button.clicked.connect(lambda *_: self.fix_selected())

    @property
    def checking(self) -> bool:
        """Whether the background count is still running."""
        return bool(self._todo)

    def use(self, checker: library_lint.Checker | None) -> None:
        """Count with another checker (new rules); a count under way starts again."""
        self._timer.stop()
        self._todo = []
        self.checker = checker

    def forget_rows(self) -> None:
        """The library changed: read its rows again when next needed."""
        self._rows = None

    def rows(self) -> list[library_lint.Row]:
        """Every phrase as a plain row (``library_lint.rows``), read again after a change."""
        if self._rows is None:
            self._rows = library_lint.rows(self.store)
        return self._rows

    def count(self) -> int | None:
        """How many phrases need a fix; None without a linter, or while the count is still running
        (it is started here when the library holds bodies not checked yet)."""
        if self.checker is None:
            return None
        rows = self.rows()
        unknown = self.checker.unknown(rows)
        if unknown:
            self._todo = unknown
            self._timer.start(0)
            return None
        return self.checker.count(rows)

    def _check_some(self) -> None:
        if self.checker is None:
            return
        chunk, self._todo = self._todo[:CHUNK], self._todo[CHUNK:]
        for body in chunk:
            self.checker.findings(body)
        if self._todo:
            self._timer.start(0)
        else:
            self.window.refresh_tree()

    def phrases(self) -> list[models.Phrase]:
        """The phrases that need a fix, in library order (finishing the count now if it runs)."""
        if self.checker is None:
            return []
        rows = self.rows()
        if not self._todo and not self.checker.unknown(rows):
            return [f.phrase for f in self.checker.needing(self.store, rows)]
        self._timer.stop()
        self._todo = []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = [f.phrase for f in self.checker.needing(self.store, rows)]
        finally:
            QApplication.restoreOverrideCursor()
        self.window.refresh_tree()
        return found

    # -- the fix buttons -----------------------------------------------------------------------------

    def offer(self, phrase: models.Phrase | None) -> None:
        """Set up the detail pane's fix buttons for the selected phrase (hidden when nothing applies)."""
        detail = self.window.detail
        checker = self.checker
        flagged = checker.flagged(phrase) if checker and phrase else None
        if (
            phrase is None
            or checker is None
            or flagged is None
            or self.window.read_only
            or not (flagged.fixable or flagged.choices)
        ):
            detail.fix_bar.hide()
            return
        locked = library_ops.pack_read_only(self.store, phrase)
        detail.fix_button.setVisible(flagged.fixable)
        detail.fix_preview.setVisible(flagged.fixable)
        if flagged.fixable:
            fixed = checker.linter.fix(phrase.body).text
            preview = self.tr("一键修改后:") + fixed
            if not locked:
                text = self.tr("一键修改")
            elif library_lint.own_copy(self.store, phrase, fixed) is None:
                text = self.tr("复制为自己的短语并修改")
            else:
                text = self.tr("查看修改好的副本")
            detail.fix_button.setText(text)
            detail.fix_preview.setText(preview)
            detail.fix_button.setToolTip(plaintext.tooltip(preview))
        detail.choice_menu.clear()
        for finding in flagged.choices:
            for suggestion in finding.suggestions:
                text = (
                    self.tr("「{0}」改为「{1}」").format(finding.match, suggestion)
                    if suggestion
                    else self.tr("删除「{0}」").format(finding.match)
                )
                action = detail.choice_menu.addAction(text)
                action.triggered.connect(lambda _=False, f=finding, s=suggestion: self.choose(f, s))
        detail.choice_button.setVisible(bool(flagged.choices))
        detail.fix_bar.show()

    def fix_selected(self) -> library_lint.Fixed | None:
        """一键修改: apply every single-choice fix to the selected phrase (a read-only pack's phrase:
        to an own copy of it)."""
        phrase = self.window.current_phrase()
        if phrase is None or self.checker is None or self.window.read_only:
            return None
        linter = self.checker.linter
        locked = library_ops.pack_read_only(self.store, phrase)
        return self._done(
            phrase, self.window.attempt(lambda: library_lint.fix(self.store, linter, phrase.id or 0, locked))
        )

    def choose(self, finding: lint.Finding, suggestion: str) -> library_lint.Fixed | None:
        """One of a finding's several suggestions, chosen from the menu, applied to the selected phrase."""
        phrase = self.window.current_phrase()
        if phrase is None or self.checker is None or self.window.read_only:
            return None
        linter = self.checker.linter
        locked = library_ops.pack_read_only(self.store, phrase)
        return self._done(
            phrase,
            self.window.attempt(
                lambda: library_lint.choose(self.store, linter, phrase.id or 0, finding, suggestion, locked)
            ),
        )

    def _done(self, phrase: models.Phrase, fixed: library_lint.Fixed | None) -> library_lint.Fixed | None:
        """After a fix: refresh, keep the place in the table (a clean phrase leaves 需修改), say what
        changed and what is left, offer 撤销."""
        if fixed is None:
            return None
        if not fixed.changed and fixed.copied_from is not None:
            self.window.select_phrase(fixed.phrase.id or 0)
            self.window.statusBar().showMessage(
                self.tr("已有修改好的副本「{0}」,已为您选中").format(fixed.phrase.title), 8000
            )
            return fixed
        if not fixed.changed:
            self.window.statusBar().showMessage(self.tr("没有可以自动修改的地方"), 5000)
            return fixed
        row = self.window.table.currentIndex().row()
        self.window.refresh()
        target = phrase.id if self.window.needs_fix_mode else fixed.phrase.id
        if self.window.model.row_of(target or 0) >= 0:
            self.window.select_phrase(target or 0)
        elif self.window.needs_fix_mode:
            self.window.select_row(min(row, self.window.model.rowCount() - 1))
        else:
            self.window.select_phrase(fixed.phrase.id or 0)
        edits = "、".join(library_lint.describe(f) for f in sorted(fixed.applied, key=lambda f: f.start))
        if fixed.copied_from is not None:
            message = self.tr(
                "已复制为自己的短语并修改「{0}」:{1}(只读短语包里的原短语不变,仍列在需修改中)"
            ).format(fixed.phrase.title, edits)
        else:
            message = self.tr("已修改「{0}」:{1}").format(fixed.phrase.title, edits)
        left = validate.blocking(fixed.remaining)
        if left:
            message += self.tr(";还需人工修改:") + ";".join(f.message for f in left)
        self.last_fixed = fixed
        self.window.editing.offer_undo(message, lambda: self.undo(fixed))
        return fixed

    def undo(self, fixed: library_lint.Fixed) -> models.Phrase | None:
        """撤销 after a fix: the old text back (or the copy removed)."""
        back = self.window.attempt(lambda: library_lint.undo(self.store, fixed))
        if back is None:
            return None
        self.last_fixed = None
        self.window.editing.undone()
        self.window.refresh()
        self.window.select_phrase(back.id or 0)
        self.window.statusBar().showMessage(self.tr("已撤销对「{0}」的修改").format(back.title), 5000)
        return back
