"""``quickreply coverage FILE``: which real buyer messages the library answers, for trainers.

The report itself is built in ``core.coverage`` (the usage view shows the same one); this module
prints it as a table, as JSON, or exports it as XLSX. The pack readers and the report load only
when the command runs: ``quickreply search`` must stay quick to start.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from quickreply import termtext
from quickreply.cli.common import CliError, Command, OpenStore, emit_json

if TYPE_CHECKING:
    from quickreply.core import coverage

MESSAGE_COLUMNS = 40


def register(command: Command, open_store: OpenStore) -> None:
    """Add ``coverage`` to the command line."""
    p = command(
        "coverage",
        lambda a: cmd_coverage(a, open_store),
        "覆盖率报告:一批买家消息里,短语库答得有把握、不确定、没有答案的各是哪些(按阶段)",
    )
    p.add_argument("file", metavar="FILE", help="买家消息:每行一条的文本文件,或 CSV/TSV/XLSX/XLS 聊天记录")
    p.add_argument("--column", metavar="NAME", help="买家消息所在的列(表头或从 1 数起的列号;默认按表头识别)")
    p.add_argument("--encoding", metavar="ENC", help="文本文件的编码(默认自动识别),如 gb18030、big5")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--export", metavar="FILE.xlsx", help="导出到 XLSX 文件")


def cmd_coverage(args: argparse.Namespace, open_store: OpenStore) -> int:
    """Read the messages, search each once, then print or export the report."""
    from quickreply.core import coverage, coverage_input, search

    if args.export and Path(args.export).suffix.lower() != ".xlsx":
        raise CliError(f"导出文件的扩展名须为 .xlsx:{args.export}")
    messages = coverage_input.read(args.file, args.column, args.encoding)
    db = open_store(args)
    index = search.SearchIndex.from_store(db, follow=False)
    report = coverage.build(index, db.stages(), messages)
    if args.export:
        try:
            written = coverage.export(report, args.export, db.path)
        except OSError as exc:
            from quickreply.core import safepath

            raise CliError(safepath.failure(Path(args.export), exc)) from exc
        termtext.echo(f"已导出 {len(report.answers)} 条消息的覆盖率报告到 {written}")
        return 0
    if args.json:
        emit_json(report.to_dict())
    else:
        print_report(report)
    return 0


def _share(count: int, total: int) -> str:
    return f"{count}({count / total:.0%})" if total else str(count)


def print_report(report: coverage.Report) -> None:
    """The report as a table of counts per stage, then every message in to-do order."""
    from quickreply.core import coverage, coverage_input

    source = report.messages
    total = len(report.answers)
    column = f"(列「{source.column}」)" if source.column else ""
    termtext.echo(f"覆盖率报告:{source.source.name}{column}")
    counts = " · ".join(
        f"{coverage.LABELS[w]} {_share(report.total(w), total)}" for w in reversed(coverage.ORDER)
    )
    skipped = sum(source.skipped.values())
    reasons = "、".join(f"{coverage_input.SKIP_REASONS[k]} {n}" for k, n in source.skipped.items())
    termtext.echo(f"  {total} 条买家消息:{counts}" + (f";跳过 {skipped} 行({reasons})" if skipped else ""))
    termtext.echo()
    widths = (12, 7, 8, 8, 10)
    for row in [list(coverage.SUMMARY_HEADERS), *report.summary_rows()]:
        cells = (termtext.pad(termtext.clip(cell, w - 1), w) for cell, w in zip(row, widths, strict=True))
        termtext.echo("".join(cells).rstrip())
    for group in report.groups:
        termtext.echo()
        if group.stage is None:
            termtext.echo(f"【{group.name}】{len(group.answers)} 条 —— 需要新话术")
        else:
            termtext.echo(
                f"【{group.name}】{group.stage.id}  {len(group.answers)} 条:"
                f"不确定 {group.count(coverage.WEAK)} · 有把握 {group.count(coverage.CONFIDENT)}"
            )
        for answer in group.answers:
            line = f"  {answer.message.row:>5}  {termtext.pad(coverage.LABELS[answer.verdict], 9)}"
            text = termtext.clip(answer.message.text, MESSAGE_COLUMNS)
            if answer.best is None:
                termtext.echo(line + text)
                continue
            others = " / ".join(coverage.phrase_label(r.phrase) for r in answer.results[1:])
            termtext.echo(
                line
                + termtext.pad(text, MESSAGE_COLUMNS + 2)
                + f"→ {coverage.phrase_label(answer.best)}"
                + (f"(其次:{others})" if others else "")
            )
