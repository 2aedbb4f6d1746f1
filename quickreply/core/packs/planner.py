"""Planning an import: what each row of a pack would do to the library, decided before anything is written.

A row is refused when the reader could not read it or it breaks a rule of ``core.validate``; it is
matched with the pack's earlier version (stage and code, or stage and title), with the user's own
phrases (the conflict policy decides) and with the rows before it in the file. Stages the store
lacks are planned as new ones. The result is a report row per row and the store operations.
"""

from __future__ import annotations

import enum
import re
from typing import Any

from quickreply.core import lint, models, stages, store, validate
from quickreply.core.packs import reader
from quickreply.core.packs.report import LINT_REJECTED, Action, ReportRow
from quickreply.core.packs.row import Row


class Policy(enum.StrEnum):
    """What a row that clashes with one of the user's own phrases does."""

    SKIP = "skip"
    OVERWRITE = "overwrite"
    NEWER = "newer"  # overwrite when the file is newer than the own phrase


UNGROUPED = models.Stage(stages.UNGROUPED_ID, stages.UNGROUPED_NAME_ZH, "Ungrouped", 1000)
# How an update's reason names the fields that changed ("内容有变化").
CHANGED_FIELD_NAMES = {
    "stage_id": "阶段",
    "title": "标题",
    "code": "快捷编码",
    "body": "内容",
    "note": "备注",
    "questions": "买家问题",
    "tags": "标签",
    "auto_send": "自动发送",
}
Operation = tuple[str, Any]  # ("stage", Stage) | ("add", Phrase) | ("update", (id, changes)) | ("remove", id)


