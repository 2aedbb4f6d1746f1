"""Legacy Excel 97-2003 .xls pack files, which older seller back-offices still export.

python-calamine reads the binary format (BIFF8, such as the FastWordCustom.xls template); files
that only carry the .xls name (an .xlsx, or the HTML table some back-offices save as .xls) and
damaged or password-protected workbooks are reported, not guessed at.
"""

from __future__ import annotations

import io
from pathlib import Path

from quickreply.core.packs import PackError, calamine_sheet, table

XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def read_table(path: Path, limits: table.Limits) -> table.Table:
    """The phrase sheet (``calamine_sheet.read_sheet``): the first non-empty row is the header,
    rows keep their Excel numbers."""
    table.check_size(path, limits)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(f"无法读取文件 {path}:{exc.strerror or exc}") from exc
    _check_kind(path, raw)
    (headers, rows), note = calamine_sheet.read_sheet(path, io.BytesIO(raw), "xls", limits)
    if headers is None:
        raise PackError(f"{path}:工作表里没有数据")
    return table.Table(path, headers, rows, [note] if note else [])


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
    raise PackError(f"无法读取 xls 文件 {path}:文件已损坏或不是 Excel 97-2003 (.xls) 文件")
