"""A spreadsheet-like table read from a pack file, before its columns are given meaning.

Every reader (CSV, XLSX, XLS) produces the same ``Table``: the header row, the data rows with the
row number a person sees in Excel, and notes for the import report. Limits guard against files
too large to import.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from quickreply.core.packs import PackError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_ROWS = 50_000


@dataclasses.dataclass(frozen=True)
class Limits:
    """How large an imported file may be (settings import.max_bytes and import.max_rows)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS


@dataclasses.dataclass
class Table:
    """Header cells, then (row number, cells) for each non-empty data row; cells are stripped text.
    ``errors`` says why a row (by number) could not be read as written; the import rejects it."""

    source: Path
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    notes: list[str] = dataclasses.field(default_factory=list)
    errors: dict[int, str] = dataclasses.field(default_factory=dict)


def check_size(path: Path, limits: Limits) -> None:
    """PackError unless the file exists, is not empty and is within the size limit."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackError(f"无法读取文件 {path}:{exc.strerror or exc}") from exc
    if size == 0:
        raise PackError(f"{path}:文件是空的")
    if size > limits.max_bytes:
        raise PackError(f"{path}:文件过大({size / 1048576:.1f} MB,上限 {limits.max_bytes / 1048576:.0f} MB)")


def check_rows(path: Path, count: int, limits: Limits) -> None:
    """PackError when a file has more data rows than allowed."""
    if count > limits.max_rows:
        raise PackError(f"{path}:行数过多(超过 {limits.max_rows} 行的上限)")


def split_header(
    path: Path, records: Iterable[tuple[int, list[str]]], limits: Limits
) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The first non-empty record as the header (None when there is none) and the numbered rows
    after it; blank rows are skipped, and more rows than the limit is a PackError."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in records:
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            continue
        rows.append((number, cells))
        check_rows(path, len(rows), limits)
    return headers, rows


def trimmed(cells: Iterable[str]) -> list[str]:
    """Cells without the empty ones at the end (formatted but blank cells spreadsheets leave behind)."""
    result = list(cells)
    while result and not result[-1]:
        result.pop()
    return result


def cell_text(value: object) -> str:
    """A cell as text: None is empty, whole-number floats lose their .0 (Excel stores 12 as 12.0)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
