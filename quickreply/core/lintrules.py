"""Lint rule files (``*.rules.toml``, DESIGN §4): reading, layering through ``imports``, validation.

Rules are data so that a shop can add its own words or switch a rule off without code. Every
mistake in a file is a load error that names the file, the rule and the key.

A swap or removal is safe only in some places, so a substitution or existence rule may say where
its fix is applied automatically (elsewhere the finding stays, with no automatic fix: a single
suggestion is dropped, several remain choices for a person)::

    clause_start = ["不知道", "不清楚"]   # or true for every pattern: only where the match opens a
                                          # clause (text start, after punctuation or a lead-in 亲/您好)
    not_before = { "不用" = ["的", "了", "啦", "啊", "$"] }   # not when followed by these ("$": clause end)
    not_after = { "不要" = ["也"] }        # not when preceded by these ("^": clause start)

``not_before``/``not_after`` may also be a plain list, for every pattern of the rule. ``lead_ins``
(any kind) replaces the default lead-ins 亲, 亲亲, 亲爱的, 您好, 你好.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

from quickreply.core import resources
from quickreply.core.kinds import LintLevel

KINDS = ("existence", "substitution", "require_prefix")
LEVELS = tuple(level.value for level in LintLevel)
CHANNELS = ("chat", "phone")
FILE_KEYS = {"version", "imports", "normalize", "allow", "rule"}
NORMALIZE_KEYS = {"width", "case", "variant", "skip_chars"}
RULE_KEYS = {
    "id",
    "group",
    "kind",
    "level",
    "message",
    "description",
    "patterns",
    "regex",
    "swap",
    "suggest",
    "fix",
    "allow",
    "channels",
    "when",
    "prefix",
    "lead_ins",
    "clause_start",
    "not_before",
    "not_after",
    "tests",
}
CONTEXT_KEYS = ("clause_start", "not_before", "not_after")
LEAD_INS = ["亲", "亲亲", "亲爱的", "您好", "你好"]  # salutations after which a clause still starts
CLAUSE_END = "$"  # in not_before: punctuation or the end of the text follows the match
CLAUSE_START = "^"  # in not_after: the match opens a clause
TEST_KEYS = {"bad", "good"}
BUILTIN = "builtin:"


class RuleError(Exception):
    """A rule file that cannot be used; the message names the file, rule and key."""


@dataclasses.dataclass
class RuleTest:
    """An example from a rule's ``tests``: bad ones must trigger it (and fix to ``fixed``), good ones not."""

    text: str
    bad: bool
    fixed: str | None = None


@dataclasses.dataclass(frozen=True)
class Context:
    """Where a pattern's fix is safe to apply without a person (see the module docstring)."""

    clause_start: bool = False
    not_before: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()


@dataclasses.dataclass
class Rule:
    """One rule as loaded; ``patterns`` maps each pattern to its suggestions (empty: none)."""

    id: str
    group: str
    kind: str
    level: LintLevel
    message: str
    source: Path
    patterns: dict[str, list[str]]
    regex: bool = False
    allow: list[str] = dataclasses.field(default_factory=list)
    channels: tuple[str, ...] = CHANNELS
    prefix: str = ""
    lead_ins: list[str] = dataclasses.field(default_factory=list)
    context: dict[str, Context] = dataclasses.field(default_factory=dict)  # by pattern; absent: anywhere
    description: str = ""
    tests: list[RuleTest] = dataclasses.field(default_factory=list)

    def where(self, key: str = "") -> str:
        """「file, rule id, key」 for error messages."""
        return f"{self.source}: 规则 {self.id}" + (f" 的 {key}" if key else "")


@dataclasses.dataclass
class RuleSet:
    """The rules of a file and everything it imports, with the text folding they ask for."""

    rules: list[Rule]
    normalize: dict[str, Any]
    files: list[Path]
    allow: list[str] = dataclasses.field(default_factory=list)  # file-level: suppresses any rule


