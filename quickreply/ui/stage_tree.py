"""The library window's stage list: 全部 first, then every stage in conversation order with its count.

A flat QTreeWidget whose items carry the stage id (None for 全部). The counts come from the store
(``PhraseStore.stage_counts``); refilling keeps the chosen stage and does not signal a change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from quickreply.core import models
from quickreply.ui import palette, plaintext

STAGE_ROLE = Qt.ItemDataRole.UserRole + 2


class StageTree(QTreeWidget):
    """Stages with their phrase counts; ``currentItemChanged`` says the agent chose another."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setMinimumWidth(150)

    def fill(self, stages: list[models.Stage], counts: dict[str, int], selected: str | None) -> None:
        """Show ``stages`` with ``counts`` (phrases per stage id), selecting ``selected`` (None: 全部)."""
        self.blockSignals(True)
        self.clear()
        every = QTreeWidgetItem([self.tr("全部") + f" ({sum(counts.values())})"])
        every.setData(0, STAGE_ROLE, "")
        self.addTopLevelItem(every)
        current = every
        for stage in stages:
            item = QTreeWidgetItem([f"{stage.name_zh} ({counts.get(stage.id, 0)})"])
            item.setData(0, STAGE_ROLE, stage.id)
            item.setToolTip(0, plaintext.tooltip(stage.name_en))
            item.setForeground(0, palette.stage_colour(stage.id))
            self.addTopLevelItem(item)
            if stage.id == selected:
                current = item
        self.setCurrentItem(current)
        self.blockSignals(False)

    def current_stage(self) -> str | None:
        """The chosen stage's id; None for 全部 (or nothing chosen)."""
        item = self.currentItem()
        return _stage_of(item) if item is not None else None

    def select(self, stage_id: str | None) -> None:
        """Choose a stage (None: 全部), signalling the change; KeyError when it is not listed."""
        for item in self._items():
            if _stage_of(item) == stage_id:
                self.setCurrentItem(item)
                return
        raise KeyError(stage_id)

    def entries(self) -> list[tuple[str | None, str]]:
        """(stage id or None for 全部, text) of every item, top to bottom."""
        return [(_stage_of(item), item.text(0)) for item in self._items()]

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in items if item is not None]


def _stage_of(item: QTreeWidgetItem) -> str | None:
    return item.data(0, STAGE_ROLE) or None
