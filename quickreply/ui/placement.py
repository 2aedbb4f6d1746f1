"""Where the popup opens: over the chat window's conversation, never over the text box the agent types in.

Chat clients keep the input box at the bottom of the window and the conversation above it, so the
popup goes into the upper part and the bottom ``KEEP_VISIBLE`` of the window stays uncovered. When
that part is too small, the popup goes above the window, else beside it (right, then left), else as
high as the screen allows; it always stays on the screen's available area. A pure function of
rectangles, so it is tested without a window system.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize

KEEP_VISIBLE = 0.35  # the bottom share of the chat window (its text box) the popup leaves uncovered
GAP = 8  # pixels between the popup and the chat window when it goes above or beside it


def place(chat: QRect | None, popup: QSize, area: QRect) -> QPoint:
    """The popup's top-left corner.

    Args:
        chat: the chat window's frame on the screen; None when unknown (the popup is centred on ``area``).
        popup: the popup's size.
        area: the available geometry of the chat window's screen (without panels and task bars).
    """
    width, height = popup.width(), popup.height()
    visible = chat.intersected(area) if chat is not None else QRect()
    if visible.isEmpty():
        return _clamp(
            area.left() + (area.width() - width) // 2, area.top() + (area.height() - height) // 2, popup, area
        )
    left, top, bottom = visible.left(), visible.top(), visible.top() + visible.height()
    centre_x = left + (visible.width() - width) // 2
    upper_bottom = bottom - round(visible.height() * KEEP_VISIBLE)  # where the text box region begins
    if upper_bottom - top >= height:
        return _clamp(centre_x, top + (upper_bottom - top - height) // 2, popup, area)
    if top - GAP - height >= area.top():
        return _clamp(centre_x, top - GAP - height, popup, area)
    right = left + visible.width() + GAP
    if right + width <= area.left() + area.width():
        return _clamp(right, top, popup, area)
    if left - GAP - width >= area.left():
        return _clamp(left - GAP - width, top, popup, area)
    return _clamp(centre_x, upper_bottom - height, popup, area)


def _clamp(x: int, y: int, popup: QSize, area: QRect) -> QPoint:
    """Move a top-left corner so the popup lies on ``area`` (its top-left wins when it is too big)."""
    x = max(area.left(), min(x, area.left() + area.width() - popup.width()))
    y = max(area.top(), min(y, area.top() + area.height() - popup.height()))
    return QPoint(x, y)
