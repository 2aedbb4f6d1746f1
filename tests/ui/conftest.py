"""Shared fixtures of the widget tests."""

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from quickreply import app
from quickreply.platform import base
from tests.desktops import RecordingDesktop


@pytest.fixture
def quick(qtbot, tmp_path):
    """The tray app on a library in a temporary file, with a recording desktop (chat window 7)."""
    desk = RecordingDesktop(can_paste=True, active=base.WindowRef(7, "聊天窗口", pid=4242))
    instance = app.QuickReplyApp(QApplication.instance(), tmp_path / "lib.db", desk, force_window=True)
    instance.store.set_setting("profile", {"发货时间": "16:00"})
    qtbot.addWidget(instance.tray.window)
    qtbot.addWidget(instance.popup)
    qtbot.addWidget(instance.windows.pop("profile"))  # the first-run question; tested below
    yield instance, desk
    instance.server.close()
    QGuiApplication.clipboard().clear()
    instance.ticker.stop()
