"""``quickreply team …``: set up the shop's team server, join it, sync, publish, and the team view.

psycopg and the team package load only when a team command runs. Every refusal — the server's
("permission denied"), a wrong password, a server out of reach — is one line on stderr, status 1.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable
from typing import Any

from quickreply import termtext
from quickreply.cli.common import CliError, Command, OpenStore, Parser, emit_json
from quickreply.cli.usage import _days

ROLE_NAMES = {"trainer": "培训师", "agent": "客服"}


def _refusals(func: Callable[..., int]) -> Callable[..., int]:
    """A TeamError becomes the CLI's one-line refusal."""

    @functools.wraps(func)
    def run(*args: Any) -> int:
        from quickreply.team.errors import TeamError

        try:
            return func(*args)
        except TeamError as exc:
            raise CliError(str(exc)) from exc

    return run


def register(command: Command, open_store: OpenStore) -> None:
    """Add ``team`` and its subcommands."""
    p = command("team", lambda a: _help(p), "团队:培训师发布短语包,客服实时同步,培训师查看全队使用情况")
    sub = p.add_subparsers(dest="team_command", metavar="COMMAND", parser_class=Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        q = sub.add_parser(name, help=help_, description=help_)
        q.set_defaults(func=_refusals(func))
        return q

    q = add("init", cmd_init, "在 PostgreSQL 数据库里建立团队数据和角色(管理员运行一次)")
    q.add_argument(
        "admin_dsn", metavar="ADMIN_DSN", help="管理员连接,例如 postgresql://postgres:密码@host/shop"
    )
    q.add_argument(
        "--keep-other-databases", action="store_true", help="不收回其他数据库的公共连接权限(默认收回)"
    )
    q = add("add-user", cmd_add_user, "添加培训师或客服的登录账号")
    q.add_argument("admin_dsn", metavar="ADMIN_DSN")
    q.add_argument("name", metavar="NAME", help="登录名,例如 小王")
    q.add_argument("--role", required=True, choices=("trainer", "agent"), help="trainer 培训师 / agent 客服")
    q.add_argument("--password", metavar="PW", help="密码(不填则生成并打印)")
    q = add("join", lambda a: cmd_join(a, open_store), "把这个短语库加入团队(DSN 里含用户名和密码)")
    q.add_argument("dsn", metavar="DSN")
    q = add("status", lambda a: cmd_status(a, open_store), "服务器、用户、角色、短语包版本、待上传、上次同步")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q = add("sync", lambda a: cmd_sync(a, open_store), "拉取新版本、上传使用记录(托盘程序会自动进行)")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q = add("publish", lambda a: cmd_publish(a, open_store), "培训师:把文件发布为其短语包的下一个版本")
    q.add_argument("file", metavar="FILE", help="短语文件(导入支持的任何格式)")
    q.add_argument("--notes", default="", metavar="T", help="这一版的说明")
    q.add_argument("--pack", metavar="ID", help="短语包名称(默认取文件里的或文件名)")
    q.add_argument("--dry-run", action="store_true", help="只预览,不发布")
    q.add_argument("--reject-lint-errors", action="store_true", help="不发布不符合服务规范的短语")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q = add("stats", lambda a: cmd_stats(a, open_store), "培训师:全队的使用情况")
    q.add_argument("--days", type=_days, default=30, metavar="N", help="统计最近 N 天(默认 30)")
    q.add_argument("--json", action="store_true", help="输出 JSON")
    q.add_argument("--export", metavar="FILE", help="导出到 XLSX 文件")
    q = add(
        "profile", lambda a: cmd_profile(a, open_store), "店铺资料默认值({店铺名} {包邮门槛} …);培训师可修改"
    )
    q.add_argument("--set", action="append", default=[], metavar="名称=值", help="设置一项(可重复)")
    q.add_argument("--unset", action="append", default=[], metavar="名称", help="删除一项(可重复)")
    q = add("leave", lambda a: cmd_leave(a, open_store), "退出团队(已拉取的短语包留在本地)")
    q.add_argument("--force", action="store_true", help="连不上服务器时也退出,丢弃未上传的记录")


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _team(args: argparse.Namespace, open_store: OpenStore) -> Any:
    from quickreply.team.client import Team

    team = Team.of(open_store(args))
    if team is None:
        raise CliError("这个短语库还没有加入团队:先运行 quickreply team join DSN")
    return team


def cmd_init(args: argparse.Namespace) -> int:
    from quickreply.team import server

    result = server.init(args.admin_dsn, lock_other_databases=not args.keep_other_databases)
    if not result.created:
        termtext.echo(f"数据库 {result.database} 已有团队数据,没有改动")
        return 0
    termtext.echo(f"已在数据库 {result.database} 建立团队数据和角色")
    if result.locked_databases:
        termtext.echo(f"其他数据库不再允许团队成员连接:{'、'.join(result.locked_databases)}")
    return 0


def cmd_add_user(args: argparse.Namespace) -> int:
    from quickreply.team import server

    password = server.add_user(args.admin_dsn, args.name, args.role, args.password)
    termtext.echo(f"已添加{ROLE_NAMES[args.role]} {args.name.strip()}")
    if not args.password:
        termtext.echo(f"密码:{password}")
    return 0


def cmd_join(args: argparse.Namespace, open_store: OpenStore) -> int:
    from quickreply.team import client

    target = open_store(args)
    team = client.join(target, args.dsn)
    termtext.echo(f"已以{ROLE_NAMES.get(team.role, team.role)} {team.user} 的身份加入 {team.server}")
    result = team.sync()
    for pack, version in result.pulled:
        termtext.echo(f"已拉取短语包 {pack} 第 {version} 版")
    return 0


def cmd_status(args: argparse.Namespace, open_store: OpenStore) -> int:
    import dataclasses

    status = _team(args, open_store).status()
    if args.json:
        emit_json(dataclasses.asdict(status))
        return 0
    termtext.echo(f"服务器:{status.server}({'在线' if status.online else '离线:' + status.error})")
    termtext.echo(f"用户:{status.user}({ROLE_NAMES.get(status.role, status.role)})")
    for pack in status.packs:
        state = "已是最新" if pack.local_version == pack.version else f"本地 {pack.local_version or '无'}"
        termtext.echo(f"短语包 {pack.pack}:第 {pack.version} 版,{state}")
    termtext.echo(f"待上传:{status.outbox} 条")
    termtext.echo(f"上次同步:{status.last_sync or '从未'}")
    return 0


def cmd_sync(args: argparse.Namespace, open_store: OpenStore) -> int:
    result = _team(args, open_store).sync()
    if args.json:
        emit_json({"pulled": [{"pack": p, "version": v} for p, v in result.pulled], "pushed": result.pushed})
        return 0
    for pack, version in result.pulled:
        termtext.echo(f"已拉取短语包 {pack} 第 {version} 版")
    termtext.echo(f"已上传 {result.pushed} 条使用记录")
    return 0


def cmd_publish(args: argparse.Namespace, open_store: OpenStore) -> int:
    from quickreply import settings
    from quickreply.team import publish

    team = _team(args, open_store)  # an agent's attempt is refused by the server, in its own words
    linter = settings.shop_linter(settings.Settings(team.store))
    plan = publish.plan(team, args.file, args.notes, args.pack, linter, args.reject_lint_errors)
    summary = publish.summary(plan)
    if not args.dry_run:
        summary["published"] = publish.publish(team, plan)
    if args.json:
        emit_json(summary)
        return 0
    verb = "将发布为" if args.dry_run else "已发布"
    termtext.echo(f"{verb}短语包 {plan.pack} 第 {plan.version} 版:{len(plan.phrases)} 条短语")
    for label, titles in (("新增", plan.added), ("修改", plan.changed), ("删除", plan.removed)):
        shown = "、".join(titles[:10]) + (" …" if len(titles) > 10 else "")
        termtext.echo(f"  {label} {len(titles)} 条" + (f":{shown}" if titles else ""))
    if summary["needs_fix"]:
        termtext.echo(f"  需修改 {summary['needs_fix']} 条(不符合服务规范,见 quickreply lint --library)")
    return 0


def cmd_stats(args: argparse.Namespace, open_store: OpenStore) -> int:
    from quickreply.team import stats

    data = stats.team_stats(_team(args, open_store), args.days)
    if args.export:
        from quickreply.team import stats_export

        try:
            written = stats_export.write_xlsx(data, args.export)
        except ValueError as exc:
            raise CliError(str(exc)) from exc
        termtext.echo(f"已导出到 {written}")
        return 0
    if args.json:
        emit_json(data)
        return 0
    termtext.echo(f"最近 {data['days']} 天 · 客服 {len(data['agents'])} 人")
    for a in data["agents"]:
        median = a["median_seconds_to_paste"]
        shown = f"{median:.1f} 秒" if median is not None else "—"
        rules = "、".join(f"{r}×{n}" for r, n in list(a["violations_by_rule"].items())[:3])
        termtext.echo(
            f"  {a['agent']}:使用 {a['uses']} 次,热键到粘贴中位 {shown},检查草稿 {a['drafts_checked']} 次,"
            f"违规 {a['violations']} 处" + (f"({rules})" if rules else "")
        )
    termtext.echo("常用短语:")
    for p in data["phrases"][:10]:
        termtext.echo(f"  {p['title']}({p['pack']}):{p['uses']} 次,{p['agents']} 人")
    termtext.echo(f"从未使用:{len(data['never_used'])} 条")
    for v in data["versions"]:
        termtext.echo(
            f"  {v['pack']} 第 {v['version']} 版:改动 {v['changed']} 条,"
            f"改动的短语被用了 {v['changed_uses']} 次({v['changed_agents']} 人)"
        )
    return 0


def cmd_profile(args: argparse.Namespace, open_store: OpenStore) -> int:
    team = _team(args, open_store)
    values = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--set 需要 名称=值 的形式:{item}")
        values[key.strip().strip("{}")] = value.strip()
    if values or args.unset:
        shop = team.set_profile(values, [k.strip().strip("{}") for k in args.unset])
    else:
        shop = team.shop_profile()
    for key, value in shop.items():
        termtext.echo(f"{{{key}}} = {value}")
    if not shop:
        termtext.echo("店铺资料里还没有值")
    return 0


def cmd_leave(args: argparse.Namespace, open_store: OpenStore) -> int:
    from quickreply.core import team_local
    from quickreply.team import client
    from quickreply.team.errors import TeamError

    team = _team(args, open_store)
    try:
        team.sync()  # what is still in the outbox goes first
    except TeamError as exc:
        waiting = team_local.count(team.store.conn)
        if waiting and not args.force:
            raise CliError(
                f"还有 {waiting} 条使用记录没有上传({exc}):连上服务器后再退出,或加 --force 丢弃它们"
            ) from exc
    dropped = client.leave(team.store)
    termtext.echo(
        "已退出团队;已拉取的短语包留在本地" + (f"({dropped} 条未上传的记录已丢弃)" if dropped else "")
    )
    return 0
