"""The phrase library window through its widgets and public methods (pytest-qt, offscreen)."""

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QGuiApplication

from quickreply.core import lint, models, search
from quickreply.ui import library, phrase_table, stage_tree


@pytest.fixture(scope="module")
def linter():
    return lint.Linter.default()


@pytest.fixture
def db(library):
    return library


@pytest.fixture
def window(qtbot, db, linter):
    pasted = []
    widget = library.LibraryWindow(
        db,
        search.SearchIndex.from_store(db),
        linter,
        paste=lambda phrase, mode: pasted.append((phrase, mode)),
    )
    widget.pasted = pasted
    qtbot.addWidget(widget)
    widget.show()
    return widget


def own(db, stage="shipping", title="我的发货说明", code="wfh", body="亲，今天下单明天发出。", **extra):
    return db.add(models.Phrase(stage_id=stage, title=title, code=code, body=body, **extra))


def stage_ids(db, stage):
    return [p.id for p in db.phrases(stage)]


def test_every_stage_in_conversation_order_with_its_count(window, db):
    items = window.stage_items()
    assert items[0][0] is None and items[0][1] == f"全部 ({len(db.phrases())})"
    expected = [(s.id, f"{s.name_zh} ({len(db.phrases(s.id))})") for s in db.stages()]
    assert items[1][0] == stage_tree.NEEDS_FIX and items[1][1] in ("需修改 (…)", "需修改 (0)")
    assert items[2:] == expected
    assert items[2][1] == "开场问候 (19)"
    assert window.windowTitle() == "短语库"
    assert [p.id for p in window.model.phrases] == [p.id for p in db.phrases()]  # 全部 at first
    assert window.current_phrase() is not None and window.detail.body.toPlainText()


def test_selecting_a_stage_fills_the_table_and_the_details(window, db):
    window.select_stage("shipping")
    assert [p.id for p in window.model.phrases] == stage_ids(db, "shipping")
    assert window.model.headerData(0, library.Qt.Orientation.Horizontal) == "编码"
    fh = db.find_by_code("fh")[0]
    row = window.model.row_of(fh.id)
    window.table.selectRow(row)
    window.table.setCurrentIndex(window.model.index(row, 1))
    assert window.detail.body.toPlainText() == fh.body
    assert window.detail.note.text() == fh.note
    assert [
        window.detail.questions.item(i).text() for i in range(window.detail.questions.count())
    ] == fh.questions
    assert window.model.index(row, phrase_table.PhraseTableModel.PACK).data() == "默认短语库"
    assert window.model.index(row, phrase_table.PhraseTableModel.LINT).data() == "✓"
    # the placeholder is marked in the read-only body
    block = window.detail.body.document().firstBlock()
    formats = block.layout().formats()
    assert any(f.format.background().color().name() == "#e3f2fd" for f in formats)
    assert window.detail.body.isReadOnly()


def test_usage_and_lint_columns(window, db):
    fh = db.find_by_code("fh")[0]
    db.record_use(fh.id)
    db.record_use(fh.id)
    bad = own(db, code="bad", body="不好意思哦，今天发不了")
    window.refresh()
    window.select_stage("shipping")
    row = window.model.row_of(fh.id)
    assert window.model.index(row, phrase_table.PhraseTableModel.COUNT).data() == "2"
    assert window.model.index(row, phrase_table.PhraseTableModel.LAST_USED).data()
    bad_row = window.model.row_of(bad.id)
    assert window.model.index(bad_row, phrase_table.PhraseTableModel.LINT).data() == str(
        len(window.linter.lint(bad.body))
    )
    assert window.model.index(bad_row, phrase_table.PhraseTableModel.PACK).data() == "我的短语"


def test_the_search_box_finds_across_stages(window, db):
    window.select_stage("greeting")
    window.search_box.setText("fh")
    assert window.current_phrase().code == "fh"
    assert "前付款" in window.detail.body.toPlainText()
    window.search_box.setText("zzqxqq")
    assert window.model.rowCount() == 0 and window.empty_label.text() == "没有匹配的短语"


def test_read_only_hides_editing(qtbot, db, linter):
    widget = library.LibraryWindow(db, search.SearchIndex.from_store(db), linter, read_only=True)
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.toolbar.isVisible()
    assert not any(a.isEnabled() for a in widget.editing.actions.values())
    assert not widget.paste_button.isEnabled()  # no paste callback
    assert widget.editing.add_phrase() is None and widget.editing.delete_selected() is None


def test_add_through_the_editor(window, db):
    window.select_stage("closing")
    dialog = window.editing.add_phrase()
    assert dialog.stage_combo.currentData() == "closing"
    dialog.title_edit.setText("感谢光临")
    dialog.code_edit.setText("GX1")
    dialog.body_edit.setPlainText("感谢光临{店铺名}，祝您生活愉快！")
    dialog.note_edit.setText("结束对话时")
    dialog.questions_edit.setPlainText("好的谢谢\n\n没事了")
    dialog.save_button.click()
    added = db.find_by_code("gx1")
    assert len(added) == 1 and added[0].stage_id == "closing" and added[0].questions == ["好的谢谢", "没事了"]
    assert window.current_phrase().id == added[0].id
    assert (
        "closing" in dict(window.stage_items())
        and dict(window.stage_items())["closing"] == f"结束语 ({len(db.phrases('closing'))})"
    )


def test_edit_an_own_phrase(window, db):
    mine = own(db)
    window.select_phrase(mine.id)
    dialog = window.editing.edit_selected()
    assert dialog.title_edit.text() == "我的发货说明"
    dialog.body_edit.setPlainText("亲，今天下单后天发出。")
    dialog.accept()
    assert db.get(mine.id).body == "亲，今天下单后天发出。"
    assert window.detail.body.toPlainText() == "亲，今天下单后天发出。"


def test_editing_a_default_phrase_says_read_only_and_copying_makes_it_editable(window, db):
    fh = db.find_by_code("fh")[0]
    assert window.select_phrase(fh.id)
    assert window.editing.edit_selected() is None
    assert "只读" in window.statusBar().currentMessage() and "复制为自己的短语" in window.message_box.text()
    assert window.editing.actions["copy_own"].isEnabled() and not window.editing.actions["delete"].isEnabled()
    # the store refuses too, and the window shows it instead of raising
    window.editing.actions["move"].setEnabled(True)
    assert window.editing.move_selected_to("closing") is None
    assert "只读短语包" in window.message_box.text()
    window.editing.actions["copy_own"].trigger()
    copies = [p for p in db.find_by_code("fh") if p.pack_id is None]
    assert len(copies) == 1
    copy = copies[0]
    assert (copy.stage_id, copy.title, copy.body, copy.note, copy.questions) == (
        fh.stage_id,
        fh.title,
        fh.body,
        fh.note,
        fh.questions,
    )
    assert window.current_phrase().id == copy.id
    dialog = window.editing.edit_selected()
    assert dialog is not None
    dialog.title_edit.setText("发货时间(本店)")
    dialog.accept()
    assert db.get(copy.id).title == "发货时间(本店)" and db.get(fh.id).title == "发货时间"


def test_delete_and_undo(window, db):
    mine = own(db, note="催发货时", questions=["啥时候发"])
    own(db, title="另一条", code="ltl")
    window.select_phrase(mine.id)
    before = stage_ids(db, "shipping")
    position = before.index(mine.id)
    window.editing.actions["delete"].trigger()
    assert db.find_by_code("wfh") == []
    assert window.editing.undo_button.isVisible() and "已删除" in window.statusBar().currentMessage()
    window.editing.undo_button.click()
    back = db.find_by_code("wfh")
    assert len(back) == 1
    again = back[0]
    assert (again.stage_id, again.title, again.code, again.body, again.note, again.questions) == (
        mine.stage_id,
        mine.title,
        mine.code,
        mine.body,
        mine.note,
        mine.questions,
    )
    assert stage_ids(db, "shipping").index(again.id) == position
    assert not window.editing.undo_button.isVisible()


