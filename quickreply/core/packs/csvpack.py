"""CSV and tab-separated pack files: the encoding Excel or a seller chat client chose, any delimiter.

Excel on Chinese Windows saves CSV in GBK; chat clients escape commas and line breaks as ``&#44;``
and ``&#13;``; trainers also use tab-separated text. Decoding is strict and decided on the whole
file (``encoding``): a file that is not UTF-8, UTF-16, GB18030 or Big5 is reported, never
imported as mojibake.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from quickreply.core import safepath
from quickreply.core.packs import PackError, columns, encoding, table

DELIMITERS = {",": "逗号", "\t": "制表符", ";": "分号"}
# Numeric character references, as 飞牛's FastWord.csv writes a comma (&#44;) and a line break (&#13;)
# so that no cell needs quotes. Only complete references (with the ;) of printable characters, a
# tab or a line break are decoded: a reply that means the text "&#" itself almost never has one.
_REFERENCE = re.compile(r"&#(?:(\d{1,7})|[xX]([0-9A-Fa-f]{1,6}));")
_LINE_BREAK = re.compile(r"&#(?:13|[xX]0*[dD]);&#(?:10|[xX]0*[aA]);")
_CONTROL = set(range(0, 32)) - {9, 10, 13}
FIELD_LIMIT = 131_072  # the longest field the importer reads (csv's field limit); export refuses longer


def read_table(path: Path, limits: table.Limits, chosen_encoding: str | None = None) -> table.Table:
    """Read a CSV/TSV file into a Table; PackError naming the file (and row) when it cannot be read.
    The encoding is decided from the file (``encoding.decode``) unless ``chosen_encoding`` names it."""
    table.check_size(path, limits)
    raw = path.read_bytes()
    if looks_binary(raw) and not chosen_encoding:
        raise PackError(f"{path}:不是文本文件(可能是其他格式的文件改了扩展名)")
    text, encoding_name = encoding.decode(raw, path, chosen_encoding)
    delimiter = _delimiter(text)
    csv.field_size_limit(FIELD_LIMIT)  # the one limit the exporter keeps to as well
    lines = _Lines(text)
    records = csv.reader(lines, delimiter=delimiter)
    numbered = (
        (n, [_unescape(c).strip() for c in record]) for n, record in enumerate(lines.each(records), 1)
    )
    try:
        headers, rows = table.split_header(path, numbered, limits)
    except csv.Error as exc:
        raise PackError(f"{path}:第 {records.line_num} 行 CSV 格式错误:{exc}") from exc
    if headers is None:
        raise PackError(f"{path}:文件里没有内容")
    notes = [f"{path.name}:编码 {encoding_name},分隔符 {DELIMITERS[delimiter]}"]
    found = table.Table(path, headers, rows, notes)
    if _ends_in_quotes(lines.last, delimiter):
        # csv's reader took every line after the opening quote into one cell of the last record
        where = (
            f"第 {lines.count} 行的引号没有闭合:"
            f"从这一行到文件末尾的 {len(lines.last)} 行都被读成了这一行的一格"
        )
        if not rows:
            raise PackError(f"{path}:{where};请在表头补上引号后再导入")
        found.errors[rows[-1][0]] = where + ",其后的短语没有导入;请在该行补上引号后重新导入"
    return found


class _Lines:
    """The text's lines for csv's reader, remembering the raw lines of the last record read."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self._current: list[str] = []
        self.last: list[str] = []
        self.count = 0  # records read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        self._current.append(line)
        return line

    def each(self, records: Iterator[list[str]]) -> Iterator[list[str]]:
        """The records, keeping each one's raw lines in ``last`` as it is handed on."""
        for record in records:
            self.last, self._current = self._current, []
            self.count += 1
            yield record


def _ends_in_quotes(lines: list[str], delimiter: str) -> bool:
    """Whether a record's raw text ends inside a quoted cell, as csv reads it (a doubled quote is a
    quote; a quote inside a plain cell is just a character)."""
    state = "start"  # start of a cell, plain cell, quoted cell, or a quote seen inside a quoted cell
    for ch in "".join(lines):
        if state == "quoted":
            state = "quote" if ch == '"' else "quoted"
        elif ch in (delimiter, "\n", "\r"):
            state = "start"
        elif state == "quote":
            state = "quoted" if ch == '"' else "plain"
        elif state == "start":
            state = "quoted" if ch == '"' else "plain"
    return state == "quoted"


def looks_binary(raw: bytes) -> bool:
    sample = raw[:8192]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL)
    return controls > len(sample) * 0.05


_QUOTED = re.compile(r'(?:^|(?<=[,\t;]))"(?:[^"]|"")*"', re.MULTILINE)
DELIMITER_SEARCH = 5  # lines looked at: a seller tool's preamble rows may come before the header


def _delimiter(text: str) -> str:
    """The delimiter the first line that has one uses most, outside quoted cells (a tool that writes
    every cell as "\t…" puts a tab in each); comma when none of the first lines has one."""
    unquoted = _QUOTED.sub('""', text[:65536])
    lines = [line for line in unquoted.splitlines() if line.strip()][:DELIMITER_SEARCH]
    for line in lines:
        counts = {d: line.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        if counts[best]:
            return best
        if columns.is_header(line):
            break  # a one-column file: its header names the body
    return ","


def _unescape(cell: str) -> str:
    """A cell with its numeric character references decoded (&#13; and &#10; as a line break)."""
    if "&#" not in cell:
        return cell
    return _REFERENCE.sub(_character, _LINE_BREAK.sub("\n", cell))


def _character(found: re.Match[str]) -> str:
    """The character a reference names; the reference as written when it names none we keep."""
    decimal, hexadecimal = found.groups()
    number = int(decimal) if decimal else int(hexadecimal, 16)
    if number in (10, 13):
        return "\n"
    if number == 9:
        return "\t"
    if number > 0x10FFFF or 0xD800 <= number <= 0xDFFF or not chr(number).isprintable():
        return found.group()
    return chr(number)


def write_table(
    path: Path,
    headers: list[str],
    rows: list[list[str]],
    encoding: str = "utf-8-sig",
    database: Path | None = None,
) -> None:
    """Write a CSV the way Excel reads it (CRLF, quoted where needed); PackError when a character
    cannot be written in the chosen encoding (GBK lacks some). Never onto ``database`` (safepath)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    try:
        data = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise PackError(f"{path}:「{bad}」无法用 {encoding} 编码保存,请改用 UTF-8") from exc
    try:
        with safepath.replacing(path, database) as handle:
            handle.write(data)
    except OSError as exc:
        raise PackError(safepath.failure(path, exc)) from exc
