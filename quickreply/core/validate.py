"""One validator for a phrase: the command line, the editor and pack imports all check these rules here.

What never gets into the library: an empty title or body, fields over their length limit, a
shortcut code other than letters (Latin or Chinese, as 千牛 and 飞牛 allow: ``fh``, ``发货``),
digits and ``_ . -``, control characters (ESC, BEL, NUL,
C1 …; a body or note keeps its tabs and line breaks), lone surrogates (bytes that were not text in
the encoding they were read with), and malformed placeholders. Single-line fields (title, code,
questions, tags, stage names) get their line breaks and tabs turned into spaces, and titles, codes
and stage names lose invisible format characters (zero-width spaces, bidi overrides), which would
make two equal-looking codes differ. Replies that break the service standard at error level are
refused by the same gate everywhere (``blocking``), unless the user explicitly overrides it.
"""

from __future__ import annotations

import dataclasses
import enum
import re
import unicodedata
from collections.abc import Sequence

from quickreply.core import dbfile, kinds, lint, models, render, textnorm

MAX_TITLE = 60
MAX_BODY = 2000
MAX_CODE = 32
MAX_NOTE = 500
MAX_QUESTION = 200
MAX_QUESTIONS = 50
MAX_TAG = 30
MAX_TAGS = 20
MAX_STAGE_NAME = 30
MAX_PACK_FIELD = 100  # a pack's id, name, version and author
# A code is what an agent types after "/": Latin letters, digits and Chinese characters (千牛 and
# 飞牛 allow 发货 and 1), with _ . - inside. Stored folded (textnorm: width, case, 發→发), as search
# folds what is typed.
CODE_RE = re.compile(r"^[a-z0-9\u3400-\u9fff\uf900-\ufaff][a-z0-9_.\-\u3400-\u9fff\uf900-\ufaff]*$")
FIELDS = models.CONTENT_FIELDS  # what a phrase says: the fields a user or a pack may change
FIELD_NAMES = {
    "stage": "阶段名称",
    "title": "标题",
    "code": "快捷编码",
    "body": "短语内容",
    "note": "使用场景",
    "questions": "买家问题",
    "tags": "标签",
}
_SINGLE_LINE = re.compile(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+")
_BAD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # categories Cc and Cs
_BAD_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # … but tab, LF, CR


class InvalidPhrase(dbfile.StoreError):
    """A phrase that breaks a rule of the library (empty body, bad code, control characters…)."""


class ProblemKind(enum.StrEnum):
    """What kind of rule a field breaks."""

    MISSING = "missing"
    TOO_LONG = "too_long"
    BAD_CODE = "bad_code"
    CONTROL = "control"  # a control character
    ENCODING = "encoding"  # a lone surrogate: bytes that were not text in their encoding
    PLACEHOLDER = "placeholder"  # a malformed {placeholder}


@dataclasses.dataclass(frozen=True)
class Problem:
    """One broken rule: the field, what kind of rule and a one-line Chinese message; ``limit`` for
    too_long. ``reason`` is the message as an import report's row says it, where that differs (a
    missing cell)."""

    field: str
    kind: ProblemKind
    message: str
    limit: int = 0
    short: str = ""

    @property
    def reason(self) -> str:
        return self.short or self.message


def single_line(text: str) -> str:
    """Line breaks and tabs as single spaces, ends trimmed (titles, questions, stage names)."""
    return text.strip() if text.isprintable() else _SINGLE_LINE.sub(" ", text).strip()


def normalised(phrase: models.Phrase) -> models.Phrase:
    """A copy with every field in its stored form: trimmed, single-line fields on one line, titles
    without invisible format characters, codes folded as search folds them. Changes nothing else."""
    clean = models.Phrase.__new__(models.Phrase)  # a plain copy; the fields are set below
    clean.__dict__.update(phrase.__dict__)
    clean.title = single_line(textnorm.without_invisible(phrase.title))
    clean.code = textnorm.fold(single_line(phrase.code))
    clean.body = phrase.body.strip("\n")
    clean.note = phrase.note.strip()
    clean.questions = [q for q in map(single_line, filter(None, phrase.questions)) if q]
    clean.tags = [t for t in map(single_line, filter(None, phrase.tags)) if t]
    clean.auto_send = bool(phrase.auto_send)
    return clean


def problems(phrase: models.Phrase) -> list[Problem]:
    """Every rule a normalised phrase breaks (empty when it may be stored), in field order.

    Whether the stage exists and whether the code is free are the store's business: they depend
    on what the library holds.
    """
    found: list[Problem] = []
    if not phrase.title:
        found.append(Problem("title", ProblemKind.MISSING, "标题不能为空"))
    found += _text_problems("title", phrase.title, MAX_TITLE)
    if phrase.code:
        if not _code_ok(phrase.code):
            found.append(
                Problem(
                    "code",
                    ProblemKind.BAD_CODE,
                    f"快捷编码「{phrase.code}」无效:只能用汉字、英文字母、数字和 _ . -,"
                    f"以汉字、字母或数字开头,最长 {MAX_CODE} 个字符",
                    MAX_CODE,
                )
            )
    if not phrase.body.strip():
        found.append(Problem("body", ProblemKind.MISSING, "短语内容不能为空", short="缺少短语内容"))
    found += _text_problems("body", phrase.body, MAX_BODY, multiline=True)
    for name in render.malformed(phrase.body):
        found.append(
            Problem(
                "body",
                ProblemKind.PLACEHOLDER,
                f"占位符「{{{name}}}」写法有误:可选项应写成 {{名称:选项1|选项2}},名称和选项都不能为空",
            )
        )
    found += _text_problems("note", phrase.note, MAX_NOTE, multiline=True)
    found += _list_problems("questions", phrase.questions, MAX_QUESTION, MAX_QUESTIONS)
    found += _list_problems("tags", phrase.tags, MAX_TAG, MAX_TAGS)
    return found


def checked(phrase: models.Phrase) -> models.Phrase:
    """The phrase normalised; InvalidPhrase with the first problem's message when it breaks a rule."""
    clean = normalised(phrase)
    found = problems(clean)
    if found:
        raise InvalidPhrase(found[0].message)
    return clean


def stage_name(name: str) -> str:
    """A stage name a pack or a trainer gives, in its stored form (one line, no invisible characters)."""
    return single_line(textnorm.without_invisible(name))


def stage_problem(name: str) -> str | None:
    """Why a (normalised) stage name cannot be stored, or None."""
    if not name:
        return "阶段名称不能为空"
    return line_problem(FIELD_NAMES["stage"], name, MAX_STAGE_NAME)


def line_problem(label: str, text: str, limit: int) -> str | None:
    """Why a one-line text a pack brings (a stage name, the pack's name or author) cannot be stored:
    too long, a control character or a lone surrogate; None when it can."""
    found = _text_problems(label, text, limit)
    return found[0].message if found else None


def blocking(findings: Sequence[lint.Finding]) -> list[lint.Finding]:
    """The findings that stop a reply from being saved or imported: those at error level."""
    return [f for f in findings if f.level == kinds.LintLevel.ERROR]


def lint_refusal(findings: Sequence[lint.Finding]) -> str:
    """One line saying why a reply was refused: each blocking finding's rule and message."""
    return "不符合服务规范:" + ";".join(single_line(f"{f.rule_id} {f.message}") for f in blocking(findings))


def _code_ok(code: str) -> bool:
    return len(code) <= MAX_CODE and bool(CODE_RE.match(code))


def _text_problems(field: str, text: str, limit: int, multiline: bool = False) -> list[Problem]:
    """Too long, a control character (a body or note may hold tab, LF and CR), a lone surrogate."""
    if len(text) <= limit and text.isprintable():  # no Cc, no Cs: the regex would find nothing
        return []
    bad = (_BAD_MULTILINE if multiline else _BAD).search(text)
    if bad is None and len(text) <= limit:
        return []
    label = FIELD_NAMES.get(field, field)
    found: list[Problem] = []
    if len(text) > limit:
        found.append(Problem(field, ProblemKind.TOO_LONG, f"{label}过长({len(text)} 字,上限 {limit})", limit))
    if bad is not None:
        index, ch = bad.start(), bad.group()
        if unicodedata.category(ch) == "Cs":
            message = (
                f"{label}第 {index + 1} 个字 U+{ord(ch):04X} 不是有效的文字(多半是文件或终端的编码不对),"
                "请改正后再试"
            )
            found.append(Problem(field, ProblemKind.ENCODING, message))
        else:
            message = f"{label}第 {index + 1} 个字是控制字符 U+{ord(ch):04X},请删除后再试"
            found.append(Problem(field, ProblemKind.CONTROL, message))
    return found


def _list_problems(field: str, items: list[str], limit: int, most: int) -> list[Problem]:
    label = FIELD_NAMES[field]
    if len(items) > most:
        return [Problem(field, ProblemKind.TOO_LONG, f"{label}过多({len(items)} 个,上限 {most})", most)]
    for item in items:
        found = _text_problems(field, item, limit)
        if found:
            return found
    return []
