"""Excel .xlsx pack files, read defensively: a pack may come from anyone, so no zip or XML bombs.

The file is checked before openpyxl sees it (size, password-protected/old-format files, damaged
zip, declared uncompressed sizes); openpyxl then parses XML through defusedxml, and whatever it
raises on a malformed workbook becomes a PackError naming the file. Cell text uses Excel's own
``_xHHHH_`` escapes both ways, so a carriage return (which XML would turn into a line feed)
survives export and import; other control characters, which no phrase may hold, are left out.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import BinaryIO

import defusedxml
import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from quickreply.core import safepath
from quickreply.core.packs import PackError, table

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted OOXML or a real .xls
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_SIZE = 10 * 1024 * 1024
SHEET_TITLE = "短语"
CELL_LIMIT = 32_767  # characters an Excel cell holds (UTF-16 code units)
# OOXML's escapes (ST_Xstring): _x000D_ is a carriage return, _x005F_ an underscore that starts a
# literal "_xHHHH_". XML turns a raw CR into a line feed.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_TO_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|\r")


def read_table(path: Path, limits: table.Limits) -> table.Table:
    """The first worksheet: the first non-empty row is the header, rows keep their Excel numbers."""
    table.check_size(path, limits)
    try:
        with path.open("rb") as handle:
            _check_container(path, handle)
            handle.seek(0)
            headers, rows = _read_first_sheet(path, handle, limits)
    except OSError as exc:
        raise PackError(f"无法读取文件 {path}:{exc.strerror or exc}") from exc
    if headers is None:
        raise PackError(f"{path}:第一个工作表里没有数据")
    return table.Table(path, headers, rows)


def _check_container(path: Path, handle: BinaryIO) -> None:
    """PackError unless the file is an intact zip whose entries do not unpack to something huge."""
    if handle.read(len(CFB_MAGIC)) == CFB_MAGIC:
        raise PackError(
            f"{path}:文件受密码保护或不是 xlsx 文件(可能是旧版 .xls 改了扩展名);"
            "请在 Excel 中取消密码,或另存为 .xlsx 后再导入"
        )
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise PackError(f"{path}:xlsx 文件已损坏或不完整") from exc
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED:
        raise PackError(
            f"{path}:xlsx 文件解压后过大({total / 1048576:.0f} MB,上限 {MAX_UNCOMPRESSED // 1048576} MB)"
        )
    for entry in entries:
        if entry.file_size > RATIO_MIN_SIZE and entry.file_size / max(entry.compress_size, 1) > MAX_RATIO:
            raise PackError(f"{path}:xlsx 文件中的 {entry.filename} 压缩比异常,疑似压缩炸弹,已拒绝导入")


def _read_first_sheet(
    path: Path, handle: BinaryIO, limits: table.Limits
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header (None when the sheet is empty) and numbered data rows of the first worksheet."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except PackError:
        raise
    except Exception as exc:  # openpyxl raises whatever its parser met: KeyError, ValueError, defusedxml's…
        raise PackError(f"无法读取 xlsx 文件 {path}:{_reason(exc)}") from exc
    try:
        if not workbook.worksheets:
            raise PackError(f"{path}:工作簿里没有工作表,没有数据")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong <dimension>; read every row there is
        numbered = (
            (n, table.trimmed(table.cell_text(unescape(v) if isinstance(v, str) else v) for v in values))
            for n, values in enumerate(sheet.iter_rows(values_only=True), 1)
        )
        headers, rows = table.split_header(path, numbered, limits)
    except PackError:
        raise
    except Exception as exc:
        raise PackError(f"无法读取 xlsx 文件 {path}:{_reason(exc)}") from exc
    finally:
        workbook.close()
    return headers, rows


def _reason(exc: BaseException) -> str:
    """A short reason for the import report, from the innermost cause (openpyxl wraps parser errors)."""
    for _ in range(10):
        inner = exc.__cause__ or exc.__context__
        if inner is None or isinstance(exc, defusedxml.DefusedXmlException):
            break
        exc = inner
    name = type(exc).__name__
    if isinstance(exc, defusedxml.DefusedXmlException):
        return f"文件包含不安全的 XML 内容({name}),已拒绝导入"
    if isinstance(exc, KeyError):
        return f"文件缺少必要部分 {exc}(不是 Excel 保存的 xlsx 或已损坏)"
    message = str(exc).splitlines()[0] if str(exc) else ""
    if len(message) > 120:
        message = message[:120] + "…"
    return f"文件格式有误({name}: {message})" if message else f"文件格式有误({name})"


def write_table(path: Path, headers: list[str], rows: list[list[str]], database: Path | None = None) -> None:
    """Write one sheet "短语" with a bold header, every cell stored as text (a leading = stays text).
    The workbook goes to a .part file first (safepath: never onto ``database``), so a failed write
    never leaves half a file at path."""
    try:
        with safepath.replacing(path, database) as handle:  # first: a refused path builds no workbook
            workbook = openpyxl.Workbook(write_only=True)
            sheet = workbook.create_sheet(SHEET_TITLE)
            sheet.append([text_cell(sheet, escape(value), bold=True) for value in headers])
            for row in rows:
                sheet.append([text(sheet, value) for value in row])
            workbook.save(handle)
    except OSError as exc:
        raise PackError(safepath.failure(path, exc)) from exc


def escape(text: str) -> str:
    """Cell text as Excel writes it: CR as _x000D_, a literal _xHHHH_ as _x005F_xHHHH_, and without
    the control characters XML cannot hold."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return _TO_ESCAPE.sub(lambda m: "_x005F" + m.group() if len(m.group()) > 1 else "_x000D_", text)


def unescape(text: str) -> str:
    """Cell text as Excel means it: _xHHHH_ is the character U+HHHH."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def text(sheet: WriteOnlyWorksheet, value: str) -> str | Cell:
    """value itself when openpyxl stores it as a plain string (fast), else a cell forced to text."""
    value = escape(value)
    if value.startswith("=") or value in ERROR_CODES:
        return text_cell(sheet, value)
    return value


def text_cell(sheet: WriteOnlyWorksheet, value: str, bold: bool = False) -> Cell:
    """A cell holding (escaped) value as a string: openpyxl would make "=1+1" a formula, "#N/A" an error."""
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell
