"""The first-run question for the shop profile, so that default replies stop asking for {店铺名} each time.

Shown once (the app remembers that it asked); 以后再说 skips it, and 设置 → 店铺资料 edits the same
values later. An existing library whose profile is already complete is not asked.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from quickreply import settings as settings_mod
from quickreply.ui import profile_form


def wanted(settings: settings_mod.Settings) -> bool:
    """Whether asking helps: some profile field has no value yet."""
    return bool(profile_form.missing(settings))


class ProfileDialog(QDialog):
    """店铺资料 at first start: the profile form with 保存 and 以后再说; 保存 writes the profile setting."""

    def __init__(self, settings: settings_mod.Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("填写店铺资料"))
        self.setMinimumWidth(440)
        intro = QLabel(
            self.tr("默认话术会用到下面这些店铺资料。现在填好,粘贴时就不用每次再填;")
            + self.tr("不知道的可以留空,以后在 设置 → 店铺资料 里修改。")
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.form = profile_form.ProfileForm()
        self.form.load(profile_form.current(settings))
        button = QDialogButtonBox.StandardButton
        self.buttons = QDialogButtonBox(button.Save | button.Cancel)
        self.buttons.button(button.Save).setText(self.tr("保存"))
        self.buttons.button(button.Cancel).setText(self.tr("以后再说"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        profile_form.keep(self.settings, self.form.values())
        super().accept()
