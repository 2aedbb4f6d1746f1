"""Typing any Unicode text on X11 by binding its characters to spare keycodes, as xdotool does.

XTEST can only press keycodes, and most characters (all of Chinese) have none in the keyboard
map. So the characters of the text are bound to keycodes no key uses, a chunk at a time, typed,
and the keycodes are freed again afterwards. Clients reload their keymap when it changes: each
chunk is typed after a pause, and a chunk never needs more keycodes than are spare.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from quickreply.platform import base

KEYMAP_SETTLE_S = 0.05  # time clients take to reload a changed keymap before keys use it


class KeymapTyper:
    """Types text through one X connection (python-xlib's display, X constants and XTEST module).

    Args:
        new_line: presses the key that starts a new line inside the chat box (Shift+Enter).
    """

    def __init__(self, display: Any, X: Any, xtest: Any, new_line: Callable[[], None]) -> None:
        self.d, self.X, self._xtest = display, X, xtest
        self._new_line = new_line

    def type_text(self, text: str) -> None:
        """Type ``text``; its line breaks go as ``new_line`` (Enter would send the message)."""
        spares = self._spare_keycodes()
        if not spares:
            raise base.DesktopError("键盘映射中没有空闲按键,无法模拟键入")
        try:
            for number, line in enumerate(text.split("\n")):
                if number:
                    self._new_line()
                for chunk in chunks(line, len(spares)):
                    codes = self._bind(chunk, spares)
                    for ch in chunk:
                        self._xtest.fake_input(self.d, self.X.KeyPress, codes[ch])
                        self._xtest.fake_input(self.d, self.X.KeyRelease, codes[ch])
                        self.d.sync()
                    time.sleep(KEYMAP_SETTLE_S)
        finally:
            for code in spares:
                self.d.change_keyboard_mapping(code, [(0, 0)])
            self.d.sync()

    def _bind(self, chunk: str, spares: list[int]) -> dict[str, int]:
        """Bind each different character of ``chunk`` to its own spare keycode."""
        codes: dict[str, int] = {}
        for ch in dict.fromkeys(chunk):
            code = spares[len(codes)]
            keysym = ord(ch) if ord(ch) < 0x100 else 0x01000000 + ord(ch)
            self.d.change_keyboard_mapping(code, [(keysym, keysym)])
            codes[ch] = code
        self.d.sync()
        time.sleep(KEYMAP_SETTLE_S)
        return codes

    def _spare_keycodes(self) -> list[int]:
        """Keycodes that no key of the keyboard map uses."""
        first = self.d.display.info.min_keycode
        count = self.d.display.info.max_keycode - first + 1
        mapping = self.d.get_keyboard_mapping(first, count)
        return [first + offset for offset, syms in enumerate(mapping) if not any(syms)]


def chunks(text: str, size: int) -> list[str]:
    """Consecutive pieces of text with at most ``size`` different characters each."""
    pieces: list[str] = []
    current: list[str] = []
    seen: set[str] = set()
    for ch in text:
        if ch not in seen and len(seen) == size:
            pieces.append("".join(current))
            current, seen = [], set()
        current.append(ch)
        seen.add(ch)
    if current:
        pieces.append("".join(current))
    return pieces
