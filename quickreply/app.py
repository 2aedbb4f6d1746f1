"""The composition root of the tray app: builds the store, index, pipeline, desktop and widgets, and
wires them (``launch`` starts it). The reply's road itself is ``core.pipeline``; here the popup,
the library, the lint window and the paste service are only connected to it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QTimer
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from quickreply import app_team, instance, settings
from quickreply.core import defaults, library_ops, lint, models, pipeline, search, store, usage_queue
from quickreply.core.kinds import Change, PasteMode
from quickreply.deliver import capture, clipboard, paste
from quickreply.platform import base
from quickreply.ui import fresh_copy, lint_view, placement, popup, profile_form, translator, tray

log = logging.getLogger(__name__)
WELCOMED_SETTING = "ui.welcomed"
PROFILE_ASKED_SETTING = "ui.profile_asked"
LIVE_POLL_MS = 1000  # how often the app looks for other processes' changes and writes queued uses
QUIT_FLUSH_WAIT_S = 2.0
MESSAGE_RANKER_DELAY_MS = 1500


class QuickReplyApp:
    """Everything the tray app is made of, wired together (no logic of its own beyond wiring)."""

    def __init__(
        self, qt_app: QApplication, db_path: Path, desktop: base.Desktop, force_window: bool = False
    ) -> None:
        self.qt = qt_app
        self.store = defaults.open_library(db_path)
        self.settings = settings.Settings(self.store)
        self.translator = translator.install(str(self.settings.get("ui.language")))
        self.index = search.SearchIndex.from_store(self.store)
        self.warnings: list[str] = []
        if fallen_back := self.settings.problems():  # logged; the defaults are used in their place
            self.warnings.append(
                QCoreApplication.translate("App", "这些设置的值无效,已改用默认值:") + "、".join(fallen_back)
            )
        self.linter = self._linter()
        self.desktop = desktop
        self.service = paste.PasteService(desktop, self._timing())
        self.service.finished.connect(self._delivered)
        self.queue = usage_queue.UsageQueue(self.store)
        self._clip_text: str | None = None  # read on first need after the popup opens
        self.copies = fresh_copy.CopyWatch(QGuiApplication.clipboard())  # when and who changed it
        self.flow = pipeline.Pipeline(
            self.linter,
            library=self.store,
            recorder=self.queue,
            profile=lambda: dict(self.settings.get("profile")),
            remembered=dict(self.store.get_setting(pipeline.REMEMBERED_SETTING, {})),
            clipboard_text=self._clipboard_text,
            default_mode=PasteMode(self.settings.get("paste.mode")),
            on_problem=self._library_problem,
        )
        self.popup = popup.Popup(self.index, self.flow, self.store.stages())
        self.popup.picked.connect(self.deliver)
        self.popup.gone.connect(self._warn)
        self._in_flight: pipeline.Delivery | None = None  # recorded once its delivery has finished
        self._hotkey_at: float | None = None
        self._told = ""  # the last library failure shown to the agent
        self.store.subscribe(self._on_store_event)
        self.ticker = QTimer()
        self.ticker.setInterval(LIVE_POLL_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self.popup.save_draft.connect(self.save_draft)
        self.popup.keep_profile.connect(lambda values: profile_form.keep(self.settings, values))
        self.target: base.WindowRef | None = None
        self.hotkey: base.Hotkey | None = None
        self.lint_hotkey: base.Hotkey | None = None
        self.capture = capture.DraftCapture(desktop)
        self.capture.captured.connect(self._draft_captured)
        self.capture.failed.connect(self._capture_failed)
        self.lint_window = lint_view.LintWindow(self.flow)
        self.lint_window.delivery.connect(self.deliver)
        self.paused = False
        self.tray = tray.Tray(str(self.settings.get("hotkey.popup")), force_window=force_window)
        self.tray.search.connect(self.show_popup)
        self.tray.import_pack.connect(self.import_pack)
        self.tray.settings.connect(self.open_settings)
        self.tray.toggle_pause.connect(self.toggle_pause)
        self.tray.about.connect(lambda: tray.about_box(self.store.path))
        self.tray.quit.connect(self.quit)
        self.tray.library.connect(self.open_library)
        self.tray.stats.connect(self.open_stats)
        self.team = app_team.TeamLink(self.store, self.tray, self._catch_up, lambda: self.linter)
        self.tray.team.connect(lambda: self.team.open_dialog(changed=lambda _: self._team_view()))
        self.windows: dict[str, QWidget] = {}
        self.server = instance.CommandServer(db_path, self._command)
        self.register_hotkey()
        # The buyer-message ranker (0.2–0.6 s) is built once the tray is up, not at the first message.
        QTimer.singleShot(MESSAGE_RANKER_DELAY_MS, self.popup, self._prepare_messages)
        for warning in self.warnings:
            self.tray.message("quickreply", warning, warning=True)
        if not self.store.get_setting(WELCOMED_SETTING, False):
            self.store.set_setting(WELCOMED_SETTING, True)
            welcome = lambda: self.tray.welcome(str(self.settings.get("hotkey.popup")))  # noqa: E731
            QTimer.singleShot(500, self.tray, welcome)  # dropped with the tray if it goes first
        if not self.store.get_setting(PROFILE_ASKED_SETTING, False):
            self.store.set_setting(PROFILE_ASKED_SETTING, True)
            self.ask_profile()

    def _linter(self) -> lint.Linter:
        """The shipped rules, the Advertising-Law words when switched on, then the shop's own files."""
        try:
            return settings.shop_linter(self.settings)
        except lint.lintrules.RuleError as exc:
            log.warning("shop rule files not loaded: %s", exc)
            self.warnings.append(QCoreApplication.translate("App", "规则文件有误,已只用内置规则:") + str(exc))
            return lint.Linter.default(allow=settings.lint_allow(self.settings))

    def _timing(self) -> paste.Timing:
        return paste.Timing.from_settings(self.settings)

    # -- hotkey and popup --------------------------------------------------------------------------

    def register_hotkey(self) -> None:
        """The popup hotkey and the draft-check hotkey; a taken one is reported, the other still works."""
        for name, attr, callback in (
            ("hotkey.popup", "hotkey", self.on_hotkey),
            ("hotkey.lint", "lint_hotkey", self.on_lint_hotkey),
        ):
            combo = str(self.settings.get(name))
            try:
                setattr(self, attr, self.desktop.register_hotkey(combo, callback))
                log.info("hotkey %s registered", combo)
            except base.DesktopError as exc:
                setattr(self, attr, None)
                self.tray.message(
                    "quickreply",
                    str(exc) + QCoreApplication.translate("App", "。可以从托盘菜单打开搜索。"),
                    warning=True,
                )

    def on_lint_hotkey(self) -> None:
        """Copy the draft out of the chat box and open the checker."""
        if self.paused:
            return
        self.target = self.desktop.active_window()
        self.capture.capture(self.target)

    def _capture_failed(self, message: str) -> None:
        log.info("draft not captured: %s", message)
        self.tray.message(QCoreApplication.translate("App", "检查草稿"), message, warning=True)

    def _draft_captured(self, text: str) -> None:
        log.info("draft captured (%d characters)", len(text))
        self.lint_window.set_draft(text)
        self.team.draft_checked(text)
        self.lint_window.show()
        QTimer.singleShot(0, lambda: log.info("lint window shown"))
        self.lint_window.raise_()
        self.lint_window.activateWindow()

    def on_hotkey(self) -> None:
        """Remember the chat window, then open the popup."""
        if self.paused:
            return
        self.target = self.desktop.active_window()
        self.show_popup(remember=False)

    def show_popup(self, remember: bool = True) -> None:
        if remember:
            self.target = self.desktop.active_window()
        self._hotkey_at = None if remember else time.monotonic()  # hotkey to paste: the trainer's figure
        self._clip_text = None
        self._catch_up()
        self.popup.move(self._popup_position())
        message = self.copies.offer(self._clipboard_text, int(self.settings.get("popup.clipboard_seconds")))
        if message:
            log.info("popup opens with a copied buyer message (%d characters)", len(message))
        self.popup.open(message=message)
        QTimer.singleShot(0, lambda: log.info("popup shown at %.6f", time.time()))

    def _clipboard_text(self) -> str:
        """{剪贴板}: the clipboard's text, read once per popup opening and never longer than 300 ms."""
        if self._clip_text is None:
            text = clipboard.read_text(QGuiApplication.clipboard(), self.desktop.read_clipboard)
            if text is None:
                log.info("clipboard owner did not answer: {剪贴板} left empty")
                self.tray.message(
                    "quickreply",
                    QCoreApplication.translate("App", "剪贴板所属的程序没有响应,{剪贴板} 暂时为空"),
                    warning=True,
                )
            self._clip_text = text or ""
        return self._clip_text

    def _popup_position(self) -> QPoint:
        """Over the chat's conversation, its text box free, else mid-screen (ui.placement decides)."""
        geometry = self.target.geometry if self.target is not None else None
        chat = QRect(*geometry) if geometry is not None else None
        screen = QGuiApplication.screenAt(chat.center() if chat is not None else QCursor.pos())
        area = (screen or QGuiApplication.primaryScreen()).availableGeometry()
        return placement.place(chat, self.popup.size(), area)

    def deliver(self, delivery: pipeline.Delivery) -> None:
        """The pipeline's deliver stage: hand the reply to the paste service (recorded when it is done)."""
        self._in_flight = delivery
        target = self.target
        QTimer.singleShot(
            0, lambda: self.service.deliver(delivery.text, target, delivery.mode, replace=delivery.replace)
        )

    def _prepare_messages(self) -> None:
        """Build the buyer-message ranker (it holds the Qt thread) only with no popup and no paste."""
        restoring = self.service.guard is not None and not self.service.guard.done
        if self.popup.isVisible() or self.service.busy or restoring:
            QTimer.singleShot(MESSAGE_RANKER_DELAY_MS, self.popup, self._prepare_messages)
            return
        self.index.prepare_messages()

    def _catch_up(self) -> None:
        """Take in what other processes (the CLI, a trainer's import) committed; the index follows."""
        try:
            self.store.poll_external()
        except store.StoreError as exc:
            log.warning("library changes from other processes not read: %s", exc)
            self._library_problem(str(exc))

    def _warn(self, message: str) -> None:
        self.tray.message("quickreply", message, warning=True)

    def _library_problem(self, message: str) -> None:
        """Tell the agent once (not every second) that the library failed, e.g. damage found in use."""
        if message != self._told:
            self._told = message
            self.tray.message("quickreply", message, warning=True)

    def _on_store_event(self, change: Change) -> None:
        if change.library_wide:
            self.popup.set_stages(self.store.stages())

    def _tick(self) -> None:
        """Every second: changes from other processes, then uses still waiting for the write lock."""
        self._catch_up()
        self.queue.flush()

    def save_draft(self, text: str) -> None:
        """Ctrl+S in the popup's draft editor: keep the draft as one of the agent's own phrases."""
        try:
            phrase = library_ops.save_draft(self.store, text, self.popup.stage_filter)
        except store.StoreError as exc:
            self.popup.composer.status.setText(str(exc))
            return
        self.popup.composer.status.setText(
            QCoreApplication.translate("App", "已存为自己的短语") + f" #{phrase.id}「{phrase.title}」"
        )

    def _delivered(self, result: paste.PasteResult) -> None:
        """Tell the agent what went wrong, then the pipeline's record stage (after, never before)."""
        log.info("paste: %s %s", result.status, result.message)
        if not result.ok:
            self.tray.message("quickreply", result.message, warning=True)
        delivery, self._in_flight = self._in_flight, None
        opened = (
            self._hotkey_at if delivery is not None and delivery.source == pipeline.Source.POPUP else None
        )
        seconds = time.monotonic() - opened if opened is not None else None
        if delivery is not None and self.flow.delivered(delivery, result.status, seconds):
            self.team.poke()
            QTimer.singleShot(300, self.index.prepare)

    # -- menu actions ------------------------------------------------------------------------------

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self.tray.set_paused(self.paused)

    def import_pack(self) -> None:
        """The import dialog: preview, conflict policy, import with progress and cancel."""
        from quickreply.ui import import_dialog

        dialog = import_dialog.ImportDialog(self.store, self.linter)
        dialog.exec()
        if dialog.report is not None:
            counts = dialog.report.counts()
            self.tray.message(
                QCoreApplication.translate("App", "导入完成"),
                QCoreApplication.translate("App", "新增 {0},更新 {1},移除 {2}").format(
                    counts["add"], counts["update"], counts["remove"]
                ),
            )

    def open_library(self) -> None:
        """The 短语库 window: browse by stage, edit, copy or paste a phrase into the chat window."""
        from quickreply.ui import library

        if "library" not in self.windows:
            read_only = bool(self.settings.get("library.read_only"))
            window = library.LibraryWindow(
                self.store, self.index, self.linter, read_only=read_only, paste=self._paste_from_library
            )
            packs_bar = window.addToolBar(QCoreApplication.translate("App", "短语包"))
            packs_bar.setMovable(False)
            if not read_only:
                packs_bar.addAction(QCoreApplication.translate("App", "导入…"), self.import_pack)
            packs_bar.addAction(QCoreApplication.translate("App", "导出…"), self.export_phrases)
            packs_bar.addAction(QCoreApplication.translate("App", "使用统计"), self.open_stats)
            self.windows["library"] = window
        self._raise(self.windows["library"])

    def export_phrases(self) -> None:
        from quickreply.ui import import_dialog

        import_dialog.ExportDialog(self.store).exec()

    def open_stats(self) -> None:
        """The trainers' usage view."""
        from quickreply.ui import stats_view

        if "stats" not in self.windows:
            self.windows["stats"] = stats_view.StatsView(self.store)
        view = self.windows["stats"]
        view.refresh()  # type: ignore[attr-defined]
        self._team_view()
        self._raise(view)

    def _team_view(self) -> None:
        """The usage view's 团队 mode is there for a trainer in a team, and only then."""
        if "stats" in self.windows:
            self.windows["stats"].set_team_fetch(self.team.stats_fetch())  # type: ignore[attr-defined]

    def _raise(self, window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()

    def _paste_from_library(self, phrase: models.Phrase, mode: PasteMode | None) -> None:
        """粘贴/复制 in the library go the popup's way: placeholders asked, lint gate, use recorded."""
        self.popup.move(self._popup_position())
        self.popup.open_with(phrase, mode)

    def ask_profile(self) -> None:
        """First start: the shop profile the default replies use, asked once (设置 offers it later)."""
        from quickreply.ui import profile_dialog

        if profile_dialog.wanted(self.settings):
            self.windows["profile"] = profile_dialog.ProfileDialog(self.settings)
            self._raise(self.windows["profile"])

    def open_settings(self) -> None:
        try:
            from quickreply.ui import settings_dialog
        except ImportError:
            self.tray.message("quickreply", QCoreApplication.translate("App", "设置窗口暂不可用"))
            return
        current = {h.combo for h in (self.hotkey, self.lint_hotkey) if h is not None}
        dialog = settings_dialog.SettingsDialog(self.settings, self.desktop, current_hotkeys=current)
        if dialog.exec():
            self.apply_settings()

    def apply_settings(self) -> None:
        """The settings were saved: hotkeys, paste timing and mode, and the rules every window uses."""
        for held in (self.hotkey, self.lint_hotkey):
            if held is not None:
                held.unregister()
        self.register_hotkey()
        self.tray.set_hotkey(str(self.settings.get("hotkey.popup")))
        self.service.timing = self._timing()
        self.flow.default_mode = PasteMode(self.settings.get("paste.mode"))
        self.linter = self._linter()  # the ad-law switch or the shop's rule files may have changed
        self.popup.set_linter(self.linter)
        if "library" in self.windows:  # its 规范 column and 需修改 follow the new rules
            from quickreply.ui.library import LibraryWindow

            if isinstance(window := self.windows["library"], LibraryWindow):
                window.set_linter(self.linter)

    def _command(self, command: str) -> None:
        if command == "popup":
            self.show_popup()

    def quit(self) -> None:
        self.ticker.stop()
        self.team.stop()
        if not self.queue.flush(wait=QUIT_FLUSH_WAIT_S):
            log.warning("%d uses could not be written: the library stayed locked", len(self.queue))
        for held in (self.hotkey, self.lint_hotkey):
            if held is not None:
                held.unregister()
        self.server.close()
        self.desktop.close()
        self.store.close()
        self.qt.quit()
