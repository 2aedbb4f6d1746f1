"""The library window's stage list: 全部, 需修改, then every stage in conversation order with its count.

A flat QTreeWidget whose items carry the stage id (None for 全部, ``NEEDS_FIX`` for the phrases that
break the service standard). The counts come from the store (``PhraseStore.stage_counts``) and the
window's check; refilling keeps the chosen entry and does not signal a change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from quickreply.core import models
from quickreply.ui import palette, plaintext

STAGE_ROLE = Qt.ItemDataRole.UserRole + 2
NEEDS_FIX = "@needs_fix"  # the 需修改 entry: stage ids are names from packs, never starting with @


class StageTree(QTreeWidget):
    """Stages with their phrase counts; ``currentItemChanged`` says the agent chose another."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setMinimumWidth(150)

    def fill(
        self,
        stages: list[models.Stage],
        counts: dict[str, int],
        selected: str | None,
        needs_fix: int | None = None,
        checking: bool = False,
    ) -> None:
        """Show ``stages`` with ``counts`` (phrases per stage id), selecting ``selected`` (None: 全部).

        ``needs_fix``: how many phrases need a fix (None: no 需修改 entry, there is no linter);
        ``checking``: the count is not known yet.
        """
        self.blockSignals(True)
        self.clear()
        every = QTreeWidgetItem([self.tr("全部") + f" ({sum(counts.values())})"])
        every.setData(0, STAGE_ROLE, "")
        self.addTopLevelItem(every)
        current = every
        if needs_fix is not None or checking:
            shown = "…" if checking else str(needs_fix)
            item = QTreeWidgetItem([self.tr("需修改") + f" ({shown})"])
            item.setData(0, STAGE_ROLE, NEEDS_FIX)
            item.setToolTip(0, self.tr("不符合当前服务规范(错误级)的短语:逐条查看,一键修改"))
            if not checking:
                item.setForeground(0, palette.ERROR if needs_fix else palette.OK)
            bold = item.font(0)
            bold.setBold(True)  # a filter, not a stage: it must not read as one more coloured stage
            item.setFont(0, bold)
            self.addTopLevelItem(item)
            current = item if selected == NEEDS_FIX else current
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
