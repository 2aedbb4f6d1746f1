"""The 团队… window over small stand-ins of the team client: join, state, sync, publish, leave."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from quickreply.core.packs.report import Action, ImportReport, ReportRow
from quickreply.ui import palette, team_dialog
from tests.conftest import make_phrase

DSN = "postgresql://小王:密码@192.168.1.10:5432/shop"


@dataclasses.dataclass(frozen=True)
class PackState:
    pack: str
    name: str
    version: int
    published_at: str
    local_version: int | None


@dataclasses.dataclass(frozen=True)
class TeamStatus:
    server: str
    user: str
    role: str
    online: bool
    error: str
    packs: list[PackState]
    outbox: int
    last_sync: str | None


@dataclasses.dataclass(frozen=True)
class SyncResult:
    pulled: list[tuple[str, int]]
    pushed: int


@dataclasses.dataclass(frozen=True)
class PublishPlan:
    pack: str
    version: int
    report: ImportReport
    added: list[str]
    changed: list[str]
    removed: list[str]


def report() -> ImportReport:
    rows = [
        ReportRow(1, Action.ADD, make_phrase(title="运费险说明", code="yfx")),
        ReportRow(
            2,
            Action.UPDATE,
            make_phrase(title="催付", code="cf", body="亲,你快点付款吧"),
            reason="需修改",
            findings=["「你」应为「您」", "催促语气"],
            needs_fix=True,
        ),
    ]
    return ImportReport("shop.xlsx", "shop", "店铺话术", "4", rows, [], [])


class FakeTeam:
    """The team client's interface, recording what it was asked; ``fail`` makes a call raise."""

    def __init__(self, role: str = "trainer") -> None:
        self.role = role
        self.online = True
        self.fail: dict[str, str] = {}
        self.synced = 0
        self.plans: list[tuple[str, str]] = []
        self.published: list[PublishPlan] = []
        self.version = 3

    def _check(self, call: str) -> None:
        if call in self.fail:
            raise RuntimeError(self.fail[call])

    def status(self) -> TeamStatus:
        self._check("status")
        packs = [
            PackState("shop", "店铺话术", self.version, "2026-12-01T02:00:00+00:00", 3 if self.synced else 2),
            PackState("brand", "brand", 1, "2026-11-01T02:00:00+00:00", None),
        ]
        error = "" if self.online else "连接不到团队服务器:超时"
        return TeamStatus("192.168.1.10:5432/shop", "小王", self.role, self.online, error, packs, 7, None)

    def sync(self) -> SyncResult:
        self._check("sync")
        self.synced += 1
        return SyncResult([("shop", 3)], 7)

    def plan_publish(self, path: str, notes: str = "") -> PublishPlan:
        self._check("plan_publish")
        self.plans.append((path, notes))
        return PublishPlan("shop", self.version + 1, report(), ["运费险说明"], ["催付"], [])

    def publish(self, plan: PublishPlan) -> int:
        self._check("publish")
        self.published.append(plan)
        self.version = plan.version
        return plan.version


class Membership:
    """``join(dsn)`` and ``leave()`` as the app gives them."""

    def __init__(self, team: FakeTeam) -> None:
        self.team = team
        self.joined: list[str] = []
        self.left = 0
        self.join_error = ""
        self.leave_error = ""

    def join(self, dsn: str) -> FakeTeam:
        self.joined.append(dsn)
        if self.join_error:
            raise ConnectionError(self.join_error)
        return self.team

    def leave(self) -> None:
        if self.leave_error:
            raise RuntimeError(self.leave_error)
        self.left += 1


@pytest.fixture
def membership():
    return Membership(FakeTeam())


def make_dialog(qtbot, membership, joined: bool):
    dialog = team_dialog.TeamDialog(membership.team if joined else None, membership.join, membership.leave)
    qtbot.addWidget(dialog)
    return dialog


@pytest.fixture
def joined(qtbot, membership):
    return make_dialog(qtbot, membership, joined=True)


def test_not_joined_shows_the_join_form(qtbot, membership):
    dialog = make_dialog(qtbot, membership, joined=False)
    assert dialog.pages.currentIndex() == 0 and not dialog.joined
    assert dialog.dsn.placeholderText() == DSN
    assert dialog.join_error.isHidden()


