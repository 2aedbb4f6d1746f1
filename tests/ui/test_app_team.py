"""The tray app in a team, offscreen with a recording desktop and a real PostgreSQL server: the 团队
entry's online/offline mark, a paste's seconds and a checked draft's findings reaching the server."""

import json

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from quickreply import app
from quickreply.core import defaults
from quickreply.platform import base
from quickreply.team import client, server
from tests.desktops import RecordingDesktop


@pytest.fixture
def teamed(qtbot, tmp_path, cluster):
    """The tray app on a library that joined a fresh team database as an agent."""
    admin = cluster.create_database(f"ui_{tmp_path.name[-12:].replace('-', '_').lower()}")
    server.init(admin, lock_other_databases=False)
    dbname = admin.rsplit("/", 1)[1]
    server.add_user(admin, f"ua_{dbname}", "agent", "apw")
    library = defaults.open_library(tmp_path / "lib.db")
    client.join(library, cluster.dsn(f"ua_{dbname}", "apw", dbname))
    library.close()
    desk = RecordingDesktop(can_paste=True, active=base.WindowRef(7, "聊天窗口", pid=4242))
    instance = app.QuickReplyApp(QApplication.instance(), tmp_path / "lib.db", desk, force_window=True)
    instance.store.set_setting("profile", {"发货时间": "16:00"})
    qtbot.addWidget(instance.tray.window)
    qtbot.addWidget(instance.popup)
    qtbot.addWidget(instance.windows.pop("profile"))
    yield instance, desk, admin
    instance.team.stop()
    instance.server.close()
    instance.ticker.stop()


def events(admin: str) -> list[tuple]:
    with psycopg.connect(admin) as conn:
        return conn.execute(
            "SELECT kind, code, seconds_to_paste, findings, query FROM quickreply.events"
        ).fetchall()


def test_a_solo_library_has_no_link_and_a_plain_team_entry(quick):
    instance, _ = quick
    assert instance.team.live is None
    assert instance.tray.actions["team"].text() == "团队…"


def test_the_team_entry_shows_online_and_a_hotkey_paste_reaches_the_server_with_its_seconds(qtbot, teamed):
    instance, desk, admin = teamed
    qtbot.waitUntil(lambda: instance.tray.actions["team"].text() == "团队(在线)…", timeout=10000)
    desk.fire("ctrl+alt+space")
    instance.popup.search_field.setText("fh")
    with qtbot.waitSignal(instance.service.finished, timeout=3000):
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(events(admin)) == 1, timeout=5000)
    ((kind, code, seconds, _, query),) = events(admin)
    assert (kind, code, query) == ("use", "fh", None)  # the query stays home unless the agent allows it
    assert 0 <= seconds < 10


def test_a_checked_draft_sends_its_findings_by_rule_never_its_text(qtbot, teamed):
    instance, _, admin = teamed
    qtbot.waitUntil(lambda: instance.team.live is not None and instance.team.state is not None, timeout=10000)
    instance._draft_captured("不好意思哦,没货了")
    qtbot.waitUntil(lambda: len(events(admin)) == 1, timeout=5000)
    ((kind, _, _, findings, _),) = events(admin)
    assert kind == "draft" and sum(findings.values()) >= 2
    assert "没货" not in json.dumps(findings, ensure_ascii=False)
    instance.lint_window.close()


def test_the_entry_says_offline_while_the_server_is_down_and_recovers(qtbot, teamed, cluster):
    instance, _, _ = teamed
    qtbot.waitUntil(lambda: instance.tray.actions["team"].text() == "团队(在线)…", timeout=10000)
    cluster.stop()
    try:
        qtbot.waitUntil(lambda: "离线" in instance.tray.actions["team"].text(), timeout=10000)
        assert "连接不到团队服务器" in instance.tray.actions["team"].toolTip()
    finally:
        cluster.start()
    instance.team.poke()
    qtbot.waitUntil(lambda: instance.tray.actions["team"].text() == "团队(在线)…", timeout=15000)
