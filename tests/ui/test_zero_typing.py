"""Zero typing: the buyer's line just copied is answered at the hotkey, and nothing else is offered.

The whole app runs (the ``quick`` fixture) on the offscreen platform, whose clipboard lives in this
process: a ``setText`` from the test is another program's copy (it happens outside quickreply's
own puts), and the paste service's reply and restore are quickreply's own.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyleOptionViewItem

from quickreply.core import search
from quickreply.deliver import clipboard
from quickreply.ui import fresh_copy

MESSAGE = "这个什么时候发货啊"
HOTKEY = "ctrl+alt+space"


@pytest.fixture(autouse=True)
def no_earlier_puts():
    """An own put of an earlier test (a restore a moment ago) must not make this test's copy a takeover."""
    clipboard.OWN.__init__()


def copy(text):
    """The agent copies ``text`` in the chat window."""
    QGuiApplication.clipboard().setText(text)


def test_a_fresh_buyer_message_is_shown_with_its_suggestions_at_once(qtbot, quick):
    instance, desk = quick
    copy(MESSAGE)
    desk.fire(HOTKEY)
    pop = instance.popup
    assert pop.isVisible()
    assert pop.search_field.text() == MESSAGE
    assert pop.search_field.selectedText() == MESSAGE  # typing replaces it
    assert pop.message_label.isVisible() and "买家消息" in pop.message_label.text()
    assert pop.model.rowCount() > 0 and pop.view.currentIndex().row() == 0
    assert "fh" in [r.phrase.code for r in pop.model.results[:3]]


def test_typing_replaces_the_message_and_the_caption_goes(qtbot, quick):
    instance, desk = quick
    copy(MESSAGE)
    desk.fire(HOTKEY)
    qtbot.keyClicks(instance.popup.search_field, "kd")
    assert instance.popup.search_field.text() == "kd"
    assert not instance.popup.message_label.isVisible()
    assert instance.popup.current().phrase == instance.index.search("kd")[0].phrase


def test_enter_pastes_and_records_the_message_as_the_query(qtbot, quick):
    instance, desk = quick
    copy(MESSAGE)
    desk.fire(HOTKEY)
    first = instance.popup.current().phrase
    with (
        qtbot.waitSignal(instance.service.restored, timeout=5000),  # no restore left for the next test
        qtbot.waitSignal(instance.service.finished, timeout=3000) as done,
    ):
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
    assert done.args[0].status == "pasted"
    assert ("send_keys", "ctrl+v") in desk.calls
    assert not instance.popup.isVisible()
    instance.queue.flush()
    qtbot.waitUntil(lambda: instance.store.usage_of(first.id).count == 1, timeout=3000)
    rows = list(instance.store.db.query("SELECT query, action FROM usage"))
    assert rows == [{"query": MESSAGE, "action": "paste"}]


def test_our_pasted_reply_and_the_restored_old_clipboard_are_not_offered(qtbot, quick):
    instance, desk = quick
    copy(MESSAGE)
    desk.fire(HOTKEY)
    with qtbot.waitSignal(instance.service.restored, timeout=5000) as restored:
        qtbot.keyClick(instance.popup.search_field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: ("send_keys", "ctrl+v") in desk.calls, timeout=3000)
        # Before the restore the clipboard holds our reply (it reads like a message: 亲，…):
        reply = QGuiApplication.clipboard().text()
        assert reply.startswith("亲")
        desk.fire(HOTKEY)
        assert instance.popup.search_field.text() == "" and not instance.popup.message_label.isVisible()
        instance.popup.dismiss()
    assert restored.args == [True]
    # The agent's old clipboard is back: it was the buyer's line, but quickreply put it back.
    assert QGuiApplication.clipboard().text() == MESSAGE
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == ""
    instance.popup.dismiss()
    qtbot.wait(int(fresh_copy.TAKEOVER_S * 1000) + 100)
    copy(MESSAGE)  # the agent copies the same line again: that is a copy of theirs
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == MESSAGE


def test_a_copy_older_than_the_setting_opens_the_popup_empty(qtbot, quick):
    instance, desk = quick
    instance.settings.set("popup.clipboard_seconds", 1)
    copy(MESSAGE)
    qtbot.wait(1200)
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == ""
    assert not instance.popup.message_label.isVisible()
    assert instance.popup.model.rowCount() > 0  # the usual list of an empty query


def test_zero_seconds_switches_it_off(qtbot, quick):
    instance, desk = quick
    instance.settings.set("popup.clipboard_seconds", 0)
    copy(MESSAGE)
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == ""


@pytest.mark.parametrize("text", ["", "https://item.taobao.com/item.htm?id=1", "SF1234567890", "fh", "  "])
def test_what_is_no_buyer_message_opens_the_popup_empty(qtbot, quick, text):
    instance, desk = quick
    copy(text)
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == ""


def test_non_text_clipboard_opens_the_popup_empty(qtbot, quick):
    from PySide6.QtGui import QImage

    instance, desk = quick
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0)
    QGuiApplication.clipboard().setImage(image)
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == ""


def test_the_clipboard_is_read_once_per_opening_through_the_bounded_reader(qtbot, quick):
    instance, desk = quick
    desk.clipboard = {"text/plain": MESSAGE.encode()}  # the desktop's bounded reader answers
    copy("whatever")  # a change by another program: its content is what the reader returns
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == MESSAGE
    assert [c for c in desk.calls if c[0] == "read_clipboard"] == [("read_clipboard", 0.3)]


def test_a_hung_owner_leaves_the_popup_empty(qtbot, quick):
    instance, desk = quick
    instance.tray.message = lambda *args, **kwargs: None
    copy(MESSAGE)
    desk.clipboard = None  # the owner never answers
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == ""


def test_a_clipboard_manager_taking_our_reply_over_is_not_a_fresh_copy(qtbot, quick):
    instance, _desk = quick
    board = QGuiApplication.clipboard()
    watch = fresh_copy.CopyWatch(board)
    with clipboard.own_put("亲，已经为您安排发货了"):
        board.setText("亲，已经为您安排发货了")
    assert not watch.foreign
    board.setText("亲，已经为您安排发货了")  # the manager owns it now, with our text
    assert watch.fresh(30)
    assert watch.offer(lambda: "亲，已经为您安排发货了", 30) == ""
    assert watch.offer(lambda: "亲 什么时候发货啊", 30) == "亲 什么时候发货啊"


def test_a_long_message_is_one_line(qtbot, quick):
    instance, desk = quick
    copy("我昨天买的衣服\n到现在还没发货\r\n你们 到底 什么时候发")
    desk.fire(HOTKEY)
    assert instance.popup.search_field.text() == "我昨天买的衣服 到现在还没发货 你们 到底 什么时候发"


def test_a_best_guess_row_is_dimmed_and_marked(qtbot, quick):
    instance, _desk = quick
    pop = instance.popup
    pop.open()
    found = instance.index.search("fh", limit=2)
    guess = search.Result(found[0].phrase, found[0].tier, found[0].score, certain=False)
    pop.model.set_results([guess, found[1]])
    delegate = pop.view.itemDelegate()
    option = QStyleOptionViewItem()
    option.rect = pop.view.visualRect(pop.model.index(0))
    option.font = pop.view.font()
    marked = delegate.layout(option, pop.model.index(0))
    plain = delegate.layout(option, pop.model.index(1))
    assert plain.guess is None
    assert marked.guess is not None and marked.title.right() < marked.guess.left()
    assert option.rect.contains(marked.guess)
    assert delegate.guess_text() == "可能相关"
