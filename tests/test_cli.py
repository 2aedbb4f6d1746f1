"""The quickreply command line, as a user runs it."""

import json
import os
import subprocess
import sys

import pytest

from quickreply import cli


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cli.db"


@pytest.fixture
def run(db_path, capsys):
    def _run(*argv, stdin=None):
        if stdin is not None:
            sys.stdin = __import__("io").StringIO(stdin)
        try:
            code = cli.main(["--db", str(db_path), *argv])
        finally:
            sys.stdin = sys.__stdin__
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_stages_lists_ten_in_conversation_order(run):
    code, out, _ = run("stages")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 10
    order = [
        "开场问候",
        "库存咨询",
        "发货时间",
        "快递物流",
        "议价",
        "质量保障",
        "售后退换",
        "结束语",
        "评价回复",
        "投诉处理",
    ]
    assert [line.split()[1] for line in lines] == order
    assert "greeting" in lines[0] and "条" in lines[0]


def test_stages_json(run):
    code, out, _ = run("stages", "--json")
    data = json.loads(out)
    assert [s["id"] for s in data][0] == "greeting" and all(s["phrases"] >= 8 for s in data)


def test_list_stage_shows_at_least_eight_phrases(run):
    code, out, _ = run("list", "--stage", "bargaining")
    assert code == 0
    assert out.splitlines()[0].startswith("【议价】")
    assert len(out.splitlines()) - 1 >= 8


def test_list_stage_by_alias_and_json(run):
    _, out, _ = run("list", "--stage", "讲价", "--json")
    data = json.loads(out)
    assert len(data) >= 8 and {p["stage_id"] for p in data} == {"bargaining"}
    assert {"id", "code", "title", "body", "note", "questions", "uses", "last_used"} <= set(data[0])


def test_show_by_code_shows_shipping_phrase_with_note(run):
    code, out, _ = run("show", "fh")
    assert code == 0
    assert "发货时间" in out and "快捷编码:fh" in out
    assert "使用场景:" in out and "买家常问:" in out


def test_show_by_id_json(run):
    _, out, _ = run("show", "fh", "--json")
    phrase = json.loads(out)
    _, out2, _ = run("show", str(phrase["id"]), "--json")
    assert json.loads(out2)["title"] == phrase["title"] == "发货时间"


def test_add_edit_show_rm_roundtrip(run):
    code, out, _ = run(
        "add",
        "--stage",
        "物流",
        "--title",
        "顺丰加急",
        "--code",
        "SFJJ",
        "--body",
        "亲,加急可以为您改发顺丰,运费差价由您承担。",
        "--note",
        "买家着急时用",
        "--question",
        "能发顺丰吗",
    )
    assert code == 0 and "已添加短语" in out
    _, out, _ = run("show", "sfjj", "--json")
    phrase = json.loads(out)
    assert phrase["stage_id"] == "logistics" and phrase["pack_id"] is None
    assert phrase["questions"] == ["能发顺丰吗"] and phrase["title_ini"] == "sfjj"
    pid = str(phrase["id"])
    code, out, _ = run(
        "edit",
        pid,
        "--title",
        "顺丰快递",
        "--stage",
        "shipping",
        "--body",
        "-",
        stdin="亲,可以为您改发顺丰。\n",
    )
    assert code == 0 and "已修改" in out
    _, out, _ = run("show", pid, "--json")
    assert json.loads(out)["title"] == "顺丰快递" and json.loads(out)["stage_id"] == "shipping"
    assert json.loads(out)["body"] == "亲,可以为您改发顺丰。"
    code, out, _ = run("rm", pid)
    assert code == 0 and "已删除" in out
    code, _, err = run("show", pid)
    assert code == 1 and "没有编号或快捷编码" in err


