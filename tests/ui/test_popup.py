"""The popup through its widgets, as an agent uses it (pytest-qt, offscreen)."""

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem, QWidget

from quickreply.core import lint, models, pipeline, search
from quickreply.ui import popup, results, tray

PROFILE = {"店铺名": "小鹿家居", "工号": "8", "包邮门槛": "99", "默认快递": "中通", "发货时间": "16:00"}


@pytest.fixture
def library(library):
    """The first-run library plus phrases with placeholders, a rule breach and rich text."""
    db = library
    db.add(
        models.Phrase(
            stage_id="shipping", title="订单改地址", code="gdz9", body="亲，订单{订单号?}改为{快递:圆通|顺丰}"
        )
    )
    db.add(
        models.Phrase(stage_id="bargaining", title="违规示例", code="wgsl", body="不好意思哦，这款不能便宜")
    )
    db.add(
        models.Phrase(
            stage_id="closing", title="富文本", code="html", body="<b>x</b><img src=http://a/b.png>"
        )
    )
    db.add(models.Phrase(stage_id="closing", title="未知占位", code="wz", body="亲，{优惠码}已发"))
    return db


@pytest.fixture
def pop(qtbot, library):
    remembered = {}
    flow = pipeline.Pipeline(
        lint.Linter.default(),
        profile=lambda: dict(PROFILE),
        remembered=remembered,
        clipboard_text=lambda: "CLIP",
    )
    widget = popup.Popup(search.SearchIndex.from_store(library), flow, library.stages())
    qtbot.addWidget(widget)
    widget.open()
    return widget


def type_query(pop, text):
    pop.search_field.setText(text)


