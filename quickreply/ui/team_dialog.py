"""The 团队… window: join a team by its server address, see the team's state, sync, publish, leave.

It works through the team client (``Team`` below types what it needs of
``quickreply.team.client.Team``) and two callables, ``join(dsn)`` and ``leave()``. Every call may
fail with an Exception whose text is one line for the user: it shows in the window, and what the
user typed stays. Calls are short and run on the UI thread under a busy cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quickreply.team import stats_export
from quickreply.ui import import_dialog, palette, plaintext, team_publish, team_view

DSN_EXAMPLE = "postgresql://小王:密码@192.168.1.10:5432/shop"
TRAINER = "trainer"


class PackState(Protocol):
    """One pack of the team: its newest published version and the version this computer has."""

    @property
    def pack(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def published_at(self) -> str: ...
    @property
    def local_version(self) -> int | None: ...


class TeamStatus(Protocol):
    """Where the team is and how this computer stands with it."""

    @property
    def server(self) -> str: ...
    @property
    def user(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def online(self) -> bool: ...
    @property
    def error(self) -> str: ...
    @property
    def packs(self) -> Sequence[PackState]: ...
    @property
    def outbox(self) -> int: ...
    @property
    def last_sync(self) -> str | None: ...


class SyncResult(Protocol):
    @property
    def pulled(self) -> Sequence[tuple[str, int]]: ...
    @property
    def pushed(self) -> int: ...


class Team(team_publish.Publisher, Protocol):
    """What the window needs of the team client (``plan_publish`` and ``publish`` from ``Publisher``)."""

    def status(self) -> TeamStatus: ...
    def sync(self) -> SyncResult: ...


def when(text: str | None) -> str:
    """A server time as this computer's local time to the minute ("" when there is none)."""
    moment = stats_export.local_time(text)
    return f"{moment:%Y-%m-%d %H:%M}" if moment else ""


