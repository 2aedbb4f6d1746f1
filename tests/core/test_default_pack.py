"""The bundled default library: complete, consistent and installable on day one."""

import collections
import re

import pytest

from quickreply.core import defaults, render, stages, store
from quickreply.core.packs import jsonpack


@pytest.fixture(scope="module")
def pack():
    return jsonpack.read(defaults.default_pack_path())


def test_pack_size_and_every_stage_covered(pack):
    assert len(pack.phrases) >= 120
    per_stage = collections.Counter(p.stage_id for p in pack.phrases)
    for stage_id in stages.canonical_ids():
        assert per_stage[stage_id] >= 8, stage_id
    assert set(per_stage) == set(stages.canonical_ids())


def test_pack_declares_the_canonical_stages_in_order(pack):
    assert [s.id for s in pack.stages] == stages.canonical_ids()
    for declared in pack.stages:
        canonical = stages.get(declared.id)
        assert (declared.name_zh, declared.position) == (canonical.name_zh, canonical.position)


def test_codes_ascii_and_unique_per_stage(pack):
    seen = collections.defaultdict(set)
    for phrase in pack.phrases:
        assert phrase.code, phrase.title
        assert phrase.code.isascii() and re.fullmatch(r"[a-z0-9]+", phrase.code), phrase.code
        assert phrase.code not in seen[phrase.stage_id], phrase.code
        seen[phrase.stage_id].add(phrase.code)


def test_titles_unique_per_stage(pack):
    titles = collections.Counter((p.stage_id, p.title) for p in pack.phrases)
    assert [k for k, n in titles.items() if n > 1] == []


def test_placeholders_are_from_the_documented_set(pack):
    for phrase in pack.phrases:
        for name in render.placeholders(phrase.body):
            assert render.is_known(name), (phrase.title, name)
        assert phrase.body.count("{") == phrase.body.count("}") == len(render.placeholders(phrase.body))


def test_every_phrase_has_body_note_and_buyer_questions(pack):
    for phrase in pack.phrases:
        assert phrase.body.strip(), phrase.title
        assert phrase.note.strip(), phrase.title
        assert 1 <= len(phrase.questions) <= 3, phrase.title
        assert all(q.strip() for q in phrase.questions), phrase.title


def test_bodies_follow_the_service_standard(pack):
    banned = ["不", "但是", "哦", "嗯", "额", "呃"]
    for phrase in pack.phrases:
        text = re.sub(r"\{[^}]*\}", "", phrase.body)
        for word in banned:
            assert word not in text, (phrase.title, word)
        if any(w in text for w in ("无法", "缺货", "售罄")):
            assert "非常抱歉" in text[:8], phrase.title


def test_shipping_time_phrase_has_code_fh(pack):
    (phrase,) = [p for p in pack.phrases if p.code == "fh"]
    assert phrase.stage_id == "shipping" and phrase.title == "发货时间"


def test_first_run_installs_default_pack_read_only(tmp_path):
    db = defaults.open_library(tmp_path / "new.db")
    (info,) = db.packs()
    assert (info.id, info.read_only, info.name) == ("default", True, "默认短语库")
    assert len(info.sha256) == 64
    phrases = db.phrases()
    assert len(phrases) >= 120 and all(p.pack_id == "default" for p in phrases)
    assert all(p.title_ini for p in phrases)
    with pytest.raises(store.ReadOnly):
        db.update(phrases[0].id, body="亲,改一下")
    db.close()


def test_default_pack_is_not_reinstalled_after_user_empties_library(tmp_path):
    db = defaults.open_library(tmp_path / "lib.db")
    db.conn.execute("DELETE FROM phrases")
    db.close()
    again = defaults.open_library(tmp_path / "lib.db")
    assert again.phrases() == []
    again.close()
