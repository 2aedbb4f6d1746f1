"""The buyer messages a coverage report is about, read from whatever a trainer has at hand.

Trainers have a text file with one message a line, or a chat export from the seller back-office as
CSV/TSV/XLSX/XLS with the buyers' words in one column among others (time, nick, order number). The
pack readers already read such tables safely -- encoding decided on the whole file, zip and XML
bombs refused, size and row limits -- so this module reuses them and only decides which column
holds the messages (by its header, or the one the trainer names) and which lines are not buyer
messages at all: blank lines, the header, chat-client placeholders such as ``[图片]``.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

from quickreply.core.packs import PackError, csvpack, encoding, table

MAX_MESSAGES = 20_000  # a report classifies every line; more than this is a month of chats, not a sample
# Headers of the message column, in the order they are preferred when a file has several.
HEADERS = (
    "买家消息",
    "买家问题",
    "买家",
    "消息",
    "消息内容",
    "聊天内容",
    "咨询内容",
    "内容",
    "问题",
    "message",
    "messages",
    "buyermessage",
    "question",
    "questions",
    "query",
    "text",
    "content",
)
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls")
# What a chat client writes in place of a picture, sticker or link card: not words to answer.
PLACEHOLDER = re.compile(r"^[\[【][^\]】]{1,8}[\]】]$")
SKIP_REASONS = {"empty": "空行", "header": "表头", "placeholder": "图片/表情等占位", "no_text": "没有文字"}


@dataclasses.dataclass(frozen=True)
class Message:
    """One buyer message and where it is in the file (the line, or the row number Excel shows)."""

    row: int
    text: str


@dataclasses.dataclass
class Messages:
    """What a file holds for the report: the messages, the column they came from (None for a plain
    list), how many lines were skipped and why (keys of ``SKIP_REASONS``), notes on how it was read."""

    source: Path
    column: str | None
    messages: list[Message]
    skipped: dict[str, int] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def fold(header: str) -> str:
    """A header as compared: width, case, spaces and the * of required columns do not matter."""
    return re.sub(r"[\s*:：_\-()（）]+", "", unicodedata.normalize("NFKC", header).lower())


_KNOWN = {fold(name): rank for rank, name in enumerate(HEADERS)}


def read(path: str | Path, column: str | None = None, chosen_encoding: str | None = None) -> Messages:
    """The buyer messages in ``path``; PackError (one line naming the file) when there are none to read.

    ``column`` names the message column of a table (a header as written, or its number from 1);
    without it the column is found by its header. ``chosen_encoding`` is a text file's encoding,
    decided from the file when None.
    """
    path = Path(path)
    limits = table.Limits(max_rows=MAX_MESSAGES)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from quickreply.core.packs import xlsxpack

        found = _from_table(xlsxpack.read_table(path, limits), column)
    elif suffix == ".xls":
        from quickreply.core.packs import xlspack

        found = _from_table(xlspack.read_table(path, limits), column)
    elif suffix in TABLE_SUFFIXES or column is not None or _tabbed(path, limits, chosen_encoding):
        found = _from_table(csvpack.read_table(path, limits, chosen_encoding), column)
    else:
        found = _from_lines(path, limits, chosen_encoding)
    if not found.messages:
        raise PackError(f"{path}:没有买家消息(只有空行、表头或占位)")
    return found


def _decoded(path: Path, limits: table.Limits, chosen_encoding: str | None) -> str:
    """A text file's text, under the pack readers' size limit and encoding rules."""
    table.check_size(path, limits)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(f"无法读取文件 {path}:{exc.strerror or exc}") from exc
    if csvpack.looks_binary(raw) and not chosen_encoding:  # the CSV reader's own test
        raise PackError(f"{path}:不是文本文件(可能是其他格式的文件改了扩展名)")
    return encoding.decode(raw, path, chosen_encoding)[0]


def _tabbed(path: Path, limits: table.Limits, chosen_encoding: str | None) -> bool:
    """Whether a text file is a table after all: its first line holds a tab and names a message column."""
    text = _decoded(path, limits, chosen_encoding)
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "\t" in first and any(fold(cell) in _KNOWN for cell in first.split("\t"))


def _from_lines(path: Path, limits: table.Limits, chosen_encoding: str | None) -> Messages:
    """One message a line; a first line that is a message-column header is skipped as the header."""
    found = Messages(path, None, [])
    seen_text = False
    for number, line in enumerate(_decoded(path, limits, chosen_encoding).splitlines(), 1):
        text = line.strip()
        if text and not seen_text:
            seen_text = True
            if fold(text) in _KNOWN:
                found.skip("header")
                continue
        _add(found, number, text)
        table.check_rows(path, len(found.messages), limits)
    return found


def _from_table(source: table.Table, column: str | None) -> Messages:
    """The message column of a table; a single unnamed column is a plain list whose first line is a
    message too."""
    headers = source.headers
    index = _chosen(source, column) if column is not None else _detected(headers)
    rows = list(source.rows)
    if index is None:
        if max((len(cells) for _, cells in [(0, headers), *rows]), default=0) > 1:
            raise PackError(
                f"{source.source}:找不到买家消息列(表头需要有 买家消息/消息/内容/问题/message 之一,"
                f"或用 --column 指定);文件的表头是:{'、'.join(h for h in headers if h) or '(空)'}"
            )
        index, rows = 0, [(_first_row(source), headers), *rows]
        name = None
    else:
        name = headers[index] if index < len(headers) else str(index + 1)
    found = Messages(source.source, name, [], notes=list(source.notes))
    if name is not None:
        found.skip("header")
    for number, cells in rows:
        if number in source.errors:
            raise PackError(f"{source.source}:{source.errors[number]}")
        _add(found, number, cells[index] if index < len(cells) else "")
    return found


def _first_row(source: table.Table) -> int:
    """The row number of the header line (the rows after it keep theirs)."""
    return source.rows[0][0] - 1 if source.rows else 1


def _detected(headers: list[str]) -> int | None:
    """The column whose header is the most preferred message header; None when none is one."""
    ranked = [(_KNOWN[fold(h)], i) for i, h in enumerate(headers) if fold(h) in _KNOWN]
    return min(ranked)[1] if ranked else None


def _chosen(source: table.Table, column: str) -> int:
    """The column a trainer named: its header (compared folded), or its number from 1."""
    wanted = fold(column)
    for index, header in enumerate(source.headers):
        if fold(header) == wanted:
            return index
    if column.isdigit() and 1 <= int(column) <= len(source.headers):
        return int(column) - 1
    raise PackError(
        f"{source.source}:没有名为「{column}」的列;文件的表头是:"
        f"{'、'.join(h for h in source.headers if h) or '(空)'}"
    )


def _add(found: Messages, row: int, text: str) -> None:
    """Keep a message, or count why the line is not one."""
    text = text.strip()
    if not text:
        found.skip("empty")
    elif PLACEHOLDER.match(text):
        found.skip("placeholder")
    elif not any(ch.isalnum() for ch in text):
        found.skip("no_text")
    else:
        found.messages.append(Message(row, text))
