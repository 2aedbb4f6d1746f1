"""The phrase sheet of an XLSX or XLS workbook as numbered text rows, read with python-calamine.

The sheet read is the first worksheet whose first rows hold a header we recognise (a back-office
export may put an instructions sheet before 默认表单), else the first worksheet.

Both Excel readers share this: calamine parses the workbook (in Rust, ~20× faster than openpyxl),
and each cell becomes the text the user sees: whole numbers without ``.0`` (a code typed as 12 is
"12"; one stored as text, such as "001", stays "001"), dates as ``2024-05-01 00:00:00`` (as the
openpyxl reader gave them), booleans as True/False. Rows keep their Excel numbers (row 1 is A1's).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import BinaryIO

import python_calamine

from quickreply.core.packs import PackError, columns, table

Rows = tuple[list[str] | None, list[tuple[int, list[str]]]]
Numbered = list[tuple[int, list[str]]]
MAX_GRID = 5_000_000  # cells a sheet may span, first to last; beyond it the Python rows take GBs


def read_sheet(path: Path, source: BinaryIO, kind: str, limits: table.Limits) -> tuple[Rows, str]:
    """Header (None for an empty sheet) and numbered rows of the phrase sheet, and a note naming
    the sheet when the workbook has several ("" when it has one). Chart and macro sheets do not
    count; a hidden worksheet does, as it did with openpyxl."""
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(source)
    except python_calamine.PasswordError as exc:
        raise PackError(
            f"无法读取 {kind} 文件 {path}:文件受密码保护;请在 Excel 中取消密码后另存,再导入"
        ) from exc
    except Exception as exc:  # CalamineError and its kinds (ZipError, XmlError …), or what Rust panicked with
        raise PackError(f"无法读取 {kind} 文件 {path}:{reason(exc)}") from exc
    try:
        sheets = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
        ]
        if not sheets:
            raise PackError(f"无法读取 {kind} 文件 {path}:工作簿里没有工作表,没有数据(缺少必要部分或已损坏)")
        first: Numbered | None = None
        for name in sheets:
            numbered = _numbered(path, workbook, name)
            if first is None:
                first = numbered
            if _has_header(numbered):
                return table.split_header(path, iter(numbered), limits), _note(sheets, name)
        assert first is not None
        return table.split_header(path, iter(first), limits), _note(sheets, sheets[0])
    except PackError:
        raise
    except Exception as exc:
        raise PackError(f"无法读取 {kind} 文件 {path}:{reason(exc)}") from exc
    finally:
        workbook.close()


def _numbered(path: Path, workbook: python_calamine.CalamineWorkbook, name: str) -> Numbered:
    """A worksheet's rows as text with their Excel numbers; PackError for a sheet too large."""
    sheet = workbook.get_sheet_by_name(name)
    end_row, end_column = sheet.end or (0, 0)
    if (end_row + 1) * (end_column + 1) > MAX_GRID:  # XLS: at most 65,536 × 256, ~0.5 GB in calamine
        raise PackError(
            f"{path}:工作表「{name}」的表格范围过大({end_row + 1} 行 × {end_column + 1} 列);"
            "请删除多余的行列后另存再导入"
        )
    cells = sheet.to_python(skip_empty_area=False)
    return [(n, table.trimmed(map(cell_text, values))) for n, values in enumerate(cells, 1)]


def _has_header(numbered: Numbered) -> bool:
    """Whether one of the sheet's first non-empty rows names the phrase body."""
    filled = [cells for _, cells in numbered if any(cells)][: columns.HEADER_SEARCH]
    return any(columns.names_body(cells) for cells in filled)


def _note(sheets: list[str], chosen: str) -> str:
    if len(sheets) == 1:
        return ""
    others = "、".join(f"「{name}」" for name in sheets if name != chosen)
    return f"工作簿有 {len(sheets)} 个工作表,读取了「{chosen}」,未读取{others}"


def cell_text(value: object) -> str:
    """One calamine cell as text; a date alone (calamine's form of a date-time at midnight) keeps
    the time, as the openpyxl reader printed it."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"{value.isoformat()} 00:00:00"
    return table.cell_text(value)


def reason(exc: BaseException) -> str:
    """A short reason for the import report from what calamine raised."""
    name = type(exc).__name__
    message = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, python_calamine.ZipError):
        return f"文件已损坏或不完整({message[:120]})"
    if isinstance(exc, python_calamine.WorksheetNotFound) or "not found" in message.lower():
        return f"文件缺少必要部分(不是 Excel 保存的文件或已损坏:{message[:120]})"
    if len(message) > 120:
        message = message[:120] + "…"
    return f"文件格式有误({name}: {message})" if message else f"文件格式有误({name})"