class Planner:
    """Walks the rows once, deciding each row's action against the store and the rows before it.

    ``policy`` says what clashes with the user's own phrases do; ``incoming_time`` is the file's
    time, which ``Policy.NEWER`` compares with the own phrase's.
    """

    def __init__(
        self,
        target: store.PhraseStore,
        incoming: reader.Incoming,
        info: models.PackInfo,
        linter: lint.Linter,
        policy: Policy,
        allow_lint_errors: bool,
        channel: str,
        incoming_time: str | None,
    ) -> None:
        self.target = target
        self.incoming = incoming
        self.info = info
        self.linter = linter
        self.policy = policy
        self.allow_lint_errors = allow_lint_errors
        self.channel = channel
        self.incoming_time = incoming_time
        self.rows: list[ReportRow] = []
        self.notes: list[str] = []
        self.new_stages: list[models.Stage] = []
        self.operations: list[Operation] = []
        phrases = target.phrases()
        self.stages = {s.id: s for s in target.stages()}
        self.pack_phrases = {_identity(p): p for p in phrases if p.pack_id == info.id}
        self.own_by_title = {(p.stage_id, p.title): p for p in phrases if p.pack_id is None}
        self.own_by_code_body = {(p.code, p.body): p for p in phrases if p.pack_id is None and p.code}
        self.identical = {p.content_key() for p in phrases if p.pack_id != info.id}
        # Codes are unique per stage within the pack and within the user's own phrases (the store's
        # rule); other packs may share them.
        self.codes = {
            (p.stage_id, p.code, p.pack_id): p for p in phrases if p.code and p.pack_id in (None, info.id)
        }
        self.pack_ids = {p.id for p in phrases if p.pack_id == info.id}
        self.claimed: set[tuple[str, str]] = set()
        self.seen: dict[tuple[str, str], tuple[int, tuple[object, ...]]] = {}
        self.file_codes: dict[tuple[str, str], int] = {}
        self.stage_problems: dict[str, str | None] = {}

    def run(self) -> None:
        """Plan every row, then the removal of the pack's phrases no row claimed."""
        declared = {s.id: s for s in self.incoming.stages}
        for stage in self.incoming.stages:
            self._stage_for(stage.id, declared)
        for row in self.incoming.rows:
            self._row(row, declared)
        removals: list[Operation] = []
        for key, phrase in self.pack_phrases.items():
            if key not in self.claimed:
                removals.append(("remove", phrase.id))
                reason = "新版本的短语包里已没有这条"
                self.rows.append(ReportRow(None, Action.REMOVE, phrase, reason, phrase_id=phrase.id))
        # Removals go first, so a code a dropped phrase held is free for the phrases that take it.
        stage_ops = [op for op in self.operations if op[0] == "stage"]
        self.operations = stage_ops + removals + [op for op in self.operations if op[0] != "stage"]

    def _row(self, row: Row, declared: dict[str, models.Stage]) -> None:
        """Plan one row: its report row, and an operation when it changes the library."""
        # A row the reader could not read whole, or whose stage cannot be a stage, is refused before
        # it plans a new stage.
        written = row.phrase.stage_id
        refused = row.error or (self._stage_problem(written) if written else None)
        stage_id = self._stage_for(written, declared) if refused is None else written
        phrase = validate.normalised(row.phrase)  # a copy: the row keeps its stage as written
        phrase.stage_id, phrase.pack_id = stage_id, self.info.id
        phrase.title = phrase.title or validate.single_line(derive_title(phrase.body))
        report = ReportRow(row.number, Action.ADD, phrase)
        self.rows.append(report)
        if refused is not None:
            report.action, report.reason = Action.REJECT, refused
            return
        key = _identity(phrase)
        found = validate.problems(phrase)
        content = phrase.content_key()
        problem = (Action.REJECT, found[0].reason) if found else self._repeated(row, key, phrase, content)
        findings = self.linter.lint(phrase.body, self.channel) if phrase.body.strip() else []
        report.findings = [f"{f.rule_id}: {f.message}" for f in findings]
        self.claimed.add(key)
        if problem is not None:
            report.action, report.reason = problem
            return
        if validate.blocking(findings) and not self.allow_lint_errors:
            report.action, report.reason = Action.REJECT, LINT_REJECTED
            return
        self._decide(phrase, key, content, report)

    def _repeated(
        self, row: Row, key: tuple[str, str], phrase: models.Phrase, content: tuple[object, ...]
    ) -> tuple[Action, str] | None:
        """Skip a repeat of an earlier row; reject a row that takes an earlier row's code or title."""
        if key in self.seen:
            first, earlier = self.seen[key]
            if earlier == content:
                return Action.SKIP, f"与第 {first} 行重复"
            return Action.REJECT, f"与第 {first} 行的{'快捷编码' if phrase.code else '标题'}重复"
        self.seen[key] = (row.number, content)
        if phrase.code:
            first_code = self.file_codes.setdefault((phrase.stage_id, phrase.code), row.number)
            if first_code != row.number:
                return Action.REJECT, f"快捷编码与第 {first_code} 行重复"
        return None

    def _decide(
        self, phrase: models.Phrase, key: tuple[str, str], content: tuple[object, ...], report: ReportRow
    ) -> None:
        """A valid row: update the pack's earlier version, leave it, clash with an own phrase, or add."""
        mine = self.pack_phrases.get(key)
        if mine is not None:
            report.phrase_id = mine.id
            changes = _changes(phrase, mine)
            if not changes:
                report.action = Action.UNCHANGED
            elif self._code_taken(phrase, mine.id, report):
                return
            else:
                report.action = Action.UPDATE
                report.reason = "、".join(CHANGED_FIELD_NAMES[f] for f in changes) + "有变化"
                self.operations.append(("update", (mine.id, changes)))
            return
        if content in self.identical:
            report.action, report.reason = Action.UNCHANGED, "短语库里已有完全相同的短语"
            return
        own = self.own_by_title.get((phrase.stage_id, phrase.title))
        if own is None and phrase.code:
            own = self.own_by_code_body.get((phrase.code, phrase.body))
        if own is not None:
            self._conflict(phrase, own, report)
            return
        if self._code_taken(phrase, None, report):
            return
        self.operations.append(("add", phrase))
        self.codes[(phrase.stage_id, phrase.code, phrase.pack_id)] = phrase

    def _conflict(self, phrase: models.Phrase, own: models.Phrase, report: ReportRow) -> None:
        """A row that clashes with one of the user's own phrases: skip it or overwrite, by policy."""
        report.phrase_id = own.id
        what = f"与自己的短语 #{own.id}「{own.title}」冲突"
        newer = self.incoming_time is not None and self.incoming_time > own.updated_at
        overwrite = self.policy == Policy.OVERWRITE or (self.policy == Policy.NEWER and newer)
        if not overwrite:
            why = "(自己的短语更新)" if self.policy == Policy.NEWER else "(冲突策略:跳过)"
            report.action, report.reason = Action.SKIP, what + why
            return
        changes = _changes(phrase, own)
        changes.pop("stage_id", None)
        if self._code_taken(phrase, own.id, report):
            return
        report.action, report.reason = Action.UPDATE, what + ",已覆盖"
        self.operations.append(("update", (own.id, changes)))

    def _code_taken(self, phrase: models.Phrase, allowed_id: int | None, report: ReportRow) -> bool:
        """Reject the row (True) when its code is held in its stage by a phrase other than ``allowed_id``."""
        owner = self.info.id if allowed_id is None or allowed_id in self.pack_ids else None
        holder = self.codes.get((phrase.stage_id, phrase.code, owner)) if phrase.code else None
        if holder is None or (allowed_id is not None and holder.id == allowed_id) or holder is phrase:
            return False
        who = f"#{holder.id}「{holder.title}」" if holder.id else f"本文件另一行「{holder.title}」"
        report.action, report.reason = Action.REJECT, f"快捷编码「{phrase.code}」在本阶段已被 {who} 使用"
        return True

    def _stage_problem(self, name: str) -> str | None:
        """Why a stage cell cannot name a stage (checked once per distinct cell)."""
        if name not in self.stage_problems:
            self.stage_problems[name] = validate.stage_problem(validate.stage_name(name))
        return self.stage_problems[name]

    def _stage_for(self, name: str, declared: dict[str, models.Stage]) -> str:
        """The stage id a row's stage cell means; stages the store lacks are planned as new."""
        name = validate.stage_name(name)
        if not name or name in (stages.UNGROUPED_NAME_ZH, stages.UNGROUPED_ID):
            return self._ensure(UNGROUPED)
        if name in declared:
            return self._ensure(declared[name])
        canonical = stages.resolve_path(name)  # 售前=>物流: the most specific part that is known
        if canonical is not None:
            return canonical
        parts = [name, *stages.path_parts(name)]
        for part in parts:
            folded = stages.fold(part)
            for stage in self.stages.values():
                if folded in (stages.fold(stage.id), stages.fold(stage.name_zh), stages.fold(stage.name_en)):
                    return stage.id
        name = parts[1]  # an unknown path is a new stage named by its most specific part
        position = max((s.position for s in self.stages.values() if s.id != UNGROUPED.id), default=100) + 10
        stage = models.Stage(_new_stage_id(name, self.stages), name, "", position)
        self._ensure(stage)
        return stage.id

    def _ensure(self, stage: models.Stage) -> str:
        """The stage's id; a stage the store lacks is planned (and noted) as new."""
        if stage.id not in self.stages:
            self.stages[stage.id] = stage
            self.new_stages.append(stage)
            self.operations.append(("stage", stage))
            self.notes.append(f"新阶段「{stage.name_zh}」({stage.id})")
        return stage.id


