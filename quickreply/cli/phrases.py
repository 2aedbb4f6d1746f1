"""The phrase commands: ``stages``, ``list``, ``show`` and ``search`` to look at phrases,
``add``, ``edit``, ``copy`` and ``rm`` to change them.

``search --batch`` answers a file of queries from one index, for scripts that measure or label.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterator
from typing import Any

from quickreply import termtext
from quickreply.cli.common import CliError, Command, OpenStore, emit_json
from quickreply.core import health, lint, models, search, store, validate


def register(command: Command, open_store: OpenStore) -> None:
    """Add the phrase commands to the command line."""
    p = command("stages", lambda a: cmd_stages(a, open_store), "按对话顺序列出阶段及短语数")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("list", lambda a: cmd_list(a, open_store), "列出短语(可按阶段)")
    p.add_argument("--stage", help="阶段:编号、中文名或常用叫法,如 bargaining、议价、讲价")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("show", lambda a: cmd_show(a, open_store), "显示一条短语的全部内容")
    p.add_argument("key", metavar="ID|CODE", help="短语编号或快捷编码")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command(
        "search", lambda a: cmd_search(a, open_store), "搜索短语:汉字、拼音、首字母(fh)、/编码、@阶段"
    )
    p.add_argument("query", nargs="?", help="如 发货、fahuo、fh、/fh、@物流 顺丰")
    p.add_argument(
        "--batch", metavar="FILE", help="从文件逐行读取查询(UTF-8,- 表示标准输入),每行输出一组结果"
    )
    p.add_argument("--limit", type=int, default=10, help="最多显示几条(默认 10)")
    p.add_argument("--stage", help="只搜这个阶段")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p = command("add", lambda a: cmd_add(a, open_store), "添加一条自己的短语")
    p.add_argument("--stage", required=True, help="阶段")
    p.add_argument("--title", required=True, help="标题")
    p.add_argument("--body", required=True, help="回复内容;- 表示从标准输入读取")
    p.add_argument("--code", help="快捷编码(汉字、英文字母或数字,如 fh、发货、1)")
    p.add_argument("--note", help="使用场景说明")
    p.add_argument("--question", action="append", help="买家常问的话(可多次给出)")
    p.add_argument("--allow-lint-errors", action="store_true", help="不符合服务规范也保存(与 import 相同)")
    p = command("edit", lambda a: cmd_edit(a, open_store), "修改一条短语")
    p.add_argument("id", type=int, help="短语编号")
    p.add_argument("--stage", help="移到这个阶段")
    p.add_argument("--title")
    p.add_argument("--body", help="- 表示从标准输入读取")
    p.add_argument("--code", help="快捷编码;空字符串表示去掉")
    p.add_argument("--note")
    p.add_argument("--question", action="append", help="替换买家常问(可多次给出)")
    p.add_argument("--allow-lint-errors", action="store_true", help="不符合服务规范也保存(与 import 相同)")
    p = command("copy", lambda a: cmd_copy(a, open_store), "把一条短语(如只读的默认短语)复制为自己的短语")
    p.add_argument("id", type=int, help="短语编号")
    p.add_argument("--title", help="新标题(默认沿用原标题)")
    p = command("rm", lambda a: cmd_rm(a, open_store), "删除一条短语")
    p.add_argument("id", type=int, help="短语编号")


def _phrase_dict(phrase: models.Phrase, usage: models.Usage) -> dict[str, Any]:
    """A phrase with its usage, as JSON output shows it."""
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
    """The body as given, or standard input for ``-``."""
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


# -- looking ----------------------------------------------------------------------------------------


def cmd_stages(args: argparse.Namespace, open_store: OpenStore) -> None:
    """The stages in conversation order, with how many phrases each holds."""
    db = open_store(args)
    counts: dict[str, int] = {}
    for phrase in db.phrases():
        counts[phrase.stage_id] = counts.get(phrase.stage_id, 0) + 1
    stages_ = db.stages()
    if args.json:
        emit_json([{**dataclasses.asdict(s), "phrases": counts.get(s.id, 0)} for s in stages_])
        return
    for number, stage in enumerate(stages_, 1):
        termtext.echo(
            f"{number:>2}  {termtext.pad(stage.name_zh, 10)}{termtext.pad(stage.id, 13)}"
            f"{termtext.pad(stage.name_en, 15)}{counts.get(stage.id, 0):>4} 条"
        )


def cmd_list(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Every phrase (of one stage), grouped by stage, with its uses and a preview."""
    db = open_store(args)
    stage_id = db.stage(args.stage).id if args.stage else None
    phrases = db.phrases(stage_id)
    usage = db.usage()
    if args.json:
        emit_json([_phrase_dict(p, usage.get(p.id or 0, models.Usage(p.id or 0, 0, None))) for p in phrases])
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


