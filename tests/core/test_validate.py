"""One phrase validator (issue 14): the store, the pack import and the editor apply the same rules."""

import json

import pytest

from quickreply.core import lint, models, store, validate
from quickreply.core.packs import PackError, merge
from tests.conftest import make_phrase

LINTER = lint.Linter.default()
CONTROLS = ["\x1b", "\x07", "\x00", "\x7f", "\x9b", "\x0b"]


def pack_file(tmp_path, phrases, stages=(), name="p.qrpack.json"):
    data = {"format": "quickreply-pack", "version": 1, "id": "p", "stages": list(stages), "phrases": phrases}
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")  # \u escapes: a lone surrogate can be written
    return path


def as_json(phrase):
    return {
        "stage": phrase.stage_id,
        "title": phrase.title,
        "code": phrase.code,
        "body": phrase.body,
        "note": phrase.note,
        "questions": phrase.questions,
    }


@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("field", ["title", "body", "note"])
def test_control_characters_are_refused_in_every_field(fresh_store, field, control):
    if (field, control) == ("title", "\x0b"):
        return  # a vertical tab is a line break: in a title it becomes a space
    phrase = make_phrase(**{field: f"亲{control}[31m好"})
    with pytest.raises(store.InvalidPhrase, match=f"第 2 个字是控制字符 U\\+{ord(control):04X}"):
        fresh_store.add(phrase)
    assert fresh_store.phrases() == []


def test_control_characters_in_questions_and_tags_are_refused(fresh_store):
    with pytest.raises(store.InvalidPhrase, match="买家问题.*控制字符"):
        fresh_store.add(make_phrase(questions=["在吗\x1b]0;x\x07"]))
    with pytest.raises(store.InvalidPhrase, match="标签.*控制字符"):
        fresh_store.add(make_phrase(tags=["\x00"]))


def test_bodies_and_notes_keep_tabs_and_line_breaks(fresh_store):
    body = "亲，第一行\t制表\r\n第二行\n第三行\r第四行"
    saved = fresh_store.add(make_phrase(body=body, note="先安抚\n再说明"))
    assert fresh_store.get(saved.id).body == body and saved.note == "先安抚\n再说明"


def test_single_line_fields_turn_line_breaks_and_tabs_into_spaces(fresh_store):
    saved = fresh_store.add(make_phrase(title="发货\n时间", questions=["今天\t能发吗", "\n"]))
    assert saved.title == "发货 时间" and saved.questions == ["今天 能发吗"]


def test_invisible_characters_leave_titles_and_codes(fresh_store):
    saved = fresh_store.add(make_phrase(title="发\u200b货\u202e时间\ufeff", code="f\u200bH\u2060"))
    assert (saved.title, saved.code) == ("发货时间", "fh")
    assert [p.id for p in fresh_store.find_by_code("fh")] == [saved.id]
    with pytest.raises(store.InvalidPhrase, match="标题不能为空"):
        fresh_store.add(make_phrase(title="\u200b\u200d", code=""))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"note": "说" * (validate.MAX_NOTE + 1)}, "使用场景过长"),
        ({"questions": ["问" * (validate.MAX_QUESTION + 1)]}, "买家问题过长"),
        ({"questions": [f"问{i}" for i in range(validate.MAX_QUESTIONS + 1)]}, "买家问题过多"),
        ({"tags": ["签" * (validate.MAX_TAG + 1)]}, "标签过长"),
        ({"code": "a" * (validate.MAX_CODE + 1)}, "快捷编码"),
    ],
)
def test_length_limits_of_every_field(fresh_store, changes, message):
    with pytest.raises(store.InvalidPhrase, match=message):
        fresh_store.add(make_phrase(**changes))


def test_lone_surrogates_are_refused(fresh_store):
    with pytest.raises(store.InvalidPhrase, match="U\\+DCFF 不是有效的文字"):
        fresh_store.add(make_phrase(body="亲\udcff"))
    with pytest.raises(store.InvalidPhrase, match="标题"):
        fresh_store.add(make_phrase(title="\ud800发货"))


@pytest.mark.parametrize("placeholder", ["{快递:|}", "{:圆通|顺丰}"])
def test_a_malformed_placeholder_is_refused_when_saving(fresh_store, placeholder):
    with pytest.raises(store.InvalidPhrase, match="占位符"):
        fresh_store.add(make_phrase(body=f"亲，已为您改发{placeholder}"))
    fresh_store.add(make_phrase(body="亲，已为您改发{快递:圆通|顺丰}"))


BAD = [
    make_phrase(title="长" * (validate.MAX_TITLE + 1)),
    make_phrase(body="亲\x1b[2J"),
    make_phrase(code="发货#"),
    make_phrase(body="亲，{快递:|}"),
    make_phrase(note="\x07"),
    make_phrase(questions=["问" * (validate.MAX_QUESTION + 1)]),
    make_phrase(body="亲\udcff"),
]


