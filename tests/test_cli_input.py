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
