"""The service-standard linter: finds banned words in a reply, suggests fixes and applies them.

Chinese has no word boundaries, so patterns are matched as substrings on folded text (width,
case, traditional → simplified), longest first within a rule group, and every finding points
back into the original text. Rules come from ``*.rules.toml`` files (see ``lintrules``).
"""

from __future__ import annotations

import collections
import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from quickreply.core import lint_fix, lintrules, resources, textnorm
from quickreply.core.lint_fix import Finding, FixResult, non_overlapping, splice

__all__ = ["AD_LAW_FILE", "DEFAULT_FILE", "Finding", "FixResult", "Linter", "TestOutcome", "default_files"]

MAX_FIX_PASSES = 4
CACHE_SIZE = 4096  # texts whose findings a linter remembers (an import meets the same reply again)
DEFAULT_FILE = "service-standard.rules.toml"
AD_LAW_FILE = "ad-law.rules.toml"


@dataclasses.dataclass
class TestOutcome:
    """One rule's self-test: what failed (empty when it passed)."""

    rule_id: str
    source: Path
    cases: int
    failures: list[str]


@dataclasses.dataclass
class _Candidate:
    start: int  # in folded text
    end: int
    rule: lintrules.Rule
    pattern: str


class _Matcher:
    """The rules for one channel compiled for scanning: a literal table, regexes, prefix rules."""

    def __init__(self, rules: list[lintrules.Rule], folder: textnorm.Folder) -> None:
        self.table: dict[str, list[tuple[lintrules.Rule, str]]] = collections.defaultdict(list)
        self.regexes: list[tuple[lintrules.Rule, str, re.Pattern[str]]] = []
        self.prefix_rules = [r for r in rules if r.kind == "require_prefix"]
        # Per prefix rule, one scan for any trigger word: most replies have none ("" matches all).
        words = [(r.id, map(folder.fold_pattern, r.patterns)) for r in self.prefix_rules]
        self.triggers = {rule_id: re.compile("|".join(map(re.escape, w))) for rule_id, w in words}
        for rule in rules:
            for pattern in rule.patterns:
                if rule.regex:
                    self.regexes.append((rule, pattern, re.compile(pattern)))
                elif rule.kind != "require_prefix":
                    folded = folder.fold_pattern(pattern)
                    if folded:
                        self.table[folded].append((rule, pattern))
        # Pattern lengths by first character: most characters of a reply start no pattern at all,
        # so a position costs one dict lookup unless a pattern could begin there.
        by_first: dict[str, set[int]] = collections.defaultdict(set)
        for key in self.table:
            by_first[key[0]].add(len(key))
        self.lengths = {ch: sorted(lengths, reverse=True) for ch, lengths in by_first.items()}
        # ...where one may begin, and whether one occurs at all (most replies: none), by C-speed scans.
        self.any_key = re.compile("|".join(map(re.escape, self.table))) if self.table else None
        self.starts = re.compile("[" + "".join(map(re.escape, sorted(by_first))) + "]") if by_first else None


