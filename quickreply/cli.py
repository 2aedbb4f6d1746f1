"""The ``quickreply`` command line: look at and edit the phrase library, back it up and restore it."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import quickreply
from quickreply import lintcli, packcli, paths, settings, statscli, termtext
from quickreply.core import defaults, health, lint, lintrules, models, search, store, validate
from quickreply.core.packs import PackError


class CliError(Exception):
    """A user mistake reported as one line on stderr."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: 错误: {message}(用 --help 查看用法)\n")


def _open(args: argparse.Namespace) -> store.PhraseStore:
    """The library, closed when the command ends (``main`` keeps an ExitStack on ``args``)."""
    db = defaults.open_library(paths.database(args.db))
    cleanup = getattr(args, "cleanup", None)
    if isinstance(cleanup, contextlib.ExitStack):
        cleanup.callback(db.close)
    return db


def _emit_json(data: Any) -> None:
    termtext.echo(termtext.json_text(data))


def _phrase_dict(phrase: models.Phrase, usage: models.Usage) -> dict[str, Any]:
    data = dataclasses.asdict(phrase)
    data.update(uses=usage.count, last_used=usage.last_used)
    return data


def _find(db: store.PhraseStore, key: str) -> list[models.Phrase]:
    """Phrases meant by ``key``: an id if it is a number that exists, else a shortcut code."""
    if key.isdigit() and int(key) <= health.MAX_INTEGER:
        try:
            return [db.get(int(key))]
        except store.NotFound:
            pass
    found = db.find_by_code(key)
    if not found:
        raise CliError(f"没有编号或快捷编码为「{key}」的短语")
    return found


def _read_body(value: str | None) -> str | None:
    if value == "-":
        return sys.stdin.read()
    return value


def _lint_gate(body: str | None, allow: bool) -> None:
    """Refuse a new body that breaks the service standard at error level, as ``import`` does."""
    if body is None or allow:
        return
    blocking = validate.blocking(lint.Linter.default().lint(body))
    if blocking:
        raise CliError(validate.lint_refusal(blocking) + "(确需保存请加 --allow-lint-errors)")


# -- commands ---------------------------------------------------------------------------------------


def cmd_stages(args: argparse.Namespace) -> None:
    db = _open(args)
    counts: dict[str, int] = {}
    for phrase in db.phrases():
        counts[phrase.stage_id] = counts.get(phrase.stage_id, 0) + 1
    stages_ = db.stages()
    if args.json:
        _emit_json([{**dataclasses.asdict(s), "phrases": counts.get(s.id, 0)} for s in stages_])
        return
    for number, stage in enumerate(stages_, 1):
        termtext.echo(
            f"{number:>2}  {termtext.pad(stage.name_zh, 10)}{termtext.pad(stage.id, 13)}"
            f"{termtext.pad(stage.name_en, 15)}{counts.get(stage.id, 0):>4} 条"
        )


def cmd_list(args: argparse.Namespace) -> None:
    db = _open(args)
    stage_id = db.stage(args.stage).id if args.stage else None
    phrases = db.phrases(stage_id)
    usage = db.usage()
    if args.json:
        _emit_json([_phrase_dict(p, usage.get(p.id or 0, models.Usage(p.id or 0, 0, None))) for p in phrases])
        return
    names = {s.id: s.name_zh for s in db.stages()}
    current = None
    for phrase in phrases:
        if phrase.stage_id != current:
            current = phrase.stage_id
            termtext.echo(f"【{names.get(current, current)}】{current}")
        uses = usage[phrase.id].count if phrase.id in usage else 0
        termtext.echo(
            f"  {phrase.id:>4}  {termtext.pad(phrase.code or '-', 7)}{termtext.pad(phrase.title, 16)}"
            f"{uses:>4}次  {termtext.clip(phrase.body, 50)}"
        )
    if not phrases:
        termtext.echo("(没有短语)")


def cmd_show(args: argparse.Namespace) -> None:
    db = _open(args)
    found = _find(db, args.key)
    if args.json:
        data = [_phrase_dict(p, db.usage_of(p.id or 0)) for p in found]
        _emit_json(data[0] if len(data) == 1 else data)
        return
    names = {s.id: s.name_zh for s in db.stages()}
    for index, phrase in enumerate(found):
        if index:
            termtext.echo()
        usage = db.usage_of(phrase.id or 0)
        termtext.echo(f"#{phrase.id} {phrase.title}")
        termtext.echo(f"  阶段:{names.get(phrase.stage_id, phrase.stage_id)}({phrase.stage_id})")
        termtext.echo(f"  快捷编码:{phrase.code or '-'}")
        if phrase.pack_id:
            termtext.echo(f"  短语包:{phrase.pack_id}")
        termtext.echo(f"  使用:{usage.count} 次" + (f",最近 {usage.last_used}" if usage.last_used else ""))
        termtext.echo("  内容:")
        for line in phrase.body.splitlines() or [""]:
            termtext.echo(f"    {line}")
        termtext.echo(f"  使用场景:{phrase.note or '-'}")
        if phrase.questions:
            termtext.echo(f"  买家常问:{' / '.join(phrase.questions)}")


