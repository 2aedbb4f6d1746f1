"""Planning an import: what each row of a pack would do to the library, decided before anything is written.

A row is refused when the reader could not read it or it breaks a rule of ``core.validate``; it is
matched with the pack's earlier version (stage and code, or stage and title), with the user's own
phrases (the conflict policy decides) and with the rows before it in the file. A row that breaks
the service standard is imported and marked "需修改" (real shops' libraries do, and a trainer must
not lose them); ``reject_lint_errors`` refuses it instead. Stages the store lacks are planned as new
ones. The result is a report row per row and the store operations.

Per-row work is kept small for 100,000-row files: each distinct stage cell is resolved once and
each distinct body linted once.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any

from quickreply.core import lint, models, stages, store, validate
from quickreply.core.packs import reader, titles
from quickreply.core.packs.report import LINT_REJECTED, NEEDS_FIX, Action, ReportRow
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
IMPORTED = (Action.ADD, Action.UPDATE, Action.UNCHANGED)  # a row whose phrase is in the library afterwards


@dataclasses.dataclass
class Prepared:
    """A row ready to be decided: its phrase normalised with its stage resolved (unless refused)."""

    row: Row
    phrase: models.Phrase
    refused: str | None
    derived: bool  # the title was derived from the body, not written in the file


class Planner:
    """Resolves every row's stage and title, then decides each row's action against the store and
    the rows before it.

    ``policy`` says what clashes with the user's own phrases do; ``incoming_time`` is the file's
    time, which ``Policy.NEWER`` compares with the own phrase's; ``reject_lint_errors`` refuses
    rows that break the service standard at error level (by default they are imported, marked).
    """

    def __init__(
        self,
        target: store.PhraseStore,
        incoming: reader.Incoming,
        info: models.PackInfo,
        linter: lint.Linter,
        policy: Policy,
        reject_lint_errors: bool,
        channel: str,
        incoming_time: str | None,
    ) -> None:
        self.target = target
        self.incoming = incoming
        self.info = info
        self.linter = linter
        self.policy = policy
        self.reject_lint_errors = reject_lint_errors
        self.channel = channel
        self.incoming_time = incoming_time
        self.rows: list[ReportRow] = []
        self.notes: list[str] = []
        self.new_stages: list[models.Stage] = []
        self.operations: list[Operation] = []
        phrases = target.phrases()
        self.stages = {s.id: s for s in target.stages()}
        self.pack_phrases = _identities([p for p in phrases if p.pack_id == info.id])
        self.own_by_title = {(p.stage_id, p.title): p for p in phrases if p.pack_id is None}
        self.own_by_code_body = {(p.code, p.body): p for p in phrases if p.pack_id is None and p.code}
        self.identical = {p.content_key() for p in phrases if p.pack_id != info.id}
        # Codes are unique per stage among the user's own phrases (the store's rule); a pack may
        # repeat one, as seller clients allow (飞牛 cuts codes to 4 characters).
        self.codes = {(p.stage_id, p.code): p for p in phrases if p.code and p.pack_id is None}
        self.pack_ids = {p.id for p in phrases if p.pack_id == info.id}
        self.claimed: set[tuple[str, str]] = set()
        self.seen: dict[tuple[str, str], tuple[int, tuple[object, ...], str]] = {}
        self.stage_problems: dict[str, str | None] = {}
        self.stage_cells: dict[str, str] = {}  # a stage cell as written → its stage id
        self.shared_leaves: set[str] = set()  # last parts two different unknown paths end with
        self.findings: dict[str, tuple[list[str], bool]] = {}  # a body → its findings, said

    def run(self) -> None:
        """Plan every row, then the removal of the pack's phrases no row claimed."""
        declared = {s.id: s for s in self.incoming.stages}
        self.shared_leaves = self._shared_leaves(declared)
        for stage in self.incoming.stages:
            self._stage_for(stage.id, declared)
        prepared = [self._prepare(row, declared) for row in self.incoming.rows]
        self._derive_titles(prepared)
        for item in prepared:
            self._row(item)
        removals: list[Operation] = []
        for key, phrase in self.pack_phrases.items():
            if key not in self.claimed:
                removals.append(("remove", phrase.id))
                reason = "新版本的短语包里已没有这条"
                self.rows.append(ReportRow(None, Action.REMOVE, phrase, reason, phrase_id=phrase.id))
        # Removals go first, so a code a dropped phrase held is free for the phrases that take it.
        stage_ops = [op for op in self.operations if op[0] == "stage"]
        self.operations = stage_ops + removals + [op for op in self.operations if op[0] != "stage"]

    def _prepare(self, row: Row, declared: dict[str, models.Stage]) -> Prepared:
        """The row's phrase normalised, its stage resolved; a row the reader could not read whole, or
        whose stage cannot be a stage, is refused before it plans a new stage."""
        written = row.phrase.stage_id
        refused = row.error or (self._stage_problem(written) if written else None)
        stage_id = written if refused is not None else self.stage_cells.get(written)
        if stage_id is None:
            stage_id = self.stage_cells[written] = self._stage_for(written, declared)
        phrase = validate.normalised(row.phrase)  # a copy: the row keeps its stage as written
        phrase.stage_id, phrase.pack_id = stage_id, self.info.id
        return Prepared(row, phrase, refused or None, derived=not phrase.title)

    def _derive_titles(self, prepared: list[Prepared]) -> None:
        """Give rows without a title one from their body, unique in their stage: two replies that
        open alike never clash (a row without a code is known by its title) nor look alike in the
        library. The titles depend on the file alone, so importing it again finds the same phrases."""
        taken: dict[str, set[str]] = {}
        for item in prepared:
            if not item.derived and item.refused is None:
                taken.setdefault(item.phrase.stage_id, set()).add(item.phrase.title)
        same: dict[tuple[object, ...], str] = {}  # rows that say the same: one title, the repeat skipped
        for item in prepared:
            if not item.derived:
                continue
            phrase = item.phrase
            title = validate.single_line(titles.derive_title(phrase.body))
            if item.refused is not None:
                phrase.title = title
                continue
            content = phrase.content_key()
            if content not in same:
                stage_titles = taken.setdefault(phrase.stage_id, set())
                same[content] = titles.unique(title, stage_titles, phrase.body)
            phrase.title = same[content]

    def _row(self, item: Prepared) -> None:
        """Plan one row: its report row, and an operation when it changes the library."""
        row, phrase = item.row, item.phrase
        report = ReportRow(row.number, Action.ADD, phrase)
        self.rows.append(report)
        if item.refused is not None:
            report.action, report.reason = Action.REJECT, item.refused
            return
        content = phrase.content_key()
        found = validate.problems(phrase)
        key, problem = self._repeated(row, phrase, content)
        if found:
            problem = (Action.REJECT, found[0].reason)
        said, breaks_standard = self._lint(phrase.body)
        report.findings = list(said)
        self.claimed.add(key)
        if problem is not None:
            report.action, report.reason = problem
            return
        if breaks_standard and self.reject_lint_errors:
            report.action, report.reason = Action.REJECT, LINT_REJECTED
            return
        self._decide(phrase, key, content, report, item.derived)
        if breaks_standard and report.action in IMPORTED:
            report.needs_fix = True
            report.reason = f"{report.reason};{NEEDS_FIX}" if report.reason else NEEDS_FIX

    def _lint(self, body: str) -> tuple[list[str], bool]:
        """The body's findings as the report says them, and whether one is an error; worked out
        once per distinct body."""
        known = self.findings.get(body)
        if known is None:
            found = self.linter.lint(body, self.channel) if body.strip() else []
            said = [f"{f.rule_id}: {f.message}" for f in found]
            known = self.findings[body] = (said, bool(validate.blocking(found)))
        return known

    def _repeated(
        self, row: Row, phrase: models.Phrase, content: tuple[object, ...]
    ) -> tuple[tuple[str, str], tuple[Action, str] | None]:
        """The row's identity in the pack, and what to do with a repeat: skip a row that says what an
        earlier one said; reject one that takes an earlier row's title (or code and title). A later
        row with an earlier row's code but its own title is a phrase of its own (known by both)."""
        key = _identity(phrase)
        if key in self.seen and phrase.code:
            first, earlier, title = self.seen[key]
            if earlier != content and title != phrase.title:
                key = _identity(phrase, second=True)
        if key in self.seen:
            first, earlier, _ = self.seen[key]
            if earlier == content:
                return key, (Action.SKIP, f"与第 {first} 行重复")
            return key, (Action.REJECT, f"与第 {first} 行的{'快捷编码' if phrase.code else '标题'}重复")
        self.seen[key] = (row.number, content, phrase.title)
        return key, None

    def _decide(
        self,
        phrase: models.Phrase,
        key: tuple[str, str],
        content: tuple[object, ...],
        report: ReportRow,
        derived: bool,
    ) -> None:
        """A valid row: update the pack's earlier version, leave it, clash with an own phrase, or add.
        A derived title never makes an own phrase of that title a clash: nobody chose it."""
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
        own = None if derived else self.own_by_title.get((phrase.stage_id, phrase.title))
        if own is None and phrase.code:
            own = self.own_by_code_body.get((phrase.code, phrase.body))
        if own is not None:
            self._conflict(phrase, own, report)
            return
        if self._code_taken(phrase, None, report):
            return
        self.operations.append(("add", phrase))

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
        """Reject the row (True) when it would write one of the user's own phrases (an overwrite) with a
        code another own phrase of its stage holds; the pack's own phrases may share codes."""
        if allowed_id is None or allowed_id in self.pack_ids:
            return False
        holder = self.codes.get((phrase.stage_id, phrase.code)) if phrase.code else None
        if holder is None or holder.id == allowed_id:
            return False
        report.action = Action.REJECT
        report.reason = f"快捷编码「{phrase.code}」在本阶段已被 #{holder.id}「{holder.title}」使用"
        return True

    def _stage_problem(self, name: str) -> str | None:
        """Why a stage cell cannot name a stage (checked once per distinct cell)."""
        if name not in self.stage_problems:
            self.stage_problems[name] = validate.stage_problem(validate.stage_name(name))
        return self.stage_problems[name]

    def _stage_for(self, name: str, declared: dict[str, models.Stage]) -> str:
        """The stage id a row's stage cell means; stages the store lacks are planned as new.

        A known heading (物流, 售前=>物流) is its canonical stage; then a stage of the library with
        the name; then a name holding a word of one stage (售后问题 → after_sales, ``stages.guess_path``).
        An unknown group path (售前=>咨询) is a stage named by its last part, unless another
        unknown path of the file ends the same way (会员=>其他 beside 售前=>其他): then each is
        named by its whole path (会员/其他), so the two groups never merge silently.
        """
        name = validate.stage_name(name)
        if not name or name in (stages.UNGROUPED_NAME_ZH, stages.UNGROUPED_ID):
            return self._ensure(UNGROUPED)
        if name in declared:
            return self._ensure(declared[name])
        canonical = stages.resolve_path(name)  # 售前=>物流: the most specific part that is known
        if canonical is not None:
            return canonical
        path = stages.path_parts(name)
        qualified = "/".join(reversed(path))
        shared = len(path) > 1 and stages.fold(path[0]) in self.shared_leaves
        for part in [qualified] if shared else [name, qualified, *path]:
            found = self._named(part)
            if found is not None:
                return found
        guessed = stages.guess_path(
            name
        )  # 售后问题, 物流查询: a word of one stage, unless a stage has the name
        if guessed is not None:
            return guessed
        # an unknown path is a new stage named by its most specific part
        return self._new_stage(qualified if shared else path[0])

    def _shared_leaves(self, declared: dict[str, models.Stage]) -> set[str]:
        """The last parts (folded) that two different unknown stage cells of the file end with."""
        paths: dict[str, set[str]] = {}
        for cell in {row.phrase.stage_id for row in self.incoming.rows}:
            name = validate.stage_name(cell)
            if not name or name in (stages.UNGROUPED_NAME_ZH, stages.UNGROUPED_ID) or name in declared:
                continue
            if stages.resolve_path(name) is None and stages.guess_path(name) is None:
                path = stages.path_parts(name)
                whole = "/".join(stages.fold(part) for part in reversed(path))
                paths.setdefault(stages.fold(path[0]), set()).add(whole)
        return {leaf for leaf, wholes in paths.items() if len(wholes) > 1}

    def _named(self, name: str) -> str | None:
        """The id of the stage whose id or name is ``name`` (folded), or None."""
        folded = stages.fold(name)
        for stage in self.stages.values():
            if folded in (stages.fold(stage.id), stages.fold(stage.name_zh), stages.fold(stage.name_en)):
                return stage.id
        return None

    def _new_stage(self, name: str) -> str:
        """Plan a new stage called ``name``, placed after the others."""
        position = max((s.position for s in self.stages.values() if s.id != UNGROUPED.id), default=100) + 10
        return self._ensure(models.Stage(_new_stage_id(name, self.stages), name, "", position))

    def _ensure(self, stage: models.Stage) -> str:
        """The stage's id; a stage the store lacks is planned (and noted) as new."""
        if stage.id not in self.stages:
            self.stages[stage.id] = stage
            self.new_stages.append(stage)
            self.operations.append(("stage", stage))
            self.notes.append(f"新阶段「{stage.name_zh}」({stage.id})")
        return stage.id


