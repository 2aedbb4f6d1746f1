"""Pinyin keys of phrase titles, computed once when a phrase is saved so search never runs pypinyin."""

from __future__ import annotations

import functools
import itertools
import math
import re

from quickreply.core import textnorm

# Runs of CJK ideographs, and runs of ASCII letters/digits; everything else separates them.
TOKEN = re.compile(r"([\u3400-\u9fff\uf900-\ufaff]+)|([a-z0-9]+)")

# Polyphonic characters common in service phrases whose other reading an agent may type
# (行 xing/hang, 重 zhong/chong, 还 hai/huan …). Only these get alternative keys, so rare
# dictionary readings do not flood the index with noise.
POLYPHONES: dict[str, tuple[str, ...]] = {
    "行": ("xing", "hang"),
    "重": ("zhong", "chong"),
    "还": ("hai", "huan"),
    "长": ("chang", "zhang"),
    "便": ("bian", "pian"),
    "调": ("tiao", "diao"),
    "差": ("cha", "chai"),
    "觉": ("jue", "jiao"),
    "乐": ("le", "yue"),
    "给": ("gei", "ji"),
    "着": ("zhe", "zhao", "zhuo"),
    "传": ("chuan", "zhuan"),
    "藏": ("cang", "zang"),
    "降": ("jiang", "xiang"),
    "折": ("zhe", "she"),
    "率": ("lv", "shuai"),
    "省": ("sheng", "xing"),
    "说": ("shuo", "shui"),
    "角": ("jiao", "jue"),
    "会": ("hui", "kuai"),
    "都": ("dou", "du"),
    "朝": ("chao", "zhao"),
    "弹": ("tan", "dan"),
    "薄": ("bao", "bo"),
    "没": ("mei", "mo"),
    "卡": ("ka", "qia"),
    "系": ("xi", "ji"),
    "血": ("xue", "xie"),
    "几": ("ji",),
    "得": ("de", "dei"),
    "量": ("liang",),
    "种": ("zhong",),
    "数": ("shu",),
    "期": ("qi",),
    "结": ("jie",),
    "处": ("chu",),
    "只": ("zhi",),
    "属": ("shu", "zhu"),
}
MAX_ALTERNATIVES = 8
# (polyphone, the reading pypinyin gave it) → its other readings, worked out once: an import asks
# for every title. A reading not listed here (a rare one in context) leaves all listed ones.
_OTHERS = {
    (ch, syl): tuple(r for r in readings if r != syl)
    for ch, readings in POLYPHONES.items()
    for syl in readings
}


def syllables(text: str) -> list[str]:
    """Toneless pinyin per Chinese character (pypinyin's reading in context); Latin runs kept whole."""
    return [item for item, _ in _tokens(text)]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(syllable, character) pairs; the character is "" for a Latin run."""
    text = textnorm.fold(text)
    out: list[tuple[str, str]] = []
    for han, latin in TOKEN.findall(text):
        if han:
            out.extend(zip(_run(han), han, strict=True))
        else:
            out.append((latin, ""))
    return out


@functools.lru_cache(maxsize=50_000)
def _run(han: str) -> tuple[str, ...]:
    """Readings of a run of Chinese characters; the whole run lets pypinyin pick readings from its
    phrase dictionary (银行 → yin hang). Cached: an import meets the same words again and again."""
    import pypinyin  # loads its dictionaries (~0.1 s): only where pinyin is computed, not in search

    return tuple(pypinyin.lazy_pinyin(han, style=pypinyin.Style.NORMAL))


def full(text: str) -> str:
    """Full toneless pinyin, one item per character, space-separated: 发货时间 → "fa huo shi jian"."""
    return " ".join(syllables(text))


def token_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_chinese) of each pinyin item in a folded title (``textnorm.fold``), without pypinyin.

    One item per Chinese character and one per Latin run, aligned with ``syllables`` of the same
    title, so the search can map a pinyin or initials match back onto the characters it covers.
    """
    spans: list[tuple[int, int, bool]] = []
    for match in TOKEN.finditer(text):
        if match.group(1):
            spans.extend((i, i + 1, True) for i in range(match.start(), match.end()))
        else:
            spans.append((match.start(), match.end(), False))
    return spans


