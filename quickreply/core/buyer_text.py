"""Does a query read like a buyer's message rather than something an agent typed to find a reply?

An agent types ``fh``, ``发货``, ``fahuo`` or ``/tk``: short, no particles, no pronouns. A buyer
writes ``包邮吗``, ``70行吗``, ``亲 帮我看下快递到哪了`` or a paragraph: particles, pronouns,
question words, punctuation, spaces between Chinese words, or simply many characters. The search
treats the two differently (typed queries keep their exact tiers; messages are ranked by meaning),
and the popup offers a message copied from the chat at once; both ask this one function.
"""

from __future__ import annotations

import re
import unicodedata

from quickreply.core import query, textnorm

COMMAND_PREFIXES = (*query.CODE_PREFIXES, "@", ">")  # a code, a stage filter, a draft: typed on purpose
LONG_MESSAGE = 7  # this many Chinese characters read as a message whatever they are
# What buyers write and agents do not type when they search: sentence particles, pronouns,
# question words and the little verbs of a request.
MESSAGE_MARKERS = re.compile(
    r"[吗嘛么呢吧啊呀哈哇咯啦喽噢哦嗯呗滴伐]|[我你您亲俺咱他她它]|"
    r"怎|咋|啥|什么|神马|肿么|多少|多久|几天|几号|哪|谁|为什么|为啥|"
    r"能不能|可不可以|可以|有没有|是不是|会不会|要不要|行不行|好不好|没有|还没|了没|"
    r"请问|麻烦|帮我|给我|一下|下单|收到|能|[不没]$|几|多[大重长高宽久少]|还是|了|木有|冇|"
    r"不[了进到上开动]|的$|谢谢|拜拜"
)
SENTENCE_MARKS = re.compile(r"[?？!！,，。、~～…;；:：]")


def han_count(text: str) -> int:
    """How many CJK ideographs the text holds."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def reads_like_message(text: str) -> bool:
    """True for a buyer's message (to be matched by meaning), False for a typed search query."""
    folded = textnorm.fold(text).strip()
    if not folded or folded.startswith(COMMAND_PREFIXES):
        return False
    hans = han_count(folded)
    if hans == 0:
        # Latin only: a code, pinyin or initials -- unless it is a sentence ("where is my parcel?")
        return len(folded.split()) >= 3 or bool(SENTENCE_MARKS.search(folded))
    if hans >= LONG_MESSAGE:
        return True
    if SENTENCE_MARKS.search(folded) or MESSAGE_MARKERS.search(folded):
        return True
    words = folded.split()
    if len(words) >= 2 and sum(1 for word in words if han_count(word)) >= 2:
        return True  # Chinese words with spaces between them: a pasted chat line
    # Digits with Chinese around them ("70行", "3天到"): a buyer naming a price, a date, a size.
    return any(unicodedata.category(ch) == "Nd" for ch in folded) and hans >= 2


def by_form_only(text: str) -> bool:
    """A message only by its form: a few Chinese words with spaces or digits (``快递 顺丰``,
    ``开场白2``) and no particle, question word or punctuation. The search tries such a query as
    typed terms first and ranks it as a message only when they find nothing."""
    folded = textnorm.fold(text).strip()
    return (
        reads_like_message(folded)
        and 0 < han_count(folded) < LONG_MESSAGE
        and not SENTENCE_MARKS.search(folded)
        and not MESSAGE_MARKERS.search(folded)
    )
