"""quickreply's paste path driven as the tray app will drive it: hotkey → popup → Enter → paste.

The popup here is a bare search box (the real one comes with the tray app); everything after the
Enter key is quickreply.platform: the X11 backend, the paste service and the clipboard guard.
usage: python driver_app.py REPLY [--combo ctrl+alt+k] [--mode paste] [--pre-paste-delay MS]
Prints one line per event: armed, conflict, popup shown, keys sent, result <status>, restored <bool>.
SIGTERM (the tests' teardown) quits the event loop, so the process ends normally and coverage.py,
when it measures the run, saves what the driver executed.
"""

import argparse
import signal
import socket
import sys
import time

from PySide6.QtCore import QSocketNotifier, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from quickreply.deliver import paste
from quickreply.platform import base, x11

parser = argparse.ArgumentParser()
parser.add_argument("reply")
parser.add_argument("--combo", default="ctrl+alt+k")
parser.add_argument("--mode", default="paste")
parser.add_argument("--pre-paste-delay", type=int, default=paste.Timing.pre_paste_delay_ms)
parser.add_argument("--restore-delay", type=int, default=paste.Timing.restore_delay_ms)
args = parser.parse_args()


def say(*parts: object) -> None:
    print(*parts, flush=True)


app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
desktop = x11.X11Desktop()
send_keys = desktop.send_keys


def logged_send_keys(combo: str) -> None:
    say("keys sent", combo)
    send_keys(combo)


desktop.send_keys = logged_send_keys  # type: ignore[method-assign]
service = paste.PasteService(
    desktop, paste.Timing(pre_paste_delay_ms=args.pre_paste_delay, restore_delay_ms=args.restore_delay)
)
service.finished.connect(lambda result: say("result", result.status, result.message))
service.restored.connect(lambda ours: say("restored", ours))
popup = QLineEdit()
popup.setWindowFlags(
    Qt.WindowType.Tool | Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
)
popup.resize(360, 40)
state: dict[str, base.WindowRef | None] = {"target": None}


def on_hotkey() -> None:
    state["target"] = desktop.active_window()
    popup.clear()
    popup.move(300, 300)
    popup.show()
    popup.raise_()
    popup.activateWindow()
    popup.setFocus()
    wait_until_focused()


def wait_until_focused(tries: int = 200) -> None:
    """Report the popup once it has the keyboard focus (then typed keys reach it)."""
    if popup.isActiveWindow() or tries == 0:
        say("popup shown", state["target"].id if state["target"] else 0, time.time())
    else:
        QTimer.singleShot(5, lambda: wait_until_focused(tries - 1))


def on_enter() -> None:
    say("enter", time.time())
    popup.hide()
    QTimer.singleShot(0, lambda: service.deliver(args.reply, state["target"], args.mode))


popup.returnPressed.connect(on_enter)
try:
    desktop.register_hotkey(args.combo, on_hotkey)
except base.HotkeyConflict as exc:
    say("conflict", exc)
    sys.exit(3)
# Python runs a signal handler only when it gets control: the wake-up socket makes Qt's loop hand it over.
wake_reader, wake_writer = socket.socketpair()
wake_reader.setblocking(False)
wake_writer.setblocking(False)
signal.set_wakeup_fd(wake_writer.fileno())
signal.signal(signal.SIGTERM, lambda *_: app.quit())
wake = QSocketNotifier(wake_reader.fileno(), QSocketNotifier.Type.Read)
wake.activated.connect(lambda *_: wake_reader.recv(64))
say("armed")
app.exec()
