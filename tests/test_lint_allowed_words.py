"""The shop's common exceptions (setting ``lint.allowed_words``) in the linters the CLI and the app build."""

import types

import pytest

from quickreply import app, cli, settings


@pytest.fixture
def run(tmp_path, capsys):
    def _run(*argv):
        code = cli.main(["--db", str(tmp_path / "cli.db"), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_a_ticked_common_exception_passes_in_quickreply_lint_library(run):
    argv = ("add", "--stage", "质量保障", "--title", "口碑", "--code", "kb", "--body", "这款口碑不错")
    assert run(*argv, "--allow-lint-errors")[0] == 0
    code, out, _ = run("lint", "--library")
    assert code == 1 and "口碑" in out
    assert run("config", "lint.allowed_words", '["bucuo"]')[0] == 0
    code, out, _ = run("lint", "--library")
    assert "口碑" not in out
    assert run("lint", "这款口碑不错")[0] == 1  # a draft without --library keeps the strict standard


def test_a_ticked_common_exception_passes_in_the_apps_linter(fresh_store):
    values = settings.Settings(fresh_store)
    values.set("lint.allowed_words", ["bucuo"])
    host = types.SimpleNamespace(settings=values, warnings=[])
    linter = app.QuickReplyApp._linter(host)  # type: ignore[arg-type]
    assert linter.lint("这款口碑不错") == []
