"""One setting of the catalogue (``quickreply/settings.py``) as a form widget, built from its entry.

The kind decides the widget: a switch is a check box, a list picked from ``item_choices`` a row of
check boxes (one per item), a setting with choices or examples a combo box, an integer a spin box
over the catalogue's range (in ms where its unit is 毫秒), anything else a line edit showing the
default as its placeholder. The setting's help is the tooltip. So a widget
can only offer what the catalogue allows, and a new setting needs no widget code of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from quickreply import settings

MS_UNIT = "毫秒"
SPIN_MIN_WIDTH = 110


class CheckList(QWidget):
    """A list setting picked from fixed items: one check box per item, in the catalogue's order."""

    def __init__(self, items: Mapping[str, str]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = {value: QCheckBox(name) for value, name in items.items()}
        for box in self.boxes.values():
            layout.addWidget(box)
        layout.addStretch(1)

    def load(self, values: list[Any]) -> None:
        for value, box in self.boxes.items():
            box.setChecked(value in values)

    def chosen(self) -> list[str]:
        return [value for value, box in self.boxes.items() if box.isChecked()]


class SettingField:
    """The widget of one setting, with ``load`` (show a value) and ``value`` (what it says now).

    Args:
        setting: the catalogue entry.
        label: its name in the interface (a check box shows it as its text).
        platform: whose default a line edit shows as its placeholder.
        step: the step of a spin box.
        value_names: the interface names of choice values (a value without one shows as itself).
    """

    def __init__(
        self,
        setting: settings.Setting,
        label: str,
        platform: str,
        step: int = 1,
        value_names: Mapping[str, str] | None = None,
    ) -> None:
        self.setting = setting
        self.label = label
        self.value_names = dict(value_names or {})
        self.widget: QWidget = self._make(platform, step)
        self.widget.setToolTip(setting.help)

    @property
    def spans_row(self) -> bool:
        """A check box carries its own label: it takes the whole row of a form."""
        return isinstance(self.widget, QCheckBox)

    def _make(self, platform: str, step: int) -> QWidget:
        setting = self.setting
        if setting.kind is bool:
            return QCheckBox(self.label)
        if setting.kind is list and setting.item_choices:
            return CheckList({value: self.value_names.get(value, value) for value in setting.item_choices})
        if setting.choices or setting.examples:
            combo = QComboBox()
            for value in setting.choices or setting.examples:
                combo.addItem(self.value_names.get(value, value), value)
            return combo
        if setting.kind is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum or 0, setting.maximum or 0)
            spin.setSingleStep(step)
            if setting.unit == MS_UNIT:
                spin.setSuffix(" ms")
            spin.setMinimumWidth(SPIN_MIN_WIDTH)
            return spin
        edit = QLineEdit()
        edit.setPlaceholderText(str(setting.default_for(platform)))
        return edit

    def load(self, value: Any) -> None:
        """Show ``value`` (a combo box adds a stored value it does not list, so nothing is lost)."""
        widget = self.widget
        if isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, CheckList):
            widget.load(list(value))
        elif isinstance(widget, QComboBox):
            index = widget.findData(value)
            if index < 0:
                widget.addItem(self.value_names.get(str(value), str(value)), value)
                index = widget.count() - 1
            widget.setCurrentIndex(index)
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))

    def value(self) -> Any:
        """What the widget says, as the setting's type (validated by the catalogue on saving)."""
        widget = self.widget
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, CheckList):
            return widget.chosen()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QLineEdit):
            return widget.text()
        raise TypeError(f"no value for {type(widget).__name__}")
