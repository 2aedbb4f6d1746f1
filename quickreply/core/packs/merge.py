"""Merging a pack into the store: what each row would do (the preview), then all of it or nothing.

A pack has an id; importing a newer version of it updates its phrases, adds new ones and removes
those it no longer has, without touching the user's own phrases or another pack's. Rows that
clash with the user's own phrases follow the conflict policy; bad rows are rejected with a reason.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quickreply.core import lint, models, packs, stages, store, validate
from quickreply.core.packs import PackError, columns, reader, table

POLICIES = ("skip", "overwrite", "newer")
ACTIONS = ("add", "update", "unchanged", "skip", "reject", "remove")
ACTION_NAMES = {
    "add": "新增",
    "update": "更新",
    "unchanged": "不变",
    "skip": "跳过",
    "reject": "拒绝",
    "remove": "移除",
}
UNGROUPED = models.Stage(stages.UNGROUPED_ID, stages.UNGROUPED_NAME_ZH, "Ungrouped", 1000)
LINT_REJECTED = "不符合服务规范"
_FIELDS = validate.FIELDS


class Cancelled(Exception):
    """The user stopped an import; nothing was changed."""


@dataclasses.dataclass
class ReportRow:
    """What one row of the file does (or, for ``remove``, what happens to a phrase the pack dropped)."""

    row: int | None
    action: str
    stage: str
    title: str
    code: str = ""
    reason: str = ""
    findings: list[str] = dataclasses.field(default_factory=list)
    phrase_id: int | None = None


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
        counts = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def changes(self) -> int:
        counts = self.counts()
        return counts["add"] + counts["update"] + counts["remove"] + len(self.new_stages)


@dataclasses.dataclass
class Plan:
    """A report and the store operations that carry it out."""

    report: ImportReport
    info: models.PackInfo
    pack_exists: bool
    operations: list[tuple[str, Any]]


def import_file(
    target: store.PhraseStore,
    path: str | Path,
    linter: lint.Linter,
    policy: str = "skip",
    dry_run: bool = False,
    pack_id: str | None = None,
    allow_lint_errors: bool = False,
    strict: bool = False,
    limits: table.Limits | None = None,
    progress: Callable[[int, int], bool] | None = None,
    encoding: str | None = None,
) -> ImportReport:
    """Read, preview and (unless ``dry_run``) apply a pack file; PackError leaves the store as it was.
    ``encoding`` names a CSV file's encoding when the user chose one."""
    path = Path(path)
    incoming = reader.read(path, limits, encoding)
    mtime = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).isoformat(timespec="seconds")
    plan = preview(target, incoming, linter, policy, allow_lint_errors, pack_id, incoming_time=mtime)
    rejected = plan.report.counts()["reject"]
    if strict and rejected:
        raise PackError(f"{path}:有 {rejected} 行被拒绝,严格模式下不导入任何内容")
    if dry_run:
        return plan.report
    return apply(target, plan, progress)


def unreserved(wanted: str) -> str:
    """``wanted``, or for a reserved id (default, own) ``wanted-import``: the same file imported
    again updates that pack, as any pack does, and the default library is never touched."""
    return f"{wanted}-import" if wanted.strip().lower() in packs.RESERVED_PACK_IDS else wanted


def preview(
    target: store.PhraseStore,
    incoming: reader.Incoming,
    linter: lint.Linter,
    policy: str = "skip",
    allow_lint_errors: bool = False,
    pack_id: str | None = None,
    channel: str = "chat",
    incoming_time: str | None = None,
) -> Plan:
    """Work out, row by row, what importing would do; nothing is written."""
    if policy not in POLICIES:
        raise ValueError(f"未知的冲突策略 {policy!r}")
    info = dataclasses.replace(incoming.info, id=unreserved(pack_id or incoming.info.id))
    existing_packs = {p.id: p for p in target.packs()}
    planner = _Planner(target, incoming, info, linter, policy, allow_lint_errors, channel, incoming_time)
    planner.run()
    report = ImportReport(
        source=incoming.info.source,
        pack_id=info.id,
        pack_name=info.name,
        pack_version=info.version,
        rows=planner.rows,
        notes=incoming.notes + planner.notes,
        new_stages=planner.new_stages,
    )
    return Plan(report, info, info.id in existing_packs, planner.operations)