class TeamDialog(QDialog):
    """Join, watch, sync, publish to and leave the team.

    Args:
        team: the joined team, or None when this computer is in no team.
        join: ``join(dsn)`` joins the team at that address and returns it.
        leave: ``leave()`` leaves the team.

    ``team_changed`` carries the team after a join, None after leaving (the app re-wires the
    usage statistics' 团队 mode with it).
    """

    team_changed = Signal(object)

    def __init__(
        self,
        team: Team | None,
        join: Callable[[str], Team],
        leave: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("团队"))
        self.team = team
        self.join_team = join
        self.leave_team = leave
        self.status: TeamStatus | None = None
        self.publish_window: QDialog | None = None

        # -- not joined ------------------------------------------------------------------------
        explanation = QLabel(
            self.tr(
                "加入团队后,培训师发布的短语包会同步到本机,你的使用记录会上传到团队服务器,"
                "培训师可以看到全店的使用统计。\n请向培训师要团队服务器的地址,粘贴到下面。"
            )
        )
        explanation.setWordWrap(True)
        self.dsn = QLineEdit()
        self.dsn.setPlaceholderText(DSN_EXAMPLE)
        self.dsn.setMinimumWidth(420)
        self.dsn.returnPressed.connect(self.run_join)
        self.join_button = QPushButton(self.tr("加入"))
        self.join_button.clicked.connect(self.run_join)
        self.join_error = plaintext.error_label()
        join_row = QHBoxLayout()
        join_row.addWidget(self.dsn, 1)
        join_row.addWidget(self.join_button)
        outside = QWidget()
        outside_layout = QVBoxLayout(outside)
        outside_layout.setContentsMargins(0, 0, 0, 0)
        outside_layout.addWidget(explanation)
        outside_layout.addWidget(QLabel(self.tr("团队服务器地址:")))
        outside_layout.addLayout(join_row)
        outside_layout.addWidget(self.join_error)
        outside_layout.addStretch(1)

        # -- joined ----------------------------------------------------------------------------
        self.server_label = plaintext.label()
        self.user_label = plaintext.label()
        self.online_label = plaintext.label()
        self.online_label.setWordWrap(True)
        self.outbox_label = plaintext.label()
        self.sync_label = plaintext.label()
        form = QFormLayout()
        form.addRow(self.tr("服务器:"), self.server_label)
        form.addRow(self.tr("用户:"), self.user_label)
        form.addRow(self.tr("连接:"), self.online_label)
        form.addRow(self.tr("待上传:"), self.outbox_label)
        form.addRow(self.tr("上次同步:"), self.sync_label)
        self.packs = QTableWidget(0, 5)
        self.packs.setHorizontalHeaderLabels(
            [
                self.tr("短语包"),
                self.tr("团队版本"),
                self.tr("发布时间"),
                self.tr("本机版本"),
                self.tr("状态"),
            ]
        )
        self.packs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.packs.verticalHeader().hide()
        self.packs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.packs.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.message = plaintext.label()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.clicked.connect(self.run_sync)
        self.publish_button = QPushButton(self.tr("发布短语包…"))
        self.publish_button.setToolTip(self.tr("把一个短语包文件发布为团队的新版本(只有培训师可以发布)"))
        self.publish_button.clicked.connect(self.choose_publish_file)
        self.leave_button = QPushButton(self.tr("离开团队"))
        self.leave_button.clicked.connect(self.run_leave)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.publish_button)
        buttons.addStretch(1)
        buttons.addWidget(self.leave_button)
        inside = QWidget()
        inside_layout = QVBoxLayout(inside)
        inside_layout.setContentsMargins(0, 0, 0, 0)
        inside_layout.addLayout(form)
        inside_layout.addWidget(QLabel(self.tr("短语包:")))
        inside_layout.addWidget(self.packs, 1)
        inside_layout.addWidget(self.message)
        inside_layout.addLayout(buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(outside)
        self.pages.addWidget(inside)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(bottom)
        self.resize(680, 460)
        self.show_page()

    @property
    def joined(self) -> bool:
        return self.team is not None

    def show_page(self) -> None:
        """The join form without a team, the team's state with one."""
        self.pages.setCurrentIndex(1 if self.joined else 0)
        if self.joined:
            self.refresh_status()

    def say(self, text: str, style: str = "") -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)

    # -- joining -----------------------------------------------------------------------------------

    def run_join(self) -> bool:
        """Join the team at the typed address; on failure say why and keep what was typed."""
        dsn = self.dsn.text().strip()
        if not dsn:
            self.show_join_error(self.tr("请填写团队服务器地址,例如 {0}").format(DSN_EXAMPLE))
            return False
        try:
            with team_view.busy():
                team = self.join_team(dsn)
        except Exception as exc:  # the client's failures are one line for the user
            self.show_join_error(self.tr("加入失败:") + team_view.reason(exc))
            return False
        self.team = team
        self.dsn.clear()  # it holds the password
        self.join_error.hide()
        self.say(self.tr("已加入团队"), palette.OK_STYLE)
        self.show_page()
        self.team_changed.emit(team)
        return True

    def show_join_error(self, text: str) -> None:
        self.join_error.setText(text)
        self.join_error.show()

    # -- the team's state --------------------------------------------------------------------------

    def refresh_status(self) -> bool:
        """Ask the team client how things stand and show it; on failure keep what is shown."""
        if self.team is None:
            return False
        try:
            with team_view.busy():
                status = self.team.status()
        except Exception as exc:
            self.say(self.tr("读取团队状态失败:") + team_view.reason(exc), palette.ERROR_STYLE)
            return False
        self.status = status
        roles = {TRAINER: self.tr("培训师"), "agent": self.tr("客服")}
        self.server_label.setText(status.server)
        self.user_label.setText(f"{status.user}({roles.get(status.role, status.role)})")
        if status.online:
            self.online_label.setText(self.tr("在线"))
            self.online_label.setStyleSheet(palette.OK_STYLE)
        else:
            offline = self.tr("离线")
            self.online_label.setText(f"{offline}:{status.error}" if status.error else offline)
            self.online_label.setStyleSheet(palette.ERROR_STYLE)
        self.outbox_label.setText(self.tr("{0} 条使用记录").format(status.outbox))
        self.sync_label.setText(when(status.last_sync) or self.tr("还没有同步过"))
        self.publish_button.setVisible(status.role == TRAINER)
        self.show_packs(status.packs)
        return True

    def show_packs(self, packs: Sequence[PackState]) -> None:
        self.packs.setRowCount(len(packs))
        for row, pack in enumerate(packs):
            if pack.local_version is None:
                state, colour = self.tr("本机还没有"), palette.WARNING
            elif pack.local_version >= pack.version:
                state, colour = self.tr("已是最新"), palette.OK
            else:
                state, colour = self.tr("待更新"), palette.WARNING
            local = "-" if pack.local_version is None else self.tr("第 {0} 版").format(pack.local_version)
            cells = [
                f"{pack.name}({pack.pack})" if pack.name and pack.name != pack.pack else pack.pack,
                self.tr("第 {0} 版").format(pack.version),
                when(pack.published_at),
                local,
                state,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setForeground(QBrush(colour))
                self.packs.setItem(row, column, item)

    # -- syncing, publishing, leaving --------------------------------------------------------------

    def run_sync(self) -> bool:
        """Fetch newer packs and upload the usage records waiting in the outbox."""
        if self.team is None:
            return False
        try:
            with team_view.busy():
                result = self.team.sync()
        except Exception as exc:
            self.say(self.tr("同步失败:") + team_view.reason(exc), palette.ERROR_STYLE)
            self.refresh_status()
            return False
        pulled = "、".join(self.tr("「{0}」更新到第 {1} 版").format(pack, v) for pack, v in result.pulled)
        self.refresh_status()
        self.say(
            self.tr("同步完成:")
            + (pulled or self.tr("短语包已是最新"))
            + self.tr(";上传了 {0} 条使用记录").format(result.pushed),
            palette.OK_STYLE,
        )
        return True

    def choose_publish_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要发布的短语包"),
            "",
            self.file_filter(),
        )
        if path:
            self.open_publish(path)

    def file_filter(self) -> str:
        """The import dialog's file filter, in the interface language."""
        return QCoreApplication.translate("ImportDialog", str(import_dialog.FILE_FILTER))

    def open_publish(self, path: str) -> QDialog | None:
        """The preview of publishing ``path``: the version it becomes, what changes, the lint findings."""
        if self.team is None:
            return None
        window = team_publish.PublishDialog(self.team, path, self)
        window.published.connect(self.on_published)
        self.publish_window = window
        window.open()
        window.preview()
        return window

    def on_published(self, pack: str, version: int) -> None:
        self.refresh_status()
        self.say(self.tr("已发布「{0}」第 {1} 版,客服同步后就会用上").format(pack, version), palette.OK_STYLE)

    def run_leave(self) -> bool:
        """Leave the team, after the user confirms."""
        waiting = self.status.outbox if self.status is not None else 0
        question = self.tr("离开团队后,本机不再同步团队的短语包,也不再上传使用记录。")
        if waiting:
            question += self.tr("还有 {0} 条使用记录没有上传。").format(waiting)
        answer = QMessageBox.question(
            self,
            self.tr("离开团队"),
            question + self.tr("确定离开吗?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            with team_view.busy():
                self.leave_team()
        except Exception as exc:
            self.say(self.tr("离开团队失败:") + team_view.reason(exc), palette.ERROR_STYLE)
            return False
        self.team = None
        self.status = None
        self.say("")
        self.show_page()
        self.team_changed.emit(None)
        return True
