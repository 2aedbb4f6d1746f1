"""The popup's result list: a Qt model over search results and a delegate that paints one row.

A row shows its number (1–9, what Alt+N picks), the stage as a coloured tag, the shortcut code,
the title with the matched characters highlighted, one line of the reply and a badge when the
reply breaks the service standard. A best guess for a buyer's message (``Result.certain`` False)
is dimmed and marked 可能相关, so the agent reads it before pasting it.
Phrase text is always drawn as plain text: a body like ``<b>x</b>`` is shown literally.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from quickreply.core import lint, search
from quickreply.core.kinds import LintLevel
from quickreply.ui import palette as colours  # paint() has a QPalette called palette
from quickreply.ui import plaintext

RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_HEIGHT = 46
NUMBERED = 9  # rows with a number: Alt+1 … Alt+9
NUMBER_GAP = 8  # pixels between the number and the stage tag

Index = QModelIndex | QPersistentModelIndex


class ResultsModel(QAbstractListModel):
    """Search results, with each phrase's lint findings worked out when the row is first shown."""

    def __init__(self, linter: lint.Linter | None, stage_names: dict[str, str]) -> None:
        super().__init__()
        self.linter = linter
        self.stage_names = stage_names
        self.results: list[search.Result] = []
        self._findings: dict[tuple[int, str], list[lint.Finding]] = {}

    def set_linter(self, linter: lint.Linter | None) -> None:
        """Use other rules from now on (findings are worked out again)."""
        self.linter = linter
        self._findings.clear()

    def set_results(self, results: list[search.Result]) -> None:
        self.beginResetModel()
        self.results = results
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt's signature)
        return 0 if parent.isValid() else len(self.results)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.results):
            return None
        result = self.results[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return result.phrase.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return plaintext.tooltip(result.phrase.note) or None
        if role == RESULT_ROLE:
            return result
        if role == FINDINGS_ROLE:
            return self.findings(result)
        return None

    def findings(self, result: search.Result) -> list[lint.Finding]:
        """The reply's findings under the active rules (cached per phrase text)."""
        if self.linter is None:
            return []
        key = (result.phrase.id or 0, result.phrase.body)
        if key not in self._findings:
            self._findings[key] = self.linter.lint(result.phrase.body)
        return self._findings[key]


@dataclasses.dataclass(frozen=True)
class RowLayout:
    """Where each part of a result row is drawn; the parts never overlap."""

    number: QRect | None  # 1–9 for the first nine rows (Alt+N picks them), None from the tenth on
    tag: QRect
    code: QRect | None
    title: QRect
    badge: QRect | None
    body: QRect
    guess: QRect | None = None  # "可能相关" on a best guess, between the title and the badge


class ResultDelegate(QStyledItemDelegate):
    """Paints one result row (plain text only)."""

    def __init__(self, stage_names: dict[str, str]) -> None:
        super().__init__()
        self.stage_names = stage_names

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), ROW_HEIGHT)

    def layout(self, option: QStyleOptionViewItem, index: Index) -> RowLayout | None:
        """The rectangles of a row: number gutter, stage tag, code, title, lint badge, then the body line."""
        result: search.Result | None = index.data(RESULT_ROLE)
        if result is None:
            return None
        findings: list[lint.Finding] = index.data(FINDINGS_ROLE) or []
        rect = option.rect.adjusted(8, 4, -8, -4)
        font = QFont(option.font)
        metrics, small_metrics = QFontMetrics(font), QFontMetrics(_small(font))
        line = metrics.height()
        top, right = rect.top(), rect.left() + rect.width()
        gutter = metrics.horizontalAdvance("9") + NUMBER_GAP  # kept on every row so the tags line up
        number = (
            QRect(rect.left(), top, gutter - NUMBER_GAP, rect.height()) if index.row() < NUMBERED else None
        )
        x = rect.left() + gutter
        tag = QRect(x, top + 1, small_metrics.horizontalAdvance(self._stage_name(result)) + 10, line - 2)
        x += tag.width() + 8
        badge = None
        if findings:
            width = small_metrics.horizontalAdvance(_badge(findings)[0]) + 10
            badge = QRect(right - width, top + 1, width, line - 2)
        limit = badge.left() - 8 if badge is not None else right
        guess = None
        if not result.certain:
            width = small_metrics.horizontalAdvance(self.guess_text()) + 4
            guess = QRect(limit - width, top + 1, width, line - 2)
            limit = guess.left() - 8
        code = None
        if result.phrase.code:
            code = QRect(x, top, max(0, min(_code_width(metrics, result.phrase.code), limit - x)), line)
            x += code.width() + 8
        title = QRect(x, top, max(0, limit - x), line)
        body = QRect(rect.left() + gutter, top + line + 2, rect.width() - gutter, line)
        return RowLayout(number, tag, code, title, badge, body, guess)

    def guess_text(self) -> str:
        return self.tr("可能相关")

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        result: search.Result | None = index.data(RESULT_ROLE)
        parts = self.layout(option, index)
        if result is None or parts is None:
            return
        findings: list[lint.Finding] = index.data(FINDINGS_ROLE) or []
        painter.save()
        palette = option.palette
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight).lighter(170))
        font = QFont(option.font)
        small = _small(font)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        if parts.number is not None:
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(parts.number, Qt.AlignmentFlag.AlignCenter, str(index.row() + 1))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.stage_colour(result.phrase.stage_id))
        painter.drawRoundedRect(parts.tag, 4, 4)
        painter.setFont(small)
        painter.setPen(colours.ON_COLOUR)
        painter.drawText(parts.tag, Qt.AlignmentFlag.AlignCenter, self._stage_name(result))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        if parts.code is not None:
            painter.setPen(muted)
            code = "/" + result.phrase.code
            if parts.code.width() < _code_width(metrics, result.phrase.code):
                code = metrics.elidedText(code, Qt.TextElideMode.ElideRight, parts.code.width())
            painter.drawText(parts.code, Qt.AlignmentFlag.AlignVCenter, code)
        bold = QFont(font)
        bold.setBold(True)
        self._draw_marked(
            painter,
            result.phrase.title,
            result.title_spans,
            parts.title,
            bold,
            palette.color(QPalette.ColorRole.Text) if result.certain else muted,
        )
        if parts.guess is not None:
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(parts.guess, Qt.AlignmentFlag.AlignCenter, self.guess_text())
        if parts.badge is not None:
            text, colour = _badge(findings)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(parts.badge, 4, 4)
            painter.setFont(small)
            painter.setPen(colours.ON_COLOUR)
            painter.drawText(parts.badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(font)
        painter.setPen(muted)
        body = " ".join(result.phrase.body.split())
        painter.drawText(
            parts.body,
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(body, Qt.TextElideMode.ElideRight, parts.body.width()),
        )
        painter.restore()

    def _stage_name(self, result: search.Result) -> str:
        return self.stage_names.get(result.phrase.stage_id, result.phrase.stage_id)

    def _draw_marked(
        self,
        painter: QPainter,
        text: str,
        spans: list[tuple[int, int]],
        box: QRect,
        font: QFont,
        colour: QColor,
    ) -> None:
        """Draw text piece by piece into ``box``, matched pieces in the highlight colour; a title too
        long for the box is cut with an ellipsis."""
        painter.setFont(font)
        metrics = QFontMetrics(font)
        if metrics.horizontalAdvance(text) > box.width():
            cut = len(text)
            while cut and metrics.horizontalAdvance(text[:cut] + "…") > box.width():
                cut -= 1
            text = text[:cut] + "…" if cut else ""
            spans = [(start, min(end, cut)) for start, end in spans if start < cut]
        pieces: list[tuple[str, bool]] = []
        last = 0
        for start, end in spans:
            pieces += [(text[last:start], False), (text[start:end], True)]
            last = end
        pieces.append((text[last:], False))
        painter.setClipRect(box)
        x = box.left()
        for piece, marked in pieces:
            if not piece:
                continue
            painter.setPen(colours.MATCH if marked else colour)
            width = metrics.horizontalAdvance(piece)
            painter.drawText(
                QRect(x, box.top(), width + 2, box.height()), Qt.AlignmentFlag.AlignVCenter, piece
            )
            x += width
        painter.setClipping(False)


def _code_width(metrics: QFontMetrics, code: str) -> int:
    """The room "/code" needs (two pixels more than its rounded advance, which may fall short)."""
    return metrics.horizontalAdvance("/" + code) + 2


def _small(font: QFont) -> QFont:
    """The font of the stage tag and the lint badge."""
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    return small


def _badge(findings: list[lint.Finding]) -> tuple[str, QColor]:
    """The lint badge's text and colour for a row's findings."""
    if any(f.level == LintLevel.ERROR for f in findings):
        return "✕ 不合规", colours.ERROR
    return "! 注意", colours.WARNING
