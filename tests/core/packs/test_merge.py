"""Importing packs into a store: preview, merge policy, conflicts, atomicity, export round trips."""

import json

import pytest

from quickreply.core import lint, models, store, store_bulk
from quickreply.core.packs import PackError, export, merge, reader
from tests.conftest import make_phrase

LINTER = lint.Linter.default()


def write_pack(path, phrases, **meta):
    data = {
        "format": "quickreply-pack",
        "version": 1,
        "id": "trainer",
        "name": "培训包",
        "pack_version": "1",
        "phrases": phrases,
        **meta,
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def P(stage, title, code, body, **extra):
    return {"stage": stage, "title": title, "code": code, "body": body, "note": "", "questions": [], **extra}


V1 = [
    P("shipping", "发货时间", "fh", "亲，今天16点前付款当天发出。"),
    P("logistics", "默认快递", "kd", "亲，默认发中通快递。"),
    P("after_sales", "退款进度", "tk", "亲，退款已经提交，请留意到账。"),
]


def dump(db):
    """Everything an import could change, for before/after comparisons."""
    return (
        [(p.id, p.stage_id, p.title, p.code, p.body, p.pack_id, p.position) for p in db.phrases()],
        [(s.id, s.name_zh) for s in db.stages()],
        [(k.id, k.version) for k in db.packs()],
    )


def run(db, path, **options):
    return merge.import_file(db, path, LINTER, **options)


def actions(report):
    return [(r.action, r.phrase.title) for r in report.rows]


def test_first_import_adds_everything_and_records_the_pack(file_store, tmp_path):
    report = run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1))
    assert report.counts()["add"] == 3 and not report.dry_run
    assert report.backup is not None and report.backup.is_file()
    (pack,) = file_store.packs()
    assert (pack.id, pack.name, pack.version) == ("trainer", "培训包", "1")
    assert {p.pack_id for p in file_store.phrases()} == {"trainer"}


def test_dry_run_changes_nothing(file_store, tmp_path):
    before = dump(file_store)
    report = run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1), dry_run=True)
    assert report.dry_run and report.counts()["add"] == 3 and report.backup is None
    assert dump(file_store) == before and file_store.backups() == []


def test_reimport_of_a_newer_version_updates_adds_and_removes_without_touching_own_phrases(
    file_store, tmp_path
):
    own = file_store.add(make_phrase("shipping", "我的发货话术", "wd", body="亲，我们当天发货。"))
    run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1))
    v2 = [
        P("shipping", "发货时间", "fh", "亲，今天17点前付款当天发出。"),  # changed
        P("logistics", "默认快递", "kd", "亲，默认发中通快递。"),  # same
        P("closing", "感谢购买", "gx", "亲，感谢您的支持。"),  # added; 退款进度 removed
    ]
    report = run(file_store, write_pack(tmp_path / "v2.qrpack.json", v2, pack_version="2"))
    assert sorted(actions(report)) == sorted(
        [("update", "发货时间"), ("unchanged", "默认快递"), ("add", "感谢购买"), ("remove", "退款进度")]
    )
    titles = {p.title: p for p in file_store.phrases()}
    assert titles["发货时间"].body == "亲，今天17点前付款当天发出。"
    assert "退款进度" not in titles and "感谢购买" in titles
    assert titles["我的发货话术"] == own
    assert file_store.pack("trainer").version == "2"


def test_another_pack_is_never_touched(file_store, tmp_path):
    run(file_store, write_pack(tmp_path / "a.qrpack.json", V1, id="a"))
    before = [p for p in file_store.phrases() if p.pack_id == "a"]
    report = run(
        file_store,
        write_pack(tmp_path / "b.qrpack.json", [P("shipping", "发货时间", "fh2", "亲，新话术。")], id="b"),
    )
    assert report.counts()["remove"] == 0
    assert [p for p in file_store.phrases() if p.pack_id == "a"] == before