def cmd_search(args: argparse.Namespace) -> None:
    db = _open(args)
    stage_id = db.stage(args.stage).id if args.stage else None
    results = search.SearchIndex.from_store(db, follow=False).search(
        args.query, limit=args.limit, stage=stage_id
    )
    if args.json:
        _emit_json(
            [
                {
                    "rank": n,
                    "tier": r.tier.name.lower(),
                    "score": round(r.score, 3),
                    "title_spans": r.title_spans,
                    "body_spans": r.body_spans,
                    **dataclasses.asdict(r.phrase),
                }
                for n, r in enumerate(results, 1)
            ]
        )
        return
    if not results:
        termtext.echo(f"没有找到与「{args.query}」匹配的短语", file=sys.stderr)
        raise SystemExit(1)
    ansi = sys.stdout.isatty()
    names = {s.id: s.name_zh for s in db.stages()}
    for number, result in enumerate(results, 1):
        phrase = result.phrase
        title = termtext.mark(phrase.title, result.title_spans, ansi)
        pad = " " * max(0, 14 - termtext.width(termtext.safe(phrase.title)))
        body, spans = termtext.excerpt(phrase.body, result.body_spans, 56)
        stage = termtext.pad(termtext.safe(names.get(phrase.stage_id, "")), 10)
        code = termtext.pad(termtext.safe(phrase.code or "-"), 7)
        # mark() made the title and body safe: its own bold marks are the only escapes printed
        print(f"{number:>2}. {code}{stage}{title}{pad}{termtext.mark(body, spans, ansi)}")


def cmd_add(args: argparse.Namespace) -> None:
    db = _open(args)
    body = _read_body(args.body) or ""
    _lint_gate(body, args.allow_lint_errors)
    phrase = db.add(
        models.Phrase(
            stage_id=args.stage,
            title=args.title,
            code=args.code or "",
            body=body,
            note=args.note or "",
            questions=args.question or [],
        )
    )
    termtext.echo(f"已添加短语 #{phrase.id}「{phrase.title}」")


def cmd_edit(args: argparse.Namespace) -> None:
    db = _open(args)
    changes: dict[str, Any] = {}
    for field in ("title", "code", "note"):
        if getattr(args, field) is not None:
            changes[field] = getattr(args, field)
    if args.body is not None:
        changes["body"] = _read_body(args.body)
        _lint_gate(changes["body"], args.allow_lint_errors)
    if args.stage is not None:
        changes["stage_id"] = db.stage(args.stage).id
    if args.question is not None:
        changes["questions"] = args.question
    if not changes:
        raise CliError("没有要修改的内容:请给出 --title、--body、--code、--stage、--note 或 --question")
    phrase = db.update(args.id, **changes)
    termtext.echo(f"已修改短语 #{phrase.id}「{phrase.title}」")


def cmd_copy(args: argparse.Namespace) -> None:
    db = _open(args)
    source = db.get(args.id)
    copy = dataclasses.replace(source.content(), code="", title=args.title or source.title)
    phrase = db.add(copy)
    termtext.echo(f"已复制为自己的短语 #{phrase.id}「{phrase.title}」(快捷编码可用 edit --code 设置)")


def cmd_rm(args: argparse.Namespace) -> None:
    db = _open(args)
    phrase = db.delete(args.id)
    termtext.echo(f"已删除短语 #{phrase.id}「{phrase.title}」")


def cmd_backup(args: argparse.Namespace) -> None:
    db = _open(args)
    made = db.backup(Path(args.path)) if args.path else db.auto_backup("manual")
    termtext.echo(f"已备份到 {made}")


def cmd_restore(args: argparse.Namespace) -> None:
    db = _open(args)
    safety = db.restore(Path(args.path))
    termtext.echo(f"已从 {args.path} 恢复;恢复前的数据已备份到 {safety}")


def cmd_config(args: argparse.Namespace) -> int:
    """List settings, show one, or set one (the value is JSON where it parses, else text).

    A stored value that fails its check is shown as the default it falls back to, with the reason
    on stderr; a value that fails it is refused and nothing is stored.
    """
    values = settings.Settings(_open(args))
    if args.name is None:
        problems = []
        for setting in settings.SETTINGS:
            value, problem = values.read(setting.name)
            flag = "(已存值无效,用默认值) " if problem else ""
            problems += [problem] if problem else []
            shown = termtext.pad(settings.show(value), 24)
            termtext.echo(f"{termtext.pad(setting.name, 26)}{shown}  {flag}{setting.help}")
        for problem in problems:
            termtext.echo(f"quickreply: 警告: {problem}", file=sys.stderr)
        return 0
    if args.value is None:
        value, problem = values.read(args.name)
        termtext.echo(settings.show(value))
        if problem:
            termtext.echo(f"quickreply: 警告: {problem}", file=sys.stderr)
        return 0
    try:
        value = json.loads(args.value)
    except json.JSONDecodeError:
        value = args.value
    stored = values.set(args.name, value)
    termtext.echo(f"已设置 {args.name} = {settings.show(stored)}")
    return 0


