"""The phrase editor dialog: live lint, one-click fixes and checks before saving (pytest-qt, offscreen)."""

import pytest
from PySide6.QtGui import QTextCharFormat

from quickreply.core import lint, models
from quickreply.ui import editor, palette


@pytest.fixture(scope="module")
def linter():
    return lint.Linter.default()


@pytest.fixture
def dialog(qtbot, fresh_store, linter):
    widget = editor.PhraseEditor(fresh_store, linter, stage_id="bargaining")
    qtbot.addWidget(widget)
    widget.show()
    return widget


def listed(dialog):
    return [dialog.findings_list.item(i).text() for i in range(dialog.findings_list.count())]


def underlines(dialog):
    block = dialog.body_edit.document().firstBlock()
    return [
        (r.start, r.start + r.length, r.format.underlineColor().name())
        for r in block.layout().formats()
        if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    ]


def test_live_lint_underlines_and_lists_findings(dialog):
    dialog.body_edit.setPlainText("不好意思哦")
    marked = underlines(dialog)
    assert {i for s, e, _ in marked for i in range(s, e)} == {0, 1, 2, 3, 4}
    assert all(colour == palette.ERROR.name() for _, _, colour in marked)
    assert dialog.highlighter.spans() == [(0, 4, "error"), (4, 5, "error")]
    texts = listed(dialog)
    assert any("不好意思" in t and "非常抱歉" in t for t in texts) and any("删除「哦」" in t for t in texts)
    dialog.body_edit.setPlainText("非常抱歉")
    assert underlines(dialog) == [] and listed(dialog) == [] and "符合" in dialog.lint_label.text()


def test_underlines_stay_in_place_after_an_emoji(dialog):
    dialog.body_edit.setPlainText("😀不好意思")
    assert dialog.highlighter.spans()[0][:2] == (2, 6)


def test_apply_replaces_the_match(dialog):
    dialog.body_edit.setPlainText("不好意思哦，这款不能便宜")
    row = next(i for i, t in enumerate(listed(dialog)) if "非常抱歉" in t)
    dialog.findings_list.setCurrentRow(row)
    assert dialog.apply_button.isEnabled()
    dialog.apply_button.click()
    assert dialog.body_edit.toPlainText() == "非常抱歉哦，这款不能便宜"
    row = next(i for i, t in enumerate(listed(dialog)) if "删除「哦」" in t)
    dialog.apply_item(dialog.findings_list.item(row))
    assert dialog.body_edit.toPlainText() == "非常抱歉，这款不能便宜"
    dialog.body_edit.undo()
    assert dialog.body_edit.toPlainText() == "非常抱歉哦，这款不能便宜"


def test_apply_tidies_the_seam_and_undoes_in_one_step(dialog):
    dialog.body_edit.setPlainText("亲，嗯，这款有货")
    dialog.apply_item(dialog.findings_list.item(0))
    assert dialog.body_edit.toPlainText() == "亲，这款有货"  # the same text Linter.fix gives
    dialog.body_edit.undo()
    assert dialog.body_edit.toPlainText() == "亲，嗯，这款有货"


def test_required_fields_and_bad_codes_are_refused(dialog, fresh_store):
    dialog.accept()
    assert dialog.result_phrase() is None and dialog.isVisible()
    assert "请填写标题" in dialog.error_label.text() and "请填写短语内容" in dialog.error_label.text()
    dialog.title_edit.setText("婉拒议价")
    dialog.body_edit.setPlainText("亲，这已经是最低价了")
    for bad in ("议价#", "a b", "-yj", "yj!"):
        dialog.code_edit.setText(bad)
        dialog.accept()
        assert dialog.isVisible() and "快捷编码" in dialog.error_label.text(), bad
    assert fresh_store.phrases() == []
    dialog.code_edit.setText("YJ.1")
    dialog.accept()
    saved = dialog.result_phrase()
    assert saved is not None and saved.code == "yj.1" and saved.stage_id == "bargaining"
    assert fresh_store.get(saved.id).title == "婉拒议价"


def test_duplicate_code_in_the_stage_is_refused(qtbot, dialog, fresh_store, linter):
    fresh_store.add(models.Phrase(stage_id="bargaining", title="已有", code="yj", body="亲，最低价了"))
    dialog.title_edit.setText("新的")
    dialog.body_edit.setPlainText("亲，真的最低价了")
    dialog.code_edit.setText("YJ")
    dialog.accept()
    assert dialog.isVisible() and "已被短语「已有」使用" in dialog.error_label.text()
    # another stage may use it
    dialog.stage_combo.setCurrentIndex(dialog.stage_combo.findData("closing"))
    dialog.accept()
    assert dialog.result_phrase().stage_id == "closing"
    # editing a phrase keeps its own code
    first = fresh_store.find_by_code("yj")[0]
    edit = editor.PhraseEditor(fresh_store, linter, first)
    qtbot.addWidget(edit)
    edit.note_edit.setText("买家砍价")
    edit.accept()
    assert edit.result_phrase().note == "买家砍价"


def test_store_errors_are_shown_inline(qtbot, fresh_store, linter):
    fresh_store.add_pack(models.PackInfo(id="p", name="包", read_only=True))
    locked = fresh_store.add(models.Phrase(stage_id="greeting", title="您好", body="亲，在的", pack_id="p"))
    edit = editor.PhraseEditor(fresh_store, linter, locked)
    qtbot.addWidget(edit)
    edit.show()
    edit.body_edit.setPlainText("亲，在的呢")
    edit.accept()
    assert edit.isVisible() and "只读短语包" in edit.error_label.text()
    assert fresh_store.get(locked.id).body == "亲，在的"


def test_the_editor_applies_the_one_phrase_validator(dialog, fresh_store):
    dialog.title_edit.setText("发\u200b货")
    dialog.code_edit.setText("F\u200bH")
    for body, message in (("亲\x1b[31m好的", "控制字符 U+001B"), ("亲，{快递:|}", "占位符")):
        dialog.body_edit.setPlainText(body)
        dialog.accept()
        assert dialog.isVisible() and message in dialog.error_label.text()
    dialog.note_edit.setText("说" * 501)
    dialog.body_edit.setPlainText("亲，好的")
    dialog.accept()
    assert dialog.isVisible() and "使用场景过长" in dialog.error_label.text()
    assert fresh_store.phrases() == []
    dialog.note_edit.setText("")
    dialog.accept()
    saved = dialog.result_phrase()
    assert (saved.title, saved.code) == ("发货", "fh")


def test_a_body_breaking_the_standard_is_held_back_once(dialog, fresh_store):
    dialog.title_edit.setText("婉拒")
    dialog.body_edit.setPlainText("不好意思哦，没办法")
    dialog.accept()
    assert dialog.isVisible() and "不符合服务规范" in dialog.error_label.text()
    assert fresh_store.phrases() == []
    dialog.accept()  # pressed again: the trainer means it
    assert dialog.result_phrase().body == "不好意思哦，没办法"