def apply(
    target: store.PhraseStore, plan: Plan, progress: Callable[[int, int], bool] | None = None
) -> ImportReport:
    """Back the store up, then carry out the plan in one transaction; any failure or a cancel
    (``progress`` returning False) rolls everything back. A pack that changes nothing writes nothing."""
    if not plan.operations and (not plan.pack_exists or target.pack(plan.info.id).sha256 == plan.info.sha256):
        return dataclasses.replace(plan.report, dry_run=False)
    backup = target.auto_backup("before-import") if target.path is not None else None
    total = len(plan.operations)
    with target.bulk(total):
        if plan.pack_exists:
            existing = target.pack(plan.info.id)
            plan.info.read_only = existing.read_only or plan.info.read_only
            target.update_pack(plan.info)
        elif any(kind == "add" for kind, _ in plan.operations):
            target.add_pack(plan.info)
        adds: list[models.Phrase] = []  # validated by the plan: written in batches, in order
        for done, (kind, payload) in enumerate(plan.operations, 1):
            if kind == "add":
                adds.append(payload)
            elif adds:
                target.add_many(adds, validated=True)
                adds.clear()
            if kind == "stage":
                target.add_stage(payload)
            elif kind == "update":
                phrase_id, changes = payload
                target.update(phrase_id, pack_write=True, **changes)
            elif kind == "remove":
                target.delete(payload, pack_write=True)
            if progress is not None and (done % 200 == 0 or done == total):
                target.add_many(adds, validated=True)
                adds.clear()
                if progress(done, total) is False:
                    raise Cancelled("导入已取消,短语库没有任何改动")
        target.add_many(adds, validated=True)
    report = dataclasses.replace(plan.report, dry_run=False, backup=backup)
    return report


