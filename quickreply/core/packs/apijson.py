"""Quick-phrase lists as seller clients' servers return them (千牛, 飞牛), read as pack rows.

A shop that saved what its client downloads can import it like a file. Shapes, from public code:

- 千牛: ``{"api": …, "data": {"result": {"groups": [{"id", "name", …}], "list": [{"id", "groupId",
  "code", "content", …}]}}}`` (``DbEntity.QuickPhraseResponse`` and ``QuickPhraseImporter`` of a
  public 千牛 assistant, C#; SaiNiuApi's docs add ``imageURL`` to a phrase). The envelope may be
  missing or be another of ``data`` / ``result`` / ``model``; a ``ret`` list not saying SUCCESS
  is the server's refusal.
- 飞牛: ``{"success": true, "data": {"quickPhraseList": [{"phraseId", "phraseSummary",
  "phraseGroupName", "quickCode", "fontName", …}], "totalNum": n}}`` (哞哞商家版
  ``CLocalData::LoadFastWordInfo``; the back office's ``QuickPhraseController``).

An image (``imageURL``) is kept in the phrase's note as ``图片: <url>``; a group with no phrases is
noted, not created.
"""

from __future__ import annotations

from typing import Any

from quickreply.core import models
from quickreply.core.packs import PackError, columns
from quickreply.core.packs.row import Row

ENVELOPES = ("data", "result", "model")  # keys a server wraps its answer in
IMAGE_KEYS = ("imageURL", "imageUrl", "imgUrl", "picUrl", "image")


def recognise(data: Any) -> tuple[str, dict[str, Any]] | None:
    """("qianniu" or "feiniu", the object holding the lists) when ``data`` is one of the shapes."""
    for _ in range(len(ENVELOPES) + 1):
        if not isinstance(data, dict):
            return None
        if isinstance(data.get("quickPhraseList"), list):
            return "feiniu", data
        if isinstance(data.get("list"), list) and (
            isinstance(data.get("groups"), list) or _looks_like_phrases(data["list"])
        ):
            return "qianniu", data
        data = next((data[key] for key in ENVELOPES if isinstance(data.get(key), dict)), None)
    return None


def refusal(data: Any) -> str | None:
    """Why the server refused the request, when the saved answer is a refusal."""
    if not isinstance(data, dict):
        return None
    if data.get("success") in (False, "false"):
        return str(data.get("message") or data.get("msg") or data.get("errorMsg") or "success 为 false")
    ret = data.get("ret")
    if isinstance(ret, list) and ret and not any(str(r).startswith("SUCCESS") for r in ret):
        return "、".join(map(str, ret))
    return None


def rows(data: Any, source: str) -> tuple[list[Row], list[str]] | None:
    """The phrases of a saved answer as rows (numbered from 1 in the file's order), and notes;
    None when ``data`` is none of the shapes; PackError for a refusal or a broken list."""
    why = refusal(data)
    if why is not None:
        raise PackError(f"{source}:这是接口返回的失败结果,里面没有短语({why[:100]})")
    found = recognise(data)
    if found is None:
        return None
    client, lists = found
    result, notes = _feiniu(lists, source) if client == "feiniu" else _qianniu(lists, source)
    if not result:
        raise PackError(f"{source}:接口返回的快捷短语列表是空的")
    return result, notes


def _qianniu(lists: dict[str, Any], source: str) -> tuple[list[Row], list[str]]:
    groups = {}
    for number, group in enumerate(lists.get("groups") or [], 1):
        item = _object(group, source, f"分组 {number}")
        groups[str(item.get("id"))] = _text(item.get("name"))
    result = []
    unknown = 0
    for number, entry in enumerate(lists["list"], 1):
        item = _object(entry, source, f"短语 {number}")
        group_id = item.get("groupId")
        stage = groups.get(str(group_id), "")
        if group_id not in (None, "", 0) and str(group_id) not in groups:
            unknown += 1
        image = next((_text(item[key]) for key in IMAGE_KEYS if item.get(key)), "")
        phrase = models.Phrase(
            stage_id=stage,
            title=_text(item.get("title")),
            body=_text(item.get("content")),
            code=_text(item.get("code")),
            note=columns.with_image("", image),
        )
        result.append(Row(number, phrase))
    notes = ["识别为千牛快捷短语接口数据(groups + list)"]
    if unknown:
        notes.append(f"{unknown} 条短语的 groupId 不在 groups 里,已归入未分组")
    used = {row.phrase.stage_id for row in result}
    empty = [name for name in dict.fromkeys(groups.values()) if name and name not in used]
    if empty:
        notes.append(f"空分组:{'、'.join(empty)}(没有短语,未建立阶段)")
    return result, notes


def _feiniu(lists: dict[str, Any], source: str) -> tuple[list[Row], list[str]]:
    result = []
    for number, entry in enumerate(lists["quickPhraseList"], 1):
        item = _object(entry, source, f"短语 {number}")
        phrase = models.Phrase(
            stage_id=_text(item.get("phraseGroupName")),
            title="",
            body=_text(item.get("phraseSummary")),
            code=_text(item.get("quickCode")),
        )
        result.append(Row(number, phrase))
    return result, ["识别为飞牛快捷短语接口数据(quickPhraseList)"]


def _looks_like_phrases(items: list[Any]) -> bool:
    """Whether a bare ``list`` holds phrase objects (content and code), with no groups beside it."""
    return bool(items) and all(isinstance(i, dict) and "content" in i and "code" in i for i in items)


def _object(item: Any, source: str, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise PackError(f"{source}:{where} 应该是对象")
    return item


def _text(value: Any) -> str:
    """A field as text: numbers as written (a code 1 is "1"), None as empty; CRLF as one break."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
