"""``quickreply lint --library``: the phrases that need a fix (需修改), listed and fixed, through the real CLI."""

import json

import pytest

from quickreply import cli
from quickreply.core import store


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cli.db"


@pytest.fixture
def run(db_path, capsys):
    def _run(*argv):
        code = cli.main(["--db", str(db_path), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def add(run, stage, title, code, body):
    assert (
        run("add", "--stage", stage, "--title", title, "--code", code, "--body", body, "--allow-lint-errors")[
            0
        ]
        == 0
    )


@pytest.fixture
def shop(run):
    """The default library plus four own phrases: one fixable, one with a choice, one half-fixable, one warning."""
    add(run, "议价", "砍价", "kj", "好的哦,这款是活动价,但是可以送您赠品")
    add(run, "发货时间", "别急", "bj", "亲,不要着急,今天会发出")
    add(run, "质量保障", "掉色", "ds", "好的哦,这款不会掉色")
    add(run, "结束语", "谢谢", "xx", "感谢光临^_^")
    return run


def bodies(db_path):
    db = store.PhraseStore(db_path)
    try:
        return {p.title: p.body for p in db.phrases() if p.pack_id is None}
    finally:
        db.close()


def test_each_phrase_needing_a_fix_is_listed_with_its_findings_and_a_count(shop):
    code, out, _ = shop("lint", "--library")
    assert code == 1  # as `lint` exits for a draft with an error-level finding
    assert "【议价】" in out and "砍价(kj)" in out and "别急(bj)" in out and "掉色(ds)" in out
    assert "「哦」,请删除〔可自动修改〕" in out
    assert "〔请选择:请勿 / 无需〕" in out and "〔需人工改写〕" in out
    assert out.strip().splitlines()[-1] == (
        f"检查了 {bodies_count(shop)} 条短语,3 条不符合规范,需修改"
        "(其中 2 条可自动修改:quickreply lint --library --fix);1 条只有警告"
    )


def bodies_count(run):
    _, out, _ = run("list", "--json")
    return len(json.loads(out))


def test_a_clean_library_exits_0(run):
    code, out, _ = run("lint", "--library")
    assert code == 0 and out.strip().endswith("全部符合服务规范")
    add(run, "结束语", "谢谢", "xx", "感谢光临^_^")
    code, out, _ = run("lint", "--library")
    assert code == 0 and "1 条只有警告" in out  # warnings alone need no fix


def test_stage_and_pack_narrow_the_check(shop):
    code, out, _ = shop("lint", "--library", "--stage", "议价")
    assert code == 1 and "砍价" in out and "别急" not in out and "1 条不符合规范" in out
    code, out, _ = shop("lint", "--library", "--stage", "greeting")
    assert code == 0
    code, out, _ = shop("lint", "--library", "--pack", "default")
    assert code == 0 and "全部符合服务规范" in out
    code, out, _ = shop("lint", "--library", "--pack", "own", "--json")
    data = json.loads(out)
    assert [(d["title"], d["needs_fix"]) for d in data] == [
        ("别急", True),
        ("砍价", True),
        ("掉色", True),
        ("谢谢", False),
    ]
    assert data[0]["code"] == "bj" and data[0]["findings"][0]["suggestions"] == ["请勿", "无需"]
    code, _, err = shop("lint", "--library", "--pack", "nope")
    assert code == 1 and "没有这个短语包" in err


def test_fix_backs_up_fixes_what_it_safely_can_and_lists_the_rest(shop, db_path):
    code, out, _ = shop("lint", "--library", "--fix")
    assert code == 1  # 别急 and 掉色 still need a person
    assert "已修改 3 条短语(修改前的短语库已备份到 " in out
    assert "砍价:「哦」删除、「但是」→「只是」" in out
    assert "还有 2 条需要人工修改" in out and out.strip().endswith(
        "修改了 3 条短语,2 条仍不符合规范,需人工修改"
    )
    now = bodies(db_path)
    assert now["砍价"] == "好的,这款是活动价,只是可以送您赠品"
    assert now["别急"] == "亲,不要着急,今天会发出" and now["掉色"] == "好的,这款不会掉色"
    assert now["谢谢"] == "感谢光临"
    backups = list((db_path.parent / "backups").glob("*before-lint-fix*"))
    assert len(backups) == 1
    before = store.PhraseStore(backups[0])
    try:
        assert {p.body for p in before.phrases() if p.title == "砍价"} == {
            "好的哦,这款是活动价,但是可以送您赠品"
        }
    finally:
        before.close()
    code, out, _ = shop("lint", "--library", "--fix")  # nothing left that a click can fix: no new backup
    assert code == 1 and "已修改" not in out
    assert len(list((db_path.parent / "backups").glob("*before-lint-fix*"))) == 1


def test_fix_json_and_a_clean_finish_exits_0(run, db_path):
    add(run, "议价", "砍价", "kj", "好的哦,这款是活动价,但是可以送您赠品")
    code, out, _ = run("lint", "--library", "--fix", "--json")
    data = json.loads(out)
    assert code == 0 and data["remaining"] == [] and data["refused"] == []
    [fixed] = data["fixed"]
    assert (
        fixed["before"] == "好的哦,这款是活动价,但是可以送您赠品" and fixed["body"] == bodies(db_path)["砍价"]
    )
    assert {a["rule_id"] for a in fixed["applied"]} == {"svc.particles", "svc.danshi"} and data["backup"]


def test_fix_leaves_a_read_only_pack_alone_and_says_so(run, tmp_path, db_path):
    pack = tmp_path / "trainer.qrpack.json"
    pack.write_text(
        json.dumps(
            {
                "format": "quickreply-pack",
                "version": 1,
                "id": "trainer",
                "name": "培训话术",
                "read_only": True,
                "phrases": [
                    {"stage": "shipping", "title": "催单", "code": "cd", "body": "好的哦,马上为您催一下仓库"}
                ],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    assert run("import", str(pack), "--allow-lint-errors")[0] == 0
    code, out, _ = run("lint", "--library", "--pack", "trainer")
    assert code == 1 and "短语包「培训话术」,只读" in out
    code, out, _ = run("lint", "--library", "--fix")
    assert code == 1 and "催单 未修改:「催单」属于只读短语包「培训话术」,不能直接修改" in out
    db = store.PhraseStore(db_path)
    try:
        assert [p.body for p in db.phrases() if p.pack_id == "trainer"] == ["好的哦,马上为您催一下仓库"]
    finally:
        db.close()


def test_lint_help_documents_the_exit_status(capsys):
    with pytest.raises(SystemExit):
        cli.main(["lint", "--help"])
    out = capsys.readouterr().out
    assert "--library" in out and "退出码为 1" in out and "--stage" in out and "--pack" in out


def test_the_shops_rule_files_decide_as_in_the_app(run, tmp_path):
    add(run, "质量保障", "口碑", "kb", "这款口碑不错")
    add(run, "议价", "同款", "tk", "这是某宝同款,放心拍")
    code, out, _ = run("lint", "--library")
    assert code == 1 and "口碑" in out and "同款" not in out
    shop = tmp_path / "shop.rules.toml"
    shop.write_text(
        'version = 1\nallow = ["不错"]\n[[rule]]\nid = "shop.rival"\nkind = "substitution"\nlevel = "error"\n'
        'message = "请勿提及「{match}」,请改为「{fix}」"\nswap = { "某宝同款" = ["本店同款"] }\n'
        'tests.bad = [{ text = "某宝同款", fixed = "本店同款" }]\n',
        encoding="utf-8",
    )
    assert run("config", "lint.rule_files", json.dumps([str(shop)]))[0] == 0
    code, out, _ = run("lint", "--library")
    assert code == 1 and "口碑" not in out and "同款(tk)" in out and "shop.rival" in out
    code, out, _ = run("lint", "--library", "--fix")
    assert code == 0 and "「某宝同款」→「本店同款」" in out


def test_stage_and_pack_need_library(run):
    code, _, err = run("lint", "--stage", "议价", "好的")
    assert code == 1 and "只能与 --library 同用" in err