def test_join_then_the_team_state(qtbot, membership):
    dialog = make_dialog(qtbot, membership, joined=False)
    changes = []
    dialog.team_changed.connect(changes.append)
    dialog.dsn.setText(DSN)
    dialog.join_button.click()
    assert membership.joined == [DSN] and changes == [membership.team]
    assert dialog.pages.currentIndex() == 1 and dialog.dsn.text() == ""  # the password is not kept around
    assert dialog.server_label.text() == "192.168.1.10:5432/shop"
    assert dialog.user_label.text() == "小王(培训师)"
    assert dialog.online_label.text() == "在线" and dialog.outbox_label.text() == "7 条使用记录"
    assert dialog.sync_label.text() == "还没有同步过"
    cells = [[dialog.packs.item(r, c).text() for c in (0, 1, 3, 4)] for r in range(dialog.packs.rowCount())]
    assert cells == [
        ["店铺话术(shop)", "第 3 版", "第 2 版", "待更新"],
        ["brand", "第 1 版", "-", "本机还没有"],
    ]


def test_an_empty_address_is_asked_for(qtbot, membership):
    dialog = make_dialog(qtbot, membership, joined=False)
    assert not dialog.run_join()
    assert membership.joined == [] and "请填写团队服务器地址" in dialog.join_error.text()


def test_a_failed_join_says_why_and_keeps_the_address(qtbot, membership):
    membership.join_error = "连接不到团队服务器:192.168.1.10:5432 拒绝连接"
    dialog = make_dialog(qtbot, membership, joined=False)
    changes = []
    dialog.team_changed.connect(changes.append)
    dialog.dsn.setText(DSN)
    dialog.join_button.click()
    assert not dialog.join_error.isHidden()
    assert dialog.join_error.text() == "加入失败:连接不到团队服务器:192.168.1.10:5432 拒绝连接"
    assert dialog.dsn.text() == DSN and dialog.pages.currentIndex() == 0 and changes == []
    membership.join_error = ""
    dialog.dsn.returnPressed.emit()
    assert dialog.pages.currentIndex() == 1 and dialog.join_error.isHidden()


def test_trainer_and_agent_buttons(qtbot, joined):
    assert not joined.publish_button.isHidden() and not joined.sync_button.isHidden()
    agent = Membership(FakeTeam(role="agent"))
    dialog = make_dialog(qtbot, agent, joined=True)
    assert dialog.publish_button.isHidden() and not dialog.sync_button.isHidden()
    assert dialog.user_label.text() == "小王(客服)" and not dialog.leave_button.isHidden()


def test_offline_shows_the_reason(qtbot, membership):
    membership.team.online = False
    dialog = make_dialog(qtbot, membership, joined=True)
    assert dialog.online_label.text() == "离线:连接不到团队服务器:超时"
    assert dialog.online_label.styleSheet() == palette.ERROR_STYLE


def test_a_failed_status_keeps_what_is_shown(joined, membership):
    membership.team.fail["status"] = "连接不到团队服务器:超时"
    assert not joined.refresh_status()
    assert joined.server_label.text() == "192.168.1.10:5432/shop"
    assert joined.message.text() == "读取团队状态失败:连接不到团队服务器:超时"


def test_sync_now(joined, membership):
    joined.sync_button.click()
    assert membership.team.synced == 1
    assert joined.message.text() == "同步完成:「shop」更新到第 3 版;上传了 7 条使用记录"
    assert joined.packs.item(0, 4).text() == "已是最新"


def test_a_failed_sync_says_why(joined, membership):
    membership.team.fail["sync"] = "连接不到团队服务器:超时"
    assert not joined.run_sync()
    assert joined.message.text() == "同步失败:连接不到团队服务器:超时"
    assert joined.message.styleSheet() == palette.ERROR_STYLE


def choose(monkeypatch, path):
    seen = []

    def fake(parent, caption, folder, filter_text):
        seen.append(filter_text)
        return (path, filter_text)

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake)
    return seen


