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


def mark(text: str, spans: list[tuple[int, int]], ansi: bool) -> str:
    """Text with the spans marked: bold yellow on a terminal, [brackets] in a pipe or file."""
    opening, closing = ("\x1b[1;33m", "\x1b[0m") if ansi else ("[", "]")
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], opening, text[start:end], closing]
        last = end
    out.append(text[last:])
    return "".join(out)


def excerpt(text: str, spans: list[tuple[int, int]], columns: int) -> tuple[str, list[tuple[int, int]]]:
    """One line of at most ``columns`` columns around the first span, with spans moved to match."""
    line = text.replace("\r", " ").replace("\n", " ")
    start = 0
    if spans and width(line[: spans[0][0]]) > columns // 2:
        start = spans[0][0] - 8
    cut = clip(line[start:], columns - (1 if start else 0))
    prefix = "…" if start else ""
    limit = len(cut) - (1 if cut.endswith("…") and not line[start:].endswith("…") else 0)
    moved = [
        (s - start + len(prefix), min(e, start + limit) - start + len(prefix))
        for s, e in spans
        if s >= start and s < start + limit
    ]
    return prefix + cut, moved
