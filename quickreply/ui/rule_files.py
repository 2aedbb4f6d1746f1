"""The settings dialog's list of the shop's own rule files (setting ``lint.rule_files``): add, remove.

A file is only listed when it loads (``lintrules.load``): a broken one is refused with the reason,
so the linter the app builds from the list after saving cannot fail on it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quickreply.core import lintrules
from quickreply.ui import plaintext


class RuleFilesEditor(QWidget):
    """The extra rule files, in the order they load, with 添加… and 移除."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = QPushButton(self.tr("添加…"))
        self.add_button.clicked.connect(self.add_files)
        self.remove_button = QPushButton(self.tr("移除"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.error = plaintext.error_label()
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("额外的规则文件(*.rules.toml),在内置规则之后加载:")))
        layout.addLayout(row)
        layout.addWidget(self.error)

    def load(self, paths: list[str]) -> None:
        """List ``paths`` (as stored: they were checked when added)."""
        self.list.clear()
        self.list.addItems(paths)

    def files(self) -> list[str]:
        """The rule files as listed."""
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item.text() for item in items if item is not None]

    def add_files(self) -> None:
        """Ask for rule files and append those not listed yet; a file that does not load is refused."""
        listed = self.files()
        start = str(Path(listed[-1]).parent) if listed else str(Path.home())
        paths, _filter = QFileDialog.getOpenFileNames(
            self, self.tr("选择规则文件"), start, self.tr("规则文件 (*.rules.toml);;所有文件 (*)")
        )
        errors = []
        for path in paths:
            if not path or path in listed:
                continue
            try:
                lintrules.load(path)
            except lintrules.RuleError as error:
                errors.append(str(error))
                continue
            self.list.addItem(path)
            listed.append(path)
        self.error.setText("\n".join(errors))
        self.error.setVisible(bool(errors))

    def remove_selected(self) -> None:
        """Drop the selected rule files from the list."""
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.error.hide()