@pytest.mark.parametrize(
    ("policy", "expected_action", "expected_body"),
    [("skip", "skip", "亲，我的版本。"), ("overwrite", "update", "亲，今天16点前付款当天发出。")],
)
def test_conflicts_with_own_phrases_follow_the_policy(
    file_store, tmp_path, policy, expected_action, expected_body
):
    own = file_store.add(make_phrase("shipping", "发货时间", "mine", body="亲，我的版本。"))
    report = run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1), policy=policy)
    row = next(r for r in report.rows if r.phrase.title == "发货时间")
    assert row.action == expected_action and f"#{own.id}" in row.reason
    assert file_store.get(own.id).body == expected_body
    assert file_store.get(own.id).pack_id is None


def test_newer_policy_compares_the_file_time(file_store, tmp_path):
    import os

    own = file_store.add(make_phrase("shipping", "发货时间", "mine", body="亲，我的版本。"))
    path = write_pack(tmp_path / "v1.qrpack.json", V1)
    os.utime(path, (1_000_000_000, 1_000_000_000))  # 2001: older than the own phrase
    report = run(file_store, path, policy="newer", dry_run=True)
    assert next(r for r in report.rows if r.phrase.title == "发货时间").action == "skip"
    os.utime(path, (4_000_000_000, 4_000_000_000))  # 2096: newer
    run(file_store, path, policy="newer")
    assert file_store.get(own.id).body == "亲，今天16点前付款当天发出。"


def test_identical_phrase_already_in_the_library_is_unchanged_not_a_conflict(file_store, tmp_path):
    file_store.add(make_phrase("shipping", "发货时间", "fh", body="亲，今天16点前付款当天发出。"))
    report = run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1[:1]))
    assert actions(report) == [("unchanged", "发货时间")]


def test_a_phrase_that_differs_only_in_tags_or_auto_send_is_not_identical(file_store, tmp_path):
    # "Identical" is all of what a phrase says (models.CONTENT_FIELDS); it used to leave out tags and
    # auto_send, so such a row was reported unchanged and its tags never arrived.
    run(file_store, write_pack(tmp_path / "a.qrpack.json", V1[:1], id="a"))
    tagged = [
        P("shipping", "发货时间", "fh", "亲，今天16点前付款当天发出。", tags=["时效"]),
        P("logistics", "默认快递", "kd", "亲，默认发中通快递。", auto_send=True),
    ]
    report = run(file_store, write_pack(tmp_path / "b.qrpack.json", tagged, id="b"))
    assert actions(report) == [("add", "发货时间"), ("add", "默认快递")]
    by_pack = {(p.pack_id, p.code): p for p in file_store.phrases()}
    assert by_pack["b", "fh"].tags == ["时效"] and by_pack["a", "fh"].tags == []
    assert by_pack["b", "kd"].auto_send


def test_a_repeated_row_that_differs_only_in_tags_is_a_clash_not_a_repeat(file_store, tmp_path):
    rows = [
        P("shipping", "发货时间", "fh", "亲，今天16点前付款当天发出。"),
        P("shipping", "发货时间", "fh", "亲，今天16点前付款当天发出。", tags=["时效"]),
        P("shipping", "发货时间", "fh", "亲，今天16点前付款当天发出。"),
    ]
    report = run(file_store, write_pack(tmp_path / "v1.qrpack.json", rows), dry_run=True)
    assert [(r.number, r.action, r.reason) for r in report.rows] == [
        (1, "add", ""),
        (2, "reject", "与第 1 行的快捷编码重复"),
        (3, "skip", "与第 1 行重复"),
    ]


