"""The planner on seller-client files: rows without titles never clash, group paths never merge silently."""

from quickreply.core import lint
from quickreply.core.packs import csvpack, merge

LINTER = lint.Linter.default()
HEADERS = ["快捷短语", "快捷短语分组"]


def csv_file(path, rows, headers=HEADERS):
    csvpack.write_table(path, headers, rows)
    return path


def test_rows_whose_titles_come_out_alike_are_all_imported_and_a_second_import_changes_nothing(
    fresh_store, tmp_path
):
    rows = [
        ["亲，这款是现货哦，今天下单明天发", "发货"],
        ["亲，这款是现货哦，付款后48小时内发货", "发货"],
        ["您好，这款是现货，顺丰包邮", "发货"],
        ["亲，这款是现货哦，今天下单明天发", "发货"],  # the first again: a repeat
        ["亲，这款是现货哦", "议价"],  # another stage: its own title
    ]
    path = csv_file(tmp_path / "shop.csv", rows)
    report = merge.import_file(fresh_store, path, LINTER)
    assert [(r.number, r.action, r.phrase.title) for r in report.rows] == [
        (2, "add", "这款是现货"),
        (3, "add", "这款是现货，付款后48小时内发货"),
        (4, "add", "这款是现货，顺丰包邮"),
        (5, "skip", "这款是现货"),
        (6, "add", "这款是现货"),
    ]
    assert report.rows[3].reason == "与第 2 行重复"
    again = merge.import_file(fresh_store, path, LINTER)
    assert {r.action for r in again.rows} == {"unchanged", "skip"} and again.changes == 0


def test_derived_titles_step_aside_for_titles_the_file_wrote(fresh_store, tmp_path):
    rows = [
        ["亲，在的，请问有什么可以帮您", "开场白", ""],
        ["您好，欢迎光临", "开场白", "请问有什么可以帮您"],
    ]
    path = csv_file(tmp_path / "t.csv", rows, [*HEADERS, "标题"])
    report = merge.import_file(fresh_store, path, LINTER)
    assert [(r.action, r.phrase.title) for r in report.rows] == [
        ("add", "请问有什么可以帮您 2"),
        ("add", "请问有什么可以帮您"),
    ]
    assert merge.import_file(fresh_store, path, LINTER, dry_run=True).counts()["unchanged"] == 2


def test_replies_that_open_alike_get_the_next_clause_or_a_number(fresh_store, tmp_path):
    rows = [[f"亲，这款是现货，{word}", "发货"] for word in ("请放心", "请放心购买")] + [
        ["亲，这款是现货", "发货"]
    ]
    report = merge.import_file(fresh_store, csv_file(tmp_path / "n.csv", rows), LINTER)
    titles = [r.phrase.title for r in report.rows]
    assert len(set(titles)) == 3 and all(r.action == "add" for r in report.rows), titles


def test_a_derived_title_is_not_a_clash_with_an_own_phrase_of_that_title(fresh_store, tmp_path):
    from tests.conftest import make_phrase

    fresh_store.add(make_phrase("shipping", "这款是现货", "", body="亲，我自己写的现货回复。"))
    report = merge.import_file(
        fresh_store, csv_file(tmp_path / "o.csv", [["亲，这款是现货哦", "发货"]]), LINTER
    )
    assert report.rows[0].action == "add" and report.rows[0].needs_fix


def test_unknown_paths_that_end_alike_stay_apart_and_a_plain_name_keeps_its_own(fresh_store, tmp_path):
    rows = [
        ["亲，售前问题请留言", "售前=>其他"],
        ["亲，会员积分可以抵现", "会员=>其他"],
        ["亲，这是其他问题的回复", "其他"],
        ["亲，咨询请稍等", "售前=>咨询"],
        ["亲，会员日另有优惠", "会员 > 其他"],  # the same path written another way
        ["亲，稍后回复您", "未分组"],
        ["亲，马上为您查询", ""],
    ]
    path = csv_file(tmp_path / "g.csv", rows)
    report = merge.import_file(fresh_store, path, LINTER)
    names = {s.id: s.name_zh for s in fresh_store.stages()}
    stage_of = {r.number: names[r.phrase.stage_id] for r in report.rows}
    assert stage_of == {
        2: "售前/其他",
        3: "会员/其他",
        4: "其他",
        5: "咨询",
        6: "会员/其他",
        7: "未分组",
        8: "未分组",
    }
    again = merge.import_file(fresh_store, path, LINTER, dry_run=True)
    assert {r.action for r in again.rows} == {"unchanged"} and not again.new_stages


def test_one_unknown_path_is_a_stage_named_by_its_last_part(fresh_store, tmp_path):
    report = merge.import_file(
        fresh_store, csv_file(tmp_path / "p.csv", [["亲，请稍等", "售前=>咨询"]]), LINTER
    )
    assert [s.name_zh for s in report.new_stages] == ["咨询"]


def test_rows_with_codes_get_distinct_titles_too_so_the_library_tells_them_apart(fresh_store, tmp_path):
    rows = [["xh", "亲，这款是现货哦，今天下单明天发", "发货"], ["xh2", "亲，这款是现货哦，顺丰包邮", "发货"]]
    path = csv_file(tmp_path / "c.csv", rows, ["快捷编码", *HEADERS])
    report = merge.import_file(fresh_store, path, LINTER)
    assert [r.phrase.title for r in report.rows] == ["这款是现货", "这款是现货，顺丰包邮"]
    assert merge.import_file(fresh_store, path, LINTER, dry_run=True).counts()["unchanged"] == 2
