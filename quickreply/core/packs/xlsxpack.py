"""Excel .xlsx pack files, read defensively: a pack may come from anyone, so no zip or XML bombs.

The file is checked before python-calamine (a Rust reader, ~20× faster than openpyxl) sees it:
size, password-protected/old-format files, damaged zip, declared uncompressed sizes and ratios,
a missing ``[Content_Types].xml``, and any XML part whose prolog declares a DTD (entities are how
XML bombs expand; OOXML never uses them). Whatever calamine raises on a malformed workbook becomes
a PackError naming the file. calamine turns Excel's ``_xHHHH_`` escapes back into characters; the
writer (openpyxl) escapes a carriage return and a literal ``_xHHHH_``, so both survive a round trip.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from quickreply.core import safepath
from quickreply.core.packs import PackError, calamine_sheet, table, xlsxextent

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted OOXML or a real .xls
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_SIZE = 10 * 1024 * 1024
MAX_GRID = calamine_sheet.MAX_GRID  # cells calamine's dense grid may hold (~32 bytes each: 160 MB)
CHUNK = 1024 * 1024  # bytes inflated at a time when checking sizes
PROLOG_LIMIT = 64 * 1024  # bytes of an XML part looked through for a DTD before its root element
SHEET_TITLE = "短语"
CELL_LIMIT = 32_767  # characters an Excel cell holds (UTF-16 code units)
# OOXML's escapes (ST_Xstring): _x000D_ is a carriage return, _x005F_ an underscore that starts a
# literal "_xHHHH_". XML turns a raw CR into a line feed.
_TO_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|\r")


def read_table(path: Path, limits: table.Limits) -> table.Table:
    """The phrase sheet (``calamine_sheet.read_sheet``): the first non-empty row is the header,
    rows keep their Excel numbers."""
    table.check_size(path, limits)
    try:
        with path.open("rb") as handle:
            _check_container(path, handle)
            handle.seek(0)
            (headers, rows), note = calamine_sheet.read_sheet(path, handle, "xlsx", limits)
    except OSError as exc:
        raise PackError(f"无法读取文件 {path}:{exc.strerror or exc}") from exc
    if headers is None:
        raise PackError(f"{path}:工作表里没有数据")
    return table.Table(path, headers, rows, [note] if note else [])


def _check_container(path: Path, handle: BinaryIO) -> None:
    """PackError unless the file is an intact zip whose entries do not unpack to something huge
    and whose XML parts declare no DTD (no entity expansion, whatever the parser does with one)."""
    if handle.read(len(CFB_MAGIC)) == CFB_MAGIC:
        raise PackError(
            f"{path}:文件受密码保护或不是 xlsx 文件(可能是旧版 .xls 改了扩展名);"
            "请在 Excel 中取消密码,或另存为 .xlsx 后再导入"
        )
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            _check_sizes(path, entries)
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" not in names:
                missing = "文件缺少必要部分 [Content_Types].xml(不是 Excel 保存的 xlsx 或已损坏)"
                raise PackError(f"无法读取 xlsx 文件 {path}:{missing}")
            for entry in entries:
                extent = xlsxextent.Extent() if entry.filename.startswith("xl/worksheets/") else None
                if not _unpacks_as_declared(handle, entry, extent):
                    lying = "解压后比声明的大,疑似压缩炸弹或已损坏,已拒绝导入"
                    raise PackError(f"{path}:xlsx 文件中的 {entry.filename} {lying}")
                if extent is not None and extent.grid > MAX_GRID:
                    raise PackError(
                        f"{path}:xlsx 文件中的 {entry.filename} 表格范围过大(最多 {extent.grid:,} 个单元格),"
                        "疑似恶意文件;请在 Excel 中删除多余的行列后另存再导入"
                    )
                if entry.filename.endswith((".xml", ".rels")) and _declares_dtd(archive, entry):
                    raise PackError(
                        f"无法读取 xlsx 文件 {path}:{entry.filename} 声明了 DTD 实体,"
                        "文件包含不安全的 XML 内容,已拒绝导入"
                    )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise PackError(f"{path}:xlsx 文件已损坏或不完整") from exc


def _check_sizes(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """PackError when the declared uncompressed sizes are too large in total or too compressed."""
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED:
        raise PackError(
            f"{path}:xlsx 文件解压后过大({total / 1048576:.0f} MB,上限 {MAX_UNCOMPRESSED // 1048576} MB)"
        )
    for entry in entries:
        if entry.file_size > RATIO_MIN_SIZE and entry.file_size / max(entry.compress_size, 1) > MAX_RATIO:
            raise PackError(f"{path}:xlsx 文件中的 {entry.filename} 压缩比异常,疑似压缩炸弹,已拒绝导入")


def _unpacks_as_declared(handle: BinaryIO, entry: zipfile.ZipInfo, extent: xlsxextent.Extent | None) -> bool:
    """Whether the entry's data unpacks to no more than its declared size, which _check_sizes
    trusted. calamine's zip reader (0.9) also stops past it; this check does not rely on that.
    Inflating costs ~0.03 s for a 100,000-row sheet; output never exceeds the size + 1 MB."""
    handle.seek(entry.header_offset)
    local = handle.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {entry.filename}")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    handle.seek(entry.header_offset + 30 + name_length + extra_length)
    if entry.compress_type == zipfile.ZIP_STORED:
        if extent is not None:
            left = entry.compress_size
            while left > 0 and (data := handle.read(min(CHUNK, left))):
                left -= len(data)
                extent.feed(data)
            extent.close()
        return entry.compress_size <= entry.file_size
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        raise NotImplementedError(f"compression method {entry.compress_type}")  # Excel writes only these two
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left, produced = entry.compress_size, 0
    pending = b""
    while not inflater.eof:
        if not pending:
            if left <= 0:
                break
            pending = handle.read(min(CHUNK, left))
            if not pending:
                break
            left -= len(pending)
        try:
            out = inflater.decompress(pending, CHUNK)
        except zlib.error:
            return True  # damaged data: calamine reports it
        produced += len(out)
        pending = inflater.unconsumed_tail
        if produced > entry.file_size:
            return False
        if extent is not None:
            extent.feed(out)
    if extent is not None:
        extent.close()
    return True


def _declares_dtd(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the part's prolog (what comes before the root element) holds a <!DOCTYPE, or the
    prolog is too long to look through (a DTD could hide after PROLOG_LIMIT bytes of comments)."""
    with archive.open(entry) as part:
        head = part.read(PROLOG_LIMIT)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    text = head.upper()
    position = 0
    while True:
        start = text.find(b"<", position)
        if start < 0:
            return len(head) >= PROLOG_LIMIT  # no root element in the first PROLOG_LIMIT bytes
        following = text[start + 1 : start + 2]
        if following == b"!":
            if text.startswith(b"<!DOCTYPE", start):
                return True
            if text.startswith(b"<!--", start):
                end = text.find(b"-->", start + 4)
                if end < 0:
                    return len(head) >= PROLOG_LIMIT
                position = end + 3
                continue
        if following == b"?":
            end = text.find(b"?>", start + 2)
            if end < 0:
                return len(head) >= PROLOG_LIMIT
            position = end + 2
            continue
        return False  # the root element: no DTD can come after it


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
