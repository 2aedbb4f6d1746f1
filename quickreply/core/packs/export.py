"""Writing phrases out as a pack file (JSON, CSV, XLSX) that imports back unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from quickreply.core import models, packs, safepath, stages, store
from quickreply.core.packs import PackError, columns, csvpack, jsonpack, reader

ENCODINGS = ("utf-8-sig", "gbk")


def export(
    source: store.PhraseStore,
    path: str | Path,
    fmt: str | None = None,
    stage: str | None = None,
    pack: str | None = None,
    encoding: str = "utf-8-sig",
) -> int:
    """Write the library (or one stage, or one pack's phrases) to ``path``; returns the phrase count.

    ``pack="own"`` selects the user's own phrases.
    """
    path = Path(path)
    fmt = fmt or reader.file_format(path)
    if encoding not in ENCODINGS:
        raise PackError(f"不支持的编码 {encoding}(可用 {'、'.join(ENCODINGS)})")
    stage_id = source.stage(stage).id if stage else None
    phrases = source.phrases(stage_id)
    if pack is not None:
        wanted = None if pack == packs.OWN else source.pack(pack).id
        phrases = [p for p in phrases if p.pack_id == wanted]
    if not phrases:
        raise PackError("没有可以导出的短语")
    known = {s.id: s for s in source.stages()}
    if fmt == "json":
        info = source.pack(pack) if pack not in (None, packs.OWN) else None
        _write_json(path, phrases, known, info, source.path)
    elif fmt in ("csv", "xlsx"):
        headers = list(columns.EXPORT_HEADERS.values())
        rows = [
            [columns.neutralise(cell) for cell in columns.cells(p, _stage_name(p, known))] for p in phrases
        ]
        _check_cell_sizes(phrases, headers, rows, fmt)
        if fmt == "csv":
            csvpack.write_table(path, headers, rows, encoding, database=source.path)
        else:
            from quickreply.core.packs import xlsxpack

            xlsxpack.write_table(path, headers, rows, database=source.path)
    else:
        raise PackError(f"{path}:无法导出为 {fmt}(支持 json、csv、xlsx)")
    return len(phrases)


def _check_cell_sizes(
    phrases: list[models.Phrase], headers: list[str], rows: list[list[str]], fmt: str
) -> None:
    """PackError naming the first phrase with a cell longer than the format holds (an Excel cell, or
    what the CSV importer reads back): such a cell would be cut short or be unreadable, never that."""
    size: Callable[[str], int] = len
    if fmt == "csv":
        limit = csvpack.FIELD_LIMIT
    else:
        from quickreply.core.packs import xlsxpack

        limit, size = xlsxpack.CELL_LIMIT, _utf16_length
    for phrase, cells in zip(phrases, rows, strict=True):
        for header, cell in zip(headers, cells, strict=True):
            if len(cell) > limit // 2 and size(cell) > limit:
                raise PackError(
                    f"短语 #{phrase.id}「{phrase.title}」的「{header}」有 {size(cell):,} 字,"
                    f"超过 {fmt.upper()} 一格的上限 {limit:,} 字;请缩短后再导出,或导出为 JSON"
                )


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _write_json(
    path: Path,
    phrases: list[models.Phrase],
    known: dict[str, models.Stage],
    pack: models.PackInfo | None,
    database: Path | None = None,
) -> None:
    used = {p.stage_id for p in phrases}
    extra = [known[s] for s in known if s in used and stages.get(s) is None]
    info = pack or models.PackInfo(id=reader.pack_id_for(path), name=reader.pack_id_for(path))
    data = jsonpack.document(info, extra, phrases)
    try:
        with safepath.replacing(path, database) as handle:
            handle.write((json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    except OSError as exc:
        raise PackError(safepath.failure(path, exc)) from exc


def _stage_name(phrase: models.Phrase, known: dict[str, models.Stage]) -> str:
    """The name a spreadsheet shows for a phrase's stage (its id when the stage is unknown)."""
    stage = known.get(phrase.stage_id)
    return stage.name_zh if stage else phrase.stage_id
