"""User data is shown as text, never as markup: a stage named <table width=5000> (issue 14)."""

import datetime

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QToolTip

from quickreply.core import lint, models, pipeline, search
from quickreply.ui import library, popup, stats_view, tray

HOSTILE = "<table width=5000><tr><td>宽</td></tr></table>"
WIDE = 1000  # px; the hostile markup asks for 5000


@pytest.fixture
def hostile(fresh_store):
    """A library with a stage, a title, a body, a note and a placeholder made of markup, used once."""
    db = fresh_store
    db.add_stage(models.Stage("hostile", HOSTILE, HOSTILE, 5))
    phrase = db.add(
        models.Phrase(
            stage_id="hostile",
            title=HOSTILE,
            code="ht",
            body=HOSTILE + "亲{<table width=5000>?}",
            note=HOSTILE,
        )
    )
    db.record_use(phrase.id, when=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))
    return db


def shown_tooltip_width(text, widget):
    """Show ``text`` as Qt shows a tooltip and return the tooltip's width."""
    QToolTip.showText(widget.mapToGlobal(QPoint(0, 0)), text, widget)
    tips = [
        w
        for w in QApplication.topLevelWidgets()
        if w.metaObject().className() == "QTipLabel" and w.isVisible()
    ]
    assert tips, "no tooltip shown"
    width = tips[0].sizeHint().width()
    QToolTip.hideText()
    return width


def labels_are_plain(widget):
    return all(
        label.textFormat() == Qt.TextFormat.PlainText for label in widget.findChildren(QLabel) if label.text()
    )


def test_the_popup_stage_filter_label_is_plain_text(qtbot, hostile):
    pop = popup.Popup(
        search.SearchIndex.from_store(hostile), pipeline.Pipeline(lint.Linter.default()), hostile.stages()
    )
    qtbot.addWidget(pop)
    pop.open()
    while pop.stage_filter != "hostile":
        pop.cycle_stage(1)
    assert HOSTILE in pop.filter_label.text()
    assert pop.filter_label.textFormat() == Qt.TextFormat.PlainText
    assert pop.filter_label.sizeHint().width() < WIDE and pop.sizeHint().width() < WIDE
    # the result's tooltip (its note) and the placeholder form's label
    pop.search_field.setText("ht")
    note = pop.model.data(pop.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert shown_tooltip_width(note, pop) < WIDE
    pop.choose("")
    assert pop.form.is_open() and labels_are_plain(pop.form)
    assert pop.sizeHint().width() < WIDE


def test_the_stats_view_shows_stage_names_and_bodies_as_text(qtbot, hostile):
    view = stats_view.StatsView(hostile, days=7)
    qtbot.addWidget(view)
    view.show()
    assert labels_are_plain(view)
    cells = [view.stage_table.item(row, 0).text() for row in range(view.stage_table.rowCount())]
    assert HOSTILE in cells
    assert view.stage_table.horizontalHeader().sectionSize(0) < WIDE
    title = view.top_table.item(0, 0)
    assert title.text() == HOSTILE and HOSTILE in title.toolTip().replace("&lt;", "<").replace("&gt;", ">")
    assert shown_tooltip_width(title.toolTip(), view) < WIDE
    assert view.sizeHint().width() < 2 * WIDE


def test_the_library_tree_table_and_detail_are_text(qtbot, hostile):
    window = library.LibraryWindow(hostile, search.SearchIndex.from_store(hostile), lint.Linter.default())
    qtbot.addWidget(window)
    window.show()
    assert labels_are_plain(window)
    tree_item = next(
        window.stage_tree.topLevelItem(i)
        for i in range(window.stage_tree.topLevelItemCount())
        if HOSTILE in window.stage_tree.topLevelItem(i).text(0)
    )
    assert shown_tooltip_width(tree_item.toolTip(0), window) < WIDE
    model = window.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            tip = model.data(model.index(row, column, QModelIndex()), Qt.ItemDataRole.ToolTipRole)
            if tip:
                assert shown_tooltip_width(tip, window) < WIDE


def test_the_tray_window_tooltip_is_text(qtbot):
    menu = tray.Tray("ctrl+alt+space", force_window=True)
    qtbot.addWidget(menu.window)
    menu.message("quickreply", f"「{HOSTILE}」刚被删除")
    assert shown_tooltip_width(menu.window.toolTip(), menu.window) < WIDE
