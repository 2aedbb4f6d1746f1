"""tests/coverage_floors.py: combines parallel data files and flags a module under its floor or unmeasured."""

import os
import subprocess
import sys
from pathlib import Path

from tests import coverage_floors

MODULE = '''"""Half of it runs."""


def used():
    return 1


def unused():
    a = 1
    b = 2
    return a + b


used()
'''


def measured_root(tmp_path: Path) -> Path:
    """A tiny project measured by two coverage.py processes, each leaving a parallel data file."""
    (tmp_path / "half.py").write_text(MODULE, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.coverage.run]\nparallel = true\n", encoding="utf-8")
    # The suite itself may run under coverage: its settings must not reach these processes.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_")}
    for _ in range(2):
        subprocess.run(
            [sys.executable, "-m", "coverage", "run", "half.py"], cwd=tmp_path, env=env, check=True
        )
    assert len(list(tmp_path.glob(".coverage.*"))) == 2
    return tmp_path


def test_a_module_over_its_floor_passes_and_the_data_files_are_combined(tmp_path, capsys):
    root = measured_root(tmp_path)
    assert coverage_floors.check({"half.py": 50.0}, root) == []
    assert list(root.glob(".coverage.*")) == []
    assert (root / ".coverage").exists()
    assert "half.py" in capsys.readouterr().out


def test_a_module_under_its_floor_or_never_measured_is_named(tmp_path):
    root = measured_root(tmp_path)
    (root / "other.py").write_text('"""Never run."""\n', encoding="utf-8")
    problems = coverage_floors.check({"half.py": 90.0, "other.py": 1.0}, root)
    assert len(problems) == 2
    assert problems[0].startswith("half.py is at 57.1 %, under its floor of 90.0 %")
    assert problems[1] == "other.py was not measured (did the e2e tests run?)"


def test_outside_ci_without_the_x_tools_the_floors_are_not_checked(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    assert coverage_floors.main(tmp_path) == 0
    assert "not checked" in capsys.readouterr().out


def test_under_ci_an_unmeasured_run_misses_every_floor(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    (tmp_path / "pyproject.toml").write_text("[tool.coverage.run]\nparallel = true\n", encoding="utf-8")
    assert coverage_floors.main(tmp_path) == 1
    assert capsys.readouterr().err.count("was not measured") == len(coverage_floors.FLOORS)
