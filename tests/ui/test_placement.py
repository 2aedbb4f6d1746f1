"""Where the popup opens, with plain rectangles: over the conversation, never over the chat's text box."""

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect, QSize

from quickreply.ui import placement

SCREEN = QRect(0, 0, 1920, 1040)  # a full-HD screen without its task bar
POPUP = QSize(560, 520)


def popup_rect(chat, size=POPUP, area=SCREEN):
    return QRect(placement.place(chat, size, area), size)


def text_box(chat):
    """The bottom share of the chat window the agent types in."""
    keep = round(chat.height() * placement.KEEP_VISIBLE)
    return QRect(chat.left(), chat.top() + chat.height() - keep, chat.width(), keep)


def test_large_chat_window_gets_the_popup_over_its_conversation():
    chat = QRect(100, 50, 1200, 900)
    rect = popup_rect(chat)
    assert chat.contains(rect)
    assert not rect.intersects(text_box(chat))
    assert rect.center().x() in range(chat.center().x() - 1, chat.center().x() + 2)  # centred across


def test_short_chat_window_gets_the_popup_above_it():
    chat = QRect(700, 600, 400, 300)
    rect = popup_rect(chat)
    assert rect.bottom() < chat.top() and not rect.intersects(chat)
    assert SCREEN.contains(rect)


def test_chat_window_at_the_top_gets_the_popup_beside_it_on_the_right():
    chat = QRect(700, 20, 400, 300)
    rect = popup_rect(chat)
    assert rect.left() > chat.right() and rect.top() == chat.top()
    assert SCREEN.contains(rect)


def test_chat_window_at_the_top_right_gets_the_popup_on_its_left():
    chat = QRect(1500, 20, 400, 300)
    rect = popup_rect(chat)
    assert rect.right() < chat.left() and SCREEN.contains(rect)


def test_no_room_anywhere_keeps_as_much_of_the_text_box_free_as_the_screen_allows():
    area = QRect(0, 0, 800, 600)
    chat = QRect(0, 0, 800, 600)
    rect = popup_rect(chat, area=area)
    assert rect.top() == area.top() and rect.left() == (800 - 560) // 2  # as high as possible, centred
    assert area.contains(rect)


def test_unknown_chat_window_centres_the_popup_on_the_screen():
    rect = popup_rect(None)
    assert abs(rect.center().x() - SCREEN.center().x()) <= 1
    assert abs(rect.center().y() - SCREEN.center().y()) <= 1


def test_chat_window_partly_off_screen_uses_its_visible_part():
    chat = QRect(-400, 100, 1000, 900)  # 600 px of it are on the screen
    rect = popup_rect(chat)
    assert SCREEN.contains(rect)
    assert not rect.intersects(text_box(chat.intersected(SCREEN)))


def test_second_screen_keeps_the_popup_on_that_screen():
    area = QRect(1920, 0, 1280, 1024)
    chat = QRect(2900, 700, 300, 300)  # bottom-right corner of the second screen
    rect = popup_rect(chat, area=area)
    assert area.contains(rect) and not rect.intersects(chat)


@given(
    x=st.integers(-500, 2400),
    y=st.integers(-300, 1300),
    width=st.integers(1, 2000),
    height=st.integers(1, 1400),
)
def test_the_popup_always_lies_on_the_screen_and_spares_the_text_box_when_there_is_room(x, y, width, height):
    chat = QRect(x, y, width, height)
    rect = popup_rect(chat)
    assert SCREEN.contains(rect)
    visible = chat.intersected(SCREEN)
    upper = visible.height() - round(visible.height() * placement.KEEP_VISIBLE)
    room_above = visible.top() - placement.GAP - SCREEN.top()
    if not visible.isEmpty() and (upper >= POPUP.height() or room_above >= POPUP.height()):
        assert not rect.intersects(text_box(visible))