class Linter:
    """Checks texts against a rule set.

    Args:
        ruleset: rules as loaded from files.
        allow: words that suppress any finding they cover (a shop's own exceptions, e.g. 不错).
        disabled: rule ids switched off.
        check: run every rule's examples and check every suggestion now; RuleError if any fails.
    """

    def __init__(
        self,
        ruleset: lintrules.RuleSet,
        allow: Iterable[str] = (),
        disabled: Iterable[str] = (),
        check: bool = True,
    ) -> None:
        off = set(disabled)
        self.rules = [r for r in ruleset.rules if r.id not in off]
        self.files = ruleset.files
        self.folder = textnorm.Folder(**ruleset.normalize)
        self.allow = [self.folder.fold_pattern(w) for w in [*ruleset.allow, *allow] if w]
        self._matchers: dict[str, _Matcher] = {}
        self._found: dict[tuple[object, ...], tuple[Finding, ...]] = {}  # see ``lint``
        if check:
            failures = [
                f"{o.source}: 规则 {o.rule_id}: {msg}" for o in self.self_test() for msg in o.failures
            ]
            if failures:
                raise lintrules.RuleError("规则自检失败:\n" + "\n".join(failures))

    @classmethod
    def load(cls, paths: Sequence[str | Path], **options: object) -> Linter:
        """A linter over the rules of several files (each with its imports), in order."""
        rules: list[lintrules.Rule] = []
        normalize: dict[str, object] = {}
        allow: list[str] = []
        files: list[Path] = []
        for path in paths:
            loaded = lintrules.load(path)
            for rule in loaded.rules:
                if any(r.id == rule.id for r in rules):
                    raise lintrules.RuleError(f"{rule.where()}: id 与已加载的规则重复")
                rules.append(rule)
            normalize.update(loaded.normalize)
            allow += loaded.allow
            files += loaded.files
        return cls(lintrules.RuleSet(rules, normalize, files, allow), **options)  # type: ignore[arg-type]

    @classmethod
    def default(cls, ad_law: bool = False, **options: object) -> Linter:
        """The shipped service-standard rules, plus the Advertising-Law words when asked for."""
        return cls.load(default_files(ad_law), **options)

    # -- linting -----------------------------------------------------------------------------------

    def lint(self, text: str, channel: str = "chat", kinds: Sequence[str] = lintrules.KINDS) -> list[Finding]:
        """Every finding in ``text`` for a channel ("chat" or "phone"), in text order.

        The last CACHE_SIZE answers are remembered (a fix lints a text several times, a pack
        repeats replies); each call gets findings of its own.
        """
        if channel not in lintrules.CHANNELS:
            raise ValueError(f"未知渠道 {channel!r}")
        key = (text, channel, tuple(kinds), tuple(self.allow))
        found = self._found.get(key)
        if found is None:
            if len(self._found) >= CACHE_SIZE:
                del self._found[next(iter(self._found))]  # the oldest answer goes first
            found = self._found[key] = tuple(self._lint(text, channel, kinds))
        return [dataclasses.replace(f, suggestions=list(f.suggestions)) for f in found]

    def _lint(self, text: str, channel: str, kinds: Sequence[str]) -> list[Finding]:
        matcher = self._matcher(channel)
        folded, origin = self.folder.fold(text)
        found = [cand for cand in self._candidates(matcher, folded) if cand.rule.kind in kinds]
        triggered = [r for r in matcher.prefix_rules if matcher.triggers[r.id].search(folded)]
        if not found and not (triggered and "require_prefix" in kinds):
            return []  # most replies: nothing any rule could report
        allowed = _Allowed(folded, self.allow)
        findings: list[Finding] = []
        by_group: dict[str, list[_Candidate]] = collections.defaultdict(list)
        for cand in found:
            by_group[cand.rule.group].append(cand)
        for candidates in by_group.values():
            covered = 0
            for cand in sorted(candidates, key=lambda c: (c.start, c.start - c.end)):
                if cand.start < covered or allowed.covers(cand.start, cand.end, cand.rule):
                    continue
                covered = cand.end
                findings.append(self._finding(cand, text, folded, origin))
        if "require_prefix" in kinds:
            for rule in triggered:
                finding = self._prefix_finding(rule, text, folded, origin, allowed)
                findings += [finding] if finding else []
        return sorted(findings, key=lambda f: (f.start, f.end, f.rule_id))

    def _matcher(self, channel: str) -> _Matcher:
        if channel not in self._matchers:
            self._matchers[channel] = _Matcher([r for r in self.rules if channel in r.channels], self.folder)
        return self._matchers[channel]

    def _candidates(self, matcher: _Matcher, folded: str) -> Iterable[_Candidate]:
        size = len(folded)
        lengths_at = matcher.lengths
        starts = matcher.starts if matcher.any_key and matcher.any_key.search(folded) else None
        for start in starts.finditer(folded) if starts else ():
            i = start.start()
            for length in lengths_at[folded[i]]:
                if i + length <= size:
                    for rule, pattern in matcher.table.get(folded[i : i + length], ()):
                        yield _Candidate(i, i + length, rule, pattern)
        for rule, pattern, compiled in matcher.regexes:
            for m in compiled.finditer(folded):
                if m.end() > m.start():
                    yield _Candidate(m.start(), m.end(), rule, pattern)

    def _finding(self, cand: _Candidate, text: str, folded: str, origin: Sequence[int]) -> Finding:
        start, end = origin[cand.start], origin[cand.end - 1] + 1
        suggestions = list(cand.rule.patterns.get(cand.pattern, []))
        finding = _make_finding(cand.rule, text, start, end, suggestions, start, end)
        context = cand.rule.context.get(cand.pattern)
        if context and len(suggestions) == 1:
            before, after = folded[: cand.start], folded[cand.end :]
            if not lint_fix.safe(context, before, after, cand.rule.lead_ins, self.folder):
                finding.suggestions = []  # the message still names the usual rewrite; a person decides
        return finding

    def _prefix_finding(
        self, rule: lintrules.Rule, text: str, folded: str, origin: Sequence[int], allowed: _Allowed
    ) -> Finding | None:
        trigger = None
        for pattern in rule.patterns:
            needle = self.folder.fold_pattern(pattern)
            pos = folded.find(needle)
            while pos >= 0 and allowed.covers(pos, pos + len(needle), rule):
                pos = folded.find(needle, pos + 1)
            if pos >= 0 and (trigger is None or pos < trigger[0]):
                trigger = (pos, pos + len(needle))
        if trigger is None:
            return None
        opening = _opening(folded, [self.folder.fold_pattern(w) for w in rule.lead_ins])
        prefix = self.folder.fold_pattern(rule.prefix)
        if folded.startswith(prefix, opening):
            return None
        insert_at = origin[opening] if opening < len(origin) else len(text)
        start, end = origin[trigger[0]], origin[trigger[1] - 1] + 1
        return _make_finding(rule, text, start, end, [rule.prefix + "，"], insert_at, insert_at)

    # -- fixing ------------------------------------------------------------------------------------

    def fix(self, text: str, channel: str = "chat") -> FixResult:
        """Apply every single-choice suggestion (swaps, removals, a missing 非常抱歉 opening).

        An edit that would make a new finding appear (removing 哦 from 但哦是 leaves 但是) is
        skipped and its finding stays in ``remaining``; fixes that uncover further fixable
        findings (a swap that now needs the apology opening) are applied in a further pass. Each
        edit is tidied where it lands (``lint_fix.splice``: no opening comma, no 「，，」, no 了了).
        """
        current, applied = text, []
        for _ in range(MAX_FIX_PASSES):
            findings = self.lint(current, channel)
            fixable = [f for f in findings if f.fixable]
            # Replacements first; an opening is inserted only once the text around it is settled,
            # so a swap of 不好意思 → 非常抱歉 at the start is not followed by a second 非常抱歉.
            edits = non_overlapping([f for f in fixable if f.edit_start < f.edit_end])
            edits = edits or [f for f in fixable if f.edit_start == f.edit_end][:1]
            changed, settled = False, len(current)  # a tidy may touch the text just before an edit
            for finding in sorted(edits, key=lambda f: (f.edit_start, f.edit_end), reverse=True):
                if finding.edit_end > settled:
                    continue  # its place moved; the next pass finds it again
                candidate, untouched = splice(
                    current, finding.edit_start, finding.edit_end, finding.suggestions[0]
                )
                if not self._introduces(current, candidate, channel):
                    current, changed, settled = candidate, True, untouched
                    applied.append(finding)
            if not changed:
                break
        return FixResult(current, applied, self.lint(current, channel))

    def apply(self, text: str, finding: Finding, suggestion: str | None = None) -> str:
        """``text`` with one suggestion of a finding (its only one when not given) applied and tidied.

        Every place that applies a single suggestion goes through here, so a removal in the editor
        leaves the same text as ``fix`` would.
        """
        return lint_fix.apply(text, finding, suggestion)

    def _introduces(self, before: str, after: str, channel: str) -> bool:
        """Whether ``after`` has an unfixable finding that ``before`` did not have."""

        def keys(text: str) -> collections.Counter[tuple[str, str]]:
            return collections.Counter(
                (f.rule_id, self.folder.fold(f.match)[0]) for f in self.lint(text, channel) if not f.fixable
            )

        return bool(keys(after) - keys(before))

    # -- self-test ---------------------------------------------------------------------------------

    def self_test(self) -> list[TestOutcome]:
        """Run each rule's examples and check that no suggestion breaks another rule.

        Examples test the rules as written, so a shop's file-level ``allow`` words (which exist to
        let through what a shipped rule's bad example shows) are set aside while they run.
        """
        shared, self.allow = self.allow, []
        try:
            return self._run_examples()
        finally:
            self.allow = shared

    def _run_examples(self) -> list[TestOutcome]:
        outcomes = []
        for rule in self.rules:
            failures: list[str] = []
            channel = rule.channels[0]
            for case in rule.tests:
                hits = [f for f in self.lint(case.text, channel) if f.rule_id == rule.id]
                if case.bad and not hits:
                    failures.append(f"反例「{case.text}」没有被检出")
                if not case.bad and hits:
                    failures.append(f"正例「{case.text}」被误报:{hits[0].match}")
                if case.bad and case.fixed is not None:
                    fixed = self.fix(case.text, channel).text
                    if fixed != case.fixed:
                        failures.append(f"「{case.text}」修正后为「{fixed}」,应为「{case.fixed}」")
            for suggestions in rule.patterns.values():
                for suggestion in suggestions:
                    for ch in rule.channels:
                        broken = self.lint(suggestion, ch, kinds=("existence", "substitution"))
                        if suggestion and broken:
                            failures.append(f"建议「{suggestion}」本身违反规则 {broken[0].rule_id}")
            outcomes.append(TestOutcome(rule.id, rule.source, len(rule.tests), sorted(set(failures))))
        return outcomes