def test_bad_rows_are_rejected_with_reasons_and_the_rest_imported(file_store, tmp_path):
    rows = [
        P("shipping", "好的", "ok", "亲，已为您安排。"),
        P("shipping", "空", "e", "   "),
        P("shipping", "长", "l", "亲" * 2100),
        P("shipping", "坏编码", "发货#", "亲，坏编码。"),
        P("shipping", "好的", "ok", "亲，已为您安排。"),
        P("bargaining", "违规", "wg", "不好意思哦，这款不能便宜"),
        P("shipping", "同码", "ok", "亲，另一个内容。"),
    ]
    report = run(file_store, write_pack(tmp_path / "bad.qrpack.json", rows))
    by_row = {r.number: (r.action, r.reason) for r in report.rows}
    assert by_row[1][0] == "add"
    assert by_row[2] == ("reject", "缺少短语内容")
    assert by_row[3][0] == "reject" and "过长" in by_row[3][1]
    assert by_row[4][0] == "reject" and "快捷编码「发货#」无效" in by_row[4][1]
    assert by_row[5] == ("skip", "与第 1 行重复")
    assert by_row[6] == ("add", "需修改")  # breaks the service standard: imported, marked
    assert next(r for r in report.rows if r.number == 6).findings
    assert by_row[7] == ("add", "")  # row 1's code with a title of its own: a phrase of its own
    assert [p.title for p in file_store.phrases()] == ["好的", "同码", "违规"]


def test_rows_breaking_the_standard_are_imported_and_marked_unless_rejecting_is_asked(file_store, tmp_path):
    rows = [
        P("bargaining", "最低价", "zd", "亲，这已经是最低价了哦"),
        P("shipping", "发货", "fh", "亲，今天16点前付款当天发出。"),
    ]
    path = write_pack(tmp_path / "p.qrpack.json", rows)
    strict = run(file_store, path, reject_lint_errors=True, dry_run=True)
    assert [(r.action, r.reason, r.needs_fix) for r in strict.rows] == [
        ("reject", "不符合服务规范", False),
        ("add", "", False),
    ]
    report = run(file_store, path)
    marked, plain = report.rows
    assert (marked.action, marked.reason, marked.needs_fix) == ("add", "需修改", True)
    assert any("svc.particles" in f for f in marked.findings) and not plain.needs_fix
    assert report.needs_fix == 1 and report.complete
    assert {p.body for p in file_store.phrases()} == {
        "亲，这已经是最低价了哦",
        "亲，今天16点前付款当天发出。",
    }
    again = run(file_store, write_pack(tmp_path / "p2.qrpack.json", [dict(rows[0], note="议价时用")]))
    assert (again.rows[0].action, again.rows[0].reason, again.rows[0].needs_fix) == (
        "update",
        "备注有变化;需修改",
        True,
    )
    assert again.rows[1].action == "remove" and not again.rows[1].needs_fix


def test_an_imported_phrase_that_breaks_the_standard_still_asks_before_it_is_used(file_store, tmp_path):
    from quickreply.core import pipeline, usage_queue

    run(file_store, write_pack(tmp_path / "p.qrpack.json", [P("shipping", "现货", "xh", "亲，这款是现货哦")]))
    (phrase,) = file_store.phrases()
    flow = pipeline.Pipeline(LINTER, library=file_store, recorder=usage_queue.UsageQueue(file_store))
    held = flow.run(pipeline.Choice.of(phrase, query="xh"))
    assert isinstance(held, pipeline.Confirm) and "哦" in held.finding.message


def test_completeness_counts_skipped_and_rejected_rows(file_store, tmp_path):
    rows = [V1[0], V1[0], P("shipping", "空", "e", "")]
    report = run(file_store, write_pack(tmp_path / "p.qrpack.json", rows), dry_run=True)
    assert not report.complete and [r.action for r in report.rows] == ["add", "skip", "reject"]
    assert run(file_store, write_pack(tmp_path / "q.qrpack.json", V1)).complete


def test_strict_mode_imports_nothing_when_a_row_is_rejected(file_store, tmp_path):
    before = dump(file_store)
    with pytest.raises(PackError, match="严格模式"):
        run(
            file_store,
            write_pack(tmp_path / "p.qrpack.json", [V1[0], P("shipping", "空", "e", "")]),
            strict=True,
        )
    assert dump(file_store) == before


