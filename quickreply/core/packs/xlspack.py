"""Legacy Excel 97-2003 .xls pack files, which older seller back-offices still export.

xlrd reads the binary format; files that only carry the .xls name (an .xlsx, or the HTML table
some back-offices save as .xls) and damaged or password-protected workbooks are reported, not guessed at.
"""

from __future__ import annotations

import io
from pathlib import Path

import xlrd

from quickreply.core.packs import PackError, table

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def read_table(path: Path, limits: table.Limits) -> table.Table:
    """The first sheet: the first non-empty row is the header, rows keep their Excel numbers."""
    table.check_size(path, limits)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(f"无法读取文件 {path}:{exc.strerror or exc}") from exc
    _check_kind(path, raw)
    try:
        book = xlrd.open_workbook(
            file_contents=raw,
            logfile=io.StringIO(),  # xlrd prints warnings about odd files to stdout otherwise
            on_demand=True,
            ragged_rows=True,
            ignore_workbook_corruption=True,  # files WPS and some exporters write, which Excel opens fine
        )
    except Exception as exc:  # xlrd raises XLRDError, CompDocError, struct.error… on damaged files
        raise PackError(f"无法读取 xls 文件 {path}:{_reason(exc)}") from exc
    try:
        if book.nsheets == 0:
            raise PackError(f"{path}:工作簿里没有工作表,没有数据")
        headers, rows = _read_sheet(path, book, limits)
    except PackError:
        raise
    except Exception as exc:
        raise PackError(f"无法读取 xls 文件 {path}:{_reason(exc)}") from exc
    finally:
        book.release_resources()
    if headers is None:
        raise PackError(f"{path}:第一个工作表里没有数据")
    return table.Table(path, headers, rows)


def _check_kind(path: Path, raw: bytes) -> None:
    """PackError for files that are plainly something else under an .xls name."""
    if raw.startswith(XLS_MAGIC):
        return
    if raw.startswith(ZIP_MAGIC):
        raise PackError(f"{path}:这是 xlsx 文件,不是旧版 .xls;请把扩展名改为 .xlsx 后再导入")
    head = raw[:512].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()
    if head.startswith(b"<"):
        raise PackError(
            f"{path}:这是网页(HTML/XML)格式的表格,不是真正的 .xls;请在 Excel 中另存为 .xlsx 后再导入"
        )


def _read_sheet(
    path: Path, book: xlrd.book.Book, limits: table.Limits
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header (None when the sheet is empty) and numbered data rows of the first sheet."""
    sheet = book.sheet_by_index(0)
    numbered = (
        (index + 1, table.trimmed([_cell_text(cell, book.datemode) for cell in sheet.row(index)]))
        for index in range(sheet.nrows)
    )
    return table.split_header(path, numbered, limits)


def _cell_text(cell: xlrd.sheet.Cell, datemode: int) -> str:
    """Text of one cell; dates as 2024-05-01 00:00:00 (as the xlsx reader gives them), errors as #N/A."""
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return table.cell_text(xlrd.xldate.xldate_as_datetime(cell.value, datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return table.cell_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(cell.value, ""))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return table.cell_text(bool(cell.value))
    return table.cell_text(cell.value)


def _reason(exc: Exception) -> str:
    """A short Chinese reason for what xlrd reported."""
    message = str(exc)
    if "encrypted" in message.lower():
        return "文件受密码保护;请在 Excel 中取消密码后另存,再导入"
    if "xlsx" in message.lower():
        return "这是 xlsx 文件,不是旧版 .xls;请把扩展名改为 .xlsx 后再导入"
    short = message.splitlines()[0][:120] if message else type(exc).__name__
    return f"文件已损坏、受密码保护或不是 Excel 97-2003 (.xls) 文件({short})"
