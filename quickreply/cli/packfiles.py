"""The phrase-pack commands: ``quickreply import``, ``export`` and ``packs``.

The pack readers and writers (and the settings) load only when ``import`` or ``export`` runs
(or shows its help): ``quickreply search`` must not wait for them. ``import`` exits with
``PARTIAL`` when rows were left out, so a script notices without reading the report.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quickreply import termtext
from quickreply.cli.common import Command, OpenStore
from quickreply.core import lint

if TYPE_CHECKING:
    from quickreply.core.packs import merge

PARTIAL = 3  # import: some rows were rejected or skipped (1: an error, nothing imported; 2: usage)
IMPORT_EPILOG = f"""\
不符合服务规范的行照常导入,并标为「需修改」;用 quickreply lint --library 列出短语库里需修改的短语。
加 --reject-lint-errors 则拒绝这些行(以前的 --allow-lint-errors 现在是默认,仍可照写)。

退出状态(--dry-run 时为预计的结果):
  0  每一行都已导入(新增、更新或已有相同的短语)
  1  出错,没有导入任何内容(文件无法读取;--strict 下有行被拒绝)
  2  用法错误
  {PARTIAL}  部分行未导入:有行被拒绝或跳过(含文件里重复的行),其余行已导入
"""


def register(command: Command, open_store: OpenStore) -> None:
    """Add ``import``, ``export`` and ``packs`` to the command line."""
    p = command(
        "import",
        lambda a: cmd_import(a, open_store),
        "导入短语包(JSON、CSV、XLSX、XLS),先预览再导入",
        arguments=_import_arguments,
    )
    p.epilog = IMPORT_EPILOG
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    command(
        "export",
        lambda a: cmd_export(a, open_store),
        "导出短语(JSON、CSV、XLSX)",
        arguments=_export_arguments,
    )
    p = command("packs", lambda a: cmd_packs(a, open_store), "列出已安装的短语包;packs rm ID 删除一个短语包")
    p.add_argument("action", nargs="?", choices=("list", "rm"), default="list")
    p.add_argument("pack_id", nargs="?", help="要删除的短语包编号")


def _import_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``import`` (their choices come from the merge)."""
    from quickreply.core.packs import merge

    p.add_argument("file", help="短语包文件")
    p.add_argument("--dry-run", action="store_true", help="只预览,不改动短语库")
    p.add_argument(
        "--on-conflict",
        choices=merge.POLICIES,
        default="skip",
        help="与自己的短语冲突时:skip 跳过(默认)、overwrite 覆盖、newer 文件较新时覆盖",
    )
    p.add_argument("--pack-id", help="短语包编号(默认取 JSON 中的 id 或文件名)")
    p.add_argument(
        "--reject-lint-errors",
        action="store_true",
        help="拒绝不符合服务规范的行(默认照常导入并标为「需修改」)",
    )
    # Now the default; still accepted so that older scripts run.
    p.add_argument("--allow-lint-errors", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--strict", action="store_true", help="有任何一行被拒绝就整个不导入")
    p.add_argument("--encoding", help="CSV/TSV 文件的编码(默认自动判断),如 gb18030、big5、utf-8、utf-16")
    p.add_argument("--json", action="store_true", help="输出 JSON 报告")


def _export_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of ``export`` (their choices come from the writers)."""
    from quickreply.core.packs import export

    p.add_argument("file", help="导出到这个文件")
    p.add_argument("--format", choices=("json", "csv", "xlsx"), help="格式(默认按扩展名)")
    p.add_argument("--stage", help="只导出这个阶段")
    p.add_argument("--pack", help="只导出这个短语包;own 表示自己的短语")
    p.add_argument(
        "--encoding",
        choices=export.ENCODINGS,
        default="utf-8-sig",
        help="CSV 编码:utf-8-sig(默认,Excel 能正确显示中文)或 gbk(旧软件)",
    )


def cmd_import(args: argparse.Namespace, open_store: OpenStore) -> int:
    """Import a pack file (or only preview it with ``--dry-run``) and print the report; 0 when
    every row is (or would be) in the library, ``PARTIAL`` when some are not."""
    from quickreply import settings
    from quickreply.core.packs import merge

    db = open_store(args)
    report = merge.import_file(
        db,
        Path(args.file),
        lint.Linter.default(),
        policy=args.on_conflict,
        dry_run=args.dry_run,
        pack_id=args.pack_id,
        reject_lint_errors=args.reject_lint_errors,
        strict=args.strict,
        limits=settings.import_limits(settings.Settings(db)),
        encoding=args.encoding,
    )
    if args.json:
        data = report.as_dict()
        data["counts"] = report.counts()
        termtext.echo(termtext.json_text(data))
    else:
        print_report(report)
    return 0 if report.complete else PARTIAL


def print_report(report: merge.ImportReport) -> None:
    """Counts first, then every row that was not simply added or left unchanged."""
    from quickreply.core.packs import merge

    head = "预览(未改动短语库)" if report.dry_run else "已导入"
    termtext.echo(
        f"{head}:{report.source} → 短语包「{report.pack_name}」({report.pack_id}"
        + (f",版本 {report.pack_version}" if report.pack_version else "")
        + ")"
    )
    counts = report.counts()
    summary = "  ".join(f"{merge.ACTION_NAMES[a]} {counts[a]}" for a in merge.ACTIONS)
    termtext.echo(f"  {summary}  {merge.NEEDS_FIX} {report.needs_fix}")
    for note in report.notes:
        termtext.echo(f"  · {note}")
    for row in report.rows:
        if row.action in ("add", "unchanged") and not row.findings:
            continue
        where = f"第 {row.number} 行" if row.number is not None else f"#{row.phrase_id}"
        termtext.echo(
            f"  {termtext.pad(where, 10)}{merge.ACTION_NAMES[row.action]}"
            f"  {row.phrase.stage_id}/{row.phrase.title}" + (f"  {row.reason}" if row.reason else "")
        )
        for finding in row.findings:
            termtext.echo(f"      {finding}")
    if any(row.reason == merge.LINT_REJECTED for row in report.rows):
        termtext.echo("  不符合服务规范的行被拒绝;不加 --reject-lint-errors 则照常导入并标为「需修改」")
    if report.backup:
        termtext.echo(f"  导入前的短语库已备份到 {report.backup}")
    if not report.complete:
        termtext.echo(f"  有 {counts['reject'] + counts['skip']} 行未导入(退出状态 {PARTIAL})")
    if report.needs_fix:
        termtext.echo(
            f"  {report.needs_fix} 条短语不符合服务规范,已标为「需修改」;"
            "用 quickreply lint --library 列出短语库里需修改的短语"
        )


def cmd_export(args: argparse.Namespace, open_store: OpenStore) -> int:
    """Export phrases to a JSON, CSV or XLSX file."""
    from quickreply.core.packs import export

    db = open_store(args)
    count = export.export(
        db, Path(args.file), fmt=args.format, stage=args.stage, pack=args.pack, encoding=args.encoding
    )
    termtext.echo(f"已导出 {count} 条短语到 {args.file}")
    return 0


def cmd_packs(args: argparse.Namespace, open_store: OpenStore) -> int:
    """List the installed packs, or remove one (after a backup)."""
    db = open_store(args)
    if args.action == "rm":
        if not args.pack_id:
            termtext.echo("quickreply: 错误: 请给出要删除的短语包编号", file=sys.stderr)
            return 2
        db.pack(args.pack_id)
        backup = db.auto_backup("before-pack-rm") if db.path is not None else None
        removed = db.remove_pack(args.pack_id)
        termtext.echo(
            f"已删除短语包 {args.pack_id} 及其 {removed} 条短语"
            + (f";删除前已备份到 {backup}" if backup else "")
        )
        return 0
    counts = db.pack_counts()
    packs: list[Any] = db.packs()
    if not packs:
        termtext.echo("(没有短语包)")
    for pack in packs:
        flag = "只读" if pack.read_only else "可编辑"
        termtext.echo(
            f"{termtext.pad(pack.id, 20)}{termtext.pad(pack.name, 20)}{termtext.pad(pack.version or '-', 10)}"
            f"{counts.get(pack.id, 0):>5} 条  {flag}  {pack.imported_at}"
        )
    return 0
