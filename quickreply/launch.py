"""Starting the tray app: one line and exit 2 without a display, wake a running instance instead of a
second one, the crash watch, a polite SIGTERM, then Qt's event loop around ``app.QuickReplyApp``."""

from __future__ import annotations

import logging
import signal
import socket
import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

from quickreply import app, crashlog, instance, paths
from quickreply.core import stages

log = logging.getLogger(__name__)


def _quit_on_sigterm(qt_app: QApplication, quit_app: Callable[[], None]) -> object:
    """A polite kill (logout, ``kill``) quits like the tray menu does, so it is not taken for a crash.

    Python runs a signal handler only when it gets control: the wake-up socket makes Qt's loop
    hand it control at once.
    """
    if sys.platform == "win32":
        return None
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    signal.signal(signal.SIGTERM, lambda *_: QTimer.singleShot(0, quit_app))
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, qt_app)
    notifier.activated.connect(lambda *_: reader.recv(64))
    return reader, writer, notifier  # the caller keeps them while the app runs


def main(db: str | None = None, force_window: bool = False, open_popup: bool = False) -> int:
    """Start the tray app (or wake the running one); ``open_popup`` shows the popup once started."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from quickreply import platform

    problem = platform.display_problem()
    if problem:
        print(f"quickreply: {problem}", file=sys.stderr)
        return 2
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qt_app, QApplication)
    qt_app.setApplicationName("quickreply")
    qt_app.setQuitOnLastWindowClosed(False)
    db_path = paths.database(db)
    if instance.ask_running_instance(db_path, "popup"):
        print("quickreply 已在运行,已打开搜索弹窗", flush=True)
        return 0
    watch = crashlog.CrashWatch(db_path)
    watch.start()
    qt_app.aboutToQuit.connect(watch.stop)
    tray_app = app.QuickReplyApp(qt_app, db_path, platform.get_desktop(), force_window=force_window)
    keep_alive = _quit_on_sigterm(qt_app, tray_app.quit)
    qt_app.setWindowIcon(tray_app.tray.icon)
    if watch.previous_crash:
        tray_app.tray.message(
            "quickreply",
            QCoreApplication.translate("App", "quickreply 上次({0})意外退出,原因已记入日志:{1}").format(
                watch.previous_crash, watch.log_file
            ),
            warning=True,
        )
    log.info("ready: %d phrases, stages %s", len(tray_app.index), ",".join(stages.canonical_ids()))
    print("quickreply ready", flush=True)
    if open_popup:
        QTimer.singleShot(0, tray_app.show_popup)
    status = qt_app.exec()
    del keep_alive
    return status
