"""A stand-in chat window for the end-to-end tests: a focused text box that saves its text to a file.

usage: python target_app.py OUTFILE [INITIAL_TEXT] [--refuse-copy]
--refuse-copy makes a chat box that ignores Ctrl+A and Ctrl+C, as some clients' custom editors do.
"""

import os
import sys
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QTextEdit

out = sys.argv[1]
initial = next((a for a in sys.argv[2:] if not a.startswith("--")), "")
refuse_copy = "--refuse-copy" in sys.argv


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
editor.setWindowTitle("聊天窗口")
editor.resize(500, 300)
editor.move(40, 40)
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
