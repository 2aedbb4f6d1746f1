"""The library window's phrase table: code, title, stage, uses, last use, pack and lint status per row.

A Qt table model over the store's phrases (never SQL here), with drag and drop that reorders a
phrase within its stage through the store, and the view the window shows it in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from quickreply.core import library_lint, lint, models
from quickreply.ui import palette, plaintext

PHRASE_ROLE = Qt.ItemDataRole.UserRole + 1
MIME_TYPE = "application/x-quickreply-phrase-id"
SEARCH_LIMIT = 200

Index = QModelIndex | QPersistentModelIndex


def local_time(stamp: str | None) -> str:
    """A stored UTC timestamp as local 'YYYY-MM-DD HH:MM' ('' when never)."""
    if not stamp:
        return ""
    try:
        return datetime.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


def table_view(model: PhraseTableModel, draggable: bool) -> QTableView:
    """The view the library shows ``model`` in: whole rows, one at a time, title column stretched;
    with ``draggable`` rows can be dragged within their stage (``PhraseTableModel.reorderable``)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # columns sized to the first 100 rows: measuring 1,000 (Qt's default) took a second per reload
    # of a 10,000-phrase library, and 0 (only the rows on screen) is slower still before the first show
    header.setResizeContentsPrecision(100)
    # sized to the rows on screen: measuring every row of 10,000 (Qt's default: the first 1,000)
    # took a second per reload
    header.setSectionResizeMode(PhraseTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
    header.setHighlightSections(False)
    if draggable:
        table.setDragEnabled(True)
        table.setAcceptDrops(True)
        table.setDropIndicatorShown(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        table.setDefaultDropAction(Qt.DropAction.MoveAction)
        table.setDragDropOverwriteMode(False)
    return table


class PhraseTableModel(QAbstractTableModel):
    """The phrases shown in the table, with usage, pack and lint columns.

    Rows can be dragged within one stage (``reorderable``); a drop calls ``reorder(phrase_id, row)``.
    """

    CODE, TITLE, STAGE, COUNT, LAST_USED, PACK, LINT = range(7)

    def __init__(self, linter: lint.Linter | None) -> None:
        super().__init__()
        self.linter = linter
        self.phrases: list[models.Phrase] = []
        self.usage: dict[int, models.Usage] = {}
        self.pack_names: dict[str, str] = {}
        self.stage_names: dict[str, str] = {}
        self.reorderable = False
        self.reorder: Callable[[int, int], None] | None = None
        # one check per distinct body, shared with the window's 需修改 filter
        self.checker = library_lint.Checker(linter) if linter is not None else None
        self.headers = [
            self.tr("编码"),
            self.tr("标题"),
            self.tr("阶段"),
            self.tr("使用次数"),
            self.tr("最近使用"),
            self.tr("短语包"),
            self.tr("规范"),
        ]

    def set_phrases(
        self,
        phrases: list[models.Phrase],
        usage: dict[int, models.Usage],
        pack_names: dict[str, str],
        stage_names: dict[str, str],
    ) -> None:
        self.beginResetModel()
        self.phrases, self.usage, self.pack_names, self.stage_names = phrases, usage, pack_names, stage_names
        self.endResetModel()

    def findings(self, phrase: models.Phrase) -> list[lint.Finding]:
        """The phrase's lint findings (cached per phrase text)."""
        return self.checker.findings(phrase.body) if self.checker is not None else []

    def row_of(self, phrase_id: int) -> int:
        for row, phrase in enumerate(self.phrases):
            if phrase.id == phrase_id:
                return row
        return -1

    # -- Qt model interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's signature)
        return 0 if parent.isValid() else len(self.phrases)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.phrases):
            return None
        phrase = self.phrases[index.row()]
        column = index.column()
        if role == PHRASE_ROLE:
            return phrase
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(phrase, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.LINT:
                messages = "\n".join(f.message for f in self.findings(phrase))  # they quote the reply
                return plaintext.tooltip(messages) if messages else self.tr("符合服务规范")
            if column == self.TITLE:
                return plaintext.tooltip(phrase.note) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.LINT:
            return palette.findings_colour(f.level for f in self.findings(phrase))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (self.COUNT, self.LINT):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, phrase: models.Phrase, column: int) -> str:
        if column == self.CODE:
            return phrase.code
        if column == self.TITLE:
            return phrase.title
        if column == self.STAGE:
            return self.stage_names.get(phrase.stage_id, phrase.stage_id)
        used = self.usage.get(phrase.id or 0)
        if column == self.COUNT:
            return str(used.count if used else 0)
        if column == self.LAST_USED:
            return local_time(used.last_used if used else None)
        if column == self.PACK:
            return (
                self.pack_names.get(phrase.pack_id, phrase.pack_id) if phrase.pack_id else self.tr("我的短语")
            )
        found = self.findings(phrase)
        return str(len(found)) if found else "✓"

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not self.reorderable:
            return base
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME_TYPE, QByteArray(str(self.phrases[rows[0]].id).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:  # noqa: N802
        return self.reorderable and data.hasFormat(MIME_TYPE)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:  # noqa: N802
        """A row dropped between rows (or on one): reorder it there through the store.

        The store change is made on the next turn of the event loop, after the view has finished
        the drag; nothing is removed from the model here (``removeRows`` stays the no-op default).
        """
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        phrase_id = int(bytes(data.data(MIME_TYPE).data()).decode() or 0)
        source = self.row_of(phrase_id)
        if source < 0:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self.phrases))
        if target > source:
            target -= 1  # the dragged row leaves its place first
        if target != source and self.reorder is not None:
            reorder = self.reorder
            QTimer.singleShot(0, lambda: reorder(phrase_id, target))
        return False  # the view must not remove the source row: the store's event reloads the table

    def moveRows(
        self,
        source_parent: Index,
        source_row: int,
        count: int,
        destination_parent: Index,
        destination_child: int,
    ) -> bool:  # noqa: N802
        """Move one row within the stage through the store (``store.reorder``)."""
        if (
            not self.reorderable
            or count != 1
            or self.reorder is None
            or not 0 <= source_row < len(self.phrases)
        ):
            return False
        target = destination_child - 1 if destination_child > source_row else destination_child
        self.reorder(self.phrases[source_row].id or 0, target)
        return True
