"""Keyboard handling the popup's text boxes share: input-method awareness and the Enter variants."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent

from quickreply.core.kinds import PasteMode


class ComposingAware:
    """Mixin for a Qt text widget: ``composing`` is True while an input method has pre-edit text,
    when Enter and the arrows belong to the input method, not to quickreply."""

    composing = False

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt's name)
        self.composing = bool(event.preeditString())
        parent: Any = super()
        parent.inputMethodEvent(event)


def paste_mode(event: QKeyEvent) -> str | None:
    """For an Enter key: "" (the default mode), "paste_and_send" (Ctrl) or "copy_only" (Shift);
    None for any other key."""
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return None
    if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return PasteMode.PASTE_AND_SEND
    if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
        return PasteMode.COPY_ONLY
    return ""