@pytest.mark.parametrize("bad", BAD, ids=range(len(BAD)))
def test_import_and_store_give_the_same_verdict(fresh_store, tmp_path, bad):
    problems = validate.problems(validate.normalised(bad))
    assert problems
    with pytest.raises(store.InvalidPhrase) as caught:
        fresh_store.add(bad)
    assert str(caught.value) == problems[0].message
    report = merge.import_file(fresh_store, pack_file(tmp_path, [as_json(bad)]), LINTER)
    assert [(r.action, r.reason) for r in report.rows] == [("reject", problems[0].reason)]
    assert fresh_store.phrases() == []


def test_a_nul_after_the_first_8_kb_of_a_csv_rejects_its_row(fresh_store, tmp_path):
    good = [f"c{i},亲，已为您安排第 {i} 单发货。,发货,标题{i}" for i in range(300)]
    text = (
        "快捷编码,快捷短语,快捷短语分组,标题\r\n" + "\r\n".join(good) + "\r\nbad,亲\x00，好的,发货,坏的\r\n"
    )
    path = tmp_path / "nul.csv"
    path.write_bytes(text.encode("utf-8"))
    assert b"\x00" not in path.read_bytes()[:8192]
    report = merge.import_file(fresh_store, path, LINTER)
    bad = next(r for r in report.rows if r.phrase.title == "坏的")
    assert bad.action == "reject" and "U+0000" in bad.reason
    assert report.counts()["add"] == 300
    assert not any("\x00" in p.body for p in fresh_store.phrases())


def test_json_escapes_in_a_pack_cannot_smuggle_controls_in(fresh_store, tmp_path):
    path = tmp_path / "esc.qrpack.json"
    phrase = {"stage": "shipping", "title": "发货", "body": "亲\u001b[31m，好的\u0007"}
    path.write_text(json.dumps({"format": "quickreply-pack", "version": 1, "phrases": [phrase]}), "utf-8")
    assert "\x1b" not in path.read_text("utf-8")
    report = merge.import_file(fresh_store, path, LINTER)
    assert report.rows[0].action == "reject" and "U+001B" in report.rows[0].reason
    assert fresh_store.phrases() == []


def test_stage_names_from_a_pack_follow_the_same_rules(fresh_store, tmp_path):
    path = tmp_path / "stages.csv"
    long_name = "阶" * (validate.MAX_STAGE_NAME + 1)
    path.write_text(
        f"快捷短语,快捷短语分组\n亲，好的。,活动\x1b[5m\n亲，收到。,{long_name}\n亲，稍等。,新\u200b阶段\n",
        "utf-8",
    )
    report = merge.import_file(fresh_store, path, LINTER)
    reasons = [(r.action, r.reason) for r in report.rows]
    assert reasons[0][0] == "reject" and "控制字符" in reasons[0][1]
    assert reasons[1][0] == "reject" and "阶段名称过长" in reasons[1][1]
    assert reasons[2][0] == "add" and [s.name_zh for s in report.new_stages] == ["新阶段"]
    with pytest.raises(PackError, match="阶段 1.*控制字符"):
        merge.import_file(fresh_store, pack_file(tmp_path, [], [{"id": "x\x1b", "name_zh": "活动"}]), LINTER)


def test_blocking_findings_are_the_error_level_ones():
    findings = LINTER.lint("不好意思哦，没办法")
    assert validate.blocking(findings) and all(f.level == "error" for f in validate.blocking(findings))
    line = validate.lint_refusal(findings)
    assert "\n" not in line and "svc.bu.swap" in line and "不好意思" in line


def test_the_stored_form_is_the_validated_form():
    clean = validate.normalised(models.Phrase("shipping", "  发货\n时间 ", "\n亲，好的\n", code=" FH\u200b "))
    assert (clean.title, clean.body, clean.code) == ("发货 时间", "亲，好的", "fh")
    assert validate.problems(clean) == []


def test_what_a_phrase_says_is_one_list_of_fields():
    # The validator, the store's editable fields, Phrase.content() and the import's "identical"
    # all read models.CONTENT_FIELDS: a field added there is carried by every one of them.
    assert validate.FIELDS is models.CONTENT_FIELDS
    phrase = make_phrase(questions=["几点发？"], tags=["时效"], auto_send=True, id=5, pack_id="p", position=3)
    copy = phrase.content()
    assert (copy.id, copy.pack_id, copy.position) == (None, None, 0)
    assert [getattr(copy, f) for f in models.CONTENT_FIELDS] == [
        getattr(phrase, f) for f in models.CONTENT_FIELDS
    ]
    assert copy.tags is not phrase.tags and copy.questions is not phrase.questions
    assert copy.content_key() == phrase.content_key()
    assert make_phrase(tags=["别的"]).content_key() != make_phrase().content_key()
    assert make_phrase(auto_send=True).content_key() != make_phrase().content_key()