def _identity(phrase: models.Phrase) -> tuple[str, str]:
    """How a pack's phrase is recognised in its next version: stage and code, or stage and title."""
    return (phrase.stage_id, "c:" + phrase.code) if phrase.code else (phrase.stage_id, "t:" + phrase.title)


def _changes(phrase: models.Phrase, stored: models.Phrase) -> dict[str, Any]:
    """The fields (of what a phrase says, ``validate.FIELDS``) where ``phrase`` differs from ``stored``."""
    return {f: getattr(phrase, f) for f in validate.FIELDS if getattr(phrase, f) != getattr(stored, f)}


def derive_title(body: str) -> str:
    """A title for a row that has none: the start of the reply, without greeting or placeholders."""
    text = re.sub(r"\{[^{}]*\}", "", body).strip()
    text = re.sub(r"^(亲爱的|亲|您好|你好)[,，!！\s]*", "", text)
    first = re.split(r"[,，。！？!?;；\n]", text, maxsplit=1)[0].strip()
    return (first or text or "未命名")[:12]


def _new_stage_id(name: str, existing: dict[str, models.Stage]) -> str:
    """An id for a new stage: its name in pinyin (or lower-case ASCII), numbered when taken."""
    from quickreply.core import pinyin

    base = pinyin.full(name).replace(" ", "") if not name.isascii() else re.sub(r"\W+", "_", name.lower())
    base = base or "stage"
    candidate, number = base, 2
    while candidate in existing:
        candidate, number = f"{base}{number}", number + 1
    return candidate
