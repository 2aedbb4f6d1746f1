"""Terminal output for mixed Chinese/Latin text: what is safe to print, display widths, padding, previews.

Every CLI printer goes through ``echo`` (or ``safe``/``json_text``): phrase text comes from pack
files and other people, and a terminal must never act on an escape sequence hidden in it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import unicodedata
from typing import Any, TextIO

# What a terminal acts on instead of showing: C0 controls except tab and line feed, DEL, C1
# controls (0x9B is CSI), bidi marks, embeddings, overrides and isolates, and lone surrogates
# (bytes that were not text in the encoding they were read with).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe(text: str) -> str:
    """The text with everything a terminal would interpret shown as an escape (ESC → \\x1b)."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def echo(*values: object, file: TextIO | None = None) -> None:
    """``print`` for the command line: the values, space-separated, made safe for a terminal."""
    print(safe(" ".join(str(value) for value in values)), file=file or sys.stdout)


class SafeFormatter(logging.Formatter):
    """Log lines for the terminal, made ``safe`` like every printed line (they quote stored values)."""

    def format(self, record: logging.LogRecord) -> str:
        return safe(super().format(record))


def json_text(data: Any, indent: int | None = 2) -> str:
    """JSON that says exactly what is stored, with what a terminal would act on as \\u escapes."""
    text = json.dumps(data, ensure_ascii=False, indent=indent, default=str)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def width(text: str) -> int:
    """Columns the text takes in a terminal (wide and full-width characters count two, invisible
    format characters and combining marks none)."""
    return sum(_columns(ch) for ch in text)


def _columns(ch: str) -> int:
    if unicodedata.east_asian_width(ch) in "WF":
        return 2
    return 0 if unicodedata.category(ch) in ("Cf", "Mn", "Me") else 1


def pad(text: str, columns: int) -> str:
    """Left-align text in ``columns`` terminal columns; a longer text keeps one space after it, so
    the next column never runs into it."""
    return text + " " * max(1, columns - width(text))


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
    """Text with the spans marked: bold yellow on a terminal, [brackets] in a pipe or file. The
    text itself is made ``safe``; the marks are the only escapes in the result."""
    opening, closing = ("\x1b[1;33m", "\x1b[0m") if ansi else ("[", "]")
    out, last = [], 0
    for start, end in spans:
        out += [safe(text[last:start]), opening, safe(text[start:end]), closing]
        last = end
    out.append(safe(text[last:]))
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
