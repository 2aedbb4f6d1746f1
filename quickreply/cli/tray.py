"""The commands that start the tray app: ``run`` (also what a bare ``quickreply`` does) and ``popup``.

The app and Qt are imported only when one of them runs: the other commands start without them.
"""

from __future__ import annotations

import argparse

from quickreply.cli.common import Command


def register(command: Command) -> None:
    """Add ``popup`` and ``run`` to the command line."""
    command("popup", cmd_popup, "打开搜索弹窗(已运行时唤醒它;可绑定到桌面快捷键)")
    p = command("run", cmd_run, "启动托盘程序(不带命令时也是它)")
    p.add_argument("--window", action="store_true", help="不用托盘图标,显示一个小窗口")


def cmd_popup(args: argparse.Namespace) -> int:
    """Open the search popup (waking the running app when there is one)."""
    from quickreply import launch

    return launch.main(args.db, open_popup=True)


def cmd_run(args: argparse.Namespace) -> int:
    """Start the tray app (or a small window with ``--window``)."""
    from quickreply import launch

    return launch.main(args.db, force_window=args.window)
