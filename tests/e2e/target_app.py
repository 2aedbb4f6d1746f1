"""A stand-in chat window for the end-to-end tests: a focused text box that saves its text to a file.

usage: python target_app.py OUTFILE [INITIAL_TEXT] [--refuse-copy] [--title T] [--at X,Y]
--refuse-copy makes a chat box that ignores Ctrl+A and Ctrl+C, as some clients' custom editors do;
--title and --at let two chat windows (two buyers) stand side by side.
"""

import os
import sys
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QTextEdit


def option(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


out = sys.argv[1]
values = {option("--title", ""), option("--at", "")}
initial = next((a for a in sys.argv[2:] if not a.startswith("--") and a not in values), "")
refuse_copy = "--refuse-copy" in sys.argv
title = option("--title", "聊天窗口")
x, y = (int(v) for v in option("--at", "40,40").split(","))


class ChatBox(QTextEdit):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (
            refuse_copy
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_A, Qt.Key.Key_C)
        ):
            return
        super().keyPressEvent(event)


app = QApplication(sys.argv[:1])
editor = ChatBox()
editor.setPlainText(initial)
editor.setWindowTitle(title)
editor.resize(500, 300)
editor.move(x, y)
editor.show()
editor.raise_()
editor.activateWindow()
editor.setFocus()


def dump() -> None:
    """Replace the file in one step, so a test reading it never sees it half written."""
    with open(out + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(editor.toPlainText())
    os.replace(out + ".tmp", out)


editor.textChanged.connect(lambda: print("changed", time.time(), len(editor.toPlainText()), flush=True))
timer = QTimer()
timer.timeout.connect(dump)
timer.start(50)
app.aboutToQuit.connect(dump)
print("target ready", int(editor.winId()), flush=True)
app.exec()