def initials(text: str) -> str:
    """Pinyin initials: 发货时间 → fhsj; Latin words and digits are kept whole (EMS到货 → emsdh)."""
    return "".join(syl[0] if char else syl for syl, char in _tokens(text))


def keys(text: str) -> tuple[str, str, str]:
    """(full, initials, alternatives) of a title from one pypinyin pass — what the store saves."""
    tokens = _tokens(text)
    return (
        " ".join([syl for syl, _ in tokens]),
        "".join([syl[0] if char else syl for syl, char in tokens]),
        _alternatives(tokens),
    )


def search_keys(code: str, title: str, title_py: str, title_ini: str, title_alt: str) -> list[str]:
    """What an agent may type for a phrase besides its title, each once: code, joined pinyin,
    initials, and the joined pinyin and initials of each other reading of its polyphones.

    The search index and the database's text index both make their Latin records from this.
    """
    found = [code, title_py.replace(" ", ""), title_ini]
    if title_alt:
        han = _han_flags(textnorm.fold(title))  # per pinyin item: a Chinese character (or a Latin run)
        for alt in title_alt.split(";"):
            syllables = alt.split()
            found.append("".join(syllables))
            if len(syllables) == len(han):
                found.append(
                    "".join([s[0] if chinese else s for s, chinese in zip(syllables, han, strict=True)])
                )
    return [key for key in dict.fromkeys(found) if key]


def _han_flags(folded: str) -> list[bool]:
    """Whether each item of ``token_spans(folded)`` is a Chinese character, without the spans."""
    flags: list[bool] = []
    for han, _ in TOKEN.findall(folded):
        flags += [True] * len(han) if han else [False]
    return flags


def alternatives(text: str) -> str:
    """Other readings of the title's polyphones, as syllables joined by ' ' inside and ';' between.

    行李 → "hang li"… only where a listed polyphone allows another reading; at most MAX_ALTERNATIVES.
    """
    return _alternatives(_tokens(text))


def _alternatives(tokens: list[tuple[str, str]]) -> str:
    # The polyphones with another reading, and those readings; most titles have none.
    spots: list[tuple[int, tuple[str, ...]]] = []
    for i, (syl, char) in enumerate(tokens):
        if char in POLYPHONES:
            others = _OTHERS.get((char, syl))
            if others is None:
                others = tuple(r for r in POLYPHONES[char] if r != syl)
            if others:
                spots.append((i, others))
    if not spots:
        return ""
    primary = [syl for syl, _ in tokens]
    if len(spots) == 1:  # the common case: each other reading of the one polyphone, distinct
        i, others = spots[0]
        return ";".join(" ".join([*primary[:i], r, *primary[i + 1 :]]) for r in others[:MAX_ALTERNATIVES])
    return _variants(primary, spots)


def _variants(primary: list[str], spots: list[tuple[int, tuple[str, ...]]]) -> str:
    """The alternatives of a title's syllables with its polyphones at ``spots``, by the general rule."""
    # Single swaps first (one polyphone read the other way), then combinations, so the cap keeps
    # the variants an agent is most likely to type. The combinations run over the polyphones
    # only: the other items have one reading each, which leaves the order of the product alone.
    singles = (" ".join([*primary[:i], r, *primary[i + 1 :]]) for i, others in spots for r in others)
    combos = itertools.product(*[(primary[i], *others) for i, others in spots])
    joined = " ".join(primary)
    # Distinct readings make distinct variants: every combination but the title's own is one, so
    # once that many are found (one polyphone: after the single swaps) no combination is new.
    wanted = min(MAX_ALTERNATIVES, math.prod(len(others) + 1 for _, others in spots) - 1)
    found: list[str] = []
    for variant in itertools.chain(singles, map(lambda combo: _with(primary, spots, combo), combos)):
        if variant != joined and variant not in found:
            found.append(variant)
            if len(found) >= wanted:
                break
    return ";".join(found)


def _with(primary: list[str], spots: list[tuple[int, tuple[str, ...]]], readings: tuple[str, ...]) -> str:
    """The title's syllables with the polyphones at ``spots`` read as ``readings``."""
    syllables = list(primary)
    for (i, _), reading in zip(spots, readings, strict=True):
        syllables[i] = reading
    return " ".join(syllables)
