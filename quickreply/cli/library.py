"""The library-wide commands: ``backup`` and ``restore`` the whole library, ``config`` its settings.

The settings table loads only when ``config`` runs: the other commands start without it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from quickreply import termtext
from quickreply.cli.common import Command, OpenStore


def register(command: Command, open_store: OpenStore) -> None:
    """Add ``backup``, ``restore`` and ``config`` to the command line."""
    p = command("backup", lambda a: cmd_backup(a, open_store), "备份数据库;不给路径时存入自动备份目录")
    p.add_argument("path", nargs="?", help="备份文件路径")
    p = command(
        "restore", lambda a: cmd_restore(a, open_store), "从备份文件恢复整个短语库(恢复前会自动备份当前数据)"
    )
    p.add_argument("path", help="备份文件路径")
    p = command(
        "config", lambda a: cmd_config(a, open_store), "查看或修改设置:config 列出全部;config 名称 [值]"
    )
    p.add_argument("name", nargs="?", help="设置名称,如 library.read_only")
    p.add_argument("value", nargs="?", help='新值(JSON,如 true、30、"ctrl+alt+q";其他按文字)')


def cmd_backup(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Back the library up to a path, or into the automatic backup folder."""
    db = open_store(args)
    made = db.backup(Path(args.path)) if args.path else db.auto_backup("manual")
    termtext.echo(f"已备份到 {made}")


def cmd_restore(args: argparse.Namespace, open_store: OpenStore) -> None:
    """Replace the library with a backup (the current one is backed up first)."""
    db = open_store(args)
    safety = db.restore(Path(args.path))
    termtext.echo(f"已从 {args.path} 恢复;恢复前的数据已备份到 {safety}")


def cmd_config(args: argparse.Namespace, open_store: OpenStore) -> int:
    """List settings, show one, or set one (the value is JSON where it parses, else text).

    A stored value that fails its check is shown as the default it falls back to, with the reason
    on stderr; a value that fails it is refused and nothing is stored.
    """
    from quickreply import settings

    values = settings.Settings(open_store(args))
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