def test_a_pack_may_share_a_code_with_own_phrases_and_search_offers_both(file_store, tmp_path):
    from quickreply.core import search

    own = file_store.add(make_phrase("shipping", "别的话术", "fh", body="亲，别的内容。"))
    report = run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1[:1]))
    assert report.rows[0].action == "add"
    results = search.SearchIndex.from_store(file_store).search("fh")
    assert {r.phrase.id for r in results if r.tier is search.Tier.CODE} == {
        own.id,
        file_store.phrases()[1].id,
    }


def test_overwriting_an_own_phrase_keeps_own_codes_unique(file_store, tmp_path):
    file_store.add(make_phrase("shipping", "发货时间", "mine", body="亲，我的版本。"))
    file_store.add(make_phrase("shipping", "另一条", "fh", body="亲，另一条。"))
    report = run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1[:1]), policy="overwrite")
    assert report.rows[0].action == "reject" and "已被 #" in report.rows[0].reason


def test_unknown_group_becomes_a_new_stage_and_empty_group_goes_to_ungrouped(file_store, tmp_path):
    path = tmp_path / "groups.csv"
    path.write_text(
        "快捷编码,快捷短语,快捷短语分组\nhd,亲，满199减20。,店铺介绍\nkb,亲，您好。,\nfh,亲，当天发货。,什么时候发货\n",
        encoding="utf-8",
    )
    report = run(file_store, path)
    assert {s.name_zh for s in report.new_stages} == {"店铺介绍", "未分组"}
    stage_of = {p.code: p.stage_id for p in file_store.phrases()}
    assert stage_of["fh"] == "shipping" and stage_of["kb"] == "ungrouped"
    assert file_store.stage("店铺介绍").id == stage_of["hd"]
    assert any("新阶段「店铺介绍」" in note for note in report.notes)


def test_titles_are_derived_when_the_file_has_none(file_store, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("快捷编码,快捷短语\nfh,亲，{店铺名}今天16点前付款当天发出。\n", encoding="utf-8")
    run(file_store, path)
    assert file_store.phrases()[0].title == "今天16点前付款当天发出"


def test_failure_midway_leaves_the_store_exactly_as_it_was(file_store, tmp_path, monkeypatch):
    run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1))
    before = dump(file_store)
    real_insert = store_bulk.insert

    def failing_insert(db, phrases, now):
        real_insert(db, phrases, now)  # the new rows are in; the disk fills up after them
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_bulk, "insert", failing_insert)
    more = V1 + [P("closing", "一", "a1", "亲，一。"), P("closing", "二", "a2", "亲，二。")]
    with pytest.raises(OSError):
        run(file_store, write_pack(tmp_path / "v2.qrpack.json", more, pack_version="2"))
    assert dump(file_store) == before


def test_cancel_through_progress_rolls_back(file_store, tmp_path):
    before = dump(file_store)
    incoming = reader.read(write_pack(tmp_path / "v1.qrpack.json", V1))
    plan = merge.preview(file_store, incoming, LINTER)
    with pytest.raises(merge.Cancelled):
        merge.apply(file_store, plan, progress=lambda done, total: False)
    assert dump(file_store) == before


@pytest.mark.parametrize("suffix", ["json", "csv", "xlsx"])
def test_export_then_import_reports_every_phrase_unchanged(file_store, tmp_path, suffix):
    run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1))
    file_store.add(
        make_phrase(
            "closing",
            "=SUM(A1)",
            "sum",
            body="-10元优惠，@全体\n第二行",
            note="备注",
            questions=["问一", "问二"],
        )
    )
    out = tmp_path / f"out.{suffix}"
    count = export.export(file_store, out)
    assert count == 4
    report = run(file_store, out, dry_run=True)
    assert {r.action for r in report.rows} == {"unchanged"}, actions(report)