def cmd_popup(args: argparse.Namespace) -> int:
    from quickreply import app

    return app.main(args.db, open_popup=True)


def cmd_run(args: argparse.Namespace) -> int:
    from quickreply import app

    return app.main(args.db, force_window=args.window)


# -- parser -----------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="quickreply", description="电商客服快捷回复助手 quickreply 的命令行")
    parser.add_argument("--version", action="version", version=f"quickreply {quickreply.__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=f"数据库文件(默认:${paths.DB_ENV} 或用户数据目录下的 quickreply.db)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(
        name: str, func: Callable[[argparse.Namespace], int | None], help_: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = command("stages", cmd_stages, "按对话顺序列出阶段及短语数")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("list", cmd_list, "列出短语(可按阶段)")
    p.add_argument("--stage", help="阶段:编号、中文名或常用叫法,如 bargaining、议价、讲价")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("show", cmd_show, "显示一条短语的全部内容")
    p.add_argument("key", metavar="ID|CODE", help="短语编号或快捷编码")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("search", cmd_search, "搜索短语:汉字、拼音、首字母(fh)、/编码、@阶段")
    p.add_argument("query", help="如 发货、fahuo、fh、/fh、@物流 顺丰")
    p.add_argument("--limit", type=int, default=10, help="最多显示几条(默认 10)")
    p.add_argument("--stage", help="只搜这个阶段")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("add", cmd_add, "添加一条自己的短语")
    p.add_argument("--stage", required=True, help="阶段")
    p.add_argument("--title", required=True, help="标题")
    p.add_argument("--body", required=True, help="回复内容;- 表示从标准输入读取")
    p.add_argument("--code", help="快捷编码(英文字母和数字,如 fh)")
    p.add_argument("--note", help="使用场景说明")
    p.add_argument("--question", action="append", help="买家常问的话(可多次给出)")
    p.add_argument("--allow-lint-errors", action="store_true", help="不符合服务规范也保存(与 import 相同)")
    p = command("edit", cmd_edit, "修改一条短语")
    p.add_argument("id", type=int, help="短语编号")
    p.add_argument("--stage", help="移到这个阶段")
    p.add_argument("--title")
    p.add_argument("--body", help="- 表示从标准输入读取")
    p.add_argument("--code", help="快捷编码;空字符串表示去掉")
    p.add_argument("--note")
    p.add_argument("--question", action="append", help="替换买家常问(可多次给出)")
    p.add_argument("--allow-lint-errors", action="store_true", help="不符合服务规范也保存(与 import 相同)")
    p = command("copy", cmd_copy, "把一条短语(如只读的默认短语)复制为自己的短语")
    p.add_argument("id", type=int, help="短语编号")
    p.add_argument("--title", help="新标题(默认沿用原标题)")
    p = command("rm", cmd_rm, "删除一条短语")
    p.add_argument("id", type=int, help="短语编号")
    p = command("backup", cmd_backup, "备份数据库;不给路径时存入自动备份目录")
    p.add_argument("path", nargs="?", help="备份文件路径")
    p = command("restore", cmd_restore, "从备份文件恢复整个短语库(恢复前会自动备份当前数据)")
    p.add_argument("path", help="备份文件路径")
    p = command("config", cmd_config, "查看或修改设置:config 列出全部;config 名称 [值]")
    p.add_argument("name", nargs="?", help="设置名称,如 library.read_only")
    p.add_argument("value", nargs="?", help='新值(JSON,如 true、30、"ctrl+alt+q";其他按文字)')
    p = command("popup", cmd_popup, "打开搜索弹窗(已运行时唤醒它;可绑定到桌面快捷键)")
    p = command("run", cmd_run, "启动托盘程序(不带命令时也是它)")
    p.add_argument("--window", action="store_true", help="不用托盘图标,显示一个小窗口")
    lintcli.register(command, _open)
    packcli.register(command, _open)
    statscli.register(command, _open)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func, args.window = cmd_run, False
    if args.func not in (cmd_run, cmd_popup):  # the tray app sets up its own log
        handler = logging.StreamHandler()
        handler.setFormatter(termtext.SafeFormatter("quickreply: 警告: %(message)s"))
        logging.basicConfig(level=logging.WARNING, handlers=[handler])
    try:
        with contextlib.ExitStack() as args.cleanup:
            return int(args.func(args) or 0)
    except (store.StoreError, PackError, lintrules.RuleError, settings.SettingError, CliError) as exc:
        termtext.echo(f"quickreply: 错误: {exc}", file=sys.stderr)
        return 1
    except UnicodeEncodeError as exc:  # text that is not text: a lone surrogate from a non-UTF-8 argument
        bad = f"U+{ord(exc.object[exc.start]):04X}" if isinstance(exc.object, str) else "?"
        termtext.echo(
            f"quickreply: 错误: 无法保存含有无效字符 {bad} 的文字(多半是终端或文件的编码不对)",
            file=sys.stderr,
        )
        return 1
    except (sqlite3.Error, OSError) as exc:  # whatever the store did not put in words: still one line
        print(f"quickreply: 错误: {health.message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
