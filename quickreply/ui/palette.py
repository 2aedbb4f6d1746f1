"""The one palette of the interface: every colour and colour style a window uses is named here.

Errors, warnings and "all good" look the same in the library, the editor, the popup, the lint
window and the settings dialog because they all take them from this module; a window never writes
a colour of its own. Colours are QColor (for painters, models and text formats) and, where a
label is coloured through a style sheet, a ready ``color: …;`` style.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor

from quickreply.core.kinds import LintLevel

# -- status ----------------------------------------------------------------------------------------
ERROR = QColor("#c62828")  # breaks the service standard, a refused value
WARNING = QColor("#ef6c00")  # worth a look, not blocking
OK = QColor("#2e7d32")  # fits the standard, a value that can be used, a done export
ON_COLOUR = QColor("white")  # text on a coloured tag or badge

ERROR_STYLE = f"color: {ERROR.name()};"
WARNING_STYLE = f"color: {WARNING.name()};"
OK_STYLE = f"color: {OK.name()};"
CAPTION_STYLE = "color: palette(placeholder-text); margin-top: 6px;"  # a small heading over a field

# -- phrase text -----------------------------------------------------------------------------------
MATCH = QColor("#d84315")  # the characters a search matched
PLACEHOLDER = QColor("#1565c0")  # {店铺名} in a reply
PLACEHOLDER_BACKGROUND = QColor("#e3f2fd")
UNKNOWN_PLACEHOLDER_BACKGROUND = QColor("#ffe0b2")  # a {name} no profile field or form fills

# -- stages ----------------------------------------------------------------------------------------
STAGE_COLOURS = {
    "greeting": QColor("#2e7d32"),
    "stock": QColor("#00838f"),
    "shipping": QColor("#1565c0"),
    "logistics": QColor("#4527a0"),
    "bargaining": QColor("#ad1457"),
    "quality": QColor("#6a1b9a"),
    "after_sales": QColor("#e65100"),
    "closing": QColor("#558b2f"),
    "reviews": QColor("#f9a825"),
    "complaints": QColor("#c62828"),
}
OTHER_STAGE = QColor("#616161")  # a stage the shop added itself

# -- the app icon and the usage chart ----------------------------------------------------------------
BRAND = QColor("#1565c0")
CHART_BAR = QColor("#1e88e5")
CHART_WEEKEND = QColor("#90caf9")
CHART_GRID = QColor("#e0e0e0")
CHART_AXIS = QColor("#757575")
CHART_TEXT = QColor("#424242")


def stage_colour(stage_id: str) -> QColor:
    """The colour of a stage's tag and name (grey for a stage the shop added)."""
    return STAGE_COLOURS.get(stage_id, OTHER_STAGE)


def level_colour(level: str) -> QColor:
    """The colour of one finding of lint level ``level`` (an error red, anything else orange)."""
    return ERROR if level == LintLevel.ERROR else WARNING


def findings_colour(levels: Iterable[str]) -> QColor:
    """The colour of a reply with findings of these levels: red when one is an error, OK when none."""
    seen = set(levels)
    if not seen:
        return OK
    return ERROR if LintLevel.ERROR in seen else WARNING
