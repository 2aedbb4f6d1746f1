"""The records quickreply passes around: stages, phrases, packs and usage figures."""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import operator

log = logging.getLogger(__name__)
# What a phrase says: the fields a user or a pack may change, compared to tell an update from a
# repeat (the rest of ``Phrase`` is the store's bookkeeping). A new field of content goes here too.
CONTENT_FIELDS = ("stage_id", "title", "code", "body", "note", "questions", "tags", "auto_send")
_content_values = operator.attrgetter(*CONTENT_FIELDS)


def stored_list(text: str | None, where: str = "") -> list[str]:
    """A phrase's stored JSON list (questions, tags) as strings.

    Text that is not a JSON list (a file edited by another tool, a damaged row) reads as empty and
    is logged, so one bad row never stops the library from being listed, searched or exported.
    """
    if not text or text == "[]":
        return []
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        log.warning("%s的买家常问或标签不是有效的 JSON,按空处理", where or "短语")
        return []
    if not isinstance(value, list):
        log.warning("%s的买家常问或标签不是 JSON 列表,按空处理", where or "短语")
        return []
    return [item for item in value if isinstance(item, str)]


@dataclasses.dataclass
class Stage:
    """A stage of the conversation as stored: canonical ones plus any a pack added."""

    id: str
    name_zh: str
    name_en: str
    position: int


@dataclasses.dataclass
class Phrase:
    """An approved reply.

    ``code`` is the ASCII shortcut code (stored lower-case); ``note`` tells a new hire when to use
    the phrase; ``questions`` are typical buyer messages it answers; ``pack_id`` is None for the
    user's own phrases. ``title_py`` (syllables, space-separated), ``title_ini`` and ``title_alt``
    (other readings of polyphones, ';'-separated) are search keys the store computes on save.
    """

    stage_id: str
    title: str
    body: str
    code: str = ""
    note: str = ""
    questions: list[str] = dataclasses.field(default_factory=list)
    tags: list[str] = dataclasses.field(default_factory=list)
    auto_send: bool = False
    id: int | None = None
    position: int = 0
    pack_id: str | None = None
    title_py: str = ""
    title_ini: str = ""
    title_alt: str = ""
    created_at: str = ""
    updated_at: str = ""

    def content(self) -> Phrase:
        """Only what the phrase says (no id, place, pack, keys or times): to add it again or elsewhere."""
        return Phrase(**{field: copy.copy(getattr(self, field)) for field in CONTENT_FIELDS})

    def content_key(self) -> tuple[object, ...]:
        """What the phrase says as one hashable value: equal for phrases that say the same thing."""
        return tuple([tuple(value) if isinstance(value, list) else value for value in _content_values(self)])


@dataclasses.dataclass
class PackInfo:
    """A phrase pack the store knows about (``read_only`` packs cannot be edited in place)."""

    id: str
    name: str
    version: str = ""
    author: str = ""
    source: str = ""
    sha256: str = ""
    imported_at: str = ""
    read_only: bool = False


@dataclasses.dataclass
class Usage:
    """How often and how recently a phrase was pasted or copied."""

    phrase_id: int
    count: int
    last_used: str | None


@dataclasses.dataclass
class Pack:
    """A phrase pack as read from a file: its identity, the stages it brings and its phrases;
    ``rejected`` says why a phrase (by its 1-based number) cannot be imported as written."""

    info: PackInfo
    stages: list[Stage] = dataclasses.field(default_factory=list)
    phrases: list[Phrase] = dataclasses.field(default_factory=list)
    rejected: dict[int, str] = dataclasses.field(default_factory=dict)
