"""Findings and how a fix lands in a reply: the splice plus a tidy of the seam it leaves.

A removal or swap is only a fix a trainer would sign when the text around it still reads: no
reply opening with a comma (嗯，是一起发的 → 是一起发的), no 「，，」 or 「，。」 where a word
went, no 无法再低了了 where a swap meets the particle after it. The tidy only looks at the seams
of the edit, so punctuation the agent wrote elsewhere is left alone.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable

from quickreply.core import lintrules, textnorm
from quickreply.core.kinds import LintLevel

PAUSES = "，,、；;：:"  # marks that join clauses: two in a row read as one
STOPS = "。.！!？?…"  # marks that end a sentence: they win over a pause next to them
PARTICLES = "了的呢啦吧嘛呀"  # a sentence-final particle said twice is a typo, not emphasis
# Words that open with a particle's character: a removal before one does not make a doubled particle.
PARTICLE_WORDS = (
    "的确",
    "的士",
    "的话",
    "了解",
    "了结",
    "了却",
    "了不起",
    "了如指掌",
    "呢子",
    "呢绒",
    "吧台",
    "嘛呢",
)
# Invisible format characters (zero-width space/joiner, bidi marks) that folding skips: a removal
# takes the ones inside and right next to the word with it, so nothing invisible is left stranded.
_INVISIBLE = "Cf"


@dataclasses.dataclass
class Finding:
    """A rule broken at ``text[start:end]``.

    ``suggestions`` replace ``text[edit_start:edit_end]`` (the match itself, or an insertion point
    for a missing opening); "" means the fix is to remove it. One suggestion is a fix that can be
    applied automatically; several are choices for a person; none means a person must rewrite.
    """

    rule_id: str
    level: LintLevel
    message: str
    start: int
    end: int
    match: str
    suggestions: list[str]
    edit_start: int
    edit_end: int

    @property
    def fixable(self) -> bool:
        return len(self.suggestions) == 1


@dataclasses.dataclass
class FixResult:
    """The fixed text, the findings that were fixed, and those left for the agent."""

    text: str
    applied: list[Finding]
    remaining: list[Finding]


def apply(text: str, finding: Finding, suggestion: str | None = None) -> str:
    """``text`` with one suggestion of ``finding`` (its only one when not given) spliced in and tidied."""
    if suggestion is None:
        if not finding.suggestions:
            raise ValueError(f"「{finding.match}」没有可应用的建议")
        suggestion = finding.suggestions[0]
    return splice(text, finding.edit_start, finding.edit_end, suggestion)[0]


def splice(text: str, start: int, end: int, replacement: str) -> tuple[str, int]:
    """``text[start:end]`` replaced and the seams tidied; also how much of ``text[:start]`` is untouched."""
    left, right = text[:start], text[end:]
    if not replacement:
        left, right = _strip_invisible(left, right)
        if left.endswith(" ") and right.startswith(" "):
            right = right[1:]
    left, middle, right = _seam(left, replacement, right)
    if not left.strip():
        # What went was the opening: the reply starts with its next real word, not a comma.
        middle = _lstrip_marks(middle)
        if not middle:
            right = _lstrip_marks(right)
        left = left if middle or right else ""
    elif not (middle + right).strip():
        left = _rstrip_pauses(left)  # a reply does not end on the comma a removal left
    return left + middle + right, len(left)


def _seam(left: str, middle: str, right: str) -> tuple[str, str, str]:
    """Tidy where ``middle`` meets ``left`` and ``right`` (for a removal: where left meets right)."""
    if middle:
        left, middle = _join(left, middle)
        middle, right = _join(middle, right, swapped=True)
    else:
        left, right = _join(left, right)
    return left, middle, right


def _join(a: str, b: str, swapped: bool = False) -> tuple[str, str]:
    """Merge doubled marks and particles where ``a`` meets ``b`` (the edit made the seam).

    After a removal a second particle that begins a word (好的哦的确 → 好的的确) stays; after a swap
    the particle the replacement ends with is its own, so the text's one after it always goes.
    """
    if not a or not b:
        return a, b
    i = len(a)
    while i and _filler(a[i - 1]):
        i -= 1
    j = 0
    while j < len(b) and _filler(b[j]):
        j += 1
    run_a, run_b = a[i:], b[:j]
    if _has_mark(run_a) and _has_mark(run_b):
        # Two runs of marks meet where a word went: one is kept, a stop winning over a pause
        # (亲，嗯，这款 → 亲，这款; 好的，哦。 → 好的。; 好的。嗯，明天到 → 好的。明天到).
        if any(ch in STOPS for ch in run_a) or not any(ch in STOPS for ch in run_b):
            return a, b[j:]
        return a[:i], b[len(run_b) - len(run_b.lstrip(PAUSES + " ")) :]
    if a[-1] in PARTICLES and b[0] == a[-1] and (swapped or not b.startswith(PARTICLE_WORDS)):
        return a, b[1:]  # 无法再低了了 → 无法再低了, but 好的的确 keeps its word 的确
    return a, b


def _filler(ch: str) -> bool:
    return ch in PAUSES or ch in STOPS or ch.isspace() or _invisible(ch)


def _has_mark(run: str) -> bool:
    return any(ch in PAUSES or ch in STOPS for ch in run)


def _rstrip_pauses(text: str) -> str:
    """``text`` without the commas, spaces and invisible characters it ends with (好的，哦 → 好的)."""
    end = len(text)
    while end and (text[end - 1] in PAUSES or text[end - 1].isspace() or _invisible(text[end - 1])):
        end -= 1
    return text[:end]


def _lstrip_marks(text: str) -> str:
    """``text`` without the spaces, pauses, stops and invisible characters it opens with."""
    pos = 0
    while pos < len(text) and (text[pos] in PAUSES + STOPS or text[pos].isspace() or _invisible(text[pos])):
        pos += 1
    return text[pos:]


def _strip_invisible(left: str, right: str) -> tuple[str, str]:
    """Invisible characters at a removal's edges go with it (不\u200b好意思 leaves no stray joiner)."""
    return _trim(left, str.rstrip), _trim(right, str.lstrip)


