"""The database's text index only narrows scans: every keystroke gives the same results without it."""

import random

import pytest

from quickreply.core import blobs, models, search, searchstate, stages
from tests.conftest import make_phrase

WORDS = (
    "发货 快递 退款 换货 尺码 颜色 优惠券 包邮 质量 色差 物流 签收 售后 补发 预售 库存 好评 赠品 满减".split()
)
ENDINGS = ["怎么办", "吗", '"急"', "a\\b", ", "]  # quotes and a backslash: questions stored with JSON escapes
BITS = ["亲，", "ＸＬ码", "EMS", "iPhone", "48小时", "，", "。", "请您放心", "7天无理由", "“好的”", "S码"]


def random_phrases(rng: random.Random, count: int) -> list[models.Phrase]:
    out = []
    for i in range(count):
        title = "".join(rng.sample(WORDS, rng.randint(1, 2)))
        body = "".join(rng.choice(WORDS + BITS) for _ in range(rng.randint(3, 12)))
        questions = [rng.choice(WORDS) + rng.choice(ENDINGS)]
        stage = rng.choice(stages.CANONICAL).id
        out.append(make_phrase(stage, title, f"r{i}", body=body, questions=questions * rng.randint(0, 1)))
    return out


def queries(rng: random.Random, phrases: list[models.Phrase]) -> list[str]:
    out = [
        "fh",
        "fahuo",
        "ems",
        "xl",
        "xl码",
        "iphone",
        "/r1",
        "@物流 快递",
        "满减 包邮",
        "zzqx",
        "龘",
        "fahou",
    ]
    for phrase in rng.sample(phrases, 60):
        text = rng.choice([phrase.title, phrase.body, *phrase.questions])
        start = rng.randrange(len(text))
        out.append(text[start : start + rng.randint(1, 6)])
        out.append(phrase.title_py.replace(" ", "")[: rng.randint(2, 9)])
    return out


def outcome(results: list[search.Result]) -> list[tuple[int, search.Tier, float]]:
    return [(r.phrase.id or 0, r.tier, r.score) for r in results]


@pytest.fixture
def library_plus(library):
    drafts = random_phrases(random.Random(3), 400)
    with library.bulk(len(drafts)):
        for phrase in drafts:
            library.add(phrase)
    return library


def plain_index(db) -> search.SearchIndex:
    return search.SearchIndex(db.phrase_rows(blobs.FIELD), db.stages(), db.frecency())


@pytest.mark.parametrize("cap", [2, 30, searchstate.TEXT_CANDIDATES])
def test_every_keystroke_matches_a_full_scan(library_plus, monkeypatch, cap):
    monkeypatch.setattr(searchstate, "TEXT_CANDIDATES", cap)
    monkeypatch.setattr(searchstate, "NARROW_MIN_CHARS", 0)  # a small library would not ask at all
    narrowed = search.SearchIndex.from_store(library_plus, follow=False)
    plain = plain_index(library_plus)
    for text in queries(random.Random(5), library_plus.phrases()):
        for end in range(1, len(text) + 1):
            typed = text[:end]
            assert outcome(narrowed.search(typed)) == outcome(plain.search(typed)), typed


def test_edits_keep_both_in_step(library_plus, monkeypatch):
    monkeypatch.setattr(searchstate, "NARROW_MIN_CHARS", 0)
    narrowed = search.SearchIndex.from_store(library_plus)
    own = [p for p in library_plus.phrases() if p.pack_id is None]
    library_plus.update(own[0].id, body="亲,这款满减活动今天结束。")
    library_plus.delete(own[1].id)
    library_plus.add(make_phrase("bargaining", "满减说明", "mjsm", body="亲,满减活动可以叠加优惠券。"))
    plain = plain_index(library_plus)
    for typed in ["满减活动", "活动今天", "优惠券", own[1].title, "mjsm", "manjian"]:
        assert outcome(narrowed.search(typed)) == outcome(plain.search(typed)), typed