def cmd_show(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Everything about the phrases meant by an id or shortcut code."""
    db = open_store(args)
    found = _find(db, args.key)
    if args.json:
        data = [_phrase_dict(p, db.usage_of(p.id or 0)) for p in found]
        emit_json(data[0] if len(data) == 1 else data)
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


def _result_dict(number: int, result: search.Result) -> dict[str, Any]:
    """One search result as ``search --json`` prints it."""
    return {
        "rank": number,
        "tier": result.tier.name.lower(),
        "score": round(result.score, 3),
        "certain": result.certain,
        "title_spans": result.title_spans,
        "body_spans": result.body_spans,
        **dataclasses.asdict(result.phrase),
    }


def cmd_search(args: argparse.Namespace, open_store: OpenStore) -> None:
    """The best matches for a query, as the popup ranks them; status 1 when none."""
    if (args.query is None) == (args.batch is None):
        raise CliError("请给出一个查询,或用 --batch FILE 逐行读取查询(二者选一)")
    db = open_store(args)
    stage_id = db.stage(args.stage).id if args.stage else None
    index = search.SearchIndex.from_store(db, follow=False)
    names = {s.id: s.name_zh for s in db.stages()}
    if args.batch is not None:
        _search_batch(args, index, stage_id, names)
        return
    results = index.search(args.query, limit=args.limit, stage=stage_id)
    if args.json:
        emit_json([_result_dict(n, r) for n, r in enumerate(results, 1)])
        return
    if not results:
        termtext.echo(f"没有找到与「{args.query}」匹配的短语", file=sys.stderr)
        raise SystemExit(1)
    _print_results(results, names)


def _search_batch(
    args: argparse.Namespace, index: search.SearchIndex, stage_id: str | None, names: dict[str, str]
) -> None:
    """One query a line, answered in order from the one index: a JSON array a line with ``--json``
    (JSON Lines; an empty line gives ``[]``), else a block per query. Lines are answered as they are
    read, so a script can feed standard input and read each answer before writing the next query."""
    for number, query_text in enumerate(_batch_lines(args.batch), 1):
        results = index.search(query_text, limit=args.limit, stage=stage_id) if query_text.strip() else []
        if args.json:
            termtext.echo(termtext.json_text([_result_dict(n, r) for n, r in enumerate(results, 1)], None))
        else:
            if number > 1:
                termtext.echo()
            termtext.echo(f"# {number}「{query_text}」")
            if results:
                _print_results(results, names)
            else:
                termtext.echo("   (没有找到)")
        sys.stdout.flush()


def _batch_lines(source: str) -> Iterator[str]:
    """The lines of a UTF-8 file (or standard input for ``-``) without their line ends; CliError
    naming the line that is not UTF-8 or the file that cannot be read."""
    name = "标准输入" if source == "-" else source
    try:
        stream = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise CliError(f"无法读取文件 {source}:{exc.strerror or exc}") from exc
    try:
        for number, raw in enumerate(stream, 1):
            if b"\x00" in raw:
                raise CliError(f"{name}:第 {number} 行不是文字(可能不是文本文件)")
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise CliError(f"{name}:第 {number} 行不是 UTF-8 编码的文字") from exc
            yield line.rstrip("\r\n")
    except OSError as exc:
        raise CliError(f"无法读取文件 {source}:{exc.strerror or exc}") from exc
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _print_results(results: list[search.Result], names: dict[str, str]) -> None:
    """Results as numbered lines: code, stage, title and an excerpt, matches marked."""
    ansi = sys.stdout.isatty()
    for number, result in enumerate(results, 1):
        phrase = result.phrase
        title = termtext.mark(phrase.title, result.title_spans, ansi)
        pad = " " * max(2, 14 - termtext.width(termtext.safe(phrase.title)))
        body, spans = termtext.excerpt(phrase.body, result.body_spans, 56)
        stage = termtext.pad(termtext.safe(names.get(phrase.stage_id, "")), 10)
        code = termtext.pad(termtext.safe(phrase.code or "-"), 7)
        # mark() made the title and body safe: its own bold marks are the only escapes printed
        print(f"{number:>2}. {code}{stage}{title}{pad}{termtext.mark(body, spans, ansi)}")


# -- changing ---------------------------------------------------------------------------------------


def cmd_add(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Add one of the user's own phrases (refused when it breaks the standard)."""
    db = open_store(args)
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


def cmd_edit(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Change the fields given on the command line; the rest stay."""
    db = open_store(args)
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


def cmd_copy(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Copy a phrase (a read-only default one, say) as the user's own, without its code."""
    db = open_store(args)
    source = db.get(args.id)
    copy = dataclasses.replace(source.content(), code="", title=args.title or source.title)
    phrase = db.add(copy)
    termtext.echo(f"已复制为自己的短语 #{phrase.id}「{phrase.title}」(快捷编码可用 edit --code 设置)")


def cmd_rm(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Delete one phrase."""
    db = open_store(args)
    phrase = db.delete(args.id)
    termtext.echo(f"已删除短语 #{phrase.id}「{phrase.title}」")
