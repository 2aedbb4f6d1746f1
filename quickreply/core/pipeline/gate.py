"""The gate stage: a reply that breaks the service standard is held once, until the agent confirms.

Confirming is the same action again (the second Enter); anything else in between -- another row,
another mode, an edited draft -- releases the hold, so the next choice is checked afresh.
"""

from __future__ import annotations

from typing import Any

from quickreply.core import lint
from quickreply.core.kinds import LintLevel, PasteMode


class Gate:
    """Holds at most one reply waiting for confirmation."""

    def __init__(self, linter: lint.Linter | None, channel: str = "chat") -> None:
        self.linter = linter
        self.channel = channel
        self._held: tuple[Any, PasteMode] | None = None

    def check(self, choice: Any, mode: PasteMode) -> lint.Finding | None:
        """The first error in ``choice.body``, when it is not yet confirmed; None lets it through."""
        errors = self.errors(choice.body)
        if not errors or self._held == (choice, mode):
            self._held = None
            return None
        self._held = (choice, mode)
        return errors[0]

    def errors(self, text: str) -> list[lint.Finding]:
        if self.linter is None:
            return []
        return [f for f in self.linter.lint(text, self.channel) if f.level == LintLevel.ERROR]

    def release(self) -> None:
        self._held = None
