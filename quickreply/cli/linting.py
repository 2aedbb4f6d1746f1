"""The linter's commands: ``quickreply lint`` for drafts and the library, ``quickreply rules test``."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from quickreply import termtext
from quickreply.cli.common import CliError, Command, OpenStore, emit_json
from quickreply.core import library_lint, lint, lintrules, models, store
from quickreply.core.kinds import LintLevel

LEVEL_NAMES: dict[str, str] = {LintLevel.ERROR: "错误", LintLevel.WARNING: "警告", LintLevel.INFO: "提示"}


def register(command: Command, open_store: OpenStore) -> None:
    """Add ``lint`` and ``rules`` to the command line."""

    def run_lint(args: argparse.Namespace) -> int:
        return cmd_lint(args, open_store)

    p = command("lint", run_lint, "按服务规范检查一段话术(或整个短语库),给出修改建议")
    p.add_argument("text", nargs="?", help="要检查的文字;- 或省略表示从标准输入读取")
    p.add_argument("--rules", metavar="FILE", action="append", help="规则文件(可多次给出;默认用内置服务规范)")
    p.add_argument(
        "--channel", choices=lintrules.CHANNELS, default="chat", help="渠道:chat 聊天(默认)或 phone 电话"
    )
    p.add_argument("--ad-law", action="store_true", help="同时检查广告法极限词(警告级)")
    p.add_argument(
        "--fix",
        action="store_true",
        help="输出自动修正后的文字;与 --library 同用时直接修改短语库(先自动备份)",
    )
    p.add_argument(
        "--library",
        action="store_true",
        help="检查短语库中的每一条短语,列出需修改的;有需修改的短语时退出码为 1",
    )
    p.add_argument("--stage", help="与 --library 同用:只检查这个阶段")
    p.add_argument("--pack", help="与 --library 同用:只检查这个短语包;own 表示自己的短语")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("rules", cmd_rules, "规则文件:rules test FILE… 运行每条规则自带的正反例")
    p.add_argument("action", choices=["test"], help="test:运行规则自检")
    p.add_argument("files", nargs="*", metavar="FILE", help="规则文件(默认:内置规则文件)")


def _linter(args: argparse.Namespace, open_store: OpenStore) -> lint.Linter:
    """The default rules (or --rules files), plus the Advertising-Law file when switched on.

    ``--library`` checks with the rules the app uses on that library: its ``lint.ad_law`` and
    the shop's ``lint.rule_files`` (unless --rules names others) and the common exceptions it allows
    (``lint.allowed_words``), so the list matches 需修改 there.
    """
    from quickreply import settings

    shop = settings.Settings(open_store(args)) if args.library else None
    ad_law = args.ad_law or (shop is not None and bool(shop.get("lint.ad_law")))
    files = [Path(f) for f in args.rules] if args.rules else lint.default_files()
    if ad_law:
        files.append(lint.default_files(ad_law=True)[-1])
    if shop is not None and not args.rules:
        files += [Path(f) for f in shop.get("lint.rule_files")]
    return lint.Linter.load(files, allow=settings.lint_allow(shop) if shop is not None else [])


def cmd_lint(args: argparse.Namespace, open_store: OpenStore) -> int:
    """Check a text (or with ``--library`` every phrase); status 1 on an error-level finding."""
    if not args.library and (args.stage or args.pack):
        raise CliError("--stage 和 --pack 只能与 --library 同用")
    linter = _linter(args, open_store)
    if args.library:
        return _lint_library(linter, open_store(args), args)
    text = sys.stdin.read() if args.text in (None, "-") else args.text
    if args.text in (None, "-") and text.endswith("\n"):
        text = text[:-1]
    if args.fix:
        result = linter.fix(text, args.channel)
        remaining = result.remaining
        if args.json:
            emit_json(
                {"text": result.text, "applied": _dicts(result.applied), "remaining": _dicts(remaining)}
            )
        else:
            termtext.echo(result.text)
            if remaining:
                termtext.echo(f"还有 {len(remaining)} 处需要手动修改:", file=sys.stderr)
                _report(result.text, remaining, sys.stderr)
    else:
        remaining = linter.lint(text, args.channel)
        if args.json:
            emit_json(_dicts(remaining))
        elif remaining:
            _report(text, remaining, sys.stdout)
        else:
            termtext.echo("符合服务规范")
    return 1 if any(f.level == LintLevel.ERROR for f in remaining) else 0


def _lint_library(linter: lint.Linter, db: store.PhraseStore, args: argparse.Namespace) -> int:
    """Check the library's phrases (or one stage's, one pack's), grouped by stage; with ``--fix``
    apply every single-choice fix first. Status 1 while a phrase still needs a fix (需修改)."""
    checker = library_lint.Checker(linter, args.channel)
    phrases = _chosen(db, args)
    if args.fix:
        return _fix_library(linter, db, checker, phrases, args)
    flagged = checker.scan(phrases, warnings=True)
    if args.json:
        emit_json([_flagged_dict(f) for f in flagged])
    else:
        _list_flagged(db, flagged)
        termtext.echo(_count_line(len(phrases), flagged))
    return 1 if any(f.needs_fix for f in flagged) else 0


def _chosen(db: store.PhraseStore, args: argparse.Namespace) -> list[models.Phrase]:
    """The phrases ``--stage`` and ``--pack`` (a pack id; own: the agent's own) choose, in library order."""
    phrases = db.phrases(db.stage(args.stage).id if args.stage else None)
    if args.pack is not None:
        wanted = None if args.pack == "own" else db.pack(args.pack).id
        phrases = [p for p in phrases if p.pack_id == wanted]
    return phrases


def _fix_library(
    linter: lint.Linter,
    db: store.PhraseStore,
    checker: library_lint.Checker,
    phrases: list[models.Phrase],
    args: argparse.Namespace,
) -> int:
    """``lint --library --fix``: back up, fix every phrase with a single-choice suggestion in one
    transaction, say what changed, then list what still needs a person."""
    todo = [f.phrase for f in checker.scan(phrases, warnings=True) if f.fixable]
    backup = db.auto_backup("before-lint-fix") if todo and db.path is not None else None
    done, refused = library_lint.fix_all(db, linter, todo)
    changed = [f for f in done if f.changed]
    left = checker.scan(_chosen(db, args), warnings=True)
    if args.json:
        emit_json(
            {
                "backup": str(backup) if backup else None,
                "fixed": [
                    {
                        **_phrase_dict(f.phrase),
                        "before": f.before,
                        "body": f.phrase.body,
                        "applied": _dicts(f.applied),
                    }
                    for f in changed
                ],
                "refused": [{**_phrase_dict(p), "reason": why} for p, why in refused],
                "remaining": [_flagged_dict(f) for f in left],
            }
        )
    else:
        if changed:
            where = f"(修改前的短语库已备份到 {backup})" if backup else ""
            termtext.echo(f"已修改 {len(changed)} 条短语{where}:")
            for fixed in changed:
                edits = "、".join(
                    library_lint.describe(f) for f in sorted(fixed.applied, key=lambda f: f.start)
                )
                termtext.echo(f"  #{fixed.phrase.id} {fixed.phrase.title}:{edits}")
        for phrase, why in refused:
            termtext.echo(f"  #{phrase.id} {phrase.title} 未修改:{why}")
        needing = [f for f in left if f.needs_fix]
        if needing:
            termtext.echo(f"还有 {len(needing)} 条需要人工修改:")
            _list_flagged(db, needing)
        termtext.echo(
            f"修改了 {len(changed)} 条短语,"
            + (f"{len(needing)} 条仍不符合规范,需人工修改" if needing else "全部符合服务规范")
        )
    return 1 if any(f.needs_fix for f in left) else 0


def _list_flagged(db: store.PhraseStore, flagged: list[library_lint.Flagged]) -> None:
    """Each phrase under its stage: id, title, code, pack, then each finding with its way out."""
    names = {s.id: s.name_zh for s in db.stages()}
    packs = {p.id: p for p in db.packs()}
    current = None
    for item in flagged:
        phrase = item.phrase
        if phrase.stage_id != current:
            current = phrase.stage_id
            termtext.echo(f"【{names.get(current, current)}】")
        pack = packs.get(phrase.pack_id or "")
        origin = f" 短语包「{pack.name}」" + (",只读" if pack.read_only else "") if pack else ""
        termtext.echo(f"  #{phrase.id} {phrase.title}({phrase.code or '-'}){origin}")
        _report(phrase.body, item.findings, sys.stdout, indent="    ", ways=True)


def _count_line(total: int, flagged: list[library_lint.Flagged]) -> str:
    needing = [f for f in flagged if f.needs_fix]
    if not flagged:
        return f"检查了 {total} 条短语,全部符合服务规范"
    line = f"检查了 {total} 条短语,{len(needing)} 条不符合规范,需修改"
    fixable = sum(1 for f in needing if f.fixable)
    if fixable:
        line += f"(其中 {fixable} 条可自动修改:quickreply lint --library --fix)"
    warned = len(flagged) - len(needing)
    return line + (f";{warned} 条只有警告" if warned else "")


def _way(finding: lint.Finding) -> str:
    """How a finding of the library gets fixed: by --fix, by a person's choice, or by rewriting."""
    if finding.fixable:
        return "〔可自动修改〕"
    if finding.suggestions:
        return "〔请选择:" + " / ".join(s or "删除" for s in finding.suggestions) + "〕"
    return "〔需人工改写〕"


def _phrase_dict(phrase: models.Phrase) -> dict[str, Any]:
    return {
        "id": phrase.id,
        "stage_id": phrase.stage_id,
        "code": phrase.code,
        "title": phrase.title,
        "pack_id": phrase.pack_id,
    }


def _flagged_dict(flagged: library_lint.Flagged) -> dict[str, Any]:
    return {
        **_phrase_dict(flagged.phrase),
        "needs_fix": flagged.needs_fix,
        "findings": _dicts(flagged.findings),
    }


def _report(
    text: str, findings: list[lint.Finding], stream: Any, indent: str = "", ways: bool = False
) -> None:
    """Each finding: level, rule and message (with ``ways``, how it can be fixed), then the line it
    is on with carets under the match."""
    for finding in findings:
        line_start = text.rfind("\n", 0, finding.start) + 1
        line_end = text.find("\n", finding.start)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        # widths as printed: echo shows a control character as its escape
        column = termtext.width(termtext.safe(text[line_start : finding.start]))
        span = max(
            1, termtext.width(termtext.safe(text[finding.start : min(finding.end, line_start + len(line))]))
        )
        level = LEVEL_NAMES.get(finding.level, finding.level)
        way = _way(finding) if ways else ""
        termtext.echo(f"{indent}{level} {finding.rule_id}: {finding.message}{way}", file=stream)
        termtext.echo(f"{indent}  {line}", file=stream)
        termtext.echo(f"{indent}  {' ' * column}{'^' * span}", file=stream)


def _dicts(findings: list[lint.Finding]) -> list[dict[str, Any]]:
    """Findings as JSON output shows them."""
    return [{**dataclasses.asdict(f), "fixable": f.fixable} for f in findings]


def cmd_rules(args: argparse.Namespace) -> int:
    """Run each rule's own examples; status 1 when one fails or a file does not load."""
    files = [Path(f) for f in args.files] or lint.default_files(ad_law=True)
    failed = False
    for path in files:
        termtext.echo(f"{path}")
        try:
            linter = lint.Linter.load([path], check=False)
        except lintrules.RuleError as exc:
            termtext.echo(f"  ✗ 无法加载:{exc}")
            failed = True
            continue
        for outcome in linter.self_test():
            mark = "✓" if not outcome.failures else "✗"
            termtext.echo(f"  {mark} {outcome.rule_id}({outcome.cases} 个例子)")
            for failure in outcome.failures:
                termtext.echo(f"      {failure}")
            failed |= bool(outcome.failures)
    return 1 if failed else 0