class _Allowed:
    """Where allow-words occur in a folded text; an occurrence covering a match suppresses it."""

    def __init__(self, folded: str, shared: list[str]) -> None:
        self.folded = folded
        self.shared = self._spans(shared)
        self._per_rule: dict[str, list[tuple[int, int]]] = {}

    def _spans(self, words: Iterable[str]) -> list[tuple[int, int]]:
        spans = []
        for word in words:
            pos = self.folded.find(word) if word else -1
            while pos >= 0:
                spans.append((pos, pos + len(word)))
                pos = self.folded.find(word, pos + 1)
        return spans

    def covers(self, start: int, end: int, rule: lintrules.Rule) -> bool:
        if rule.id not in self._per_rule:
            self._per_rule[rule.id] = self._spans(rule.allow)
        return any(a <= start and end <= b for a, b in (*self.shared, *self._per_rule[rule.id]))


def _make_finding(
    rule: lintrules.Rule,
    text: str,
    start: int,
    end: int,
    suggestions: list[str],
    edit_start: int,
    edit_end: int,
) -> Finding:
    match = text[start:end]
    shown = "、".join(s for s in suggestions if s) or ("删除" if suggestions else "")
    return Finding(
        rule_id=rule.id,
        level=rule.level,
        message=rule.message.format(match=match, fix=shown),
        start=start,
        end=end,
        match=match,
        suggestions=suggestions,
        edit_start=edit_start,
        edit_end=edit_end,
    )


def _opening(folded: str, lead_ins: list[str]) -> int:
    """Where the message proper starts: after spaces, punctuation and salutations like 亲, 您好."""
    pos, moved = 0, True
    while moved:
        moved = False
        while pos < len(folded) and unicodedata.category(folded[pos])[0] in "PZS":
            pos, moved = pos + 1, True
        for word in sorted(lead_ins, key=len, reverse=True):
            if word and folded.startswith(word, pos):
                pos, moved = pos + len(word), True
                break
    return pos


def default_files(ad_law: bool = False) -> list[Path]:
    """The shipped rule files."""
    files = [resources.path("rules", DEFAULT_FILE)]
    return files + [resources.path("rules", AD_LAW_FILE)] if ad_law else files