class _Planner:
    """Walks the rows once, deciding each row's action against the store and the rows before it."""

    def __init__(
        self,
        target: store.PhraseStore,
        incoming: reader.Incoming,
        info: models.PackInfo,
        linter: lint.Linter,
        policy: str,
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
        self.operations: list[tuple[str, Any]] = []
        phrases = target.phrases()
        self.stages = {s.id: s for s in target.stages()}
        self.pack_phrases = {_identity(p): p for p in phrases if p.pack_id == info.id}
        self.own_by_title = {(p.stage_id, p.title): p for p in phrases if p.pack_id is None}
        self.own_by_code_body = {(p.code, p.body): p for p in phrases if p.pack_id is None and p.code}
        self.identical = {_content(p) for p in phrases if p.pack_id != info.id}
        # Codes are unique per stage within the pack and within the user's own phrases (the store's
        # rule); other packs may share them.
        self.codes = {
            (p.stage_id, p.code, p.pack_id): p for p in phrases if p.code and p.pack_id in (None, info.id)
        }
        self.pack_ids = {p.id for p in phrases if p.pack_id == info.id}
        self.claimed: set[tuple[str, str]] = set()
        self.seen: dict[tuple[str, str], tuple[int, tuple[Any, ...]]] = {}
        self.file_codes: dict[tuple[str, str], int] = {}
        self.stage_problems: dict[str, str | None] = {}

    def run(self) -> None:
        declared = {s.id: s for s in self.incoming.stages}
        for stage in self.incoming.stages:
            self._stage_for(stage.id, declared)
        for row in self.incoming.rows:
            self._row(row, declared)
        removals: list[tuple[str, Any]] = []
        for key, phrase in self.pack_phrases.items():
            if key not in self.claimed:
                removals.append(("remove", phrase.id))
                reason = "新版本的短语包里已没有这条"
                self.rows.append(
                    ReportRow(
                        None,
                        "remove",
                        phrase.stage_id,
                        phrase.title,
                        phrase.code,
                        reason,
                        phrase_id=phrase.id,
                    )
                )
        # Removals go first, so a code a dropped phrase held is free for the phrases that take it.
        stage_ops = [op for op in self.operations if op[0] == "stage"]
        self.operations = stage_ops + removals + [op for op in self.operations if op[0] != "stage"]

    def _row(self, row: columns.Row, declared: dict[str, models.Stage]) -> None:
        # A row the reader could not read whole, or whose stage cannot be a stage, is refused before
        # it plans a new stage.
        refused = row.error or (self._stage_problem(row.stage) if row.stage else None)
        stage_id = self._stage_for(row.stage, declared) if refused is None else row.stage
        phrase = validate.normalised(
            models.Phrase(
                stage_id=stage_id,
                title=row.title,
                body=row.body,
                code=row.code,
                note=row.note,
                questions=list(row.questions),
                tags=list(row.tags),
                auto_send=row.auto_send,
                pack_id=self.info.id,
            )
        )
        phrase.title = phrase.title or validate.single_line(derive_title(phrase.body))
        report = ReportRow(row.row, "add", stage_id, phrase.title, phrase.code)
        self.rows.append(report)
        if refused is not None:
            report.action, report.reason = "reject", refused
            return
        key = _identity(phrase)
        found = validate.problems(phrase)
        problem = ("reject", found[0].reason) if found else self._duplicate_in_file(row, key, phrase)
        findings = self.linter.lint(phrase.body, self.channel) if phrase.body.strip() else []
        report.findings = [f"{f.rule_id}: {f.message}" for f in findings]
        self.claimed.add(key)
        if problem is not None:
            report.action, report.reason = problem
            return
        if validate.blocking(findings) and not self.allow_lint_errors:
            report.action, report.reason = "reject", LINT_REJECTED
            return
        self._decide(phrase, key, report)

    def _duplicate_in_file(
        self, row: columns.Row, key: tuple[str, str], phrase: models.Phrase
    ) -> tuple[str, str] | None:
        content = _content(phrase)
        if key in self.seen:
            first, earlier = self.seen[key]
            if earlier == content:
                return "skip", f"与第 {first} 行重复"
            return "reject", f"与第 {first} 行的{'快捷编码' if phrase.code else '标题'}重复"
        self.seen[key] = (row.row, content)
        if phrase.code:
            first_code = self.file_codes.setdefault((phrase.stage_id, phrase.code), row.row)
            if first_code != row.row:
                return "reject", f"快捷编码与第 {first_code} 行重复"
        return None

    def _decide(self, phrase: models.Phrase, key: tuple[str, str], report: ReportRow) -> None:
        mine = self.pack_phrases.get(key)
        if mine is not None:
            report.phrase_id = mine.id
            changes = {f: getattr(phrase, f) for f in _FIELDS if getattr(phrase, f) != getattr(mine, f)}
            if not changes:
                report.action = "unchanged"
            elif self._code_taken(phrase, mine.id, report):
                return
            else:
                report.action, report.reason = (
                    "update",
                    "、".join(_FIELD_NAMES[f] for f in changes) + "有变化",
                )
                self.operations.append(("update", (mine.id, changes)))
            return
        if _content(phrase) in self.identical:
            report.action, report.reason = "unchanged", "短语库里已有完全相同的短语"
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
        report.phrase_id = own.id
        what = f"与自己的短语 #{own.id}「{own.title}」冲突"
        overwrite = self.policy == "overwrite" or (
            self.policy == "newer" and self.incoming_time is not None and self.incoming_time > own.updated_at
        )
        if not overwrite:
            why = "(自己的短语更新)" if self.policy == "newer" else "(冲突策略:跳过)"
            report.action, report.reason = "skip", what + why
            return
        changes = {
            f: getattr(phrase, f)
            for f in _FIELDS
            if f != "stage_id" and getattr(phrase, f) != getattr(own, f)
        }
        if self._code_taken(phrase, own.id, report):
            return
        report.action, report.reason = "update", what + ",已覆盖"
        self.operations.append(("update", (own.id, changes)))

    def _code_taken(self, phrase: models.Phrase, allowed_id: int | None, report: ReportRow) -> bool:
        owner = self.info.id if allowed_id is None or allowed_id in self.pack_ids else None
        holder = self.codes.get((phrase.stage_id, phrase.code, owner)) if phrase.code else None
        if holder is None or (allowed_id is not None and holder.id == allowed_id) or holder is phrase:
            return False
        who = f"#{holder.id}「{holder.title}」" if holder.id else f"本文件另一行「{holder.title}」"
        report.action, report.reason = "reject", f"快捷编码「{phrase.code}」在本阶段已被 {who} 使用"
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
        canonical = stages.resolve(name)
        if canonical is not None:
            return canonical
        folded = stages.fold(name)
        for stage in self.stages.values():
            if folded in (stages.fold(stage.id), stages.fold(stage.name_zh), stages.fold(stage.name_en)):
                return stage.id
        position = max((s.position for s in self.stages.values() if s.id != UNGROUPED.id), default=100) + 10
        stage = models.Stage(_new_stage_id(name, self.stages), name, "", position)
        self._ensure(stage)
        return stage.id

    def _ensure(self, stage: models.Stage) -> str:
        if stage.id not in self.stages:
            self.stages[stage.id] = stage
            self.new_stages.append(stage)
            self.operations.append(("stage", stage))
            self.notes.append(f"新阶段「{stage.name_zh}」({stage.id})")
        return stage.id


_FIELD_NAMES = {
    "stage_id": "阶段",
    "title": "标题",
    "code": "快捷编码",
    "body": "内容",
    "note": "备注",
    "questions": "买家问题",
    "tags": "标签",
    "auto_send": "自动发送",
}


def _identity(phrase: models.Phrase) -> tuple[str, str]:
    """How a pack's phrase is recognised in its next version: stage and code, or stage and title."""
    return (phrase.stage_id, "c:" + phrase.code) if phrase.code else (phrase.stage_id, "t:" + phrase.title)


def _content(phrase: models.Phrase) -> tuple[Any, ...]:
    return (phrase.stage_id, phrase.title, phrase.code, phrase.body, phrase.note, tuple(phrase.questions))


def derive_title(body: str) -> str:
    """A title for a row that has none: the start of the reply, without greeting or placeholders."""
    text = re.sub(r"\{[^{}]*\}", "", body).strip()
    text = re.sub(r"^(亲爱的|亲|您好|你好)[,，!！\s]*", "", text)
    first = re.split(r"[,，。！？!?;；\n]", text, maxsplit=1)[0].strip()
    return (first or text or "未命名")[:12]


def _new_stage_id(name: str, existing: dict[str, models.Stage]) -> str:
    from quickreply.core import pinyin

    base = pinyin.full(name).replace(" ", "") if not name.isascii() else re.sub(r"\W+", "_", name.lower())
    base = base or "stage"
    candidate, number = base, 2
    while candidate in existing:
        candidate, number = f"{base}{number}", number + 1
    return candidate
