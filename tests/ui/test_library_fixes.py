"""The library window's 需修改 filter and one-click fixes (pytest-qt, offscreen, a real library file)."""

import pytest

from quickreply.core import lint, models, search
from quickreply.ui import library, stage_tree


@pytest.fixture(scope="module")
def linter():
    return lint.Linter.default()


def own(db, body, code, stage="shipping", title=None, **extra):
    return db.add(models.Phrase(stage_id=stage, title=title or body[:6], code=code, body=body, **extra))


@pytest.fixture
def db(library):
    return library


def open_window(qtbot, db, linter, **options):
    widget = library.LibraryWindow(db, search.SearchIndex.from_store(db), linter, **options)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def needs_fix_entry(window):
    return dict(window.stage_items()).get(stage_tree.NEEDS_FIX)


@pytest.fixture
def shop(db):
    """Two own phrases that need a fix, one with a choice, one clean."""
    return {
        "turn": own(db, "好的哦,这款是活动价,但是可以送您赠品", "w1", stage="bargaining", title="送赠品"),
        "choice": own(db, "亲,不要着急,今天会发出", "w2", title="别着急"),
        "half": own(db, "好的哦,这款不会掉色", "w3", stage="quality", title="掉色吗"),
        "clean": own(db, "已经为您加急处理,请放心", "w4", title="加急"),
    }


