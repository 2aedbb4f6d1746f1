"""What each column of a CSV/XLSX pack means: header synonyms in Chinese and English (DESIGN §4).

Seller chat clients export 快捷编码, 快捷短语, 快捷短语分组; trainers write 阶段, 标题, 内容, 备注 …;
the columns may come in any order, and columns we do not know are ignored with a note. A row that
holds only a group name declares a group (飞牛's FastWord.csv writes its empty groups so); an
image column (千牛助手's 图片名) is kept in the phrase's note as ``图片: …`` until phrases hold images.
"""

from __future__ import annotations

import dataclasses
import re

from quickreply.core import models, textnorm
from quickreply.core.packs import PackError, layouts, table
from quickreply.core.packs.row import Row

SYNONYMS: dict[str, tuple[str, ...]] = {
    "stage": (
        "阶段",
        "分组",
        "快捷短语分组",
        "短语分组",
        "分组名称",
        "分组名",
        "常用语分组",
        "快捷回复分组",
        "话术分组",
        "分类",
        "group",
        "groupname",
        "stage",
        "category",
    ),
    "code": (
        "快捷编码",
        "快捷短语编码",
        "短语编码",
        "编码",
        "快捷码",
        "code",
        "quickcode",
        "keyword",
        "shortcut",
    ),
    "body": (
        "快捷短语",
        "常用语",
        "常用语内容",
        "快捷回复",
        "快捷回复内容",
        "话术内容",
        "快捷短语内容",
        "短语内容",
        "短语",
        "内容",
        "话术",
        "回复",
        "回复内容",
        "body",
        "phrase",
        "snippet",
        "text",
        "content",
    ),
    "title": ("标题", "快捷短语标题", "名称", "title", "name"),
    "note": ("备注", "说明", "使用场景", "note", "notes"),
    "questions": ("买家问题", "常见问题", "买家常问", "questions", "question"),
    "image": ("图片名", "图片", "图片地址", "图片链接", "image", "imageurl", "picture"),
}
IMAGE_NOTE = "图片: "  # how a phrase's note keeps its image (file name or address)
# Export writes these headers, in this order; the import maps them back.
EXPORT_HEADERS: dict[str, str] = {
    "stage": "快捷短语分组",
    "code": "快捷编码",
    "title": "标题",
    "body": "快捷短语",
    "note": "备注",
    "questions": "买家问题",
}
QUESTION_SPLIT = re.compile(r"[\n|｜;；]+|\s/\s")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _fold(header: str) -> str:
    """A header as it is looked up: folded like all text (width, case, traditional characters,
    invisible ones), without spaces, marks and 必填/选填 notes."""
    return re.sub(r"[\s*:：()（）必填选填]+", "", textnorm.fold(header))


_LOOKUP = {_fold(name): field for field, names in SYNONYMS.items() for name in names}


HEADER_SEARCH = 5  # the header may follow a few preamble rows ("请勿修改前三行", an account line)
_GUARDED = re.compile(r'^="(.*)"$', re.DOTALL)  # Excel's text formula ="0123"
_GUARD_START = ("'", "=", "\t", " ")  # how a cell ``_cell`` changes (beyond code/stage trimming) starts


def _mapping(headers: list[str]) -> tuple[dict[str, int], list[str]]:
    """Field → column index for a header row, and the headers that name no field."""
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        field = _LOOKUP.get(_fold(_unguard(header)))
        if field is None or field in mapping:
            if header:
                ignored.append(header)
            continue
        mapping[field] = index
    return mapping, ignored


def is_header(cell: str) -> bool:
    """Whether a cell's text is a header we know (快捷短语, 内容, body …)."""
    return _fold(_unguard(cell.strip().strip('"'))) in _LOOKUP


def _find_header(source: table.Table) -> tuple[table.Table, int]:
    """The table with its header found among the first rows (a seller tool's export may open with
    preamble rows), and how many rows came before it; the table as read when none names a body."""
    for skipped, (_, cells) in enumerate(source.rows[: HEADER_SEARCH - 1], 1):
        if names_body(cells):
            rest = source.rows[skipped:]
            return dataclasses.replace(source, headers=cells, rows=rest), skipped
    return source, 0


