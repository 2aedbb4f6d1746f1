"""Terminal text layout for mixed Chinese/Latin output: display widths, padding, one-line previews."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Columns the text takes in a terminal (wide and full-width characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    """Left-align text in ``columns`` terminal columns."""
    return text + " " * max(0, columns - width(text))


def clip(text: str, columns: int) -> str:
    """One line of at most ``columns`` columns, with … where it was cut."""
    line = " ".join(text.split())
    if width(line) <= columns:
        return line
    out, used = [], 0
    for ch in line:
        w = width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
