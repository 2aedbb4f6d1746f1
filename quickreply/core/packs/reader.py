"""Reading any pack file: picks the reader by file type and gives back the pack's rows uniformly."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from quickreply.core import models
from quickreply.core.packs import PackError, apijson, columns, csvpack, jsonpack, table
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
        return _read_json(path, limits)
    if fmt == "csv":
        source = csvpack.read_table(path, limits, encoding)
    elif fmt == "xlsx":
        from quickreply.core.packs import xlsxpack

        source = xlsxpack.read_table(path, limits)
    else:
        from quickreply.core.packs import xlspack

        source = xlspack.read_table(path, limits)
    rows, notes = columns.rows(source)
    return Incoming(_file_info(path, path.read_bytes()), [], rows, notes)


def _read_json(path: Path, limits: table.Limits) -> Incoming:
    """Our own pack, or a seller client's saved quick-phrase list (``apijson``); one clear error
    line for any other JSON."""
    data, raw = jsonpack.load(path)
    if not jsonpack.is_pack(data):
        found = apijson.rows(data, str(path))
        if found is None:
            raise PackError(
                f'{path}:既不是 quickreply 短语包(缺少 "format": "{jsonpack.FORMAT}"),'
                "也不是千牛或飞牛快捷短语接口返回的数据"
            )
        rows, notes = found
        table.check_rows(path, len(rows), limits)
        return Incoming(_file_info(path, raw), [], rows, notes)
    pack = jsonpack.parse(data, source=str(path), default_id=path.name.split(".")[0])
    pack.info.sha256 = hashlib.sha256(raw).hexdigest()
    table.check_rows(path, len(pack.phrases), limits)
    rows = [Row(n, phrase, pack.rejected.get(n, "")) for n, phrase in enumerate(pack.phrases, 1)]
    if not rows:
        raise PackError(f"{path}:短语包里没有短语")
    return Incoming(pack.info, pack.stages, rows, [])


def _file_info(path: Path, raw: bytes) -> models.PackInfo:
    """A pack identity for a file that names none: its file name, and a hash of its bytes."""
    return models.PackInfo(
        id=pack_id_for(path),
        name=pack_id_for(path),
        source=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
    )
