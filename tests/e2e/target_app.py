"""A stand-in chat window for the end-to-end tests: a focused text box that saves its text to a file.

usage: python target_app.py OUTFILE
"""

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTextEdit

out = sys.argv[1]
app = QApplication(sys.argv[:1])
editor = QTextEdit()
editor.setWindowTitle("聊天窗口")
editor.resize(500, 300)
editor.move(40, 40)
editor.show()
editor.raise_()
editor.activateWindow()
editor.setFocus()


def dump() -> None:
    with open(out, "w", encoding="utf-8") as handle:
        handle.write(editor.toPlainText())


editor.textChanged.connect(lambda: print("changed", time.time(), len(editor.toPlainText()), flush=True))
timer = QTimer()
timer.timeout.connect(dump)
timer.start(50)
app.aboutToQuit.connect(dump)
print("target ready", int(editor.winId()), flush=True)
app.exec()
