"""How well the library answers real buyer messages: the trainer's to-do list for new phrases.

Every message is searched as the popup would search it, and the one rule below sorts it:
**confident** when the best result is certain, **weak** when there are results but the best is
only a guess, **unanswered** when nothing is found. The command line, its JSON and XLSX export and
the window in the usage view all build the same ``Report`` here, so they never disagree. Messages
are grouped by the stage of their best phrase; the unanswered ones come first, and within a stage
the weak ones before the confident ones, because they are what a trainer writes phrases for.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from quickreply.core import models, safepath, search
from quickreply.core.coverage_input import Message, Messages

CONFIDENT, WEAK, UNANSWERED = "confident", "weak", "unanswered"
ORDER = (UNANSWERED, WEAK, CONFIDENT)  # the to-do order: what has no good answer first
LABELS = {CONFIDENT: "有把握", WEAK: "不确定", UNANSWERED: "没有答案"}
TOP = 3  # results kept per message: the best and two alternatives
UNANSWERED_GROUP = "没有答案"
EXPORT_HEADERS = ("行号", "买家消息", "结果", "阶段", "最佳短语编码", "最佳短语标题", "前三条")
SUMMARY_HEADERS = ("阶段", "消息", "有把握", "不确定", "没有答案")


def verdict(results: list[search.Result]) -> str:
    """The classification contract: no results → unanswered; a certain first result → confident;
    otherwise weak."""
    if not results:
        return UNANSWERED
    return CONFIDENT if results[0].certain else WEAK


@dataclasses.dataclass
class Answer:
    """One message, what the library offers for it (at most ``TOP`` results) and the verdict."""

    message: Message
    results: list[search.Result]

    @property
    def verdict(self) -> str:
        return verdict(self.results)

    @property
    def best(self) -> models.Phrase | None:
        return self.results[0].phrase if self.results else None

    def to_dict(self, stage_names: dict[str, str]) -> dict[str, Any]:
        return {
            "row": self.message.row,
            "message": self.message.text,
            "verdict": self.verdict,
            "best": _phrase_dict(self.best, stage_names) if self.best else None,
            "top": [_phrase_dict(r.phrase, stage_names) for r in self.results],
        }


@dataclasses.dataclass
class Group:
    """The messages whose best phrase is in one stage (``stage`` None: the unanswered ones)."""

    stage: models.Stage | None
    answers: list[Answer]

    @property
    def name(self) -> str:
        return self.stage.name_zh if self.stage else UNANSWERED_GROUP

    def count(self, which: str) -> int:
        return sum(1 for answer in self.answers if answer.verdict == which)


@dataclasses.dataclass
class Report:
    """The report on one file: groups in to-do order, and how the file was read."""

    messages: Messages
    groups: list[Group]

    @property
    def answers(self) -> list[Answer]:
        """Every message in to-do order: the unanswered, then each stage's weak and confident ones."""
        return [answer for group in self.groups for answer in group.answers]

    def total(self, which: str) -> int:
        return sum(group.count(which) for group in self.groups)

    def stage_names(self) -> dict[str, str]:
        return {g.stage.id: g.stage.name_zh for g in self.groups if g.stage}

    def to_dict(self) -> dict[str, Any]:
        names = self.stage_names()
        return {
            "file": str(self.messages.source),
            "column": self.messages.column,
            "messages": len(self.messages.messages),
            "skipped": dict(self.messages.skipped),
            "totals": {which: self.total(which) for which in ORDER},
            "groups": [
                {
                    "stage": group.stage.id if group.stage else None,
                    "name": group.name,
                    **{which: group.count(which) for which in ORDER},
                    "messages": [answer.to_dict(names) for answer in group.answers],
                }
                for group in self.groups
            ],
        }

    def rows(self) -> list[list[str]]:
        """One row per message in to-do order, under ``EXPORT_HEADERS``."""
        names = self.stage_names()
        rows = []
        for answer in self.answers:
            best = answer.best
            rows.append(
                [
                    str(answer.message.row),
                    answer.message.text,
                    LABELS[answer.verdict],
                    names.get(best.stage_id, best.stage_id) if best else "",
                    best.code if best else "",
                    best.title if best else "",
                    " / ".join(phrase_label(r.phrase) for r in answer.results),
                ]
            )
        return rows

    def summary_rows(self) -> list[list[str]]:
        """One row per group and a total, under ``SUMMARY_HEADERS``."""
        rows = [
            [group.name, str(len(group.answers)), *(str(group.count(w)) for w in reversed(ORDER))]
            for group in self.groups
        ]
        rows.append(["合计", str(len(self.answers)), *(str(self.total(w)) for w in reversed(ORDER))])
        return rows


def phrase_label(phrase: models.Phrase) -> str:
    """A phrase as a report names it: its code and title."""
    return f"{phrase.code} {phrase.title}" if phrase.code else phrase.title


def _phrase_dict(phrase: models.Phrase, stage_names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": phrase.id,
        "code": phrase.code,
        "title": phrase.title,
        "stage": phrase.stage_id,
        "stage_name": stage_names.get(phrase.stage_id, phrase.stage_id),
    }


def build(
    index: search.SearchIndex,
    stages: Iterable[models.Stage],
    messages: Messages,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Search every message once (``TOP`` results) and group the answers; ``progress`` is told how
    many messages are done every hundred."""
    answers = []
    for done, message in enumerate(messages.messages, 1):
        answers.append(Answer(message, index.search(message.text, limit=TOP)))
        if progress is not None and done % 100 == 0:
            progress(done)
    return grouped(answers, stages, messages)


def grouped(answers: list[Answer], stages: Iterable[models.Stage], messages: Messages) -> Report:
    """The answers by the stage of their best phrase, in conversation order after the unanswered
    ones; within a stage weak before confident, each in file order."""
    by_stage: dict[str, list[Answer]] = {}
    unanswered = []
    for answer in answers:
        if answer.best is None:
            unanswered.append(answer)
        else:
            by_stage.setdefault(answer.best.stage_id, []).append(answer)
    known = {stage.id: stage for stage in sorted(stages, key=lambda s: (s.position, s.id))}
    order = [sid for sid in known if sid in by_stage] + sorted(set(by_stage) - set(known))
    groups = [Group(None, unanswered)] if unanswered else []
    for sid in order:
        stage = known.get(sid) or models.Stage(sid, sid, sid, 0)
        ranked = sorted(by_stage[sid], key=lambda a: ORDER.index(a.verdict))  # stable: file order kept
        groups.append(Group(stage, ranked))
    return Report(messages, groups)


def export(report: Report, path: str | Path, database: Path | None = None) -> Path:
    """Write the report as an XLSX workbook: sheet 覆盖率 (every message in to-do order) and sheet
    按阶段 (the counts). Cells are text, never formulas; never onto ``database`` (safepath). Raises
    ValueError for a name that does not end in .xlsx and OSError when the file cannot be written."""
    import openpyxl

    from quickreply.core.packs import xlsxpack

    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValueError(f"导出文件的扩展名须为 .xlsx:{target}")
    with safepath.replacing(target, database) as handle:  # first: a refused path builds no workbook
        workbook = openpyxl.Workbook(write_only=True)
        for title, headers, rows in (
            ("覆盖率", EXPORT_HEADERS, report.rows()),
            ("按阶段", SUMMARY_HEADERS, report.summary_rows()),
        ):
            sheet = workbook.create_sheet(title)
            sheet.append([xlsxpack.text_cell(sheet, h, bold=True) for h in headers])
            for row in rows:
                sheet.append([xlsxpack.text(sheet, value) for value in row])
        workbook.save(handle)
    return target