def test_default_phrases_are_read_only_but_can_be_copied(run):
    _, out, _ = run("show", "fh", "--json")
    pid = str(json.loads(out)["id"])
    code, _, err = run("edit", pid, "--body", "亲,改了")
    assert code == 1 and "只读" in err and "复制" in err
    code, out, _ = run("copy", pid, "--title", "我的发货时间")
    assert code == 0 and "已复制" in out
    new_id = out.split("#")[1].split("「")[0]
    code, _, _ = run("edit", new_id, "--body", "亲,今天下午四点前付款当天发出。", "--code", "wdfh")
    assert code == 0
    _, out, _ = run("show", "wdfh", "--json")
    assert json.loads(out)["pack_id"] is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "--stage", "火星"], "没有这个阶段"),
        (["show", "nonexistent"], "没有编号或快捷编码"),
        (["rm", "99999"], "没有编号为 99999"),
        (["edit", "99999", "--title", "x"], "没有编号为 99999"),
        (["add", "--stage", "shipping", "--title", "x", "--body", "  "], "内容不能为空"),
        (["add", "--stage", "shipping", "--title", "x", "--body", "亲", "--code", "发 货"], "快捷编码"),
        (["restore", "/nonexistent/backup.db"], "找不到备份文件"),
    ],
)
def test_errors_are_one_line_on_stderr_with_nonzero_exit(run, argv, message):
    code, out, err = run(*argv)
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert out == ""


def test_edit_without_changes_is_an_error(run):
    _, out, _ = run("show", "fh", "--json")
    code, _, err = run("edit", str(json.loads(out)["id"]))
    assert code == 1 and "没有要修改的内容" in err


def test_usage_errors_exit_2_with_one_line(run):
    with pytest.raises(SystemExit) as caught:
        run("add", "--title", "x")
    assert caught.value.code == 2


def test_backup_and_restore(run, tmp_path):
    target = tmp_path / "copy.db"
    code, out, _ = run("backup", str(target))
    assert code == 0 and target.is_file()
    run("add", "--stage", "closing", "--title", "临时", "--body", "亲,再见。", "--code", "ls")
    code, out, _ = run("restore", str(target))
    assert code == 0 and "已从" in out
    code, _, err = run("show", "ls")
    assert code == 1
    code, out, _ = run("backup")
    assert code == 0 and str(tmp_path / "backups") in out


def test_corrupt_database_is_one_clear_line(db_path, run):
    db_path.write_bytes(b"\x00garbage" * 500)
    code, out, err = run("stages")
    assert code == 1 and "数据库文件无法使用" in err and str(db_path) in err
    assert db_path.read_bytes() == b"\x00garbage" * 500


def test_bad_pack_file_is_one_clear_line(monkeypatch, run, tmp_path):
    from quickreply.core import defaults

    broken = tmp_path / "broken.qrpack.json"
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(defaults, "default_pack_path", lambda: broken)
    code, _, err = run("stages")
    assert code == 1 and "JSON 格式错误" in err and "broken.qrpack.json" in err


