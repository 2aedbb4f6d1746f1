"""The import dialog: preview a trainer's file, import it, cancel a large one; and the export dialog."""

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHeaderView

from quickreply.core import lint, search
from quickreply.core.packs import csvpack
from quickreply.ui import import_dialog, palette

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def dialog(qtbot, library):
    widget = import_dialog.ImportDialog(library, lint.Linter.default())
    qtbot.addWidget(widget)
    return widget


def dump(db):
    return [(p.id, p.stage_id, p.title, p.body, p.pack_id) for p in db.phrases()], [s.id for s in db.stages()]


def test_gbk_csv_from_excel_previews_then_imports_into_the_tree(dialog, library):
    before = dump(library)
    dialog.load(DATA / "qianniu_gbk.csv")
    assert "新增 10" in dialog.counts.text() and "新阶段「活动话术」" in dialog.counts.text()
    assert dialog.rows.rowCount() == 10 and dialog.rows.item(0, 1).text() == "新增"
    assert dump(library) == before  # preview only
    dialog.run_import()
    assert "导入完成" in dialog.outcome.text() and "备份" in dialog.outcome.text()
    stage = library.stage("活动话术")
    assert library.phrases(stage.id)
    assert len(library.phrases()) == len(before[0]) + 10


def test_bad_file_shows_its_message_and_cannot_be_imported(dialog):
    dialog.load(DATA / "garbage.csv")
    assert "garbage.csv" in dialog.outcome.text() and not dialog.import_button.isEnabled()


def test_rejected_rows_are_listed_with_reasons_and_standard_breakers_marked(dialog):
    dialog.load(DATA / "with_bad_rows.csv")
    reasons = [dialog.rows.item(r, import_dialog.REASON).text() for r in range(dialog.rows.rowCount())]
    assert any("缺少短语内容" in r for r in reasons) and "需修改" in reasons
    assert "拒绝 3" in dialog.counts.text() and "需修改 1" in dialog.counts.text()
    marked = reasons.index("需修改")
    assert dialog.rows.item(marked, import_dialog.ACTION).text() == "新增"
    assert dialog.rows.item(marked, import_dialog.REASON).foreground().color() == palette.WARNING
    assert "svc.particles" in dialog.rows.item(marked, import_dialog.FINDINGS).text()
    assert not dialog.reject_lint.isChecked() and dialog.reject_lint.text() == "拒绝不符合服务规范的短语"
    dialog.reject_lint.setChecked(True)
    assert "拒绝 4" in dialog.counts.text() and "需修改 0" in dialog.counts.text()
    assert dialog.rows.item(marked, import_dialog.REASON).text() == "不符合服务规范"
    assert dialog.rows.item(marked, import_dialog.REASON).foreground().color() == palette.ERROR


def test_the_preview_shows_each_reply_on_one_line_and_widens_with_the_window(dialog, tmp_path):
    path = tmp_path / "multi.csv"
    long_body = "亲，这款是现货，今天下单明天发出。\n如需加急请联系客服备注，我们优先安排顺丰发货。"
    csvpack.write_table(path, ["快捷编码", "快捷短语", "快捷短语分组"], [["xh", long_body, "发货"]])
    dialog.load(path)
    body = dialog.rows.item(0, import_dialog.BODY)
    assert "\n" not in body.text() and body.toolTip() == long_body
    dialog.show()
    header = dialog.rows.horizontalHeader()
    narrow = header.sectionSize(import_dialog.BODY)
    dialog.resize(dialog.width() + 300, dialog.height())
    QCoreApplication.processEvents()
    assert header.sectionSize(import_dialog.BODY) > narrow
    fitted = QHeaderView.ResizeMode.ResizeToContents
    assert (
        header.sectionResizeMode(import_dialog.TITLE)
        == header.sectionResizeMode(import_dialog.STAGE)
        == fitted
    )


def test_an_import_reports_how_many_phrases_need_fixing(dialog, library):
    dialog.load(DATA / "with_bad_rows.csv")
    dialog.run_import()
    assert "导入完成" in dialog.outcome.text() and "「需修改」的短语:1" in dialog.outcome.text()


def test_cancel_during_a_large_import_leaves_the_store_unchanged(dialog, library, tmp_path):
    rows = [[f"c{i}", f"亲，第{i}条话术，请放心。", "发货"] for i in range(1200)]
    path = tmp_path / "big.csv"
    csvpack.write_table(path, ["快捷编码", "快捷短语", "快捷短语分组"], rows)
    before = dump(library)
    dialog.load(path)
    original = dialog._progress

    def cancel_at_first_progress(done, total):
        dialog.cancelled = True
        return original(done, total)

    dialog._progress = cancel_at_first_progress
    dialog.run_import()
    assert "已取消" in dialog.outcome.text()
    assert dump(library) == before


def test_export_dialog_writes_the_chosen_format(qtbot, library, tmp_path):
    widget = import_dialog.ExportDialog(library)
    qtbot.addWidget(widget)
    widget.format.setCurrentIndex(widget.format.findData("csv"))
    widget.stage.setCurrentIndex(widget.stage.findData("shipping"))
    count = widget.export_to(tmp_path / "out.csv")
    assert count == len(library.phrases("shipping")) and (tmp_path / "out.csv").is_file()
    widget.pack.setCurrentIndex(widget.pack.findData("own"))
    assert widget.export_to(tmp_path / "none.csv") == 0 and "没有可以导出" in widget.outcome.text()


def test_trainer_imports_an_excel_gbk_csv_and_sees_the_new_phrases_in_the_tree(qtbot, dialog, library):
    from quickreply.ui import library as library_ui

    window = library_ui.LibraryWindow(library, search.SearchIndex.from_store(library), lint.Linter.default())
    qtbot.addWidget(window)
    dialog.load(DATA / "qianniu_gbk.csv")
    assert dialog.rows.rowCount() == 10
    dialog.run_import()
    qtbot.waitUntil(
        lambda: any(text.startswith("活动话术") for _, text in window.stage_items()), timeout=3000
    )
    window.select_stage(library.stage("活动话术").id)
    assert window.model.rowCount() >= 1


def test_long_notes_wrap_instead_of_widening_the_dialog_past_the_screen(dialog):
    """飞牛's FastWord.csv brings six notes; one per line, wrapped, the dialog still fits a laptop."""
    dialog.load(DATA / "FastWord.csv")
    assert dialog.counts.text().count("\n· ") >= 4
    assert dialog.minimumSizeHint().width() < 900
