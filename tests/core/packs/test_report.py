"""The import report's records: every row carries its phrase, and ``--json`` keeps its shape."""

import json

from quickreply import termtext
from quickreply.core import lint, models
from quickreply.core.packs import merge, reader
from quickreply.core.packs.report import Action, ImportReport, ReportRow

LINTER = lint.Linter.default()


def write_pack(path, phrases):
    data = {"format": "quickreply-pack", "version": 1, "id": "p", "name": "包", "phrases": phrases}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_report_row_carries_the_phrase_as_it_would_be_stored(fresh_store, tmp_path):
    item = {"stage": "发货", "title": "", "code": " FH ", "body": "亲，今天发出。", "questions": ["几点发？"]}
    item["tags"], item["auto_send"] = ["时效"], True
    report = merge.import_file(
        fresh_store, write_pack(tmp_path / "p.qrpack.json", [item]), LINTER, dry_run=True
    )
    (row,) = report.rows
    assert (row.number, row.action, row.reason, row.phrase_id) == (1, Action.ADD, "", None)
    phrase = row.phrase
    assert (phrase.stage_id, phrase.title, phrase.code, phrase.pack_id) == ("shipping", "今天发出", "fh", "p")
    assert (phrase.questions, phrase.tags, phrase.auto_send) == (["几点发？"], ["时效"], True)


def test_a_reader_row_keeps_the_stage_as_written_through_any_number_of_previews(fresh_store, tmp_path):
    item = {"stage": "  发货 ", "title": " 发货 ", "body": "亲，今天发出。"}
    incoming = reader.read(write_pack(tmp_path / "p.qrpack.json", [item]))
    (row,) = incoming.rows
    assert (row.number, row.phrase.stage_id, row.error) == (1, "  发货 ", "")
    for policy in merge.POLICIES:  # the import dialog previews again when the policy changes
        (planned,) = merge.preview(fresh_store, incoming, LINTER, policy).report.rows
        assert (planned.phrase.stage_id, planned.phrase.title, planned.phrase.pack_id) == (
            "shipping",
            "发货",
            "p",
        )
    assert (row.phrase.stage_id, row.phrase.title, row.phrase.pack_id) == ("  发货 ", " 发货 ", None)


def test_the_json_report_has_the_fields_it_always_had(tmp_path):
    stage = models.Stage("promotion", "大促", "", 110)
    rows = [
        ReportRow(2, Action.REJECT, models.Phrase("大促", "标题", "", code="x"), "缺少短语内容", ["r: m"]),
        ReportRow(None, Action.REMOVE, models.Phrase("shipping", "旧的", "亲", id=7), "没了", phrase_id=7),
    ]
    report = ImportReport("f.csv", "p", "包", "1", rows, ["注"], [stage], dry_run=False, backup=tmp_path)
    data = json.loads(termtext.json_text(report.as_dict()))
    # needs_fix came last: readers of the older fields are not disturbed.
    assert list(data) == [
        "source", "pack_id", "pack_name", "pack_version", "rows", "notes", "new_stages", "dry_run", "backup",
        "needs_fix",
    ]  # fmt: skip
    assert data["rows"] == [
        {"row": 2, "action": "reject", "stage": "大促", "title": "标题", "code": "x", "reason": "缺少短语内容",
         "findings": ["r: m"], "phrase_id": None, "needs_fix": False},
        {"row": None, "action": "remove", "stage": "shipping", "title": "旧的", "code": "", "reason": "没了",
         "findings": [], "phrase_id": 7, "needs_fix": False},
    ]  # fmt: skip
    assert data["needs_fix"] == 0 and not report.complete
    assert data["new_stages"] == [{"id": "promotion", "name_zh": "大促", "name_en": "", "position": 110}]
    assert data["backup"] == str(tmp_path) and data["dry_run"] is False
    counts = json.loads(termtext.json_text(report.counts()))
    assert counts == {"add": 0, "update": 0, "unchanged": 0, "skip": 0, "reject": 1, "remove": 1}
    assert report.changes == 2  # the removal and the new stage