def press(qtbot, pop, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(pop.search_field, key, modifier)


def test_typing_filters_and_the_best_reply_is_on_top(pop):
    type_query(pop, "fh")
    assert pop.current().phrase.code == "fh"
    assert "16:00前付款" in pop.preview.toPlainText()  # rendered with the shop profile
    type_query(pop, "zzqx")
    assert pop.model.rowCount() == 0 and "没有匹配" in pop.status.text()


def test_arrows_and_page_keys_move_the_selection(qtbot, pop):
    type_query(pop, "发货")
    first = pop.current().phrase.id
    press(qtbot, pop, Qt.Key.Key_Down)
    assert pop.current().phrase.id != first
    press(qtbot, pop, Qt.Key.Key_Up)
    assert pop.current().phrase.id == first
    press(qtbot, pop, Qt.Key.Key_PageDown)
    assert pop.view.currentIndex().row() == min(8, pop.model.rowCount() - 1)


@pytest.mark.parametrize(
    ("modifier", "mode"),
    [
        (Qt.KeyboardModifier.NoModifier, "paste"),
        (Qt.KeyboardModifier.ControlModifier, "paste_and_send"),
        (Qt.KeyboardModifier.ShiftModifier, "copy_only"),
    ],
)
def test_enter_emits_the_rendered_reply_with_the_mode(qtbot, pop, modifier, mode):
    type_query(pop, "fh")
    with qtbot.waitSignal(pop.picked) as picked:
        press(qtbot, pop, Qt.Key.Key_Return, modifier)
    pick = picked.args[0]
    assert pick.mode == mode and pick.query == "fh" and pick.phrase.code == "fh"
    assert pick.text.startswith("亲，16:00前付款当天发出") and "{" not in pick.text
    assert not pop.isVisible()


def test_alt_number_picks_that_row(qtbot, pop):
    type_query(pop, "发货")
    second = pop.model.results[1].phrase.id
    with qtbot.waitSignal(pop.picked) as picked:
        press(qtbot, pop, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert picked.args[0].phrase.id == second


def test_placeholder_form_asks_then_pastes_and_remembers(qtbot, pop):
    type_query(pop, "/gdz9")
    press(qtbot, pop, Qt.Key.Key_Return)
    assert pop.form.isVisible() and set(pop.form.editors) == {"订单号", "快递"}
    pop.form.editors["订单号"].setText("8899")
    pop.form.editors["快递"].setCurrentText("顺丰")
    with qtbot.waitSignal(pop.picked) as picked:
        qtbot.keyClick(pop.form.editors["订单号"], Qt.Key.Key_Return)
    assert picked.args[0].text == "亲，订单8899改为顺丰"
    assert pop.flow.remembered == {"订单号": "8899", "快递": "顺丰"}


def test_ctrl_enter_in_the_form_pastes_and_sends(qtbot, pop):
    type_query(pop, "/gdz9")
    press(qtbot, pop, Qt.Key.Key_Return)
    pop.form.editors["订单号"].setText("8899")
    with qtbot.waitSignal(pop.picked) as picked:
        qtbot.keyClick(pop.form.editors["快递"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert picked.args[0].mode == "paste_and_send" and picked.args[0].text == "亲，订单8899改为圆通"


@pytest.mark.parametrize("field", ["订单号", "快递"])  # a text field and a choice (closed drop-down)
def test_escape_in_the_form_closes_the_popup(qtbot, pop, field):
    type_query(pop, "/gdz9")
    press(qtbot, pop, Qt.Key.Key_Return)
    assert pop.form.isVisible()
    with qtbot.waitSignal(pop.dismissed), qtbot.assertNotEmitted(pop.picked):
        qtbot.keyClick(pop.form.editors[field], Qt.Key.Key_Escape)
    assert not pop.isVisible() and not pop.form.editors


def test_escape_with_the_focus_nowhere_in_particular_closes(qtbot, pop):
    with qtbot.waitSignal(pop.dismissed):
        qtbot.keyClick(pop, Qt.Key.Key_Escape)
    assert not pop.isVisible()


def test_empty_required_field_is_not_pasted(qtbot, pop):
    type_query(pop, "/gdz9")
    press(qtbot, pop, Qt.Key.Key_Return)
    with qtbot.assertNotEmitted(pop.picked):
        qtbot.keyClick(pop.form.editors["订单号"], Qt.Key.Key_Return)
    assert "请填写" in pop.status.text() and "订单号" in pop.status.text()


def test_escape_closes_without_a_pick(qtbot, pop):
    type_query(pop, "fh")
    with qtbot.waitSignal(pop.dismissed), qtbot.assertNotEmitted(pop.picked):
        press(qtbot, pop, Qt.Key.Key_Escape)
    assert not pop.isVisible()


def test_enter_during_ime_composition_does_not_pick(qtbot, pop):
    type_query(pop, "")
    composing = QInputMethodEvent("fa", [])
    pop.search_field.inputMethodEvent(composing)
    assert pop.search_field.composing
    with qtbot.assertNotEmitted(pop.picked):
        press(qtbot, pop, Qt.Key.Key_Return)
    committed = QInputMethodEvent()
    committed.setCommitString("发货")
    pop.search_field.inputMethodEvent(committed)
    assert not pop.search_field.composing and pop.search_field.text() == "发货"
    assert pop.current().phrase.title.startswith("发货")


def test_phrase_text_is_shown_as_plain_text(pop):
    type_query(pop, "/html")
    assert pop.preview.toPlainText() == "<b>x</b><img src=http://a/b.png>"
    assert pop.model.data(pop.model.index(0)) == "富文本"
    assert pop.status.textFormat() == Qt.TextFormat.PlainText


def test_lint_gate_asks_once_then_pastes(qtbot, pop):
    type_query(pop, "/wgsl")
    assert pop.model.findings(pop.current())
    with qtbot.assertNotEmitted(pop.picked):
        press(qtbot, pop, Qt.Key.Key_Return)
    assert "再按一次 Enter" in pop.status.text()
    with qtbot.waitSignal(pop.picked):
        press(qtbot, pop, Qt.Key.Key_Return)


def test_unknown_placeholder_is_not_pasted_blindly(qtbot, pop):
    type_query(pop, "/wz")
    with qtbot.assertNotEmitted(pop.picked):
        press(qtbot, pop, Qt.Key.Key_Return)
    assert "{优惠码}" in pop.status.text()


def test_tab_cycles_the_stage_filter(qtbot, pop):
    type_query(pop, "")
    press(qtbot, pop, Qt.Key.Key_Tab)
    assert pop.stage_filter == "greeting" and "开场问候" in pop.filter_label.text()
    assert {r.phrase.stage_id for r in pop.model.results} == {"greeting"}
    press(qtbot, pop, Qt.Key.Key_Backtab)
    assert pop.stage_filter is None


def test_stage_filter_is_reset_when_the_popup_opens_again(qtbot, pop):
    press(qtbot, pop, Qt.Key.Key_Tab)
    assert pop.stage_filter == "greeting"
    press(qtbot, pop, Qt.Key.Key_Escape)
    pop.open()
    assert pop.stage_filter is None and "全部阶段" in pop.filter_label.text()
    type_query(pop, "fh")
    assert pop.current() is not None and pop.current().phrase.code == "fh"


def test_tray_fallback_window_offers_the_menu(qtbot):
    menu = tray.Tray("ctrl+alt+space", force_window=True)
    assert menu.window is not None
    qtbot.addWidget(menu.window)
    assert "ctrl+alt+space" in menu.actions["search"].text()
    with qtbot.waitSignal(menu.settings):
        menu.actions["settings"].trigger()
    menu.set_paused(True)
    assert menu.actions["toggle_pause"].text() == "恢复热键"
    menu.message("quickreply", "已复制到剪贴板")
    assert menu.window.toolTip() == "已复制到剪贴板"


def test_switching_rules_updates_badges(qtbot, pop):
    type_query(pop, "/wgsl")
    assert pop.model.findings(pop.current())
    pop.set_linter(None)
    assert pop.model.findings(pop.current()) == []


def test_stages_added_later_get_their_names(qtbot, pop, library):
    from quickreply.core import models as m

    library.add_stage(m.Stage("promotion", "大促活动", "Promotion", 55))
    library.add(m.Phrase(stage_id="promotion", title="大促说明", body="亲,大促期间满减", code="dcsm"))
    pop.set_stages(library.stages())
    type_query(pop, "/dcsm")
    assert pop.model.stage_names["promotion"] == "大促活动"
    assert "promotion" in [s.id for s in pop.stage_list]


def test_ctrl_s_in_the_form_keeps_the_typed_shop_profile_values_only(qtbot, library):
    library.add(
        models.Phrase(
            stage_id="shipping", title="包邮说明", code="byms", body="亲,满{包邮门槛}元包邮,订单{订单号?}"
        )
    )
    widget = popup.Popup(
        search.SearchIndex.from_store(library),
        pipeline.Pipeline(profile=lambda: {"店铺名": "小鹿家居"}),
        library.stages(),
    )
    qtbot.addWidget(widget)
    widget.open()
    type_query(widget, "/byms")
    press(qtbot, widget, Qt.Key.Key_Return)
    assert list(widget.form.editors) == ["包邮门槛", "订单号"]
    assert "Ctrl+S 存为店铺资料" in widget.status.text()
    with qtbot.assertNotEmitted(widget.keep_profile):
        qtbot.keyClick(widget.form.editors["订单号"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "先填写店铺资料" in widget.status.text()
    widget.form.editors["包邮门槛"].setText("99")
    widget.form.editors["订单号"].setText("123")
    with qtbot.waitSignal(widget.keep_profile) as kept, qtbot.assertNotEmitted(widget.picked):
        qtbot.keyClick(widget.form.editors["订单号"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert kept.args == [{"包邮门槛": "99"}]  # the order number is not a shop value
    assert "已存为店铺资料:包邮金额(元)" in widget.status.text() and widget.form.isVisible()
    with qtbot.waitSignal(widget.picked) as picked:
        qtbot.keyClick(widget.form.editors["订单号"], Qt.Key.Key_Return)
    assert picked.args[0].text == "亲,满99元包邮,订单123"


def test_form_without_profile_fields_does_not_offer_ctrl_s(qtbot, pop):
    type_query(pop, "/gdz9")
    press(qtbot, pop, Qt.Key.Key_Return)
    assert "Ctrl+S" not in pop.status.text()
    with qtbot.assertNotEmitted(pop.keep_profile):
        qtbot.keyClick(pop.form.editors["订单号"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "只保存店铺资料" in pop.status.text()


def click_into_another_window(qtbot):
    """What the window system reports when the agent clicks back into the chat: another window is active."""
    other = QWidget()
    other.setWindowTitle("聊天窗口")
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    return other


def settled(qtbot, pop):
    """The popup has become the active window."""
    qtbot.waitUntil(pop.isActiveWindow)


def test_losing_the_focus_to_another_window_closes_like_escape(qtbot, pop):
    settled(qtbot, pop)
    type_query(pop, "fh")
    with qtbot.waitSignal(pop.dismissed), qtbot.assertNotEmitted(pop.picked):
        click_into_another_window(qtbot)
    assert not pop.isVisible()


def test_the_form_s_drop_down_taking_the_focus_does_not_close_it(qtbot, pop):
    settled(qtbot, pop)
    type_query(pop, "/gdz9")
    press(qtbot, pop, Qt.Key.Key_Return)
    combo = pop.form.editors["快递"]
    with qtbot.assertNotEmitted(pop.dismissed, wait=100):
        combo.showPopup()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is combo.view())  # focus is in another window
        QApplication.sendEvent(pop, QEvent(QEvent.Type.WindowDeactivate))  # as some window managers do
    assert pop.isVisible() and combo.view().isVisible()
    combo.hidePopup()
    with qtbot.waitSignal(pop.dismissed):  # with the drop-down open, Qt briefly calls it the active window
        combo.showPopup()
        click_into_another_window(qtbot)
    assert not pop.isVisible()


def test_a_deactivation_before_the_window_manager_activated_it_is_ignored(qtbot, pop):
    pop.dismiss()
    other = click_into_another_window(qtbot)
    qtbot.waitUntil(other.isActiveWindow)
    pop.open()
    assert not pop.isActiveWindow()  # activation is asynchronous here too, as under a window manager
    with qtbot.assertNotEmitted(pop.dismissed, wait=100):
        QApplication.sendEvent(pop, QEvent(QEvent.Type.WindowDeactivate))  # a late one, from before
    assert pop.isVisible() and pop.isActiveWindow()


def row_option(pop, width=None):
    option = QStyleOptionViewItem()
    option.initFrom(pop.view)
    option.rect = QRect(0, 0, width or pop.view.viewport().width(), results.ROW_HEIGHT)
    option.font = pop.view.font()
    return option


def paint_row(pop, row, option):
    """The row as the list draws it, on a white background."""
    image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    pop.view.itemDelegate().paint(painter, option, pop.model.index(row))
    painter.end()
    return image


def ink(image, rect):
    """How many pixels inside rect are not the white background."""
    white = QColor("white").rgb()
    return sum(
        image.pixel(x, y) != white
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )


def test_the_first_nine_rows_show_their_alt_number_clear_of_tag_code_title_and_badge(qtbot, pop, library):
    library.add(
        models.Phrase(stage_id="bargaining", title="议价" * 30, code="longtitle", body="不好意思，不能便宜")
    )
    type_query(pop, "")
    assert pop.model.rowCount() >= 10
    delegate = pop.view.itemDelegate()
    for width in (pop.view.viewport().width(), 320):
        option = row_option(pop, width)
        for row in range(10):
            parts = delegate.layout(option, pop.model.index(row))
            assert (parts.number is not None) == (row < 9)
            drawn = [
                r for r in (parts.number, parts.tag, parts.code, parts.title, parts.badge, parts.body) if r
            ]
            assert all(option.rect.contains(r) for r in drawn)
            assert not any(a.intersects(b) for i, a in enumerate(drawn) for b in drawn[i + 1 :])
    type_query(pop, "/longtitle")  # a title far wider than the row next to a lint badge
    option = row_option(pop, 320)
    parts = delegate.layout(option, pop.model.index(0))
    assert parts.badge is not None and parts.title.right() < parts.badge.left()
    image = paint_row(pop, 0, option)
    assert ink(image, parts.number) > 0 and ink(image, parts.badge) > 0
    gap = QRect(parts.title.right() + 1, parts.title.top(), parts.badge.left() - parts.title.right() - 1, 4)
    assert ink(image, gap) == 0  # the cut title stops before the badge


def test_row_numbers_are_drawn_one_to_nine_and_not_on_the_tenth(qtbot, pop):
    type_query(pop, "")
    option = row_option(pop)
    delegate = pop.view.itemDelegate()
    crops = []
    for row in (0, 1, 8):
        number = delegate.layout(option, pop.model.index(row)).number
        image = paint_row(pop, row, option)
        assert ink(image, number) > 0
        crops.append(image.copy(number))
    assert crops[0] != crops[1] != crops[2]  # "1", "2" and "9" are different drawings
    tenth = delegate.layout(option, pop.model.index(9))
    first = delegate.layout(option, pop.model.index(0))
    gutter = QRect(
        option.rect.left(), option.rect.top(), first.tag.left() - option.rect.left(), option.rect.height()
    )
    assert tenth.number is None and ink(paint_row(pop, 9, option), gutter) == 0
    assert tenth.tag.left() == first.tag.left()  # the tags line up with or without a number


def test_open_with_a_complete_phrase_picks_it_without_showing(qtbot, pop, library):
    pop.dismiss()
    fh = library.find_by_code("fh")[0]
    shown = []
    pop.picked.connect(lambda pick: shown.append(pop.isVisible()))
    with qtbot.waitSignal(pop.picked) as picked:
        pop.open_with(fh)
    assert picked.args[0].phrase.id == fh.id and picked.args[0].text.startswith("亲，16:00前付款")
    assert picked.args[0].query == "" and shown == [False] and not pop.isVisible()


def test_open_with_a_phrase_that_needs_the_agent_shows_why(qtbot, pop, library):
    pop.dismiss()
    library_window = click_into_another_window(qtbot)  # where the agent clicks 粘贴到聊天窗口
    qtbot.waitUntil(library_window.isActiveWindow)
    unknown = library.find_by_code("wz")[0]
    with qtbot.assertNotEmitted(pop.picked):
        pop.open_with(unknown)
    assert pop.isVisible() and "{优惠码}" in pop.status.text()
    pop.open_with(library.find_by_code("gdz9")[0])
    assert pop.isVisible() and set(pop.form.editors) == {"订单号", "快递"}
    qtbot.waitUntil(lambda: pop.form.editors["订单号"].hasFocus())
