"""The shop profile ({店铺名} {工号} {包邮门槛} …) as one form and one writer, for every place that edits it.

The settings dialog, the first-run dialog and Ctrl+S in the popup's placeholder form all change the
profile; they share this form and ``keep``, which writes the ``profile`` setting the replies are
rendered with.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from quickreply import settings as settings_mod
from quickreply.core import render

PROFILE_SETTING = "profile"


def label(name: str) -> str:
    """What a profile placeholder means, for a form row ("发货时间" → "当天发货的截单时间")."""
    return QCoreApplication.translate("ProfileForm", render.PROFILE_FIELDS.get(name, name))


def current(settings: settings_mod.Settings) -> dict[str, Any]:
    """The stored profile (fields this version does not know are kept)."""
    profile = settings.get(PROFILE_SETTING)
    return dict(profile) if isinstance(profile, dict) else {}


def keep(settings: settings_mod.Settings, values: dict[str, str]) -> None:
    """Store these profile values (trimmed) over the current ones; the next render uses them."""
    profile = current(settings)
    profile.update({name: value.strip() for name, value in values.items()})
    settings.set(PROFILE_SETTING, profile)


def missing(settings: settings_mod.Settings) -> list[str]:
    """The profile fields without a value (asked at paste time until they have one)."""
    profile = current(settings)
    return [name for name in render.PROFILE_FIELDS if not str(profile.get(name, "")).strip()]


class ProfileForm(QWidget):
    """One line per profile field, labelled with what it means; the placeholder shows its {name}."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        for name in render.PROFILE_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText("{" + name + "}")
            self.edits[name] = edit
            self.form.addRow(label(name) + self.tr(":"), edit)

    def load(self, profile: dict[str, Any]) -> None:
        for name, edit in self.edits.items():
            edit.setText(str(profile.get(name, "")))

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.edits.items()}
