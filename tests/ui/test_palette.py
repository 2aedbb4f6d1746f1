"""The palette is the one place colours are written, and it colours findings the same everywhere."""

import re
from pathlib import Path

from quickreply.core import lint, models
from quickreply.core.kinds import LintLevel
from quickreply.ui import palette, phrase_table, results

UI = Path(palette.__file__).parent
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def test_no_other_ui_module_writes_a_colour():
    inline = {
        path.name: HEX_COLOUR.findall(path.read_text(encoding="utf-8"))
        for path in UI.glob("*.py")
        if path.name != "palette.py"
    }
    assert {name: found for name, found in inline.items() if found} == {}


def test_findings_are_coloured_by_their_worst_level():
    assert palette.findings_colour([]) == palette.OK
    assert palette.findings_colour([LintLevel.INFO, LintLevel.WARNING]) == palette.WARNING
    assert palette.findings_colour(["warning", "error"]) == palette.ERROR
    assert palette.level_colour(LintLevel.ERROR) == palette.ERROR
    assert palette.level_colour(LintLevel.INFO) == palette.WARNING
    assert palette.ERROR_STYLE == f"color: {palette.ERROR.name()};"


def test_the_table_the_popup_and_the_editor_use_one_red(qtbot):
    linter = lint.Linter.default()
    found = linter.lint("不好意思哦，今天发不了")
    assert any(f.level == LintLevel.ERROR for f in found)
    model = phrase_table.PhraseTableModel(linter)
    model.set_phrases(
        [models.Phrase(id=1, stage_id="shipping", title="t", body="不好意思哦，今天发不了")], {}, {}, {}
    )
    colour = model.index(0, model.LINT).data(phrase_table.Qt.ItemDataRole.ForegroundRole)
    assert colour == palette.ERROR == results._badge(found)[1]
    assert (
        palette.stage_colour("shipping") != palette.stage_colour("a-stage-of-our-own") == palette.OTHER_STAGE
    )
