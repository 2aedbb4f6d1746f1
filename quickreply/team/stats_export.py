"""The team's usage figures (the dict ``quickreply team stats --json`` prints) as tables and as XLSX.

The trainer's team view and the XLSX export show the same rows, so both take them from ``tables``;
the KPI yardstick (``kpi_level``) is the shop's training documents' one: first reply within 10 s,
an average of 30 s scores full. Seconds-to-paste is one part of the response time, not all of it.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path
from typing import Any

from quickreply.core import safepath, stages

XLSX_ONLY = "导出文件须为 .xlsx"
# The yardstick when the figures do not carry one (the shop's training documents).
DEFAULT_KPI = {"first_reply_seconds": 10, "average_seconds_full_score": 30, "average_seconds_normal": 40}
GOOD, OK, SLOW = "good", "ok", "slow"
KPI_NAMES = {GOOD: "好", OK: "合格", SLOW: "需关注"}
STAGE_NAMES = {stage.id: stage.name_zh for stage in stages.CANONICAL}
DATE_FORMAT = "yyyy-mm-dd hh:mm"
MAX_WIDTH = 60  # characters; a long note wraps in Excel rather than widening the sheet past the screen


@dataclasses.dataclass
class Table:
    """One sheet: its title, column headings and rows of plain values (str, int, float, datetime, None)."""

    title: str
    headers: list[str]
    rows: list[list[Any]]


def kpi(stats: dict[str, Any]) -> dict[str, float]:
    """The figures' KPI yardstick, the training documents' defaults for anything missing."""
    given = stats.get("kpi") or {}
    return {key: float(given.get(key) or value) for key, value in DEFAULT_KPI.items()}


def kpi_level(seconds: float | None, yardstick: dict[str, float]) -> str | None:
    """``GOOD`` within the first-reply time, ``OK`` within the full-score average, else ``SLOW``;
    None without a figure."""
    if seconds is None:
        return None
    if seconds <= yardstick["first_reply_seconds"]:
        return GOOD
    if seconds <= yardstick["average_seconds_full_score"]:
        return OK
    return SLOW


def rules_text(by_rule: dict[str, int] | None) -> str:
    """Violations by rule, most first: ``svc.sorry×3, svc.bu×2``."""
    ordered = sorted((by_rule or {}).items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{rule}×{count}" for rule, count in ordered)


def stage_name(stage_id: str | None) -> str:
    """A canonical stage's Chinese name; a stage the shop added keeps its id."""
    return STAGE_NAMES.get(stage_id or "", stage_id or "")


def local_time(text: str | None) -> datetime.datetime | None:
    """An ISO time of the server as this computer's local time, without a zone (Excel has none)."""
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def agent_table(stats: dict[str, Any]) -> Table:
    yardstick = kpi(stats)
    rows = []
    for agent in stats.get("agents") or []:
        seconds = agent.get("median_seconds_to_paste")
        level = kpi_level(seconds, yardstick)
        rows.append(
            [
                agent.get("agent", ""),
                agent.get("uses", 0),
                agent.get("drafts_checked", 0),
                agent.get("violations", 0),
                rules_text(agent.get("violations_by_rule")),
                seconds,
                KPI_NAMES[level] if level else "",
                local_time(agent.get("first_use")),
                local_time(agent.get("last_use")),
            ]
        )
    headers = ["客服", "使用次数", "检查草稿", "违规", "按规则", "粘贴用时中位(秒)", "对照 KPI"]
    return Table("客服", [*headers, "首次使用", "最近使用"], rows)


def phrase_table(stats: dict[str, Any]) -> Table:
    rows = [
        [
            p.get("pack", ""),
            p.get("code", ""),
            p.get("title", ""),
            stage_name(p.get("stage")),
            p.get("uses", 0),
            p.get("agents", 0),
            local_time(p.get("last_use")),
        ]
        for p in stats.get("phrases") or []
    ]
    return Table("短语", ["短语包", "编码", "标题", "阶段", "使用次数", "使用客服", "最近使用"], rows)


def never_used_table(stats: dict[str, Any]) -> Table:
    rows = [
        [
            p.get("pack", ""),
            p.get("code", ""),
            p.get("title", ""),
            stage_name(p.get("stage")),
            p.get("version"),
        ]
        for p in stats.get("never_used") or []
    ]
    return Table("从未使用", ["短语包", "编码", "标题", "阶段", "版本"], rows)


def version_table(stats: dict[str, Any]) -> Table:
    rows = [
        [
            v.get("pack", ""),
            v.get("version"),
            local_time(v.get("published_at")),
            v.get("author", ""),
            v.get("notes", ""),
            v.get("phrases", 0),
            v.get("changed", 0),
            v.get("uses", 0),
            v.get("agents", 0),
            v.get("changed_uses", 0),
            v.get("changed_agents", 0),
        ]
        for v in stats.get("versions") or []
    ]
    headers = ["短语包", "版本", "发布时间", "发布人", "说明", "短语数", "改动短语", "使用次数", "使用客服"]
    return Table("版本", [*headers, "改动短语使用次数", "用过改动的客服"], rows)


def tables(stats: dict[str, Any]) -> list[Table]:
    """The four tables of the figures: 客服, 短语, 从未使用, 版本."""
    return [agent_table(stats), phrase_table(stats), never_used_table(stats), version_table(stats)]


def write_xlsx(stats: dict[str, Any], path: str | Path) -> Path:
    """Write the figures as a workbook, one sheet per table; the file appears only once complete.

    ValueError for a name not ending in .xlsx, OSError when the file cannot be written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValueError(XLSX_ONLY)
    book = Workbook()
    book.remove(book.active)
    for table in tables(stats):
        sheet = book.create_sheet(table.title)
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for column, header in enumerate(table.headers, start=1):
            letter = sheet.cell(row=1, column=column).column_letter
            values = [row[column - 1] for row in table.rows]
            if any(isinstance(value, datetime.datetime) for value in values):
                for cell in sheet[letter][1:]:
                    cell.number_format = DATE_FORMAT
                width = 17
            else:
                width = max([_width(header), *(_width(value) for value in values)]) + 2
            sheet.column_dimensions[letter].width = min(width, MAX_WIDTH)
            if width > MAX_WIDTH:
                for cell in sheet[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    with safepath.replacing(target) as handle:
        book.save(handle)
    return target


def _width(value: Any) -> int:
    """The width of a value in Excel's character units (a Chinese character counts two)."""
    if value is None:
        return 0
    return sum(2 if ord(char) > 0x2E7F else 1 for char in str(value))
