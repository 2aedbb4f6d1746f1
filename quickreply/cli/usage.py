"""The usage statistics command: ``quickreply stats`` for trainers (uses per day, top and unused phrases).

The statistics module loads only when ``stats`` runs: the other commands start without it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quickreply import termtext
from quickreply.cli.common import Command, OpenStore
from quickreply.core import safepath

if TYPE_CHECKING:
    from quickreply.core import stats

DEFAULT_DAYS = 30
TOP_N = 10
UNUSED_SHOWN = 10
BAR_WIDTH = 40
WEEKDAYS = "一二三四五六日"


def _days(value: str) -> int:
    """A ``--days`` value: a positive whole number."""
    try:
        days = int(value)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(f"天数必须是正整数:{value}")
    return days


def register(command: Command, open_store: OpenStore) -> None:
    """Add ``stats`` to the command line."""
    p = command(
        "stats",
        lambda a: cmd_stats(a, open_store),
        "使用统计:每天使用次数、常用短语、未使用的短语、按阶段统计",
    )
    p.add_argument(
        "--days",
        type=_days,
        default=DEFAULT_DAYS,
        metavar="N",
        help=f"统计最近 N 天(含今天,默认 {DEFAULT_DAYS})",
    )
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--export", metavar="FILE", help="导出到 CSV 或 XLSX 文件(按扩展名)")


def cmd_stats(args: argparse.Namespace, open_store: OpenStore, usage: stats.UsageStats | None = None) -> int:
    """Print (or export) the figures of the last ``args.days`` days; ``usage`` is injectable for tests."""
    from quickreply.core import stats

    usage = usage or stats.UsageStats(open_store(args))
    start, end = usage.last_days(args.days)
    if args.export:
        if Path(args.export).suffix.lower().lstrip(".") not in stats.EXPORT_FORMATS:
            termtext.echo(
                f"quickreply: 错误: 导出文件的扩展名须为 .csv 或 .xlsx:{args.export}", file=sys.stderr
            )
            return 2
        try:
            target = usage.export(args.export, start, end, TOP_N)
        except OSError as exc:
            termtext.echo(f"quickreply: 错误: {safepath.failure(Path(args.export), exc)}", file=sys.stderr)
            return 1
        termtext.echo(f"已导出 {start} 至 {end} 的使用统计到 {target}")
        return 0
    report = usage.report(start, end, TOP_N)
    if args.json:
        termtext.echo(termtext.json_text(report.to_dict()))
    else:
        print_report(report)
    return 0


def _bar(count: int, most: int) -> str:
    """A bar of block characters, ``count`` scaled so that ``most`` fills the width."""
    if not count:
        return ""
    return "█" * max(1, round(count * BAR_WIDTH / most))


def print_report(report: stats.Report) -> None:
    """The report as readable Chinese text with bar charts."""
    t = report.totals
    termtext.echo(f"最近 {t.days} 天({t.start} 至 {t.end})")
    termtext.echo(
        f"  共使用 {t.uses} 次,平均每天 {t.per_day:.1f} 次,{t.active_days} 天有使用;"
        f"用到 {t.phrases_used} / {t.phrases_total} 条短语"
    )
    termtext.echo()
    termtext.echo("每天使用次数")
    most = max((n for _, n in report.per_day), default=0)
    for day, count in report.per_day:
        label = f"{day:%m-%d} 周{WEEKDAYS[day.weekday()]}"
        termtext.echo(f"  {label}  {termtext.pad(_bar(count, most), BAR_WIDTH)} {count:>4}")
    termtext.echo()
    names = {s.stage.id: s.stage.name_zh for s in report.by_stage}
    termtext.echo(f"常用短语(前 {TOP_N} 条)")
    if not report.top:
        termtext.echo("  (这段时间没有使用记录)")
    for rank, item in enumerate(report.top, 1):
        phrase = item.phrase
        termtext.echo(
            f"  {rank:>2}. {termtext.pad(f'#{phrase.id}', 6)}"
            f"{termtext.pad(termtext.clip(phrase.title, 20), 22)}"
            f"{termtext.pad(names.get(phrase.stage_id, phrase.stage_id), 10)}{item.uses:>4} 次"
            f"  最近 {item.last_used:%m-%d %H:%M}"
        )
    termtext.echo()
    unused = report.never_used
    termtext.echo(
        f"{t.days} 天内未使用的短语:{len(unused)} 条" + (f"(列出前 {UNUSED_SHOWN} 条)" if unused else "")
    )
    for phrase in unused[:UNUSED_SHOWN]:
        termtext.echo(
            f"  {termtext.pad(f'#{phrase.id}', 6)}"
            f"{termtext.pad(names.get(phrase.stage_id, ''), 10)}{phrase.title}"
        )
    if len(unused) > UNUSED_SHOWN:
        termtext.echo(f"  …… 另有 {len(unused) - UNUSED_SHOWN} 条(用 --export 导出全部)")
    termtext.echo()
    termtext.echo("按阶段")
    most = max((s.uses for s in report.by_stage), default=0)
    for stage in report.by_stage:
        termtext.echo(
            f"  {termtext.pad(stage.stage.name_zh, 10)}"
            f"{termtext.pad(_bar(stage.uses, most), BAR_WIDTH)} {stage.uses:>4}"
        )
