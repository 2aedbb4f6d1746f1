"""The tray app over settings an older version or a hand edit left wrong: it starts, warns, and pastes."""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from quickreply import app, settings
from quickreply.core import defaults
from quickreply.deliver import paste
from quickreply.platform import base
from tests.desktops import RecordingDesktop

GARBAGE = {
    "paste.mode": '"bogus"',
    "hotkey.popup": '"ctrl+alt+banana"',
    "hotkey.lint": "{not json",
    "lint.rule_files": "[1, 2]",
    "paste.pre_paste_delay_ms": "99999999999",
    "paste.send_delay_ms": '"soon"',
    "paste.restore_delay_ms": "-1",
    "paste.shortcut": '"ctrl+banana"',
    "profile": '"小店"',
    "ui.language": '"klingon"',
    "library.read_only": '"no"',
}


def test_timing_defaults_are_the_catalogues():
    timing = paste.Timing()
    for field in ("focus_timeout_ms", "pre_paste_delay_ms", "restore_delay_ms", "shortcut"):
        assert getattr(timing, field) == settings.BY_NAME[f"paste.{field}"].default_for(), field


def test_the_app_starts_on_stored_garbage_warns_and_pastes(qtbot, tmp_path, caplog):
    path = tmp_path / "lib.db"
    defaults.open_library(path).close()
    with sqlite3.connect(path) as conn:
        conn.executemany("INSERT OR REPLACE INTO settings(name, value) VALUES (?, ?)", GARBAGE.items())
    conn.close()
    desk = RecordingDesktop(can_paste=True, active=base.WindowRef(7, "聊天窗口", pid=4242))

    with caplog.at_level(logging.WARNING, logger="quickreply.settings"):
        instance = app.QuickReplyApp(QApplication.instance(), path, desk, force_window=True)
    qtbot.addWidget(instance.tray.window)
    qtbot.addWidget(instance.popup)
    for window in instance.windows.values():
        qtbot.addWidget(window)
    try:
        warned = [r.getMessage() for r in caplog.records]
        assert sorted(name for name in GARBAGE if any(f"设置 {name} " in w for w in warned)) == sorted(
            GARBAGE
        )
        assert len(warned) == len(GARBAGE)  # once each, however often the app reads them
        assert "这些设置的值无效,已改用默认值" in instance.tray.window.toolTip()
        assert "paste.mode" in instance.tray.window.toolTip()

        assert instance.service.timing == paste.Timing()
        assert set(desk.hotkeys) == {"ctrl+alt+space", "ctrl+alt+j"}
        assert instance.flow.default_mode == "paste"

        instance.settings.set("profile", {"发货时间": "16:00"})  # as the first-run question would
        desk.fire("ctrl+alt+space")
        instance.popup.search_field.setText("fh")
        with qtbot.waitSignal(instance.service.finished, timeout=3000) as done:
            qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
        assert done.args[0].status == "pasted"
        assert ("send_keys", "ctrl+v") in desk.calls and ("send_keys", "enter") not in desk.calls
    finally:
        instance.server.close()
        instance.ticker.stop()