def test_publish_preview_then_publish(joined, membership, monkeypatch, tmp_path):
    filters = choose(monkeypatch, str(tmp_path / "shop.xlsx"))
    joined.publish_button.click()
    assert filters == ["短语包 (*.json *.csv *.tsv *.txt *.xlsx *.xls)"]
    window = joined.publish_window
    assert membership.team.plans == [(str(tmp_path / "shop.xlsx"), "")]
    assert window.summary.text() == "将发布为「店铺话术」第 4 版:新增 1 条,修改 1 条,删除 0 条"
    assert [window.added.item(i).text() for i in range(window.added.count())] == ["运费险说明"]
    assert window.changed.item(0).text() == "催付" and window.removed.count() == 0
    assert window.list_titles[2].text() == "删除(0)"
    assert window.findings.rowCount() == 1
    assert [window.findings.item(0, c).text() for c in range(5)] == [
        "2",
        "更新",
        "催付",
        "亲,你快点付款吧",
        "「你」应为「您」;催促语气",
    ]
    assert "1 条" in window.findings_title.text()
    assert window.publish_button.isEnabled() and membership.team.published == []
    window.notes.setText("改了催付话术")
    window.publish_button.click()
    assert membership.team.plans[-1] == (
        str(tmp_path / "shop.xlsx"),
        "改了催付话术",
    )  # planned with the notes
    assert [p.version for p in membership.team.published] == [4]
    assert window.result() == window.DialogCode.Accepted
    assert joined.message.text() == "已发布「shop」第 4 版,客服同步后就会用上"
    assert joined.packs.item(0, 1).text() == "第 4 版"


def test_cancel_publishes_nothing(joined, membership, monkeypatch, tmp_path):
    choose(monkeypatch, str(tmp_path / "shop.xlsx"))
    joined.publish_button.click()
    joined.publish_window.cancel_button.click()
    assert membership.team.published == [] and joined.publish_window.result() == 0


def test_no_file_chosen_opens_nothing(joined, monkeypatch):
    choose(monkeypatch, "")
    joined.publish_button.click()
    assert joined.publish_window is None


def test_a_refused_publish_keeps_the_window_and_the_notes(joined, membership, monkeypatch, tmp_path):
    choose(monkeypatch, str(tmp_path / "shop.xlsx"))
    joined.publish_button.click()
    window = joined.publish_window
    window.notes.setText("改了催付话术")
    membership.team.fail["publish"] = "没有权限:只有培训师可以发布"
    assert not window.run_publish()
    assert window.outcome.text() == "发布失败:没有权限:只有培训师可以发布" and not window.outcome.isHidden()
    assert window.notes.text() == "改了催付话术" and membership.team.published == []
    assert window.result() == 0


def test_a_file_that_cannot_be_planned_says_why(joined, membership, monkeypatch, tmp_path):
    membership.team.fail["plan_publish"] = "读不了文件 shop.xlsx:不是短语包"
    choose(monkeypatch, str(tmp_path / "shop.xlsx"))
    joined.publish_button.click()
    window = joined.publish_window
    assert window.outcome.text() == "无法预览:读不了文件 shop.xlsx:不是短语包"
    assert not window.publish_button.isEnabled() and not window.run_publish()


def test_nothing_changed_offers_no_publish(joined, membership, monkeypatch, tmp_path):
    empty = PublishPlan("shop", 4, ImportReport("shop.xlsx", "shop", "店铺话术", "4", [], [], []), [], [], [])
    monkeypatch.setattr(membership.team, "plan_publish", lambda path, notes="": empty)
    window = joined.open_publish(str(tmp_path / "shop.xlsx"))
    assert "没有改动" in window.summary.text() and not window.publish_button.isEnabled()


def answer(monkeypatch, button):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or button)
    return asked


def test_leave_asks_first(joined, membership, monkeypatch):
    changes = []
    joined.team_changed.connect(changes.append)
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    joined.leave_button.click()
    assert membership.left == 0 and joined.pages.currentIndex() == 1 and changes == []
    assert "还有 7 条使用记录没有上传" in asked[0]
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    joined.leave_button.click()
    assert membership.left == 1 and changes == [None]
    assert joined.pages.currentIndex() == 0 and not joined.joined


def test_a_failed_leave_stays_in_the_team(joined, membership, monkeypatch):
    membership.leave_error = "还有未上传的记录,请先同步"
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert not joined.run_leave()
    assert joined.joined and joined.pages.currentIndex() == 1
    assert joined.message.text() == "离开团队失败:还有未上传的记录,请先同步"
