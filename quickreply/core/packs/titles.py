"""Titles for rows that have none: what a trainer would have called the reply, read from its body.

Seller-client exports (快捷编码, 快捷短语, 分组) carry no title, yet the library lists and searches by
title. A derived title is the reply's first clause that says something (not 您好/亲/在的), without
placeholders, emoji or chat emoticons, shortened at a natural break when long: punctuation, after a
particle such as 的/了/哦, or before a number or Latin word, never inside one. ``unique`` keeps the
derived titles of one stage apart, so rows never clash over a title nobody wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

LIMIT = 18  # a title fits the library's title column and the popup's line; most come out shorter
SHORTEST = 6  # a natural break closer to the start than this makes a title too vague
FALLBACK = "未命名"
GREETING = "问候语"  # the title of a reply that is only a greeting (亲，您好)
# A clause ends here; brackets too, so 【发货说明】 and （偏远地区除外） stand apart.
_CLAUSE_END = re.compile(
    r"[,，。!！?？;；~～…\n\r\t【】\[\]（）()「」『』<>《》]+|(?<!\d)[.:：]|[.:：](?!\d)|\s{2,}"
)  # . and : between digits are a price or a time (9.9元, 16:00)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_EMOTICON = re.compile(r"\[[\u4e00-\u9fff]{1,4}\]|/:[^\s\u4e00-\u9fff，。！？]{1,8}")  # [微笑] /:^_^
# Quotation marks, emoji, pictographs and symbols (☆ ❤ ✔ 😀 👍🏻) with their joiners and selectors.
_DROPPED = re.compile(
    "[\"'“”‘’\u2190-\u21ff\u2300-\u23ff\u25a0-\u27bf\u2b00-\u2bff\u3030\u303d\u3297\u3299"
    "\u200d\u20e3\ufe0e\ufe0f\U0001f000-\U0001faff]"
)
# Greetings that open a reply and never name it; 亲 only where it is not the start of a word
# (亲自, 亲测, 亲肤 …).
_GREETING = re.compile(
    r"^(?:亲爱的|亲亲|宝宝|宝子|(?:顾客|买家|朋友)?(?:您好|你好)呀?|在的呢|在的|在呢|哈喽|嗨|hi(?![a-z])|hello(?![a-z])"
    r"|亲(?![自手测身友人戚子肤密切眼朋属近]))"
    r"[\s,，.。!！~～、]*",
    re.IGNORECASE,
)
# An apology opening a refusal says what kind of reply it is, not what it is about: the next
# clause names it (不好意思，这款已经断码了 → 这款已经断码了); alone, it stays the title.
_APOLOGY = re.compile(r"(?:非常|十分|很|实在|真的)?(?:抱歉|对不起|不好意思)[了啦哦呢呀啊]*")
_PARTICLES = "的了哦呢吧啊呀嘛哈喔噢哟啦"
# A particle followed by one of these is the first half of a word: 的确, 了解, 哈密 …
_WORD_AFTER = {"的": "确话士地", "了": "解结却", "哈": "密尔", "呢": "子绒", "吧": "台", "啦": "啦"}
_TRAILING = "哦呢哈啦呀啊嘛喔噢哟"  # chatty endings a title does without
_INNER_BREAK = "、/|·"
# Words a clause's second half often starts with: cutting before them keeps a whole first half.
_BEFORE_WORDS = (
    "需要", "可以", "可能", "如果", "但是", "并且", "所以", "因为", "而且", "还是", "已经", "目前",
    "只有", "或者", "以及", "然后", "麻烦", "建议", "不能", "无法", "支持", "包括", "和", "都", "请",
)  # fmt: skip
_WORD_BEFORE = "不申邀恭温柔缓暖祥总首成大"  # 不可能, 申请, 温和, 首都 … are one word
_BINDS_NUMBER = "到至满减送约共仅第每"  # 130到150, 满199: the number belongs to the word before it
_GOOD, _WEAK = "good", "weak"
_ALNUM = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ.%％]")


def derive_title(body: str, clauses: int = 1, limit: int = LIMIT) -> str:
    """A title for ``body``: its first ``clauses`` clauses that are not greetings, within ``limit``."""
    parts = meaningful_clauses(body)
    if not parts:
        said = any(c.strip() for c in _CLAUSE_END.split(_clean(body)))
        return GREETING if said else FALLBACK
    parts = [_tidy(part) for part in parts]
    if len(parts) > 1 and _APOLOGY.fullmatch(parts[0]):
        parts = parts[1:]
    title = "，".join(parts[:clauses])
    # A clause of a word or two (好的, 现货) says little: the next clause makes it a title.
    index = clauses
    while len(title) < 4 and index < len(parts) and len(title) + 1 + len(parts[index]) <= limit:
        title += "，" + parts[index]
        index += 1
    return shorten(title, limit)


def meaningful_clauses(body: str) -> list[str]:
    """The body's clauses without placeholders, emoji and greetings, leading greeting clauses dropped."""
    clauses = [c.strip() for c in _CLAUSE_END.split(_clean(body))]
    out: list[str] = []
    for clause in clauses:
        if not out:
            clause = _without_greeting(clause)
        if clause:
            out.append(clause)
    return out


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` within ``limit`` characters, cut at the latest natural break (never in a number or
    Latin word), without a chatty particle (or a dangling 的) at its end."""
    if len(text) > limit:
        text = text[: _cut(text, limit)].rstrip(_INNER_BREAK + " ")
        if len(text) > 2 and text.endswith("的"):
            text = text[:-1]
    return _tidy(text)


def _tidy(text: str) -> str:
    """``text`` without the chatty particles (哦, 呢, 啦 …) and inner punctuation it ends with."""
    while len(text) > 2 and text[-1] in _TRAILING:
        text = text[:-1]
    return text.rstrip(_INNER_BREAK + " ") or text


def _cut(text: str, limit: int) -> int:
    """Where to cut a clause longer than ``limit``: the latest good break (punctuation, after 了/哦,
    before 需要/可以/和 …), else the latest weaker one (after 的, before a number), else ``limit``
    moved back out of a number or Latin word."""
    for kinds in ((_GOOD,), (_GOOD, _WEAK)):
        found = [cut for cut, kind in _breaks(text) if kind in kinds and SHORTEST <= cut <= limit]
        if found:
            return max(found)
    found = [cut for cut, _ in _breaks(text) if cut <= limit]
    if found:
        return max(found)
    cut = limit
    while 0 < cut < len(text) and _ALNUM.match(text[cut - 1]) and _ALNUM.match(text[cut]):
        cut -= 1
    return cut or limit


def unique(wanted: str, taken: set[str], body: str) -> str:
    """``wanted``, or when a title in ``taken`` has it, the body's first two clauses, or a number
    after it (现货 2); the result is added to ``taken``."""
    title = wanted
    if title in taken:
        longer = derive_title(body, clauses=2, limit=LIMIT + 8)
        title = longer if longer != wanted and longer not in taken else wanted
    number = 2
    while title in taken:
        title, number = f"{wanted} {number}", number + 1
    taken.add(title)
    return title


def _clean(body: str) -> str:
    """The body without placeholders, chat emoticons, emoji and quotation marks."""
    return _DROPPED.sub("", _EMOTICON.sub("", _PLACEHOLDER.sub("", body)))


def _without_greeting(clause: str) -> str:
    """The clause without the greetings it opens with (亲您好 → "")."""
    while True:
        stripped = _GREETING.sub("", clause, count=1)
        if stripped == clause:
            return clause
        clause = stripped


def _breaks(text: str) -> Iterable[tuple[int, str]]:
    """Where ``text`` may be cut (the length of the part kept) and how good a place it is."""
    for i, ch in enumerate(text):
        if i == 0:
            continue
        prev = text[i - 1]
        if ch in _INNER_BREAK or ch.isspace():
            yield i, _GOOD
        elif prev in _PARTICLES and ch not in _WORD_AFTER.get(prev, ""):
            yield i, _WEAK if prev == "的" else _GOOD
        elif _ALNUM.match(ch) and not _ALNUM.match(prev) and prev not in _BINDS_NUMBER:
            yield i, _WEAK
        elif any(text.startswith(word, i) for word in _BEFORE_WORDS) and prev not in _WORD_BEFORE:
            yield i, _GOOD


__all__ = ["FALLBACK", "LIMIT", "derive_title", "meaningful_clauses", "shorten", "unique"]
