"""The canonical pack format, ``*.qrpack.json`` (DESIGN §4)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from quickreply.core import models, validate
from quickreply.core.packs import PackError

FORMAT = "quickreply-pack"
FORMAT_VERSION = 1
STAGE_NAMES = ("id", "name_zh", "name_en")


def read(path: str | Path) -> models.Pack:
    """Read a pack file; PackError with the file name and the problem when it is not a valid pack."""
    path = Path(path)
    data, raw = load(path)
    pack = parse(data, source=str(path), default_id=path.name.split(".")[0])
    pack.info.sha256 = hashlib.sha256(raw).hexdigest()
    return pack


def load(path: Path) -> tuple[Any, bytes]:
    """A JSON file's decoded content and its bytes; PackError when it is not UTF-8 JSON."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PackError(f"无法读取短语包 {path}:{exc.strerror or exc}") from exc
    try:
        return json.loads(raw.decode("utf-8-sig")), raw
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}:不是 UTF-8 编码的 JSON") from exc
    except json.JSONDecodeError as exc:
        raise PackError(f"{path}:JSON 格式错误(第 {exc.lineno} 行第 {exc.colno} 列:{exc.msg})") from exc
    except RecursionError as exc:
        raise PackError(f"{path}:JSON 嵌套过深,不是短语包") from exc


def is_pack(data: Any) -> bool:
    """Whether decoded JSON says it is a quickreply pack (then ``parse`` judges the rest)."""
    return isinstance(data, dict) and "format" in data


def parse(data: Any, source: str, default_id: str) -> models.Pack:
    """Turn decoded JSON into a Pack, checking the structure (not the phrase rules: the store does that)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PackError(f'{source}:不是 quickreply 短语包(缺少 "format": "{FORMAT}")')
    if data.get("version") != FORMAT_VERSION:
        raise PackError(f"{source}:不支持的短语包格式版本 {data.get('version')!r}")
    read_only = data.get("read_only", False)
    if not isinstance(read_only, bool):
        raise PackError(f'{source}:"read_only" 应为 true 或 false,而不是 {_shown(read_only)}')
    info = models.PackInfo(
        id=_pack_field(data, "id", source) or default_id,
        name=_pack_field(data, "name", source) or default_id,
        version=_pack_field(data, "pack_version", source),
        author=_pack_field(data, "author", source),
        source=source,
        read_only=read_only,
    )
    stages = [_stage(s, source, i) for i, s in enumerate(_list(data, "stages", source), 1)]
    pack = models.Pack(info=info, stages=stages)
    for number, item in enumerate(_list(data, "phrases", source), 1):
        phrase, problem = _phrase(item, source, number)
        pack.phrases.append(phrase)
        if problem:
            pack.rejected[number] = problem
    return pack


def _pack_field(data: dict[str, Any], key: str, source: str) -> str:
    """One of the pack's own fields as one line of text; PackError when it cannot be stored."""
    value = data.get(key)
    text = validate.single_line(str(value)) if value not in (None, "") else ""
    problem = validate.line_problem(f'"{key}"', text, validate.MAX_PACK_FIELD)
    if problem is not None:
        raise PackError(f"{source}:{problem}")
    return text


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _list(data: dict[str, Any], key: str, source: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise PackError(f'{source}:"{key}" 应该是列表')
    return value


def _text(item: dict[str, Any], key: str, where: str, required: bool = False) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise PackError(f'{where}:"{key}" 应该是文字')
    if required and not value.strip():
        raise PackError(f'{where}:缺少 "{key}"')
    return value


def _stage(item: Any, source: str, number: int) -> models.Stage:
    where = f"{source} 阶段 {number}"
    if not isinstance(item, dict):
        raise PackError(f"{where}:应该是对象")
    position = item.get("position", 1000 + number)
    if not isinstance(position, int) or isinstance(position, bool):
        raise PackError(f'{where}:"position" 应该是整数')
    names = {key: validate.stage_name(_text(item, key, where, required=key == "id")) for key in STAGE_NAMES}
    for key, name in names.items():
        problem = validate.stage_problem(name) if name or key == "id" else None
        if problem is not None:
            raise PackError(f'{where}:"{key}" {problem}')
    return models.Stage(
        id=names["id"], name_zh=names["name_zh"] or names["id"], name_en=names["name_en"], position=position
    )


def _phrase(item: Any, source: str, number: int) -> tuple[models.Phrase, str]:
    """The phrase, and why the import must reject its row ("" when nothing is wrong at this level)."""
    where = f"{source} 短语 {number}"
    if not isinstance(item, dict):
        raise PackError(f"{where}:应该是对象")
    questions = item.get("questions", [])
    tags = item.get("tags", [])
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        raise PackError(f'{where}:"questions" 应该是文字列表')
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise PackError(f'{where}:"tags" 应该是文字列表')
    auto_send = item.get("auto_send", False)
    problem = (
        "" if isinstance(auto_send, bool) else f'"auto_send" 应为 true 或 false,而不是 {_shown(auto_send)}'
    )
    # Empty stage, title or body is the import's business (未分组, a derived title, a rejected
    # row), not a reason to refuse the whole file.
    phrase = models.Phrase(
        stage_id=_text(item, "stage", where),
        title=_text(item, "title", where),
        body=_text(item, "body", where),
        code=_text(item, "code", where),
        note=_text(item, "note", where),
        questions=list(questions),
        tags=list(tags),
        auto_send=auto_send is True,
    )
    return phrase, problem


def document(
    info: models.PackInfo, stages: list[models.Stage], phrases: list[models.Phrase]
) -> dict[str, Any]:
    """A pack file's content (what ``parse`` reads back): the pack's identity, the stages it brings
    and its phrases; tags, auto_send and read_only only when set."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "id": info.id,
        "name": info.name,
        "pack_version": info.version,
        "author": info.author,
        "stages": [
            {"id": s.id, "name_zh": s.name_zh, "name_en": s.name_en, "position": s.position} for s in stages
        ],
        "phrases": [_item(p) for p in phrases],
    }
    if info.read_only:
        data["read_only"] = True
    return data


def _item(phrase: models.Phrase) -> dict[str, Any]:
    """One phrase as the pack file holds it (what ``_phrase`` reads back)."""
    return {
        "stage": phrase.stage_id,
        "title": phrase.title,
        "code": phrase.code,
        "body": phrase.body,
        "note": phrase.note,
        "questions": phrase.questions,
        **({"tags": phrase.tags} if phrase.tags else {}),
        **({"auto_send": True} if phrase.auto_send else {}),
    }
