"""What an import does, row by row: the report the preview shows and the applied import returns.

Each report row carries the phrase as the import would store it (or, for ``remove``, the stored
phrase the pack dropped); the command line's ``--json`` and the import dialog show the same rows.
"""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path
from typing import Any

from quickreply.core import models


class Action(enum.StrEnum):
    """What one row does to the library."""

    ADD = "add"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"
    REJECT = "reject"
    REMOVE = "remove"


ACTIONS = tuple(Action)
ACTION_NAMES = {
    Action.ADD: "新增",
    Action.UPDATE: "更新",
    Action.UNCHANGED: "不变",
    Action.SKIP: "跳过",
    Action.REJECT: "拒绝",
    Action.REMOVE: "移除",
}
LINT_REJECTED = "不符合服务规范"
# An imported row that breaks the service standard: in the library, to be fixed there (the library
# window's 需修改 filter, ``quickreply lint --library``).
NEEDS_FIX = "需修改"
NOT_IMPORTED = (Action.SKIP, Action.REJECT)  # a row of the file whose phrase the import leaves out


@dataclasses.dataclass
class ReportRow:
    """What one row of the file does (or, for ``remove``, what happens to a phrase the pack dropped).

    ``number`` is the file's row (None for ``remove``); ``phrase`` is the row's phrase as it would
    be stored, its stage resolved (a rejected row keeps its stage as written); ``phrase_id`` is the
    library phrase the row updates, matches, clashes with or removes; ``needs_fix`` marks a row
    imported although it breaks the service standard (``findings`` say how).
    """

    number: int | None
    action: Action
    phrase: models.Phrase
    reason: str = ""
    findings: list[str] = dataclasses.field(default_factory=list)
    phrase_id: int | None = None
    needs_fix: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The row as ``quickreply import --json`` prints it."""
        return {
            "row": self.number,
            "action": str(self.action),
            "stage": self.phrase.stage_id,
            "title": self.phrase.title,
            "code": self.phrase.code,
            "reason": self.reason,
            "findings": list(self.findings),
            "phrase_id": self.phrase_id,
            "needs_fix": self.needs_fix,
        }


@dataclasses.dataclass
class ImportReport:
    """The preview of an import, or its result once applied (``backup`` then says where the copy is)."""

    source: str
    pack_id: str
    pack_name: str
    pack_version: str
    rows: list[ReportRow]
    notes: list[str]
    new_stages: list[models.Stage]
    dry_run: bool = True
    backup: Path | None = None

    def counts(self) -> dict[str, int]:
        """How many rows take each action (every action present, in ``ACTIONS`` order)."""
        counts: dict[str, int] = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def needs_fix(self) -> int:
        """How many imported rows break the service standard (marked 需修改)."""
        return sum(1 for row in self.rows if row.needs_fix)

    @property
    def complete(self) -> bool:
        """Whether every row of the file is in the library afterwards (added, updated or unchanged):
        none rejected or skipped. The command line's exit status says it."""
        return not any(row.action in NOT_IMPORTED for row in self.rows)

    @property
    def changes(self) -> int:
        """How many changes applying would make: phrases added, updated, removed and new stages."""
        counts = self.counts()
        return counts[Action.ADD] + counts[Action.UPDATE] + counts[Action.REMOVE] + len(self.new_stages)

    def as_dict(self) -> dict[str, Any]:
        """The report as ``quickreply import --json`` prints it (without the counts; ``needs_fix``
        counts the rows marked 需修改)."""
        return {
            "source": self.source,
            "pack_id": self.pack_id,
            "pack_name": self.pack_name,
            "pack_version": self.pack_version,
            "rows": [row.as_dict() for row in self.rows],
            "notes": list(self.notes),
            "new_stages": [dataclasses.asdict(stage) for stage in self.new_stages],
            "dry_run": self.dry_run,
            "backup": self.backup,
            "needs_fix": self.needs_fix,
        }
