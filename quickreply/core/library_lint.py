"""需修改: which phrases of the library break the service standard as the rules stand now, and their fixes.

Computed live from the library and the linter, never from a flag stored at import time: a shop
changes its rule files (an allow-word, a rule switched off) and the list follows at once. Each
distinct body is linted once per ``Checker`` (a library holds many phrases with the same body, and
the library window keeps one checker while it is open), so after the first pass a refresh costs a
dict lookup per phrase.

Fixes go through the store, with its rules on who may edit what: the agent's own phrases and
editable packs are changed in place; a read-only pack's phrase is refused with one line, or on
request copied as the agent's own (``library_ops.copy_as_own``) and the copy fixed. Only the
single-choice suggestions are applied automatically (``Linter.fix``); a finding with several
choices waits for a person, who picks one (``choose``). Every fix can be undone (``undo``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any

from quickreply.core import library_ops, lint, models, store, validate
from quickreply.core.kinds import LintLevel

Row = tuple[Any, ...]  # a phrase as ``PhraseStore.phrase_rows`` reads it
_ID, _STAGE, _BODY, _POSITION = (store.PHRASE_FIELDS.index(f) for f in ("id", "stage_id", "body", "position"))


def rows(library: store.PhraseStore) -> list[Row]:
    """Every phrase of the library as a plain row, unsorted: a third of the time of ``phrases()``,
    and all that counting needs (id, stage, body, position)."""
    return library.phrase_rows("\x1f")  # the separator only joins the questions, unused here


@dataclasses.dataclass(frozen=True)
class Flagged:
    """A phrase with findings: ``errors`` make it need a fix (需修改), ``warnings`` are worth a look."""

    phrase: models.Phrase
    findings: list[lint.Finding]

    @property
    def errors(self) -> list[lint.Finding]:
        return validate.blocking(self.findings)

    @property
    def warnings(self) -> list[lint.Finding]:
        return [f for f in self.findings if f.level != LintLevel.ERROR]

    @property
    def needs_fix(self) -> bool:
        return bool(self.errors)

    @property
    def fixable(self) -> bool:
        """Whether one click changes something: a finding with exactly one suggestion."""
        return any(f.fixable for f in self.findings)

    @property
    def choices(self) -> list[lint.Finding]:
        """The findings a person must choose a suggestion for."""
        return [f for f in self.findings if len(f.suggestions) > 1]


class Checker:
    """The findings of phrase bodies under one linter, each distinct body linted once.

    Make a new checker when the rules change (the cache is keyed by body text only).
    """

    def __init__(self, linter: lint.Linter, channel: str = "chat") -> None:
        self.linter = linter
        self.channel = channel
        self._cache: dict[str, list[lint.Finding]] = {}

    def findings(self, body: str) -> list[lint.Finding]:
        """Every finding in ``body`` (cached)."""
        found = self._cache.get(body)
        if found is None:
            found = self._cache[body] = self.linter.lint(body, self.channel)
        return found

    def known(self, body: str) -> bool:
        """Whether ``body`` was linted already (a lookup costs nothing)."""
        return body in self._cache

    def needs_fix(self, phrase: models.Phrase) -> bool:
        """Whether the phrase has an error-level finding."""
        return any(f.level == LintLevel.ERROR for f in self.findings(phrase.body))

    def flagged(self, phrase: models.Phrase) -> Flagged:
        return Flagged(phrase, self.findings(phrase.body))

    def unknown(self, rows: Sequence[Row]) -> list[str]:
        """The distinct bodies of ``rows`` not linted yet, for a caller that lints them in slices."""
        return list(dict.fromkeys(row[_BODY] for row in rows if row[_BODY] not in self._cache))

    def count(self, rows: Sequence[Row]) -> int:
        """How many of ``rows`` need a fix."""
        return sum(1 for row in rows if any(f.level == LintLevel.ERROR for f in self.findings(row[_BODY])))

    def needing(self, library: store.PhraseStore, read: Sequence[Row] | None = None) -> list[Flagged]:
        """The phrases of the whole library that need a fix, in library order.

        From the library's ``rows`` (``read`` when the caller has them): only the phrases that need a
        fix are made into Phrase records, which is most of the time ``library.phrases()`` takes.
        """
        found = read if read is not None else rows(library)
        flagged = [row for row in found if any(f.level == LintLevel.ERROR for f in self.findings(row[_BODY]))]
        order = {stage.id: (stage.position, stage.id) for stage in library.stages()}
        flagged.sort(key=lambda row: (order.get(row[_STAGE], (0, row[_STAGE])), row[_POSITION], row[_ID]))
        return [self.flagged(store.row_to_phrase(row)) for row in flagged]

    def scan(self, phrases: Iterable[models.Phrase], warnings: bool = False) -> list[Flagged]:
        """The phrases needing a fix, in the order given; with ``warnings`` those with warnings only too."""
        found = []
        for phrase in phrases:
            findings = self.findings(phrase.body)
            if findings and (warnings or any(f.level == LintLevel.ERROR for f in findings)):
                found.append(Flagged(phrase, findings))
        return found


@dataclasses.dataclass(frozen=True)
class Fixed:
    """A fix made: the phrase as stored now (the original, or its own copy when ``copied_from``
    names the read-only pack phrase), the body before, what was fixed and what is left for a person."""

    phrase: models.Phrase
    before: str
    applied: list[lint.Finding]
    remaining: list[lint.Finding]
    copied_from: int | None = None
    code_dropped: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.applied)

    @property
    def clean(self) -> bool:
        """Whether the phrase no longer needs a fix (warnings may remain)."""
        return not validate.blocking(self.remaining)

    @property
    def choices(self) -> list[lint.Finding]:
        """What is left with several suggestions: the caller offers them (``choose``)."""
        return [f for f in self.remaining if len(f.suggestions) > 1]


class StaleFinding(store.StoreError):
    """The suggestion chosen no longer fits the phrase (it changed since it was checked)."""


def fix(
    library: store.PhraseStore, linter: lint.Linter, phrase_id: int, copy_read_only: bool = False
) -> Fixed:
    """Apply every single-choice suggestion to a stored phrase (nothing is written when none applies).

    A read-only pack's phrase raises ``store.ReadOnly`` with one line, unless ``copy_read_only``:
    then it is copied as the agent's own and the copy is fixed (all or nothing) -- or, when an own
    phrase of the stage already says the fixed text, that one is returned (``changed`` False).
    """
    with library.transaction():
        phrase = library.get(phrase_id)
        result = linter.fix(phrase.body)
        return _write(library, linter, phrase, result.text, copy_read_only, result.applied)


def choose(
    library: store.PhraseStore,
    linter: lint.Linter,
    phrase_id: int,
    finding: lint.Finding,
    suggestion: str,
    copy_read_only: bool = False,
) -> Fixed:
    """Apply one suggestion a person chose for a finding with several; ``StaleFinding`` when the
    phrase no longer has that finding (it was edited since), so nothing lands in the wrong place."""
    with library.transaction():
        phrase = library.get(phrase_id)
        current = [
            f
            for f in linter.lint(phrase.body)
            if _where(f) == _where(finding) and suggestion in f.suggestions
        ]
        if not current:
            raise StaleFinding(f"短语「{phrase.title}」已改动,「{finding.match}」不在原处了,请重新检查")
        body = linter.apply(phrase.body, finding, suggestion)
        return _write(library, linter, phrase, body, copy_read_only, current[:1])


def undo(library: store.PhraseStore, fixed: Fixed) -> models.Phrase | None:
    """Take a fix back: the old body again, or the copy removed (returns the phrase to select).

    Refused (StoreError) when the phrase was changed again since the fix: that change is kept.
    """
    if not fixed.changed:
        return library.current(fixed.phrase.id or 0)
    with library.transaction():
        now = library.get(fixed.phrase.id or 0)
        if now.body != fixed.phrase.body:
            raise store.StoreError(f"「{now.title}」在修改之后又改动过,无法撤销")
        if fixed.copied_from is not None:
            library.delete(now.id or 0)
            return library.current(fixed.copied_from)
        return library.update(now.id or 0, body=fixed.before)


def fix_all(
    library: store.PhraseStore, linter: lint.Linter, phrases: Iterable[models.Phrase]
) -> tuple[list[Fixed], list[tuple[models.Phrase, str]]]:
    """One-click fixes of many phrases in one transaction (call ``auto_backup`` first).

    Returns the fixes made (each may leave findings for a person) and the phrases that could not
    be changed, with the reason (a read-only pack, a fixed body the store refuses).
    """
    todo = list(phrases)
    done: list[Fixed] = []
    refused: list[tuple[models.Phrase, str]] = []
    with library.bulk(len(todo)):
        for phrase in todo:
            try:  # each fix is a savepoint: one refusal does not undo the others
                done.append(fix(library, linter, phrase.id or 0))
            except store.StoreError as exc:
                refused.append((phrase, str(exc)))
    return done, refused


def _where(finding: lint.Finding) -> tuple[str, int, int, str]:
    return (finding.rule_id, finding.edit_start, finding.edit_end, finding.match)


def _write(
    library: store.PhraseStore,
    linter: lint.Linter,
    phrase: models.Phrase,
    body: str,
    copy_read_only: bool,
    applied: list[lint.Finding],
) -> Fixed:
    """Store ``body`` for ``phrase`` where the agent may (see ``fix``); the caller holds a transaction."""
    if body == phrase.body:
        return Fixed(phrase, phrase.body, [], linter.lint(body))
    copied_from, code_dropped, target = None, False, phrase
    if library_ops.pack_read_only(library, phrase):
        if not copy_read_only:
            pack = library.pack(phrase.pack_id or "")
            raise store.ReadOnly(
                f"「{phrase.title}」属于只读短语包「{pack.name}」,不能直接修改;可以复制为自己的短语再修改"
            )
        existing = own_copy(library, phrase, body)
        if existing is not None:  # fixed and copied before: not a second copy
            return Fixed(existing, phrase.body, [], linter.lint(existing.body), phrase.id)
        copy = library_ops.copy_as_own(library, phrase)
        copied_from, code_dropped, target = phrase.id, copy.code_dropped, copy.phrase
    stored = library.update(target.id or 0, body=body)
    return Fixed(stored, phrase.body, applied, linter.lint(stored.body), copied_from, code_dropped)


def own_copy(library: store.PhraseStore, phrase: models.Phrase, body: str) -> models.Phrase | None:
    """The agent's own phrase of ``phrase``'s stage that already says ``body`` (a fixed copy made
    before), or None."""
    mine = [p for p in library.phrases(phrase.stage_id) if p.pack_id is None and p.body == body]
    return mine[0] if mine else None


def describe(finding: lint.Finding) -> str:
    """A single suggestion in words: 「哦」删除, 「但是」→「同时」, 开头加上「非常抱歉，」."""
    fix = finding.suggestions[0] if finding.suggestions else ""
    if finding.edit_start == finding.edit_end:
        return f"开头加上「{fix}」"
    return f"「{finding.match}」→「{fix}」" if fix else f"「{finding.match}」删除"
