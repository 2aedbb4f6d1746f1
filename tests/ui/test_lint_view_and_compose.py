"""The draft checker window and the popup's compose mode (pytest-qt, offscreen)."""

import pytest
from PySide6.QtCore import Qt

from quickreply.core import lint, pipeline, search
from quickreply.ui import lint_view, popup

LINTER = lint.Linter.default()
DRAFT = "不好意思哦,这款不能便宜"


@pytest.fixture
def window(qtbot):
    widget = lint_view.LintWindow(pipeline.Pipeline(LINTER))
    qtbot.addWidget(widget)
    widget.set_draft(DRAFT)
    return widget


def test_findings_are_listed_and_underlined(window):
    assert window.list.count() == 3
    assert "不好意思" in window.list.item(0).text() and "非常抱歉" in window.list.item(0).text()
    block = window.editor.document().firstBlock()
    underlined = [
        r
        for r in block.layout().formats()
        if r.format.underlineStyle() != r.format.underlineStyle().NoUnderline
    ]
    assert [(r.start, r.length) for r in underlined] == [(0, 5), (8, 4)]  # 不好意思 and 哦 touch


def test_apply_one_then_all(window):
    window.list.setCurrentRow(0)
    window.apply_one.click()
    assert window.text() == "非常抱歉哦,这款不能便宜" and window.list.count() == 2
    window.apply_all.click()
    assert window.text() == "非常抱歉,这款无法再低了"
    assert window.list.count() == 0 and window.summary.text() == "符合服务规范"


def test_editing_relints_live(qtbot, window):
    window.editor.setPlainText("亲,好的")
    qtbot.waitUntil(lambda: window.list.count() == 0, timeout=2000)
    window.editor.setPlainText("亲,好的哦")
    qtbot.waitUntil(lambda: window.list.count() == 1, timeout=2000)


def test_replace_copy_and_escape(qtbot, window):
    window.apply_all.click()
    with qtbot.waitSignal(window.delivery) as replaced:
        window.replace.click()
    delivery = replaced.args[0]
    assert (delivery.text, delivery.mode, delivery.replace) == ("非常抱歉,这款无法再低了", "paste", True)
    assert not window.isVisible()
    window.show()
    with qtbot.waitSignal(window.delivery) as copied:
        window.copy.click()
    assert (copied.args[0].mode, copied.args[0].replace) == ("copy_only", False)
    window.show()
    with qtbot.waitSignal(window.dismissed), qtbot.assertNotEmitted(window.delivery):
        qtbot.keyClick(window.editor, Qt.Key.Key_Escape)


def test_replacing_with_a_draft_that_still_breaks_the_standard_asks_once(qtbot, window):
    window.show()
    with qtbot.assertNotEmitted(window.delivery):
        window.replace.click()
    assert "再按一次" in window.summary.text() and window.isVisible()
    with qtbot.waitSignal(window.delivery) as replaced:
        window.replace.click()
    assert replaced.args[0].text == DRAFT


@pytest.fixture
def pop(qtbot, fresh_store):
    widget = popup.Popup(
        search.SearchIndex.from_store(fresh_store), pipeline.Pipeline(LINTER), fresh_store.stages()
    )
    qtbot.addWidget(widget)
    widget.open()
    return widget


def test_ctrl_n_opens_the_composer_and_enter_pastes_the_draft(qtbot, pop):
    qtbot.keyClick(pop.search_field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert pop.composer.isVisible() and not pop.view.isVisible()
    pop.composer.editor.setPlainText("亲,已经为您备注好了")
    with qtbot.waitSignal(pop.picked) as picked:
        qtbot.keyClick(pop.composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    pick = picked.args[0]
    assert (pick.phrase, pick.text, pick.mode) == (None, "亲,已经为您备注好了", "paste_and_send")
    assert not pop.composer.isVisible()


def test_leading_gt_starts_a_draft_with_live_lint_and_the_gate(qtbot, pop):
    pop.search_field.setText(">不好意思")
    assert pop.composer.isVisible() and pop.composer.text() == "不好意思"
    assert "服务规范" in pop.composer.status.text()
    with qtbot.assertNotEmitted(pop.picked):
        qtbot.keyClick(pop.composer.editor, Qt.Key.Key_Return)
    assert "再按一次 Enter" in pop.composer.status.text()
    with qtbot.waitSignal(pop.picked):
        qtbot.keyClick(pop.composer.editor, Qt.Key.Key_Return)


def test_ctrl_s_saves_and_escape_closes_the_popup(qtbot, pop):
    pop.start_compose("亲,收到您的反馈")
    with qtbot.waitSignal(pop.save_draft) as saved:
        qtbot.keyClick(pop.composer.editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == ["亲,收到您的反馈"]
    with qtbot.waitSignal(pop.dismissed), qtbot.assertNotEmitted(pop.picked):
        qtbot.keyClick(pop.composer.editor, Qt.Key.Key_Escape)
    assert not pop.isVisible()
    pop.open()
    assert not pop.composer.isVisible() and pop.view.isVisible() and pop.search_field.text() == ""
