"""User data in Qt widgets is shown as the characters it is, never as markup.

Phrases, stage names and pack fields come from files anyone can write; a stage named
``<table width=5000>`` must not lay out a table 5000 px wide. Labels that can show such text are
PlainText; tooltips are always sniffed for rich text by Qt, so they get escaped HTML that shows
the text exactly (line breaks kept). Item views (tables, lists, trees) draw plain text already.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows ``text`` (and whatever it is set to later) as plain text."""
    made = QLabel(text, parent)
    made.setTextFormat(Qt.TextFormat.PlainText)
    return made


def tooltip(text: str | None) -> str:
    """A tooltip showing ``text`` exactly as written ("" for no tooltip). Text without a ``<`` is
    never taken for rich text and stays as it is."""
    if not text:
        return ""
    if "<" not in text:
        return text
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


def error_label(parent: QWidget | None = None) -> QLabel:
    """A plain-text label for an error message: the palette's error style, selectable, hidden until
    there is something to say."""
    from quickreply.ui import palette

    made = label("", parent)
    made.setStyleSheet(palette.ERROR_STYLE)
    made.setWordWrap(True)
    made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    made.hide()
    return made
