"""The popup's result list: a Qt model over search results and a delegate that paints one row.

A row shows the stage as a coloured tag, the shortcut code, the title with the matched characters
highlighted, one line of the reply and a badge when the reply breaks the service standard.
Phrase text is always drawn as plain text: a body like ``<b>x</b>`` is shown literally.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from quickreply.core import lint, search

RESULT_ROLE = Qt.ItemDataRole.UserRole + 1
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 2
STAGE_COLOURS = {
    "greeting": "#2e7d32",
    "stock": "#00838f",
    "shipping": "#1565c0",
    "logistics": "#4527a0",
    "bargaining": "#ad1457",
    "quality": "#6a1b9a",
    "after_sales": "#e65100",
    "closing": "#558b2f",
    "reviews": "#f9a825",
    "complaints": "#c62828",
}
HIGHLIGHT = QColor("#d84315")
ROW_HEIGHT = 46

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
            return result.phrase.note or None
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


class ResultDelegate(QStyledItemDelegate):
    """Paints one result row (plain text only)."""

    def __init__(self, stage_names: dict[str, str]) -> None:
        super().__init__()
        self.stage_names = stage_names

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        result: search.Result | None = index.data(RESULT_ROLE)
        if result is None:
            return
        findings: list[lint.Finding] = index.data(FINDINGS_ROLE) or []
        painter.save()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            painter.fillRect(option.rect, palette.color(QPalette.ColorRole.Highlight).lighter(170))
        rect = option.rect.adjusted(8, 4, -8, -4)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        x = rect.left()
        top_line = QRect(rect.left(), rect.top(), rect.width(), metrics.height())
        # stage tag
        name = self.stage_names.get(result.phrase.stage_id, result.phrase.stage_id)
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        small_metrics = QFontMetrics(small)
        tag_width = small_metrics.horizontalAdvance(name) + 10
        tag = QRect(x, top_line.top() + 1, tag_width, top_line.height() - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(STAGE_COLOURS.get(result.phrase.stage_id, "#616161")))
        painter.drawRoundedRect(tag, 4, 4)
        painter.setFont(small)
        painter.setPen(QColor("white"))
        painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, name)
        x = tag.right() + 8
        # code
        painter.setFont(font)
        if result.phrase.code:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            code = "/" + result.phrase.code
            painter.drawText(
                QRect(x, top_line.top(), rect.right() - x, top_line.height()),
                Qt.AlignmentFlag.AlignVCenter,
                code,
            )
            x += metrics.horizontalAdvance(code) + 8
        # title with highlights
        bold = QFont(font)
        bold.setBold(True)
        x = self._draw_marked(
            painter,
            result.phrase.title,
            result.title_spans,
            x,
            top_line,
            bold,
            palette.color(QPalette.ColorRole.Text),
        )
        # lint badge
        if findings:
            worst = "error" if any(f.level == "error" for f in findings) else "warning"
            badge = "✕ 不合规" if worst == "error" else "! 注意"
            painter.setFont(small)
            width = small_metrics.horizontalAdvance(badge) + 10
            box = QRect(rect.right() - width, top_line.top() + 1, width, top_line.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#c62828" if worst == "error" else "#ef6c00"))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
        # one line of the body
        painter.setFont(font)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        body_line = QRect(rect.left(), top_line.bottom() + 2, rect.width(), metrics.height())
        body = " ".join(result.phrase.body.split())
        painter.drawText(
            body_line,
            Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(body, Qt.TextElideMode.ElideRight, body_line.width()),
        )
        painter.restore()

    def _draw_marked(
        self,
        painter: QPainter,
        text: str,
        spans: list[tuple[int, int]],
        x: int,
        line: QRect,
        font: QFont,
        colour: QColor,
    ) -> int:
        """Draw text piece by piece, matched pieces in the highlight colour; returns the new x."""
        painter.setFont(font)
        metrics = QFontMetrics(font)
        pieces: list[tuple[str, bool]] = []
        last = 0
        for start, end in spans:
            pieces += [(text[last:start], False), (text[start:end], True)]
            last = end
        pieces.append((text[last:], False))
        for piece, marked in pieces:
            if not piece:
                continue
            painter.setPen(HIGHLIGHT if marked else colour)
            width = metrics.horizontalAdvance(piece)
            painter.drawText(
                QRect(x, line.top(), width + 2, line.height()), Qt.AlignmentFlag.AlignVCenter, piece
            )
            x += width
        return x
