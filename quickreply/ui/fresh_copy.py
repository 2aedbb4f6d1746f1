"""Zero typing: is there a buyer's message the agent has just copied, to answer at once?

The agent copies the buyer's line in the chat, presses the hotkey and then Enter. The popup may
offer the clipboard's text only when the *agent* put it there in the last few seconds: not a reply
quickreply pasted, not the agent's old clipboard quickreply gave back after the paste, not
something copied an hour ago. So the watch notes *when* the clipboard last changed and *whose*
change it was, from ``QClipboard.dataChanged`` (no read: another owner may never answer), and the
text is read only at the popup's opening, bounded, and only when such a change is fresh.

A change is ours when it happens inside ``deliver.clipboard.own_put`` (Qt reports it synchronously
on X11) or while we own the clipboard (Windows reports it later, by then we still own it). A
clipboard manager that takes our content over right after a put looks foreign; its text then
equals what we put, and that is not offered either.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QClipboard

from quickreply.core import buyer_text
from quickreply.deliver import clipboard

SECONDS = 30  # the default of popup.clipboard_seconds: how fresh a copy must be
TAKEOVER_S = 1.0  # a foreign change this soon after our put, with our text, is a manager taking it over
MAX_CHARS = 500  # a longer copy is cut: the search field shows a line, not a page
LINK = re.compile(r"(?i)(https?://|www\.)\S*")  # a copied link alone is no message to answer


class CopyWatch(QObject):
    """Notes every clipboard change: when (monotonic seconds) and whether it was ours.

    Args:
        board: the application clipboard.
        clock: monotonic seconds (tests of the age use the real one and wait).
    """

    def __init__(self, board: QClipboard, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.board = board
        self.clock = clock
        self.changed_at: float | None = None  # the last change of anyone's
        self.foreign = False  # that change was not ours
        self.after_own: str | None = None  # our text, when the foreign change came right after our put
        board.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        now = self.clock()
        self.changed_at = now
        self.foreign = not (clipboard.OWN.depth or self.board.ownsClipboard())
        recent = self.foreign and now - clipboard.OWN.at < TAKEOVER_S
        self.after_own = clipboard.OWN.text if recent else None

    def fresh(self, seconds: float) -> bool:
        """The agent (another program) changed the clipboard within ``seconds``."""
        return (
            seconds > 0
            and self.foreign
            and self.changed_at is not None
            and self.clock() - self.changed_at <= seconds
        )

    def offer(self, read: Callable[[], str], seconds: float) -> str:
        """The buyer's message to answer at this opening, or "" (then the popup opens empty).

        ``read`` is the app's bounded read of the clipboard's text, called only for a fresh change.
        """
        if not self.fresh(seconds):
            return ""
        text = read()
        if not text or text == self.after_own or LINK.fullmatch(text.strip()):
            return ""
        if not buyer_text.reads_like_message(text):
            return ""
        return " ".join(text.split())[:MAX_CHARS]  # one line: the search field holds no line breaks