def _identity(phrase: models.Phrase, second: bool = False) -> tuple[str, str]:
    """How a pack's phrase is recognised in its next version: stage and code, or stage and title; a
    later phrase of the stage with the same code (``second``) by stage, code and title."""
    if not phrase.code:
        return (phrase.stage_id, "t:" + phrase.title)
    return (phrase.stage_id, "c:" + phrase.code + ("\x00t:" + phrase.title if second else ""))


def _identities(phrases: list[models.Phrase]) -> dict[tuple[str, str], models.Phrase]:
    """The pack's stored phrases by identity: the first of a stage's phrases with a code (in library
    order) by the code, the later ones by code and title, as the file's rows were."""
    found: dict[tuple[str, str], models.Phrase] = {}
    for phrase in sorted(phrases, key=lambda p: (p.position, p.id or 0)):
        key = _identity(phrase)
        found[_identity(phrase, second=True) if key in found else key] = phrase
    return found


def _changes(phrase: models.Phrase, stored: models.Phrase) -> dict[str, Any]:
    """The fields (of what a phrase says, ``validate.FIELDS``) where ``phrase`` differs from ``stored``."""
    return {f: getattr(phrase, f) for f in validate.FIELDS if getattr(phrase, f) != getattr(stored, f)}


def _new_stage_id(name: str, existing: dict[str, models.Stage]) -> str:
    """An id for a new stage: its name in pinyin (or lower-case ASCII), numbered when taken."""
    from quickreply.core import pinyin

    base = pinyin.full(name).replace(" ", "") if not name.isascii() else re.sub(r"\W+", "_", name.lower())
    base = base or "stage"
    candidate, number = base, 2
    while candidate in existing:
        candidate, number = f"{base}{number}", number + 1
    return candidate