def load(path: str | Path, _seen: tuple[Path, ...] = ()) -> RuleSet:
    """Read a rule file and its imports (imported rules first; ``ignore_rules`` drops some of them)."""
    path = Path(path).resolve()
    if path in _seen:
        raise RuleError(f"{path}: imports 形成循环")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuleError(f"无法读取规则文件 {path}:{exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: TOML 格式错误:{exc}") from exc
    except RecursionError as exc:
        raise RuleError(f"{path}: TOML 嵌套过深,不是规则文件") from exc
    _no_unknown(data, FILE_KEYS, f"{path}")
    if data.get("version", 1) != 1:
        raise RuleError(f"{path}: 不支持的规则文件版本 {data.get('version')!r}")
    rules: list[Rule] = []
    normalize: dict[str, Any] = {}
    allow: list[str] = []
    files = [path]
    for number, item in enumerate(_list(data, "imports", str(path)), 1):
        where = f"{path}: imports 第 {number} 项"
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise RuleError(f'{where}:应为 {{ path = "…", ignore_rules = [...] }}')
        _no_unknown(item, {"path", "ignore_rules"}, where)
        imported = load(_import_path(path, item["path"]), (*_seen, path))
        ignored = set(_strings(item, "ignore_rules", where))
        unknown = ignored - {r.id for r in imported.rules}
        if unknown:
            raise RuleError(f"{where}: ignore_rules 中的规则不存在:{', '.join(sorted(unknown))}")
        rules += [r for r in imported.rules if r.id not in ignored]
        normalize.update(imported.normalize)
        allow += imported.allow
        files += imported.files
    own_normalize = data.get("normalize", {})
    if not isinstance(own_normalize, dict):
        raise RuleError(f"{path}: normalize 应为表")
    _no_unknown(own_normalize, NORMALIZE_KEYS, f"{path}: normalize")
    normalize.update(own_normalize)
    rule_items = data.get("rule", [])
    if not isinstance(rule_items, list):
        raise RuleError(f"{path}: rule 应写成 [[rule]] 表数组")
    for number, item in enumerate(rule_items, 1):
        rule = _rule(item, path, number)
        clash = next((r for r in rules if r.id == rule.id), None)
        if clash is not None:
            raise RuleError(f"{rule.where()}: id 重复(已在 {clash.source} 中定义)")
        rules.append(rule)
    allow += _strings(data, "allow", str(path))
    return RuleSet(rules=rules, normalize=normalize, files=files, allow=allow)


def _import_path(importer: Path, name: str) -> Path:
    """``builtin:NAME`` is a shipped rule file; anything else is relative to the importing file."""
    if name.startswith(BUILTIN):
        return resources.path("rules", name[len(BUILTIN) :])
    return importer.parent / name


def _rule(item: Any, path: Path, number: int) -> Rule:
    if not isinstance(item, dict):
        raise RuleError(f"{path}: 第 {number} 条规则应为表")
    rule_id = item.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RuleError(f"{path}: 第 {number} 条规则缺少 id")
    where = f"{path}: 规则 {rule_id}"
    _no_unknown(item, RULE_KEYS, where)
    kind = _choice(item, "kind", KINDS, where, None)
    level = LintLevel(_choice(item, "level", LEVELS, where, LintLevel.ERROR))
    message = _text(item, "message", where, required=True)
    rule = Rule(
        id=rule_id,
        group=_text(item, "group", where) or rule_id,
        kind=kind,
        level=level,
        message=message,
        source=path,
        patterns={},
        regex=bool(item.get("regex", False)),
        allow=_strings(item, "allow", where),
        description=_text(item, "description", where),
    )
    channels = _strings(item, "channels", where) or list(CHANNELS)
    bad = [c for c in channels if c not in CHANNELS]
    if bad:
        raise RuleError(f"{where} 的 channels:未知渠道 {', '.join(bad)}(可用 {', '.join(CHANNELS)})")
    rule.channels = tuple(channels)
    if kind == "substitution":
        swap = item.get("swap")
        if not isinstance(swap, dict) or not swap:
            raise RuleError(f"{where} 的 swap:substitution 规则需要 swap = {{ 说法 = [建议, …] }}")
        for match, suggestions in swap.items():
            if isinstance(suggestions, str):
                suggestions = [suggestions]
            if not isinstance(suggestions, list) or not all(isinstance(s, str) for s in suggestions):
                raise RuleError(f"{where} 的 swap.{match}:建议应为文字列表")
            rule.patterns[match] = list(suggestions)
        _forbid(item, ("patterns", "when", "prefix", "suggest", "fix"), where, kind)
    elif kind == "existence":
        suggestions = _strings(item, "suggest", where)
        fix = item.get("fix")
        if fix is not None and fix != "remove":
            raise RuleError(f'{where} 的 fix:只支持 fix = "remove"')
        if fix == "remove":
            suggestions = [""]
        patterns = _strings(item, "patterns", where)
        if not patterns:
            raise RuleError(f"{where} 的 patterns:existence 规则至少需要一个 pattern")
        rule.patterns = {p: list(suggestions) for p in patterns}
        _forbid(item, ("swap", "when", "prefix"), where, kind)
    else:
        rule.prefix = _text(item, "prefix", where, required=True)
        triggers = _strings(item, "when", where)
        if not triggers:
            raise RuleError(f"{where} 的 when:require_prefix 规则需要触发词列表")
        rule.patterns = {t: [] for t in triggers}
        _forbid(item, ("swap", "patterns", "suggest", "fix", *CONTEXT_KEYS), where, kind)
    rule.lead_ins = _strings(item, "lead_ins", where) or (list(LEAD_INS) if kind != "require_prefix" else [])
    if rule.regex:
        for pattern in rule.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise RuleError(f"{where} 的 patterns:正则表达式「{pattern}」有误:{exc}") from exc
    if any(not p for p in rule.patterns):
        raise RuleError(f"{where} 的 patterns:不能有空字符串")
    rule.context = _context(item, rule.patterns, where)
    rule.tests = _tests(item.get("tests", {}), where)
    try:
        rule.message.format(match="", fix="")
    except (KeyError, IndexError, ValueError) as exc:
        raise RuleError(f"{where} 的 message:只能使用 {{match}} 和 {{fix}}({exc})") from exc
    return rule


