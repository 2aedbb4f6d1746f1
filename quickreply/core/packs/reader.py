"""Reading any pack file: picks the reader by file type and gives back the pack's rows uniformly."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from quickreply.core import models
from quickreply.core.packs import PackError, columns, csvpack, jsonpack, table
from quickreply.core.packs.row import Row

FORMATS = {
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
}


@dataclasses.dataclass
class Incoming:
    """What a pack file holds: its identity, the stages it declares, its rows, and notes to report."""

    info: models.PackInfo
    stages: list[models.Stage]
    rows: list[Row]
    notes: list[str]


def file_format(path: Path) -> str:
    """json, csv, xlsx or xls, from the file name; PackError for anything else."""
    name = path.name.lower()
    fmt = FORMATS.get(Path(name).suffix)
    if fmt is None:
        raise PackError(f"{path}:不支持的文件类型(支持 .json .csv .tsv .txt .xlsx .xls)")
    return fmt


def pack_id_for(path: Path) -> str:
    """A pack id from a file name: 双十一话术.qrpack.json → 双十一话术."""
    stem = path.name.split(".")[0]
    return re.sub(r"\s+", "-", stem.strip()) or "pack"


def read(path: str | Path, limits: table.Limits | None = None, encoding: str | None = None) -> Incoming:
    """Read a pack file of any supported type; ``encoding`` names a CSV/TSV file's text encoding
    (decided from the file when None; JSON is always UTF-8, spreadsheets carry their own)."""
    path = Path(path)
    limits = limits or table.Limits()
    fmt = file_format(path)
    if fmt == "json":
        table.check_size(path, limits)
        pack = jsonpack.read(path)
        table.check_rows(path, len(pack.phrases), limits)
        rows = [
            Row(number, phrase, pack.rejected.get(number, ""))
            for number, phrase in enumerate(pack.phrases, 1)
        ]
        if not rows:
            raise PackError(f"{path}:短语包里没有短语")
        return Incoming(pack.info, pack.stages, rows, [])
    if fmt == "csv":
        source = csvpack.read_table(path, limits, encoding)
    elif fmt == "xlsx":
        from quickreply.core.packs import xlsxpack

        source = xlsxpack.read_table(path, limits)
    else:
        from quickreply.core.packs import xlspack

        source = xlspack.read_table(path, limits)
    rows, notes = columns.rows(source)
    info = models.PackInfo(
        id=pack_id_for(path),
        name=pack_id_for(path),
        source=str(path),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    return Incoming(info, [], rows, notes)
