"""What every command group of the command line shares: its parser, its errors, the library it opens.

The groups (``phrases``, ``library``, ``linting``, ``packfiles``, ``usage``, ``tray``) add their
commands through ``Command`` and open the library through ``OpenStore``; ``quickreply.cli``
passes both in, so a group never imports the package that assembles it.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, Protocol

from quickreply import paths, termtext
from quickreply.core import defaults, store

CommandFunc = Callable[[argparse.Namespace], int | None]
OpenStore = Callable[[argparse.Namespace], store.PhraseStore]
AddArguments = Callable[[argparse.ArgumentParser], None]


class CliError(Exception):
    """A user mistake reported as one line on stderr."""


class Command(Protocol):
    """Adds a subcommand running ``func`` and returns its parser, for the group to add arguments to.

    ``arguments``, when given, adds them only once the subcommand is parsed: arguments whose
    choices come from a heavy module cost nothing to the other commands.
    """

    def __call__(
        self, name: str, func: CommandFunc, help_: str, arguments: AddArguments | None = None
    ) -> argparse.ArgumentParser: ...


class Parser(argparse.ArgumentParser):
    """Errors in Chinese with a pointer to --help; a subcommand's deferred arguments added on first parse."""

    def __init__(self, *args: Any, arguments: AddArguments | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deferred = arguments

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._deferred is not None:
            add, self._deferred = self._deferred, None
            add(self)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: 错误: {message}(用 --help 查看用法)\n")


def open_library(args: argparse.Namespace) -> store.PhraseStore:
    """The library, closed when the command ends (``main`` keeps an ExitStack on ``args``)."""
    db = defaults.open_library(paths.database(args.db))
    cleanup = getattr(args, "cleanup", None)
    if isinstance(cleanup, contextlib.ExitStack):
        cleanup.callback(db.close)
    return db


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON, escapes and all (``termtext.json_text``)."""
    termtext.echo(termtext.json_text(data))