def test_the_count_is_made_in_the_background_and_the_filter_lists_only_them(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    assert needs_fix_entry(window) == "需修改 (…)"  # the window opens before the check is done
    qtbot.waitUntil(lambda: needs_fix_entry(window) == "需修改 (3)")
    window.select_stage(stage_tree.NEEDS_FIX)
    assert window.needs_fix_mode
    assert [p.id for p in window.model.phrases] == [shop["choice"].id, shop["turn"].id, shop["half"].id]
    assert not window.table.isColumnHidden(window.model.STAGE) and not window.model.reorderable
    assert window.current_phrase().id == shop["choice"].id


def test_choosing_the_filter_before_the_count_is_done_finishes_it(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    window.select_stage(stage_tree.NEEDS_FIX)
    assert len(window.model.phrases) == 3 and needs_fix_entry(window) == "需修改 (3)"


def test_one_click_fixes_the_phrase_it_leaves_the_filter_and_undo_brings_it_back(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    window.select_stage(stage_tree.NEEDS_FIX)
    turn = shop["turn"]
    assert window.select_phrase(turn.id) and window.needs_fix_mode
    detail = window.detail
    assert detail.fix_bar.isVisible() and detail.fix_button.text() == "一键修改"
    assert not detail.choice_button.isVisible()
    assert detail.lint.text().splitlines()[0] == "需修改,不符合服务规范:"
    assert "· 服务规范禁用语气词「哦」,请删除" in detail.lint.text()
    assert "好的,这款是活动价,只是可以送您赠品" in detail.fix_button.toolTip()
    assert detail.fix_preview.text() == "一键修改后:好的,这款是活动价,只是可以送您赠品"
    detail.fix_button.click()
    assert db.get(turn.id).body == "好的,这款是活动价,只是可以送您赠品"
    assert turn.id not in [p.id for p in window.model.phrases]
    assert window.current_phrase().id == shop["half"].id  # the next one in the list
    assert needs_fix_entry(window) == "需修改 (2)"
    message = window.statusBar().currentMessage()
    assert message == "已修改「送赠品」:「哦」删除、「但是」→「只是」"
    assert window.editing.undo_button.isVisible()
    window.editing.undo_button.click()
    assert db.get(turn.id).body == turn.body and window.current_phrase().id == turn.id
    assert needs_fix_entry(window) == "需修改 (3)" and not window.editing.undo_button.isVisible()


def test_several_choices_come_as_a_menu(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    window.select_stage(stage_tree.NEEDS_FIX)
    window.select_phrase(shop["choice"].id)
    detail = window.detail
    assert detail.choice_button.isVisible() and not detail.fix_button.isVisible()
    actions = detail.choice_menu.actions()
    assert [a.text() for a in actions] == ["「不要」改为「请勿」", "「不要」改为「无需」"]
    actions[1].trigger()
    assert db.get(shop["choice"].id).body == "亲,无需着急,今天会发出"
    assert shop["choice"].id not in [p.id for p in window.model.phrases]


def test_what_a_click_cannot_fix_stays_with_the_reason(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    window.select_stage(stage_tree.NEEDS_FIX)
    window.select_phrase(shop["half"].id)
    window.detail.fix_button.click()
    assert db.get(shop["half"].id).body == "好的,这款不会掉色"
    assert window.current_phrase().id == shop["half"].id  # still needs a person
    assert "还需人工修改:服务规范禁用「不」字" in window.statusBar().currentMessage()
    assert not window.detail.fix_bar.isVisible()  # nothing left that a click can do


def test_a_read_only_pack_phrase_is_copied_as_own_and_fixed(qtbot, db, linter):
    db.add_pack(models.PackInfo(id="trainer", name="培训话术", read_only=True))
    theirs = own(db, "好的哦,马上为您催一下仓库", "cd", title="催单", pack_id="trainer")
    window = open_window(qtbot, db, linter)
    window.select_stage(stage_tree.NEEDS_FIX)
    assert window.current_phrase().id == theirs.id
    assert window.detail.fix_button.text() == "复制为自己的短语并修改"
    count = db.phrase_count()
    window.detail.fix_button.click()
    copies = [p for p in db.find_by_code("cd") if p.pack_id is None]
    assert [c.body for c in copies] == ["好的,马上为您催一下仓库"] and db.get(theirs.id).body == theirs.body
    assert "已复制为自己的短语并修改「催单」" in window.statusBar().currentMessage()
    assert window.current_phrase().id == theirs.id  # the pack's phrase itself is unchanged
    assert window.detail.fix_button.text() == "查看修改好的副本"
    window.detail.fix_button.click()  # no second copy: the first is shown
    assert window.current_phrase().id == copies[0].id and db.phrase_count() == count + 1
    assert "已有修改好的副本" in window.statusBar().currentMessage()
    window.editing.undo_button.click()
    assert db.phrase_count() == count


def test_a_clean_library_says_so(qtbot, db, linter):
    window = open_window(qtbot, db, linter)
    qtbot.waitUntil(lambda: needs_fix_entry(window) == "需修改 (0)")
    window.select_stage(stage_tree.NEEDS_FIX)
    assert window.model.rowCount() == 0 and window.empty_label.text() == "没有需要修改的短语:全部符合服务规范"


def test_a_phrase_edited_elsewhere_joins_the_filter(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    window.select_stage(stage_tree.NEEDS_FIX)
    db.update(shop["clean"].id, body="嗯,已经为您加急处理")
    qtbot.waitUntil(lambda: shop["clean"].id in [p.id for p in window.model.phrases])
    assert needs_fix_entry(window) == "需修改 (4)"


def test_browse_only_and_no_linter(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter, read_only=True)
    window.select_stage(stage_tree.NEEDS_FIX)
    assert len(window.model.phrases) == 3 and not window.detail.fix_bar.isVisible()
    assert window.fixes.fix_selected() is None
    bare = open_window(qtbot, db, None)
    assert needs_fix_entry(bare) is None and bare.fixes.count() is None


def test_the_filter_in_english(qtbot, db, linter, shop):
    from PySide6.QtCore import QCoreApplication

    from quickreply.ui import translator

    installed = translator.install("en")
    try:
        window = open_window(qtbot, db, linter)
        window.select_stage(stage_tree.NEEDS_FIX)
        assert needs_fix_entry(window) == "Needs fixing (3)"
        assert window.detail.lint.text().startswith("Needs fixing, breaks the service standard:")
    finally:
        QCoreApplication.instance().removeTranslator(installed)


def test_new_rules_change_the_list(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    praise = own(db, "这款口碑不错", "kb", title="口碑")
    window.select_stage(stage_tree.NEEDS_FIX)
    assert praise.id in [p.id for p in window.model.phrases]
    window.set_linter(lint.Linter.default(allow=["不错"]))  # the shop's rule file now allows 不错
    assert praise.id not in [p.id for p in window.model.phrases] and needs_fix_entry(window) == "需修改 (3)"
    window.select_phrase(shop["turn"].id)
    window.set_linter(None)
    assert needs_fix_entry(window) is None and not window.detail.fix_bar.isVisible()
    assert window.model.rowCount() == db.phrase_count() and window.stage_tree.current_stage() is None


def test_a_use_does_not_make_the_filter_read_the_library_again(qtbot, db, linter, shop):
    window = open_window(qtbot, db, linter)
    window.select_stage(stage_tree.NEEDS_FIX)
    rows = window.fixes.rows()
    db.record_use(shop["turn"].id)
    qtbot.waitUntil(
        lambda: window.model.index(window.model.row_of(shop["turn"].id), window.model.COUNT).data() == "1"
    )
    assert window.fixes.rows() is rows
    db.update(shop["turn"].id, title="送赠品话术")
    assert window.fixes.rows() is not rows