def rows(source: table.Table) -> tuple[list[Row], list[str]]:
    """The table's rows as phrases (the stage as written), and notes: the layout recognised, the
    columns ignored, the groups declared without phrases."""
    mapping, ignored = _mapping(source.headers)
    skipped = 0
    if "body" not in mapping:
        source, skipped = _find_header(source)
        mapping, ignored = _mapping(source.headers)
    if "body" not in mapping:
        raise PackError(
            f"{source.source}:找不到短语内容列(表头需要有 快捷短语/短语/内容/body 之一);"
            f"文件的表头是:{'、'.join(h for h in source.headers if h) or '(空)'}"
        )
    if not source.rows:
        raise PackError(f"{source.source}:只有表头,没有短语")
    layout = layouts.identify(source.headers)
    notes = list(source.notes)
    if layout is not None:
        notes.append(f"识别为{layout.name}")
    if skipped:
        notes.append(f"表头在第 {skipped + 1} 个非空行,已跳过其前的 {skipped} 行说明")
    if ignored:
        notes.append(f"已忽略不认识的列:{'、'.join(ignored)}")
    notes += _unnamed_note(source, layout)
    result: list[Row] = []
    groups: list[str] = []
    plain = [(field, i) for field, i in mapping.items() if field not in ("code", "stage")]
    trimmed = [(field, i) for field, i in mapping.items() if field in ("code", "stage")]
    for number, cells in source.rows:
        size = len(cells)
        # A cell that starts with no guard is read as it is (``_cell``'s fast path, without the call).
        values = {
            field: (
                "" if i >= size else c if not (c := cells[i]).startswith(_GUARD_START) else _cell(field, c)
            )
            for field, i in plain
        }
        values.update({field: _cell(field, cells[i]) if i < size else "" for field, i in trimmed})
        if _declares_group(values) and number not in source.errors:
            groups.append(values["stage"])
            continue
        result.append(Row(number, _phrase(values), source.errors.get(number, "")))
    used = {row.phrase.stage_id for row in result}
    empty = [group for group in dict.fromkeys(groups) if group not in used]
    if not result:
        raise PackError(f"{source.source}:只有分组({'、'.join(empty)}),没有短语")
    if empty:
        notes.append(f"空分组:{'、'.join(empty)}(文件里只有分组名、没有短语,未建立阶段)")
    return result, notes


def _declares_group(values: dict[str, str]) -> bool:
    """Whether a row holds a group name and nothing else (FastWord.csv's ``,,组名,,,,``)."""
    return bool(values.get("stage")) and not any(v for field, v in values.items() if field != "stage")


def _unnamed_note(source: table.Table, layout: layouts.Layout | None) -> list[str]:
    """A note naming the columns without a header that hold data (they are not read)."""
    unnamed = [i for i, header in enumerate(source.headers) if not header.strip()]
    filled = [i + 1 for i in unnamed if any(i < len(cells) and cells[i] for _, cells in source.rows)]
    if not filled:
        return []
    what = f"({layout.unnamed})" if layout is not None and layout.unnamed else ""
    return [f"已忽略没有表头的第 {'、'.join(map(str, filled))} 列{what}"]


def _phrase(values: dict[str, str]) -> models.Phrase:
    """A phrase from a row's cells by field (a missing column is empty); the stage as written."""
    questions = values.get("questions")  # most files have no such column: no split of ""
    return models.Phrase(
        stage_id=values.get("stage", ""),
        title=values.get("title", ""),
        body=values.get("body", ""),
        code=values.get("code", ""),
        note=with_image(values.get("note", ""), values.get("image", "")),
        questions=[q.strip() for q in QUESTION_SPLIT.split(questions) if q.strip()] if questions else [],
    )


def with_image(note: str, image: str) -> str:
    """A note that also keeps the phrase's image reference (file name or address)."""
    image = image.strip()
    if not image:
        return note
    return f"{note}\n{IMAGE_NOTE}{image}" if note.strip() else f"{IMAGE_NOTE}{image}"


def names_body(cells: list[str]) -> bool:
    """Whether a row could be a header row: one of its cells names the phrase body."""
    return "body" in _mapping(cells)[0]


def cells(phrase: models.Phrase, stage_name: str) -> list[str]:
    """A phrase as an exported row, in ``EXPORT_HEADERS`` order: what ``rows`` reads back."""
    values = {
        "stage": stage_name,
        "code": phrase.code,
        "title": phrase.title,
        "body": phrase.body,
        "note": phrase.note,
        "questions": "\n".join(phrase.questions),
    }
    return [values[field] for field in EXPORT_HEADERS]


def neutralise(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: a leading ' makes it text. A cell whose
    first sign after any apostrophes is a formula sign gets one more, which import takes off."""
    return "'" + cell if cell.lstrip("'").startswith(FORMULA_START) else cell


def _cell(field: str, cell: str) -> str:
    """A cell's text without the guards spreadsheets and seller tools put before it: our own ' before
    a formula sign, Excel's ="…", and (in a code or stage cell) a leading ' or = or tab."""
    if not cell.startswith(_GUARD_START):  # the common cell: nothing to take off
        return cell.strip() if field in ("code", "stage") else cell
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START):
        return cell[1:]  # what ``neutralise`` added: the rest is exactly what was exported
    cell = _unguard(cell)
    if field in ("code", "stage"):
        cell = cell.lstrip("'=\t ").strip()
    return cell


def _unguard(cell: str) -> str:
    """A cell without Excel's text formula ="…" (a doubled quote inside is one quote)."""
    found = _GUARDED.match(cell)
    return found.group(1).replace('""', '"').strip() if found else cell


def _unneutralise(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START) else cell
