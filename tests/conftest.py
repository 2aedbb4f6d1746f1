"""Shared fixtures: stores that never touch the user's real data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt widgets and the clipboard are tested without a screen (the e2e tests start their own Xvfb).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from quickreply.core import defaults, models, store

# pytester runs small pytest sessions in a subprocess (tests/e2e/test_ci_strictness.py).
pytest_plugins = ["pytester"]


@pytest.fixture
def fresh_store() -> store.PhraseStore:
    """An empty in-memory store (canonical stages only)."""
    db = store.PhraseStore(":memory:")
    yield db
    db.close()


@pytest.fixture
def file_store(tmp_path: Path) -> store.PhraseStore:
    """An empty store in a temporary file, with its backups in a temporary folder."""
    db = store.PhraseStore(tmp_path / "library.db", backup_dir=tmp_path / "backups", keep_backups=3)
    yield db
    db.close()


@pytest.fixture
def library(tmp_path: Path) -> store.PhraseStore:
    """A library as the app opens it on first run (the default pack installed), in a temporary file."""
    db = defaults.open_library(tmp_path / "lib.db")
    yield db
    db.close()


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default database and data folder away from the real user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("QUICKREPLY_DB", raising=False)
    monkeypatch.setenv("QUICKREPLY_NO_KEYRING", "1")  # team passwords go to a 0600 file, never a real keyring


@pytest.fixture(scope="session")
def cluster():
    """A throwaway PostgreSQL cluster for the session (``tests/pgcluster.py``); under CI=true a
    missing server fails the run (make sysdeps installs it), elsewhere the test skips saying why."""
    from tests import pgcluster

    if pgcluster.bin_dir() is None:
        if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
            pytest.fail("CI=true: PostgreSQL's server (initdb, pg_ctl) is missing: make sysdeps installs it")
        pytest.skip("PostgreSQL's server (initdb, pg_ctl) is not installed (make sysdeps installs it)")
    with pgcluster.running() as running:
        yield running


def make_phrase(
    stage: str = "shipping", title: str = "发货时间", code: str = "fh", **extra: object
) -> models.Phrase:
    """A valid phrase with overridable fields."""
    body = extra.pop("body", "亲,{发货时间}前付款当天发出,请放心。")
    return models.Phrase(stage_id=stage, title=title, code=code, body=str(body), **extra)  # type: ignore[arg-type]


# -- black-box CLI tests (tests/test_cli_safety.py, tests/test_cli_damage.py) ----------------------


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed library as a shop has it (``blackbox.make_template``), made once."""
    from tests import blackbox

    return blackbox.make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def lib(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template library for one test."""
    from tests import blackbox

    return blackbox.copy_library(template, tmp_path / "lib" / "shop.db")


@pytest.fixture
def pack_file(tmp_path: Path) -> Path:
    """A small JSON pack to import."""
    from tests import blackbox

    return blackbox.write_pack(tmp_path)
