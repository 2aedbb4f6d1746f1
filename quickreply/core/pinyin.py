"""Pinyin keys of phrase titles, computed once when a phrase is saved so search never runs pypinyin."""

from __future__ import annotations

import re
import unicodedata

import pypinyin

# Runs of CJK ideographs, and runs of ASCII letters/digits; everything else separates them.
_TOKEN = re.compile(r"([\u3400-\u9fff\uf900-\ufaff]+)|([a-z0-9]+)")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(item, is_pinyin) pairs: one toneless syllable per Chinese character, Latin runs kept whole."""
    text = unicodedata.normalize("NFKC", text).lower()
    out: list[tuple[str, bool]] = []
    for han, latin in _TOKEN.findall(text):
        if han:
            # The whole run lets pypinyin pick readings from its phrase dictionary (银行 → yin hang).
            out.extend((s, True) for s in pypinyin.lazy_pinyin(han, style=pypinyin.Style.NORMAL))
        else:
            out.append((latin, False))
    return out


def full(text: str) -> str:
    """Full toneless pinyin without separators: 发货时间 → fahuoshijian (Latin and digits kept)."""
    return "".join(item for item, _ in _tokens(text))


def initials(text: str) -> str:
    """Pinyin initials: 发货时间 → fhsj; Latin words and digits are kept whole (EMS到货 → emsdh)."""
    return "".join(item[0] if is_py else item for item, is_py in _tokens(text))