def test_export_neutralises_formulas_and_filters(file_store, tmp_path):
    file_store.add(make_phrase("closing", "=1+1", "f", body="@cmd|' /C calc'!A0"))
    file_store.add(make_phrase("shipping", "发货", "fh"))
    out = tmp_path / "f.csv"
    assert export.export(file_store, out, stage="结束语") == 1
    text = out.read_bytes().decode("utf-8-sig")
    assert "'=1+1" in text and "'@cmd" in text and "发货" not in text
    gbk = tmp_path / "g.csv"
    export.export(file_store, gbk, encoding="gbk")
    assert "快捷短语分组".encode("gbk") in gbk.read_bytes()
    with pytest.raises(PackError, match="没有可以导出"):
        export.export(file_store, tmp_path / "none.csv", pack="nothing-here") if False else export.export(
            file_store, tmp_path / "none.csv", stage="complaints"
        )


def test_export_to_gbk_refuses_characters_gbk_lacks(file_store, tmp_path):
    file_store.add(make_phrase("closing", "表情", "bq", body="亲，谢谢😀"))
    with pytest.raises(PackError, match="UTF-8"):
        export.export(file_store, tmp_path / "e.csv", encoding="gbk")
    assert not (tmp_path / "e.csv").exists()


def test_read_only_pack_phrases_are_updated_by_their_own_pack(file_store, tmp_path):
    run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1, read_only=True))
    assert file_store.pack("trainer").read_only
    v2 = [dict(V1[0], body="亲，改过的。")] + V1[1:]
    report = run(file_store, write_pack(tmp_path / "v2.qrpack.json", v2, read_only=True))
    assert report.counts()["update"] == 1
    with pytest.raises(store.ReadOnly):
        file_store.update(file_store.find_by_code("fh")[0].id, body="亲，自己改。")


def test_remove_pack(file_store, tmp_path):
    run(file_store, write_pack(tmp_path / "v1.qrpack.json", V1))
    file_store.add(make_phrase("closing", "自己的", "zj"))
    assert file_store.remove_pack("trainer") == 3
    assert [p.title for p in file_store.phrases()] == ["自己的"]
    with pytest.raises(store.NotFound):
        file_store.remove_pack("trainer")


def test_unsupported_file_type(file_store, tmp_path):
    path = tmp_path / "pack.docx"
    path.write_bytes(b"x")
    with pytest.raises(PackError, match="不支持的文件类型"):
        run(file_store, path)


def test_models_pack_info_defaults():
    assert models.PackInfo(id="x", name="x").read_only is False


@pytest.mark.parametrize("how", ["file name", "json id", "--pack-id", "own"])
def test_a_pack_never_takes_a_reserved_id_so_the_default_library_and_its_usage_survive(
    library, tmp_path, how
):
    default_count = len([p for p in library.phrases() if p.pack_id == "default"])
    fh = library.find_by_code("fh")[0]
    library.record_use(fh.id)
    if how == "json id":
        path = tmp_path / "shop.qrpack.json"
        path.write_text(
            json.dumps(
                {
                    "format": "quickreply-pack",
                    "version": 1,
                    "id": "default",
                    "name": "冒充默认",
                    "phrases": [{"stage": "shipping", "title": "冒充", "body": "亲，这是文件里的回复。"}],
                },
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
    else:
        path = tmp_path / ("default.csv" if how == "file name" else "own.csv" if how == "own" else "shop.csv")
        path.write_text("分组,快捷编码,快捷短语\n发货,cm1,亲，这是文件里的回复。\n", encoding="utf-8")
    pack_id = "default" if how == "--pack-id" else None
    report = merge.import_file(library, path, lint.Linter.default(), pack_id=pack_id)
    assert report.pack_id.endswith("-import") and report.counts()["add"] == 1
    assert library.pack("default").read_only
    assert len([p for p in library.phrases() if p.pack_id == "default"]) == default_count
    assert library.usage_of(fh.id).count == 1
    again = merge.import_file(library, path, lint.Linter.default(), pack_id=pack_id)
    assert (
        again.pack_id == report.pack_id and again.counts()["unchanged"] == 1
    )  # the same file updates its pack
