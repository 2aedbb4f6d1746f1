"""The tray icon and its menu — or, where the desktop has no system tray, a small window instead."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QPainter, QPixmap, QPolygon
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton, QSystemTrayIcon, QVBoxLayout, QWidget

import quickreply
from quickreply.ui import palette, plaintext


def app_icon() -> QIcon:
    """A speech bubble with 快, drawn at start-up (no image files to ship)."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(palette.BRAND)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRect(4, 4, 56, 46), 12, 12)
    painter.drawPolygon(QPolygon([QPoint(16, 46), QPoint(32, 46), QPoint(12, 60)]))
    font = QFont()
    font.setPixelSize(30)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(palette.ON_COLOUR)
    painter.drawText(QRect(4, 4, 56, 46), Qt.AlignmentFlag.AlignCenter, "快")
    painter.end()
    return QIcon(pixmap)


def about_box(database: object) -> None:
    """关于: the version and where the library file is."""
    title = QCoreApplication.translate("App", "关于 quickreply")
    text = (
        f"quickreply {quickreply.__version__}\n"
        + QCoreApplication.translate("App", "电商客服快捷回复助手")
        + "\n"
        + QCoreApplication.translate("App", "数据文件:")
        + str(database)
    )
    QMessageBox.about(None, title, text)


class Tray(QObject):
    """The app's menu: 搜索短语, 短语库, 使用统计, 导入短语包…, 团队…, 设置, 暂停热键/恢复热键, 关于, 退出.

    Signals carry the user's choice to the app; ``message`` shows a tray balloon (or, without a
    tray, the fallback window's status line).
    """

    search = Signal()
    library = Signal()
    stats = Signal()
    import_pack = Signal()
    team = Signal()
    settings = Signal()
    toggle_pause = Signal()
    about = Signal()
    quit = Signal()

    def __init__(self, hotkey: str, force_window: bool = False) -> None:
        super().__init__()
        self.icon = app_icon()
        self.menu = QMenu()
        self.actions: dict[str, QAction] = {}
        entries = [
            ("search", self.tr("搜索短语"), self.search),
            ("library", self.tr("短语库"), self.library),
            ("stats", self.tr("使用统计"), self.stats),
            ("import_pack", self.tr("导入短语包…"), self.import_pack),
            ("team", self.tr("团队…"), self.team),
            ("settings", self.tr("设置"), self.settings),
            ("toggle_pause", self.tr("暂停热键"), self.toggle_pause),
            ("about", self.tr("关于"), self.about),
            ("quit", self.tr("退出"), self.quit),
        ]
        for key, text, signal in entries:
            if key in ("toggle_pause", "quit"):
                self.menu.addSeparator()
            action = self.menu.addAction(text)
            action.triggered.connect(signal.emit)
            self.actions[key] = action
        self.set_hotkey(hotkey)
        self.window: QWidget | None = None
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable() and not force_window:
            self.tray = QSystemTrayIcon(self.icon)
            self.tray.setToolTip("quickreply")
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._activated)
            self.tray.show()
        else:
            self.window = self._fallback_window()

    def set_hotkey(self, hotkey: str) -> None:
        self.actions["search"].setText(self.tr("搜索短语") + (f"\t{hotkey}" if hotkey else ""))

    def welcome(self, hotkey: str) -> None:
        self.message(
            QCoreApplication.translate("App", "欢迎使用 quickreply"),
            QCoreApplication.translate(
                "App", "在聊天窗口按 {0} 打开搜索,输入 fh、发货 或 fahuo,回车即可粘贴回复。"
            ).format(hotkey),
        )

    def set_team_state(self, online: bool | None, error: str = "") -> None:
        """The 团队 entry's quiet mark: nothing outside a team, 在线, or 离线 with the reason as its tip."""
        action = self.actions["team"]
        if online is None:
            action.setText(self.tr("团队…"))
        else:
            action.setText(self.tr("团队(在线)…") if online else self.tr("团队(离线,稍后重试)…"))
        action.setToolTip(plaintext.tooltip(error) if error else "")

    def set_paused(self, paused: bool) -> None:
        self.actions["toggle_pause"].setText(self.tr("恢复热键") if paused else self.tr("暂停热键"))

    def message(self, title: str, text: str, warning: bool = False) -> None:
        if self.tray is not None:
            icon = QSystemTrayIcon.MessageIcon.Warning if warning else QSystemTrayIcon.MessageIcon.Information
            self.tray.showMessage(title, text, icon, 6000)
        elif self.window is not None and shiboken6.isValid(self.window):
            self.window.setToolTip(plaintext.tooltip(text))
            status = self.window.findChild(QPushButton, "status")
            if status is not None:
                status.setText(text)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.search.emit()

    def _fallback_window(self) -> QWidget:
        """Where no system tray exists, a small normal window offers the same menu."""
        window = QWidget()
        window.setWindowTitle("quickreply")
        window.setWindowIcon(self.icon)
        layout = QVBoxLayout(window)
        for key, action in self.actions.items():
            button = QPushButton(action.text().split("\t")[0])
            button.setObjectName(key)
            button.clicked.connect(action.trigger)
            layout.addWidget(button)
        status = QPushButton("")
        status.setObjectName("status")
        status.setFlat(True)
        layout.addWidget(status)
        window.resize(220, 300)
        window.showMinimized()
        return window
