"""Writing an export the user asked for and saying how it went, the same way in every window.

A failure is a warning box naming the file and the reason; success names the file in the window's
status line (the full path as its tooltip). Texts are translated in the calling window's context.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from quickreply.ui import plaintext


def write_reported(
    window: QWidget, status: QLabel, target: Path, write: Callable[[Path], Path]
) -> Path | None:
    """``write(target)``; the written file, or None after telling the user why it failed."""
    try:
        written = write(target)
    except (OSError, ValueError) as exc:
        QMessageBox.warning(
            window, window.tr("导出失败"), window.tr("无法导出到 {0}:{1}").format(str(target), str(exc))
        )
        return None
    status.setText(window.tr("已导出到 {0}").format(written.name))
    status.setToolTip(plaintext.tooltip(str(written)))
    return written