def _context(item: dict[str, Any], patterns: dict[str, list[str]], where: str) -> dict[str, Context]:
    """``clause_start``, ``not_before`` and ``not_after`` gathered per pattern."""
    found: dict[str, dict[str, Any]] = {p: {} for p in patterns}
    starts = item.get("clause_start", [])
    if isinstance(starts, bool):
        starts = list(patterns) if starts else []
    if not isinstance(starts, list) or not all(isinstance(v, str) for v in starts):
        raise RuleError(f"{where} 的 clause_start:应为 true/false 或说法列表")
    tables: dict[str, dict[str, Any]] = {"clause_start": {p: True for p in starts}}
    for key in ("not_before", "not_after"):
        value = item.get(key, [])
        tables[key] = value if isinstance(value, dict) else {p: value for p in patterns} if value else {}
    for key, table in tables.items():
        for pattern, words in table.items():
            if pattern not in found:
                raise RuleError(f"{where} 的 {key}:「{pattern}」不是这条规则的说法")
            if words is not True and not (
                isinstance(words, list) and words and all(isinstance(w, str) and w for w in words)
            ):
                raise RuleError(f"{where} 的 {key}.{pattern}:应为非空文字列表")
            found[pattern][key] = True if words is True else tuple(words)
    return {p: Context(**c) for p, c in found.items() if c}


def _tests(value: Any, where: str) -> list[RuleTest]:
    if not isinstance(value, dict):
        raise RuleError(f"{where} 的 tests:应为 {{ bad = [...], good = [...] }}")
    _no_unknown(value, TEST_KEYS, f"{where} 的 tests")
    tests: list[RuleTest] = []
    for item in value.get("bad", []):
        if isinstance(item, str):
            tests.append(RuleTest(item, bad=True))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            _no_unknown(item, {"text", "fixed"}, f"{where} 的 tests.bad")
            fixed = item.get("fixed")
            if fixed is not None and not isinstance(fixed, str):
                raise RuleError(f"{where} 的 tests.bad:fixed 应为文字")
            tests.append(RuleTest(item["text"], bad=True, fixed=fixed))
        else:
            raise RuleError(f'{where} 的 tests.bad:每项应为文字或 {{ text = "…", fixed = "…" }}')
    for item in value.get("good", []):
        if not isinstance(item, str):
            raise RuleError(f"{where} 的 tests.good:每项应为文字")
        tests.append(RuleTest(item, bad=False))
    return tests


def _no_unknown(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise RuleError(f"{where}: 未知的键 {', '.join(sorted(unknown))}")


def _forbid(item: dict[str, Any], keys: tuple[str, ...], where: str, kind: str) -> None:
    present = [k for k in keys if k in item]
    if present:
        raise RuleError(f"{where} 的 {present[0]}:{kind} 规则不使用这个键")


def _choice(item: dict[str, Any], key: str, options: tuple[str, ...], where: str, default: str | None) -> str:
    value = item.get(key, default)
    if value not in options:
        raise RuleError(f"{where} 的 {key}:应为 {' / '.join(options)} 之一,而不是 {value!r}")
    return str(value)


def _text(item: dict[str, Any], key: str, where: str, required: bool = False) -> str:
    value = item.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise RuleError(f"{where} 的 {key}:{'必填,' if required else ''}应为文字")
    return value


def _strings(item: dict[str, Any], key: str, where: str) -> list[str]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where} 的 {key}:应为文字列表")
    return list(value)


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RuleError(f"{where}: {key} 应为列表")
    return value
