"""The popup's query box: it keeps the popup's keys (arrows, Enter, Alt+N, Tab, Esc, Ctrl+N) for the popup.

While an input method is composing, every key belongs to the input method.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from quickreply.ui import keys


class SearchField(keys.ComposingAware, QLineEdit):
    """The query box; keeps navigation keys for the popup unless an input method is composing."""

    navigate = Signal(int)  # rows to move (±1, ±page)
    choose = Signal(str)  # paste mode
    choose_row = Signal(int)
    cycle_stage = Signal(int)
    escape = Signal()
    compose = Signal()

    def event(self, event: QEvent) -> bool:
        # Tab would move focus away; here it cycles the stage filter.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and not self.composing:
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
                self.cycle_stage.emit(-1 if event.key() == Qt.Key.Key_Backtab else 1)
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.composing:
            super().keyPressEvent(event)
            return
        key, mods = event.key(), event.modifiers()
        moves: dict[int, int] = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -8,
            Qt.Key.Key_PageDown: 8,
        }
        mode = keys.paste_mode(event)
        if key in moves:
            self.navigate.emit(moves[key])
        elif mode is not None:
            self.choose.emit(mode)
        elif mods & Qt.KeyboardModifier.AltModifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.choose_row.emit(key - Qt.Key.Key_1)
        elif key == Qt.Key.Key_Escape:
            self.escape.emit()
        elif key == Qt.Key.Key_N and mods & Qt.KeyboardModifier.ControlModifier:
            self.compose.emit()
        else:
            super().keyPressEvent(event)
