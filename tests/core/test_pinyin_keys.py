"""Pinyin keys with the polyphone table worked out once: the same keys as the plain way, which
offers every listed reading of every character to ``itertools.product``."""

import itertools
import random

from quickreply.core import pinyin, textnorm


def plain_alternatives(tokens):
    choices = [[syl, *(r for r in pinyin.POLYPHONES.get(char, ()) if r != syl)] for syl, char in tokens]
    if all(len(c) == 1 for c in choices):
        return ""
    primary = [syl for syl, _ in tokens]
    singles = [" ".join([*primary[:i], r, *primary[i + 1 :]]) for i, c in enumerate(choices) for r in c[1:]]
    found = []
    for variant in itertools.chain(singles, (" ".join(combo) for combo in itertools.product(*choices))):
        if variant != " ".join(primary) and variant not in found:
            found.append(variant)
        if len(found) >= pinyin.MAX_ALTERNATIVES:
            break
    return ";".join(found)


def plain_search_keys(code, title, title_py, title_ini, title_alt):
    found = [code, title_py.replace(" ", ""), title_ini]
    if title_alt:
        tokens = pinyin.token_spans(textnorm.fold(title))
        for alt in title_alt.split(";"):
            syllables = alt.split()
            found.append("".join(syllables))
            if len(syllables) == len(tokens):
                found.append(
                    "".join(s[0] if han else s for s, (_, _, han) in zip(syllables, tokens, strict=True))
                )
    return [key for key in dict.fromkeys(found) if key]


def titles():
    rng = random.Random(11)
    chars = "".join(pinyin.POLYPHONES) * 2 + "发货快递退款换货尺码说明李寄存银行重庆长沙還會"
    made = ["行李寄存", "重行长还", "银行", "重重重重重", "几种", "EMS到货", "abc", "", "着着着着"]
    for _ in range(1500):
        pieces = [rng.choice(chars) if rng.random() < 0.85 else rng.choice(["ab", "12", " ", "X9", "，"])]
        made.append("".join(pieces + [rng.choice(chars) for _ in range(rng.randint(0, 10))]))
    return made


def test_keys_match_the_plain_way():
    for title in titles():
        tokens = pinyin._tokens(title)
        assert pinyin._alternatives(tokens) == plain_alternatives(tokens), title
        keys = pinyin.keys(title)
        assert pinyin.search_keys("c1", title, *keys) == plain_search_keys("c1", title, *keys), title
