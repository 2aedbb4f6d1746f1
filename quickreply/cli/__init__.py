"""The ``quickreply`` command line: look at and edit the phrase library, back it up and restore it.

This module assembles the parser from one module per command group and runs the chosen command,
turning every error a user can cause into one line on stderr. ``main`` is the console entry point
(``quickreply = "quickreply.cli:main"``) and what ``python -m quickreply`` runs.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence

import quickreply
from quickreply import paths, termtext
from quickreply.cli import coverage, library, linting, packfiles, phrases, team, tray, usage
from quickreply.cli.common import AddArguments, CliError, CommandFunc, Parser, open_library
from quickreply.core import health, lintrules, store
from quickreply.core.packs import PackError

__all__ = ["CliError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: global options, then every group's subcommands in help order."""
    parser = Parser(prog="quickreply", description="电商客服快捷回复助手 quickreply 的命令行")
    parser.add_argument("--version", action="version", version=f"quickreply {quickreply.__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=f"数据库文件(默认:${paths.DB_ENV} 或用户数据目录下的 quickreply.db)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(
        name: str, func: CommandFunc, help_: str, arguments: AddArguments | None = None
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_, arguments=arguments)
        p.set_defaults(func=func)
        return p

    phrases.register(command, open_library)
    library.register(command, open_library)
    tray.register(command)
    linting.register(command, open_library)
    packfiles.register(command, open_library)
    usage.register(command, open_library)
    coverage.register(command, open_library)
    team.register(command, open_library)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        args.func, args.window = tray.cmd_run, False
    if args.func not in (tray.cmd_run, tray.cmd_popup):  # the tray app sets up its own log
        handler = logging.StreamHandler()
        handler.setFormatter(termtext.SafeFormatter("quickreply: 警告: %(message)s"))
        logging.basicConfig(level=logging.WARNING, handlers=[handler])
    try:
        with contextlib.ExitStack() as args.cleanup:
            return int(args.func(args) or 0)
    except (store.StoreError, PackError, lintrules.RuleError, CliError) as exc:
        return _refused(exc)
    except UnicodeEncodeError as exc:  # text that is not text: a lone surrogate from a non-UTF-8 argument
        bad = f"U+{ord(exc.object[exc.start]):04X}" if isinstance(exc.object, str) else "?"
        termtext.echo(
            f"quickreply: 错误: 无法保存含有无效字符 {bad} 的文字(多半是终端或文件的编码不对)",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:  # the reader went away (quickreply list | head): nothing went wrong
        _discard_stdout()
        return 0
    except (sqlite3.Error, OSError) as exc:  # whatever the store did not put in words: still one line
        print(f"quickreply: 错误: {health.message(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except ValueError as exc:  # settings.SettingError, matched last: other commands never load settings
        from quickreply import settings

        if not isinstance(exc, settings.SettingError):
            raise
        return _refused(exc)


def _refused(exc: Exception) -> int:
    """A refusal whose message is written for the user: one line on stderr, status 1."""
    termtext.echo(f"quickreply: 错误: {exc}", file=sys.stderr)
    return 1


def _discard_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush cannot fail on the closed pipe."""
    with contextlib.suppress(OSError, ValueError):  # no file descriptor (tests capture stdout)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
