"""Input that should never get in, through the command line as a user runs it (``python -m quickreply``)."""

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def qr(tmp_path):
    """Run ``python -m quickreply --db <temp library> ARGS``; returns (exit status, stdout, stderr)."""
    db = tmp_path / "lib.db"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def run(*args, stdin=None):
        done = subprocess.run(
            [sys.executable, "-m", "quickreply", "--db", str(db), *args],
            input=stdin,
            capture_output=True,
            env=env,
            timeout=120,
        )
        return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")

    return run


def one_line_error(code, out, err):
    return code != 0 and out == "" and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_add_and_edit_apply_the_same_lint_gate_as_import(qr):
    args = ["add", "--stage", "议价", "--title", "婉拒", "--code", "wj", "--body", "不好意思哦，没办法"]
    code, out, err = qr(*args)
    assert one_line_error(code, out, err)
    assert "不符合服务规范" in err and "svc.bu.swap" in err and "--allow-lint-errors" in err
    assert qr("show", "wj")[0] == 1
    code, out, _ = qr(*args, "--allow-lint-errors")
    assert code == 0 and "已添加" in out
    pid = json.loads(qr("show", "wj", "--json")[1])["id"]
    code, out, err = qr("edit", str(pid), "--body", "亲，但是没货了")
    assert one_line_error(code, out, err) and "但是" in err
    assert json.loads(qr("show", "wj", "--json")[1])["body"] == "不好意思哦，没办法"
    assert qr("edit", str(pid), "--body", "亲，但是没货了", "--allow-lint-errors")[0] == 0
    assert qr("edit", str(pid), "--title", "婉拒议价")[0] == 0  # the body is not being changed


RAW = ("\x1b", "\x07", "\x9b", "\x00", "\u202e", "\r")


def plant(db_path, title, body, code="esc"):
    """A phrase as an older version (or another tool) may have left it: straight into the database."""
    from quickreply.core import store

    db = store.PhraseStore(db_path)
    db.conn.execute(
        "INSERT INTO phrases(stage_id, title, code, body, note, questions, tags, position, auto_send,"
        " title_py, title_ini, title_alt, created_at, updated_at)"
        " VALUES ('shipping', ?, ?, ?, ?, '[\"在吗\\u001b[5m\"]', '[]', 99, 0, 'biao ti', 'bt', '', '', '')",
        (title, code, body, "备注\x1b[8m"),
    )
    db.close()


def test_printers_never_send_raw_escapes_to_a_terminal(qr, tmp_path):
    assert qr("stages")[0] == 0  # creates the library
    plant(tmp_path / "lib.db", "标题\x1b]0;pwned\x07\u202e", "亲\x1b[2J好的哦\x9b31m\r\n第二行\x00")
    outputs = {
        "list": qr("list", "--stage", "shipping"),
        "show": qr("show", "esc"),
        "search": qr("search", "标题"),
        "lint": qr("lint", "--library"),
        "show --json": qr("show", "esc", "--json"),
        "list --json": qr("list", "--json"),
        "error": qr("show", "\x1b[31mred"),
        "lint draft": qr("lint", "亲\x1b[31m好的\x9b"),
        "lint --fix": qr("lint", "--fix", "不好意思\x1b[31m"),
    }
    for name, (_, out, err) in outputs.items():
        for ch in RAW:
            assert ch not in out + err.replace("\r", ""), (name, ch)
    assert "\\x1b]0;pwned\\x07\\u202e" in outputs["show"][1] and "\\x1b[2J" in outputs["show"][1]
    assert "\\x1b" in outputs["list"][1] and "\\x1b" in outputs["search"][1] and "\\x1b" in outputs["lint"][1]
    assert "\\x1b[31mred" in outputs["error"][2]
    phrase = json.loads(outputs["show --json"][1])
    assert phrase["body"] == "亲\x1b[2J好的哦\x9b31m\r\n第二行\x00"  # the JSON says exactly what is stored


