"""Reading the X11 clipboard with a deadline: an owner that never answers must not freeze us.

Qt's xcb clipboard waits up to 5 s for every format it asks for, on the GUI thread. quickreply
reads the clipboard (to give it back after a paste, for the draft check, for {剪贴板}) through
its own X connection instead: it asks for TARGETS, then each wanted format, and gives up on the
whole read when the deadline passes. Large data sent in INCR chunks is read within the same deadline.
"""

from __future__ import annotations

import select
import time
from typing import Any

# X targets that name no data to keep (meta targets and legacy duplicates of the text).
SKIPPED_TARGETS = {
    "TARGETS",
    "MULTIPLE",
    "TIMESTAMP",
    "SAVE_TARGETS",
    "DELETE",
    "INSERT_PROPERTY",
    "INSERT_SELECTION",
    "COMPOUND_TEXT",
    "TEXT",
    "STRING",
}
TEXT_TARGETS = ("UTF8_STRING", "text/plain;charset=utf-8", "text/plain")


class SelectionReader:
    """One X connection with a hidden window that receives the clipboard's content.

    Args:
        display_name: the X display (default: $DISPLAY).
    """

    def __init__(self, display_name: str | None = None) -> None:
        from Xlib import X, Xatom, display

        self.X, self.Xatom = X, Xatom
        self.d = display.Display(display_name)
        root = self.d.screen().root
        self.window = root.create_window(
            -10, -10, 1, 1, 0, self.d.screen().root_depth, event_mask=X.PropertyChangeMask
        )
        self.clipboard = self.d.intern_atom("CLIPBOARD")
        self.property = self.d.intern_atom("QUICKREPLY_CLIP")
        self.targets = self.d.intern_atom("TARGETS")
        self.incr = self.d.intern_atom("INCR")
        self._names: dict[int, str] = {}

    def owner(self) -> int:
        """The window id owning the clipboard (0: nobody)."""
        owner = self.d.get_selection_owner(self.clipboard)
        return 0 if owner in (0, self.X.NONE) else int(getattr(owner, "id", owner))

    def read(self, timeout: float, text_only: bool = False) -> dict[str, bytes] | None:
        """Every kept format of the clipboard (``text_only``: its text), or None when its owner did not
        answer in ``timeout`` s."""
        deadline = time.monotonic() + timeout
        if not self.owner():
            return {}
        listed = self._convert(self.targets, deadline)
        if listed is None:
            return None
        atoms = [int(a) for a in listed[1]] if listed[0] == self.Xatom.ATOM else []
        content: dict[str, bytes] = {}
        for atom in atoms:
            name = self._name(atom)
            if name in SKIPPED_TARGETS or (name not in TEXT_TARGETS and ("/" not in name or text_only)):
                continue
            mime = "text/plain" if name in TEXT_TARGETS else name
            if mime in content:
                continue
            got = self._convert(atom, deadline)
            if got is None:
                return None
            if got[0] is not None:
                content[mime] = got[1] if isinstance(got[1], bytes) else bytes(got[1])
        return content

    def _name(self, atom: int) -> str:
        if atom not in self._names:
            self._names[atom] = self.d.get_atom_name(atom)
        return self._names[atom]

    def _convert(self, target: int, deadline: float) -> tuple[Any, Any] | None:
        """(type, value) of one target; (None, b"") when the owner refuses it; None past the deadline."""
        self.window.delete_property(self.property)
        self.window.convert_selection(self.clipboard, target, self.property, self.X.CurrentTime)
        self.d.flush()
        event = self._wait(lambda e: e.type == self.X.SelectionNotify, deadline)
        if event is None:
            return None
        if event.property in (0, self.X.NONE):
            return (None, b"")
        prop = self.window.get_full_property(self.property, self.X.AnyPropertyType, sizehint=1 << 20)
        self.window.delete_property(self.property)
        self.d.flush()
        if prop is None:
            return (None, b"")
        if prop.property_type == self.incr:
            data = self._incremental(deadline)
            return None if data is None else (self.incr, data)
        value = prop.value
        return (prop.property_type, value.encode("latin-1") if isinstance(value, str) else value)

    def _incremental(self, deadline: float) -> bytes | None:
        """INCR: the owner writes chunks into our property; each deletion asks for the next."""
        chunks: list[bytes] = []
        while True:
            event = self._wait(
                lambda e: (
                    e.type == self.X.PropertyNotify
                    and e.atom == self.property
                    and e.state == self.X.PropertyNewValue
                ),
                deadline,
            )
            if event is None:
                return None
            prop = self.window.get_full_property(self.property, self.X.AnyPropertyType, sizehint=1 << 20)
            self.window.delete_property(self.property)
            self.d.flush()
            value = b"" if prop is None else prop.value
            value = value.encode("latin-1") if isinstance(value, str) else bytes(value)
            if not value:
                return b"".join(chunks)
            chunks.append(value)

    def _wait(self, wanted: Any, deadline: float) -> Any:
        """The first event ``wanted`` accepts, or None once the deadline passes."""
        while True:
            while self.d.pending_events():
                event = self.d.next_event()
                if wanted(event):
                    return event
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            select.select([self.d.fileno()], [], [], left)

    def close(self) -> None:
        self.window.destroy()
        self.d.close()
