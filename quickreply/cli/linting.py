"""The linter's commands: ``quickreply lint`` for drafts and the library, ``quickreply rules test``."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from quickreply import termtext
from quickreply.cli.common import Command, OpenStore, emit_json
from quickreply.core import lint, lintrules, store
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
    p.add_argument("--fix", action="store_true", help="输出自动修正后的文字")
    p.add_argument("--library", action="store_true", help="检查短语库中的每一条短语")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("rules", cmd_rules, "规则文件:rules test FILE… 运行每条规则自带的正反例")
    p.add_argument("action", choices=["test"], help="test:运行规则自检")
    p.add_argument("files", nargs="*", metavar="FILE", help="规则文件(默认:内置规则文件)")


def _linter(args: argparse.Namespace, open_store: OpenStore) -> lint.Linter:
    """The default rules (or --rules files), plus the Advertising-Law file when switched on."""
    from quickreply import settings

    ad_law = args.ad_law or (args.library and bool(settings.Settings(open_store(args)).get("lint.ad_law")))
    files = [Path(f) for f in args.rules] if args.rules else lint.default_files()
    if ad_law:
        files.append(lint.default_files(ad_law=True)[-1])
    return lint.Linter.load(files)


def cmd_lint(args: argparse.Namespace, open_store: OpenStore) -> int:
    """Check a text (or with ``--library`` every phrase); status 1 on an error-level finding."""
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
    """Check every phrase of the library, grouped by stage."""
    names = {s.id: s.name_zh for s in db.stages()}
    offenders: list[dict[str, Any]] = []
    for phrase in db.phrases():
        findings = linter.lint(phrase.body, args.channel)
        if findings:
            offenders.append({"phrase": phrase, "findings": findings})
    if args.json:
        emit_json(
            [
                {
                    "id": o["phrase"].id,
                    "stage_id": o["phrase"].stage_id,
                    "title": o["phrase"].title,
                    "findings": _dicts(o["findings"]),
                }
                for o in offenders
            ]
        )
    else:
        current = None
        for offender in offenders:
            phrase = offender["phrase"]
            if phrase.stage_id != current:
                current = phrase.stage_id
                termtext.echo(f"【{names.get(current, current)}】")
            termtext.echo(f"  #{phrase.id} {phrase.title}({phrase.code or '-'})")
            _report(phrase.body, offender["findings"], sys.stdout, indent="    ")
        total = len(db.phrases())
        termtext.echo(
            f"检查了 {total} 条短语,"
            + (f"{len(offenders)} 条不符合规范" if offenders else "全部符合服务规范")
        )
    return 1 if any(f.level == LintLevel.ERROR for o in offenders for f in o["findings"]) else 0


def _report(text: str, findings: list[lint.Finding], stream: Any, indent: str = "") -> None:
    """Each finding: level, rule and message, then the line it is on with carets under the match."""
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
        termtext.echo(f"{indent}{level} {finding.rule_id}: {finding.message}", file=stream)
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