def test_import_report_escapes_what_the_file_holds(qr, tmp_path):
    path = tmp_path / "esc.csv"
    path.write_text("快捷短语,标题,快捷短语分组\n亲，好的\x1b[2J,标题\x07,发货\n", encoding="utf-8")
    code, out, err = qr("import", str(path), "--dry-run")
    assert code == 3  # the row was rejected: not every row got in
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" not in out
    assert "控制字符 U+0007" in out and "\\x07" in out


DATA = __import__("pathlib").Path(__file__).resolve().parent / "data"


def test_import_asks_for_the_encoding_when_unsure_and_takes_it(qr):
    code, out, err = qr("import", str(DATA / "big5_rare.csv"))
    assert one_line_error(code, out, err) and "--encoding" in err and "Big5" in err
    code, out, _ = qr("import", str(DATA / "big5_rare.csv"), "--encoding", "big5")
    assert code == 0 and "新增 6" in out
    code, out, _ = qr("import", str(DATA / "big5_english.csv"), "--dry-run")
    assert code == 0 and "Big5" in out and "新增 6" in out


def test_deep_json_a_surrogate_and_deep_toml_are_one_line_errors(qr, tmp_path):
    deep = tmp_path / "deep.qrpack.json"
    deep.write_text(
        '{"format": "quickreply-pack", "version": 1, "phrases": ' + "[" * 100_000 + "]" * 100_000 + "}"
    )
    code, out, err = qr("import", str(deep))
    assert one_line_error(code, out, err) and "deep.qrpack.json" in err and "嵌套" in err
    rules = tmp_path / "deep.rules.toml"
    rules.write_text("version = 1\nallow = " + "[" * 100_000 + "]" * 100_000 + "\n")
    code, out, err = qr("lint", "--rules", str(rules), "亲")
    assert one_line_error(code, out, err) and "deep.rules.toml" in err and "嵌套" in err
    tables = tmp_path / "tables.rules.toml"
    tables.write_text("version = 1\nx = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n")
    assert one_line_error(*qr("lint", "--rules", str(tables), "亲"))


def test_lone_surrogates_in_a_pack_and_in_arguments_are_one_line_errors(qr, tmp_path):
    # \udcff is how Python sees the byte 0xFF in an argument that is not UTF-8 (surrogateescape)
    code, out, err = qr("add", "--stage", "shipping", "--title", "好的", "--body", "亲\udcff")
    assert one_line_error(code, out, err) and "U+DCFF" in err
    code, out, err = qr(
        "add", "--stage", "shipping", "--title", "好的", "--body", "亲", "--question", "\udcff"
    )
    assert one_line_error(code, out, err) and "买家问题" in err
    assert one_line_error(*qr("config", "hotkey.popup", "ctrl+\udcff"))
    pack = tmp_path / "s.qrpack.json"
    phrases = [
        {"stage": "shipping", "title": "好的", "body": "亲\udcff"},
        {"stage": "shipping", "title": "行", "body": "亲，好的"},
    ]
    pack.write_text(
        json.dumps({"format": "quickreply-pack", "version": 1, "phrases": phrases}), encoding="utf-8"
    )
    code, out, err = qr("import", str(pack))
    assert code == 3 and "U+DCFF" in out and "新增 1" in out and "Traceback" not in err  # 3: one row rejected
    pack.write_text(
        json.dumps({"format": "quickreply-pack", "version": 1, "name": "\ud800", "phrases": phrases})
    )
    code, out, err = qr("import", str(pack))
    assert one_line_error(code, out, err) and "U+D800" in err


def test_warnings_about_stored_values_are_escaped_too(qr, tmp_path):
    assert qr("stages")[0] == 0
    import sqlite3

    conn = sqlite3.connect(tmp_path / "lib.db")
    conn.execute(
        "INSERT OR REPLACE INTO settings(name, value) VALUES ('import.max_rows', ?)", ['"\u009b2J\u202e"']
    )
    conn.commit()
    conn.close()
    code, out, err = qr("import", str(DATA / "qianniu_gbk.csv"), "--dry-run")
    assert code == 0 and "import.max_rows" in err and "\x9b" not in err and "\u202e" not in err
    assert "\\x9b2J\\u202e" in err