def test_console_script_and_env_var(tmp_path):
    env = dict(os.environ, QUICKREPLY_DB=str(tmp_path / "env.db"))
    script = os.path.join(os.path.dirname(sys.executable), "quickreply")
    done = subprocess.run([script, "show", "fh"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "发货时间" in done.stdout
    assert (tmp_path / "env.db").exists()
    version = subprocess.run(
        [sys.executable, "-m", "quickreply", "--version"], capture_output=True, text=True, timeout=60
    )
    assert version.stdout.startswith("quickreply ")


def test_search_starts_without_the_pack_readers_statistics_and_settings(db_path):
    """Only the commands that need them load the pack merge and export, the statistics, the settings
    table and with it the desktop code."""
    probe = (
        "import sys; from quickreply import cli; code = cli.main(sys.argv[1:]);"
        "print(code, sorted(m for m in sys.modules if m.startswith(('quickreply.',))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "--db", str(db_path), "search", "fh"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    code, loaded = done.stdout.splitlines()[-1].split(" ", 1)
    assert code == "0", done.stderr
    assert "'quickreply.core.search'" in loaded
    for module in ("packs.merge", "packs.export", "core.stats", "quickreply.settings", "quickreply.platform"):
        assert module not in loaded


def test_import_and_export_arguments_are_there_once_the_command_is_chosen(db_path, capsys):
    with pytest.raises(SystemExit) as shown:
        cli.main(["--db", str(db_path), "import", "--help"])
    assert shown.value.code == 0
    assert "--on-conflict {skip,overwrite,newer}" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        cli.main(["--db", str(db_path), "export", "x.csv", "--encoding", "latin-1"])
    assert refused.value.code == 2
    err = capsys.readouterr().err
    assert "quickreply export: 错误: argument --encoding: invalid choice" in err and "utf-8-sig" in err


def test_a_reader_that_goes_away_is_not_an_error(db_path):
    """quickreply list | head: the closed pipe ends the command quietly, with status 0."""
    listing = subprocess.Popen(
        [sys.executable, "-m", "quickreply", "--db", str(db_path), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    listing.stdout.close()  # before the command has written a line
    err = listing.stderr.read().decode()
    assert listing.wait(timeout=60) == 0 and err == ""


def test_default_database_lives_in_user_data_dir(tmp_path, capsys):
    assert cli.main(["stages"]) == 0
    data_home = os.environ["XDG_DATA_HOME"]
    assert os.path.exists(os.path.join(data_home, "quickreply", "quickreply.db"))


@pytest.mark.parametrize("query", ["fh", "fahuo", "发货", "/fh"])
def test_search_puts_shipping_time_first(run, query):
    code, out, _ = run("search", query)
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith(" 1. fh") and "发货时间" in first


def test_search_marks_matches_and_filters(run):
    _, out, _ = run("search", "顺丰", "--stage", "logistics", "--limit", "3")
    lines = out.splitlines()
    assert 1 <= len(lines) <= 3 and "[顺丰]" in lines[0]
    assert all("快递物流" in line for line in lines)


def test_search_json_and_no_hits(run):
    _, out, _ = run("search", "tk", "--json")
    data = json.loads(out)
    assert data[0]["code"] == "tk" and data[0]["tier"] == "code" and data[0]["rank"] == 1
    with pytest.raises(SystemExit) as caught:
        run("search", "zzqx")
    assert caught.value.code == 1


def test_lint_issue_example_exits_1_with_findings_and_carets(run):
    code, out, _ = run("lint", "不好意思哦,这个价格不能便宜,但是可以送您赠品")
    assert code == 1
    for word in ("不好意思", "哦", "不能便宜", "但是"):
        assert f"「{word}」" in out
    assert "非常抱歉" in out and "无法再低了" in out
    lines = out.splitlines()
    assert "不能便宜" in lines[6] and lines[7] == "  不好意思哦,这个价格不能便宜,但是可以送您赠品"
    caret_line = lines[8]
    # 不能便宜 starts after 10 characters, 9 of them double-width: column 19
    assert caret_line == "  " + " " * 19 + "^" * 8


def test_lint_fix_output_lints_clean(run):
    code, out, _ = run("lint", "--fix", "不好意思哦,这个价格不能便宜,但是可以送您赠品")
    fixed = out.strip()
    assert code == 0
    assert "不" not in fixed and "但是" not in fixed and "哦" not in fixed
    code, out, _ = run("lint", fixed)
    assert code == 0 and "符合服务规范" in out


def test_lint_refusal_prefix_and_fix(run):
    code, out, _ = run("lint", "这个颜色无法再低了")
    assert code == 1 and "非常抱歉" in out
    code, out, _ = run("lint", "--fix", "这个颜色无法再低了")
    assert out.strip().startswith("非常抱歉")


def test_lint_phone_channel(run):
    code, out, _ = run("lint", "--channel", "phone", "亲,您好")
    assert code == 1 and "「亲」" in out
    code, _, _ = run("lint", "亲,您好")
    assert code == 0


def test_lint_stdin_json_and_ad_law(run):
    code, out, _ = run("lint", "--json", "-", stdin="好的哦\n")
    assert code == 1 and json.loads(out)[0]["rule_id"] == "svc.particles"
    code, out, _ = run("lint", "这是全网最低价")
    assert code == 0
    code, out, _ = run("lint", "--ad-law", "这是全网最低价")
    assert code == 0 and "全网" in out  # warnings only: exit 0


def test_lint_fix_reports_what_it_could_not_fix(run):
    code, out, err = run("lint", "--fix", "这款不会掉色")
    assert code == 1 and out.strip() == "这款不会掉色" and "手动修改" in err


def test_lint_library_default_is_clean_and_offenders_are_listed(run):
    code, out, _ = run("lint", "--library")
    assert code == 0 and "全部符合服务规范" in out
    # add holds a reply that breaks the standard back, as import does, unless told to let it in
    run(
        "add",
        "--stage",
        "议价",
        "--title",
        "砍价",
        "--body",
        "不好意思哦,不能便宜",
        "--code",
        "kj",
        "--allow-lint-errors",
    )
    code, out, _ = run("lint", "--library")
    assert code == 1 and "【议价】" in out and "砍价" in out and "1 条不符合规范" in out


def test_lint_with_shop_rules_and_bad_rules_file(run, tmp_path):
    shop = tmp_path / "shop.rules.toml"
    shop.write_text(
        'version = 1\nimports = [{ path = "builtin:service-standard.rules.toml" }]\nallow = ["不错"]\n',
        encoding="utf-8",
    )
    code, _, _ = run("lint", "--rules", str(shop), "这款口碑不错")
    assert code == 0
    bad = tmp_path / "bad.rules.toml"
    bad.write_text(
        'version = 1\n[[rule]]\nid = "x"\nkind = "existence"\nmessage = "m"\npatterns = ["a"]\nfoo = 1\n',
        encoding="utf-8",
    )
    code, _, err = run("lint", "--rules", str(bad), "abc")
    assert code == 1 and "bad.rules.toml" in err and "foo" in err and len(err.strip().splitlines()) == 1


def test_rules_test_prints_each_rule(run, tmp_path):
    code, out, _ = run("rules", "test")
    assert code == 0 and "✓ svc.bu.swap" in out and "✓ adlaw.extreme" in out
    failing = tmp_path / "f.rules.toml"
    failing.write_text(
        'version = 1\n[[rule]]\nid = "x"\nkind = "existence"\nmessage = "m"\npatterns = ["a"]\ntests.bad = ["b"]\n',
        encoding="utf-8",
    )
    code, out, _ = run("rules", "test", str(failing))
    assert code == 1 and "✗ x" in out and "没有被检出" in out


def test_import_dry_run_then_import_then_packs_and_export(run, tmp_path):
    pack = tmp_path / "shop.csv"
    pack.write_bytes(
        "快捷编码,快捷短语,快捷短语分组\r\nmj199,亲，满199减20。,活动话术\r\nbad,不好意思哦,讲价\r\n".encode(
            "gbk"
        )
    )
    code, out, _ = run("import", str(pack), "--dry-run")
    assert code == 0 and "预览" in out and "新增 2" in out and "需修改 1" in out and "第 3 行" in out
    code, out, _ = run("packs")
    assert "shop" not in out
    code, out, _ = run("import", str(pack))
    assert code == 0 and "已导入" in out and "备份" in out
    code, out, _ = run("packs")
    assert "shop" in out and "2 条" in out and "default" in out
    code, out, _ = run("show", "mj199", "--json")
    assert json.loads(out)["pack_id"] == "shop"
    target = tmp_path / "out.xlsx"
    code, out, _ = run("export", str(target.with_suffix(".csv")), "--pack", "shop", "--encoding", "gbk")
    assert code == 0 and "2 条" in out
    code, out, _ = run("import", str(target.with_suffix(".csv")), "--json", "--dry-run")
    assert json.loads(out)["counts"]["unchanged"] == 2
    code, out, _ = run("packs", "rm", "shop")
    assert code == 0 and "已删除短语包 shop" in out
    code, _, err = run("show", "mj199")
    assert code == 1


def test_import_marks_rows_that_break_the_standard_and_its_status_says_whether_every_row_got_in(
    run, tmp_path
):
    pack = tmp_path / "shop.csv"
    pack.write_text(
        "快捷编码,快捷短语,快捷短语分组\nxh,亲，这款是现货哦,发货\nfh,亲，今天发货。,发货\n", encoding="utf-8"
    )
    code, out, _ = run("import", str(pack), "--dry-run")
    assert code == 0 and "需修改 1" in out and "svc.particles" in out
    assert any(line.strip().startswith("第 2 行") and line.endswith("需修改") for line in out.splitlines())
    assert "quickreply lint --library" in out.splitlines()[-1]
    code, out, _ = run("import", str(pack), "--reject-lint-errors", "--dry-run")
    assert code == 3 and "拒绝 1" in out and "有 1 行未导入(退出状态 3)" in out
    code, _, err = run("import", str(pack), "--reject-lint-errors", "--strict")
    assert code == 1 and "严格模式" in err
    code, out, _ = run("import", str(pack), "--allow-lint-errors", "--json")  # what old scripts pass
    data = json.loads(out)
    assert code == 0 and data["needs_fix"] == 1 and data["counts"]["add"] == 2
    assert [row["needs_fix"] for row in data["rows"]] == [True, False]
    pack.write_text(
        "快捷编码,快捷短语,快捷短语分组\nxh,亲，这款是现货哦,发货\nfh,亲，今天发货。,发货\nfh,亲，今天发货。,发货\n",
        encoding="utf-8",
    )
    code, out, _ = run("import", str(pack))  # a repeated row is skipped: not every row got in
    assert code == 3 and "跳过 1" in out and "不变 2" in out


def test_import_help_documents_the_exit_statuses(db_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["--db", str(db_path), "import", "--help"])
    out = capsys.readouterr().out
    assert "退出状态" in out and "  3  部分行未导入" in out and "  1  出错" in out
    assert "--reject-lint-errors" in out and "--allow-lint-errors  " not in out


def test_import_errors_are_one_line(run, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, _, err = run("import", str(empty))
    assert code == 1 and "empty.csv" in err and "空" in err and len(err.strip().splitlines()) == 1
    code, _, err = run("import", str(tmp_path / "missing.csv"))
    assert code == 1 and "missing.csv" in err
    code, _, err = run("packs", "rm", "nope")
    assert code == 1 and "nope" in err
    code, _, err = run("export", str(tmp_path / "x.csv"), "--stage", "complaints", "--pack", "own")
    assert code == 1 and "没有可以导出" in err


def test_config_lists_gets_and_sets_settings(run):
    code, out, _ = run("config")
    assert code == 0 and "hotkey.popup" in out and "library.read_only" in out
    code, out, _ = run("config", "library.read_only", "true")
    assert code == 0 and "已设置" in out
    code, out, _ = run("config", "library.read_only")
    assert out.strip() == "true"
    code, out, _ = run("config", "hotkey.popup", "ctrl+alt+q")
    code, out, _ = run("config", "hotkey.popup")
    assert out.strip() == '"ctrl+alt+q"'
    code, _, err = run("config", "paste.focus_timeout_ms", "soon")
    assert code == 1 and "paste.focus_timeout_ms" in err
    code, _, err = run("config", "nope", "1")
    assert code == 1 and "没有这个设置" in err