def test_up_down_and_move_to_stage(window, db):
    mine = own(db)
    window.select_phrase(mine.id)
    last = len(stage_ids(db, "shipping")) - 1
    assert stage_ids(db, "shipping")[last] == mine.id
    window.editing.actions["up"].trigger()
    assert stage_ids(db, "shipping")[last - 1] == mine.id
    assert window.current_phrase().id == mine.id and window.model.row_of(mine.id) == last - 1
    window.editing.move_up()
    window.editing.move_down()
    assert stage_ids(db, "shipping")[last - 1] == mine.id
    window.editing.move_selected_to("logistics")
    assert db.get(mine.id).stage_id == "logistics" and stage_ids(db, "logistics")[-1] == mine.id
    assert window.current_phrase().id == mine.id


def test_dragging_a_row_reorders_the_stage(qtbot, window, db):
    window.select_stage("shipping")
    ids = stage_ids(db, "shipping")
    model = window.model
    assert model.reorderable
    data = model.mimeData([model.index(0, 0)])
    model.dropMimeData(data, library.Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    qtbot.waitUntil(lambda: stage_ids(db, "shipping")[2] == ids[0])
    assert [p.id for p in window.model.phrases] == stage_ids(db, "shipping")
    window.search_box.setText("发货")
    assert not window.model.reorderable  # no dragging in search results


def test_store_changes_elsewhere_refresh_the_window(qtbot, window, db):
    window.select_stage("reviews")
    before = len(window.model.phrases)
    own(db, stage="reviews", code="pj9", title="好评感谢")
    qtbot.waitUntil(lambda: len(window.model.phrases) == before + 1)
    assert dict(window.stage_items())["reviews"] == f"评价回复 ({before + 1})"


def test_copy_and_paste_both_go_to_the_pipeline(window, db):
    fh = db.find_by_code("fh")[0]
    window.select_phrase(fh.id)
    window.copy_button.click()
    window.paste_button.click()
    assert [(p.id, mode) for p, mode in window.pasted] == [(fh.id, "copy_only"), (fh.id, None)]


def test_copy_without_an_app_copies_the_body_as_written(qtbot, db, linter):
    widget = library.LibraryWindow(db, search.SearchIndex.from_store(db), linter)
    qtbot.addWidget(widget)
    fh = db.find_by_code("fh")[0]
    widget.select_phrase(fh.id)
    clipboard = QGuiApplication.clipboard()
    try:
        widget.copy_button.click()
        assert clipboard.text() == fh.body and not widget.paste_button.isEnabled()
    finally:
        clipboard.clear()


def test_phrase_text_is_plain(window, db):
    html = own(db, code="html", title="<b>粗</b>", body="<b>x</b><img src=http://a/b.png>")
    window.select_phrase(html.id)
    assert window.detail.body.toPlainText() == "<b>x</b><img src=http://a/b.png>"
    assert window.detail.title.text() == "<b>粗</b>"
    assert window.detail.title.textFormat() == library.Qt.TextFormat.PlainText


def test_the_window_searches_the_index_it_is_given_and_builds_none(qtbot, db, linter):
    index = search.SearchIndex.from_store(db)
    widget = library.LibraryWindow(db, index, linter)
    qtbot.addWidget(widget)
    assert widget.index is index
    mine = own(db, code="xyzq", title="只在共享索引里")  # the index follows the store itself
    widget.search_box.setText("/xyzq")
    assert [p.id for p in widget.model.phrases] == [mine.id]


def test_the_stage_counts_are_the_stores(window, db):
    counts = db.stage_counts()
    texts = dict(window.stage_items())
    for stage in db.stages():
        assert texts[stage.id] == f"{stage.name_zh} ({counts.get(stage.id, 0)})"
    assert texts[None] == f"全部 ({db.phrase_count()})"


def test_a_destroyed_window_stops_following_the_store(qtbot, db, linter):
    before = len(db._listeners)
    widget = library.LibraryWindow(db, search.SearchIndex.from_store(db, follow=False), linter)
    assert len(db._listeners) == before + 1
    shiboken6.delete(widget)  # what Qt does to a closed window with WA_DeleteOnClose, or a parent's child
    assert len(db._listeners) == before
    own(db, code="after")  # a change after the window is gone reaches nobody and raises nothing
