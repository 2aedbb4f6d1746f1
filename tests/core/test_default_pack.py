"""The bundled default library: complete, consistent and installable on day one."""

import collections
import re

import pytest

from quickreply.core import defaults, lint, render, stages, store
from quickreply.core.kinds import LintLevel
from quickreply.core.packs import jsonpack


@pytest.fixture(scope="module")
def pack():
    return jsonpack.read(defaults.default_pack_path())


# Every shortcut code of the 2026.11 library (142 phrases): agents have learned them, so each
# must still be there, on a phrase that answers the same thing.
CODES_2026_11 = {
    "greeting": "hy zx sdlj fm sd lk hd yb ly jr xq zj hy2 jb",
    "stock": "xh qh cm ysyh cmsq bh qs kc ysh dh plkc xj fksk xhys",
    "shipping": "fh jd cf yfh yc jjr zd zm dbz dc ysfh hb fk zh",
    "logistics": "mr cwl dhsj tz gk wd gdz gp py pszh qswq sf bgds yz",
    "bargaining": "wfyh yhq by cfk zp djyh jz gj kl cd bj hg tg ml df",
    "quality": "zpbz sc cz cmjy zl bx zjbg xd aq sp qq qw zb sm",
    "after_sales": "qt tk hh thdz ps fc tyf zlwt lf thqs js cq bftk sh",
    "closing": "gx hddz qr yw zj2 scdp wg fhtz qsgh bz sytx rh zf wa",
    "reviews": "hp hphf zpgt cp cphf zphf xgpj zhp st wlcp gxzp lkhp smhp fwpj",
    "complaints": "dq zr zg bc hf cljd jl td pt aw zlts fhts tkts dhgt gxbr",
}


def test_pack_size_and_every_stage_covered(pack):
    assert len(pack.phrases) >= 200
    per_stage = collections.Counter(p.stage_id for p in pack.phrases)
    for stage_id in stages.canonical_ids():
        assert per_stage[stage_id] >= 15, stage_id
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
        assert 6 <= len(phrase.questions) <= 12, (phrase.title, len(phrase.questions))
        assert all(q.strip() for q in phrase.questions), phrase.title
        assert len(set(phrase.questions)) == len(phrase.questions), phrase.title


def test_codes_unique_across_the_whole_pack(pack):
    codes = collections.Counter(p.code for p in pack.phrases)
    assert [code for code, n in codes.items() if n > 1] == []


def test_every_code_of_the_previous_library_is_kept_in_its_stage(pack):
    old = [(stage_id, code) for stage_id, codes in CODES_2026_11.items() for code in codes.split()]
    assert len(old) == len({code for _, code in old}) == 142
    now = {p.code: p.stage_id for p in pack.phrases}
    assert [(stage_id, code) for stage_id, code in old if now.get(code) != stage_id] == []


def test_titles_are_short(pack):
    assert [p.title for p in pack.phrases if not 2 <= len(p.title) <= 8] == []


def test_every_body_is_lint_clean_at_error_level(pack):
    linter = lint.Linter.default()
    errors = {}
    for phrase in pack.phrases:
        found = [f.rule_id for f in linter.lint(phrase.body) if f.level == LintLevel.ERROR]
        if found:
            errors[phrase.code] = found
    assert errors == {}


def test_no_body_draws_a_warning_even_with_the_ad_law_words(pack):
    linter = lint.Linter.default(ad_law=True)
    findings = {p.code: [f.rule_id for f in linter.lint(p.body)] for p in pack.phrases}
    assert {code: ids for code, ids in findings.items() if ids} == {}


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


def _install_older_default(path):
    """A library whose default pack is an older version: one phrase reworded, one missing, one the
    new version dropped; a use recorded on the reworded one and an own phrase beside it."""
    db = store.PhraseStore(path)
    old = jsonpack.read(defaults.default_pack_path())
    old.info.id, old.info.version = defaults.DEFAULT_PACK_ID, "2026.9"
    fh = next(p for p in old.phrases if p.code == "fh")
    fh.body = "亲，旧的发货说法。"
    missing = next(p for p in old.phrases if p.code == "tk")
    old.phrases.remove(missing)
    old.phrases.append(type(fh)(stage_id="closing", title="旧结束语", body="亲，旧的结束语。", code="oldjs"))
    defaults.install(db, old, read_only=True)
    db.set_setting(defaults.SEEDED_SETTING, True)
    db.record_use(db.find_by_code("fh")[0].id)
    db.add(store.models.Phrase(stage_id="shipping", title="我的发货", body="亲，我们今天发。", code="wdfh"))
    db.close()


def test_an_older_default_library_is_updated_in_place_on_open(tmp_path):
    path = tmp_path / "shop.db"
    _install_older_default(path)
    before = store.PhraseStore(path)
    fh_id = before.find_by_code("fh")[0].id
    before.close()
    db = defaults.open_library(path)
    try:
        default = next(p for p in db.packs() if p.id == defaults.DEFAULT_PACK_ID)
        assert default.version == defaults.bundled_version() and default.read_only
        fh = db.find_by_code("fh")[0]
        assert fh.id == fh_id and fh.body != "亲，旧的发货说法。"  # reworded in place …
        assert db.usage_of(fh_id).count == 1  # … so its usage stays
        assert db.find_by_code("tk") and not db.find_by_code("oldjs")  # added and dropped
        assert [p.pack_id for p in db.find_by_code("wdfh")] == [None]  # own phrases untouched
        count = len(db.phrases())
        assert count == len(jsonpack.read(defaults.default_pack_path()).phrases) + 1
        assert db.backups()  # the update took a backup first
    finally:
        db.close()
    again = defaults.open_library(path)  # current now: nothing written
    try:
        assert defaults.upgrade_default(again) is None and len(again.phrases()) == count
    finally:
        again.close()
