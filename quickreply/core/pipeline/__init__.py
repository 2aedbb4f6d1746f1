"""The one road every reply takes from the agent's choice to the chat window and the usage count.

    trigger → query → pick → render → gate → deliver → record

*Trigger* (the hotkey, the library's 粘贴/复制 buttons, the draft checker, inline codes) and *query*
(``core.search``) happen before a reply is chosen; *deliver* is ``quickreply.deliver.paste``, the
only part that needs a desktop. Everything in between is here, in order, and every entry point
goes through it -- the popup, its draft composer, the library window and the lint window -- so
none of them can skip the lint gate or forget to count a use:

1. **pick** (``pick.py``): check the chosen phrase against the library as it is *now* (another
   process may have deleted or reworded it) and settle the paste mode.
2. **render** (``core.render``): fill the placeholders from the shop profile, the clock, the
   clipboard and the values the agent typed; ask for the ones only the agent knows.
3. **gate** (``gate.py``): a reply that breaks the service standard is held until the agent
   confirms it (the same action once more).
4. **deliver**: the caller hands the resulting ``Delivery`` to the paste service.
5. **record** (``record.py``): once delivered, the use is counted (through the usage queue, so a
   busy library never stops a paste) -- after, never before.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable

from quickreply.core import lint, models, render
from quickreply.core.kinds import DeliveryStatus, PasteMode
from quickreply.core.pipeline import gate, pick, record

REMEMBERED_SETTING = "render.remembered"  # the ask fields' last values, kept across restarts


class Source(enum.StrEnum):
    """Which entry point a choice came from (logged; the lint window replaces the draft)."""

    POPUP = "popup"
    COMPOSER = "composer"
    LIBRARY = "library"
    LINT_WINDOW = "lint_window"
    INLINE = "inline"


@dataclasses.dataclass(frozen=True)
class Choice:
    """What the agent chose: a phrase (or a one-off draft, ``phrase`` None, ``body`` its text), how
    (None: the phrase's own or the default mode) and what they had typed to find it."""

    body: str
    phrase: models.Phrase | None = None
    mode: PasteMode | None = None
    query: str = ""
    source: Source = Source.POPUP

    @classmethod
    def of(
        cls, phrase: models.Phrase, mode: PasteMode | None = None, query: str = "", **kw: object
    ) -> Choice:
        return cls(phrase.body, phrase, mode, query, **kw)  # type: ignore[arg-type]


@dataclasses.dataclass(frozen=True)
class Delivery:
    """A reply ready to go: the text, how, whether it replaces the chat box's draft, and what to
    count once it has gone (``phrase`` None: a draft, nothing to count)."""

    text: str
    mode: PasteMode
    phrase: models.Phrase | None = None
    query: str = ""
    replace: bool = False
    source: Source = Source.POPUP


@dataclasses.dataclass(frozen=True)
class AskFields:
    """Render needs values only the agent knows: show a form for these, then run again with them."""

    fields: list[render.Field]


@dataclasses.dataclass(frozen=True)
class Refused:
    """The choice cannot be delivered as it stands: placeholders nobody can fill (``unknown``), or
    values the agent left empty (``missing``)."""

    unknown: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Confirm:
    """The gate holds the reply: it breaks the standard; the same choice again delivers it."""

    finding: lint.Finding


@dataclasses.dataclass(frozen=True)
class Gone:
    """The phrase was deleted since it was shown: nothing is delivered."""

    phrase: models.Phrase


@dataclasses.dataclass(frozen=True)
class Changed:
    """The phrase was reworded since it was shown: start over with its current wording."""

    phrase: models.Phrase


Outcome = Delivery | AskFields | Refused | Confirm | Gone | Changed


class Pipeline:
    """pick → render → gate for a choice, then record once it was delivered.

    Args:
        linter: the service standard (None: no gate).
        library: where a pick is checked against the current library (None: not checked).
        recorder: where uses and remembered values are written (the usage queue; None: not kept).
        profile: the shop profile, read at each choice.
        remembered: the ask fields' last values, updated in place when a reply is delivered.
        clipboard_text: the clipboard's text for ``{剪贴板}``.
        default_mode: the paste mode when neither the agent nor the phrase names one.
        channel: the linter's channel.
        on_problem: told (a message for the agent) when the library fails to answer the check.
    """

    def __init__(
        self,
        linter: lint.Linter | None = None,
        library: pick.Library | None = None,
        recorder: record.Recorder | None = None,
        profile: Callable[[], dict[str, str]] = dict,
        remembered: dict[str, str] | None = None,
        clipboard_text: Callable[[], str] = str,
        default_mode: PasteMode = PasteMode.PASTE,
        channel: str = "chat",
        on_problem: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.gate = gate.Gate(linter, channel)
        self.library = library
        self.recorder = recorder
        self.profile = profile
        self.remembered = remembered if remembered is not None else {}
        self.clipboard_text = clipboard_text
        self.default_mode = PasteMode(default_mode)
        self.on_problem = on_problem

    @property
    def linter(self) -> lint.Linter | None:
        return self.gate.linter

    def set_linter(self, linter: lint.Linter | None) -> None:
        """The rules changed in the settings: the gate follows them."""
        self.gate.linter = linter

    # -- the flow ----------------------------------------------------------------------------------

    def run(self, choice: Choice, values: dict[str, str] | None = None, replace: bool = False) -> Outcome:
        """Take ``choice`` as far as it goes: a ``Delivery``, or what stopped it.

        ``values`` are the agent's answers to an ``AskFields`` (None: not asked yet); a draft
        (no phrase) is never asked, its placeholders are filled from what is known.
        """
        if choice.phrase is not None and self.library is not None:
            now = pick.current(self.library, choice.phrase, self.on_problem)
            if now is None:
                return Gone(choice.phrase)
            if now.body != choice.phrase.body:
                return Changed(now)
        mode = pick.mode(choice.phrase, choice.mode, self.default_mode)
        profile = self.profile()
        if values is None and choice.phrase is not None:
            asked = render.fields(choice.body, profile, self.remembered)
            if asked:
                return AskFields(asked)
        filled = {**self.remembered, **(values or {})}
        rendered = render.render(choice.body, profile, filled, self.clipboard_text())
        if choice.phrase is not None:
            if rendered.unknown and mode != PasteMode.COPY_ONLY:
                return Refused(unknown=rendered.unknown)  # copying it lets the agent finish it by hand
            if rendered.missing:
                return Refused(missing=rendered.missing)
        held = self.gate.check(choice, mode)
        if held is not None:
            return Confirm(held)
        if values:
            self.remembered.update(values)
            if self.recorder is not None:
                self.recorder.remember(REMEMBERED_SETTING, dict(self.remembered))
        return Delivery(rendered.text, mode, choice.phrase, choice.query, replace, choice.source)

    def preview(self, phrase: models.Phrase) -> str:
        """The phrase as it would be pasted with what is known now (the popup's preview)."""
        return render.render(phrase.body, self.profile(), self.remembered, self.clipboard_text()).text

    def forget(self) -> None:
        """The agent moved on (typed, chose another row): a held reply must be confirmed afresh."""
        self.gate.release()

    def delivered(self, delivery: Delivery, status: DeliveryStatus, seconds: float | None = None) -> bool:
        """The last stage: count the use as it happened; True when a use was recorded."""
        if self.recorder is None:
            return False
        return record.record(self.recorder, delivery, status, seconds)
