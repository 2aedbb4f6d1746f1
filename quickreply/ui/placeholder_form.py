"""The popup's placeholder form: asks for {订单号?}, choices and missing shop-profile values before a paste.

Enter (Ctrl+Enter, Shift+Enter) in any field goes on with that paste mode, Tab moves between the
fields, Esc closes the popup, and Ctrl+S keeps the shop-profile values typed here (店铺名, 工号 …,
not per-order fields like 订单号) so that they are not asked again. While an input method is
composing, the keys belong to it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QLineEdit

from quickreply.core import render
from quickreply.ui import keys, plaintext, profile_form


class FieldEdit(keys.ComposingAware, QLineEdit):
    """A text field of the form (knows when an input method is composing)."""


class PlaceholderForm(QFrame):
    """One row per field to fill in; hidden until ``ask``.

    Signals:
        submit(str): Enter in a field, with the paste mode ("" for the default).
        escape(): Esc in a field.
        keep_profile(dict): Ctrl+S: the shop-profile values typed in the form, by placeholder name.
        message(str): what Ctrl+S did, for the popup's status line.
    """

    submit = Signal(str)
    escape = Signal()
    keep_profile = Signal(dict)
    message = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.rows = QFormLayout(self)
        self.editors: dict[str, FieldEdit | QComboBox] = {}
        self.labels: dict[str, str] = {}
        self.hide()

    def ask(self, fields: list[render.Field]) -> None:
        """Show a row for each field, last time's values filled in, and focus the first."""
        self.clear()
        for field in fields:
            editor: FieldEdit | QComboBox
            if field.options:
                editor = QComboBox()
                editor.addItems(list(field.options))
                editor.setCurrentText(field.default)
            else:
                editor = FieldEdit(field.default)
            editor.installEventFilter(self)
            self.editors[field.name] = editor
            label = profile_form.label(field.name) if _is_profile(field.name) else field.label
            self.labels[field.name] = label
            # placeholder names come from phrase bodies: the label shows them as text
            self.rows.addRow(plaintext.label(label + self.tr(":")), editor)
        self.show()
        self.focus_first()

    def focus_first(self) -> None:
        if self.editors:
            next(iter(self.editors.values())).setFocus()

    def is_open(self) -> bool:
        """Whether the form is asking (also while the popup itself is not on the screen yet)."""
        return not self.isHidden()

    def hint(self) -> str:
        """The status line while the form asks: the keys, with Ctrl+S where a profile value is asked."""
        text = self.tr("填写后按 Enter 粘贴,Tab 切换,Esc 关闭")
        if any(_is_profile(name) for name in self.editors):
            text += self.tr(";Ctrl+S 存为店铺资料,以后不再询问")
        return text

    def values(self) -> dict[str, str]:
        """What was filled in, by field name."""
        return {
            name: (editor.currentText() if isinstance(editor, QComboBox) else editor.text().strip())
            for name, editor in self.editors.items()
        }

    def clear(self) -> None:
        while self.rows.rowCount():
            self.rows.removeRow(0)
        self.editors.clear()
        self.labels.clear()
        self.hide()

    def keep(self) -> None:
        """Ctrl+S: emit the typed shop-profile values to be kept, and say so (or why nothing was kept)."""
        profile = {name: value for name, value in self.values().items() if _is_profile(name) and value}
        if profile:
            self.keep_profile.emit(profile)
            names = "、".join(self.labels[name] for name in profile)
            self.message.emit(self.tr("已存为店铺资料:") + names + self.tr("(可在 设置 → 店铺资料 修改)"))
        elif any(_is_profile(name) for name in self.editors):
            self.message.emit(self.tr("先填写店铺资料,再按 Ctrl+S 保存"))
        else:
            self.message.emit(self.tr("Ctrl+S 只保存店铺资料;订单号等每次不同的内容不保存"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Keys in the fields: Enter goes on, Esc closes, Ctrl+S keeps; an input method keeps its keys."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if getattr(watched, "composing", False):
            return False
        mode = keys.paste_mode(event)
        if event.key() == Qt.Key.Key_Escape:
            self.escape.emit()
        elif mode is not None:
            self.submit.emit(mode)
        elif event.key() == Qt.Key.Key_S and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.keep()
        else:
            return super().eventFilter(watched, event)
        return True


def _is_profile(name: str) -> bool:
    return render.kind(name) == "profile"