def _trim(text: str, strip: Callable[[str, str], str]) -> str:
    invisible = "".join(ch for ch in set(text[-3:] + text[:3]) if _invisible(ch))
    return strip(text, invisible) if invisible else text


def _invisible(ch: str) -> bool:
    return unicodedata.category(ch) == _INVISIBLE


def safe(
    context: lintrules.Context, before: str, after: str, lead_ins: list[str], folder: textnorm.Folder
) -> bool:
    """Whether a match between folded ``before`` and ``after`` may be fixed without a person."""
    lead_ins = [folder.fold_pattern(w) for w in lead_ins]
    if context.clause_start and not _clause_start(before, lead_ins):
        return False
    rest = after.lstrip()
    for word in context.not_before:
        if word == lintrules.CLAUSE_END and (not rest or _mark(rest[0])):
            return False
        if word != lintrules.CLAUSE_END and after.startswith(folder.fold_pattern(word)):
            return False
    for word in context.not_after:
        if word == lintrules.CLAUSE_START and _clause_start(before, lead_ins):
            return False
        if word != lintrules.CLAUSE_START and before.endswith(folder.fold_pattern(word)):
            return False
    return True


def _clause_start(before: str, lead_ins: list[str]) -> bool:
    """Whether a match after ``before`` opens a clause: text start, punctuation, or a lead-in there."""
    before = before.rstrip()
    if not before or _mark(before[-1]):
        return True
    for word in lead_ins:
        rest = before[: -len(word)].rstrip() if word and before.endswith(word) else None
        if rest is not None and (not rest or _mark(rest[-1])):
            return True
    return False


def _mark(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PZS"


def changed(before: str, after: str) -> tuple[int, int, str]:
    """The one stretch ``before[start:end]`` that became ``replacement`` in ``after`` (undoable edits)."""
    head, most = 0, min(len(before), len(after))
    while head < most and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < most - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    return head, len(before) - tail, after[head : len(after) - tail]


def non_overlapping(findings: list[Finding]) -> list[Finding]:
    """Edits that can all be applied to one text: the first of any that overlap."""
    chosen: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.edit_start, f.edit_end)):
        if not chosen or finding.edit_start >= chosen[-1].edit_end or finding.edit_start == finding.edit_end:
            if not any(c.edit_start == finding.edit_start and c.edit_end == finding.edit_end for c in chosen):
                chosen.append(finding)
    return chosen
