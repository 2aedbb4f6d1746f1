"""The Qt binding keeps Python's reference counts: painting must not leak or drop references to None.

PySide6 6.12.0 on CPython 3.11 dropped one reference to None for every QPainter call that returns
nothing; after a few dozen popups Python freed None and the tray app aborted ("none_dealloc").
These tests fail on any binding with that defect, whatever its version number says.
"""

import sys

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter

from quickreply.core import lint, pipeline, search
from quickreply.ui import popup

ROUNDS = 200
IMMORTAL_NONE = sys.version_info >= (3, 12)  # None's count no longer moves: nothing to measure


def _none_refs_lost(work) -> int:
    work()  # warm caches (fonts, interned strings) once before counting
    before = sys.getrefcount(None)
    work()
    return before - sys.getrefcount(None)


@pytest.mark.skipif(IMMORTAL_NONE, reason="None is immortal from Python 3.12 on")
def test_painter_calls_that_return_nothing_keep_none_alive(qapp):
    image = QImage(64, 64, QImage.Format.Format_ARGB32)

    def paint():
        painter = QPainter(image)
        for _ in range(ROUNDS):
            painter.save()
            painter.setPen(QColor("red"))
            painter.setBrush(QColor("blue"))
            painter.fillRect(QRect(0, 0, 8, 8), QColor("white"))
            painter.drawText(QRect(0, 0, 60, 20), 0, "发货")
            painter.restore()
        painter.end()

    assert _none_refs_lost(paint) <= 0


@pytest.mark.skipif(IMMORTAL_NONE, reason="None is immortal from Python 3.12 on")
def test_painting_the_popup_results_keeps_none_alive(qtbot, library):
    """The crash came from the results list's paint: render the real popup again and again."""
    widget = popup.Popup(
        search.SearchIndex.from_store(library), pipeline.Pipeline(lint.Linter.default()), library.stages()
    )
    qtbot.addWidget(widget)
    widget.open()
    widget.search_field.setText("亲")
    assert widget.model.rowCount() > 5
    image = QImage(widget.size(), QImage.Format.Format_ARGB32)

    def paint():
        for _ in range(ROUNDS // 20):
            widget.render(image)

    assert _none_refs_lost(paint) <= 0
