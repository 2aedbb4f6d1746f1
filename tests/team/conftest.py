"""One throwaway PostgreSQL cluster for the team tests (``tests/pgcluster.py``), a fresh team
database per test, and libraries joined to it as a trainer and as an agent.

Under CI=true a missing PostgreSQL server fails the run (CI installs it); elsewhere the tests skip
saying why.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import pgcluster

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The password goes to the 0600 file: a developer's own keyring is never written by tests."""
    monkeypatch.setenv("QUICKREPLY_NO_KEYRING", "1")


@pytest.fixture(scope="session")
def cluster() -> Iterator[pgcluster.Cluster]:
    if pgcluster.bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's server (initdb, pg_ctl) is missing: make sysdeps installs it")
        pytest.skip("PostgreSQL's server (initdb, pg_ctl) is not installed")
    with pgcluster.running() as running:
        yield running


@dataclass
class Shop:
    """A team database with a trainer (t / tpw) and two agents (a1 / apw1, a2 / apw2)."""

    cluster: pgcluster.Cluster
    database: str
    admin: str

    def dsn(self, user: str, password: str) -> str:
        return self.cluster.dsn(user, password, self.database)


@pytest.fixture
def shop(cluster: pgcluster.Cluster) -> Shop:
    from quickreply.team import server

    name = f"shop{next(_numbers)}"
    admin = cluster.create_database(name)
    server.init(admin, lock_other_databases=False)
    server.add_user(admin, f"t_{name}", "trainer", "tpw")
    server.add_user(admin, f"a1_{name}", "agent", "apw1")
    server.add_user(admin, f"a2_{name}", "agent", "apw2")
    return Shop(cluster, name, admin)


def library(path: Path):  # type: ignore[no-untyped-def]
    from quickreply.core import defaults

    return defaults.open_library(path)


@pytest.fixture
def trainer(shop: Shop, tmp_path: Path):  # type: ignore[no-untyped-def]
    from quickreply.team import client

    target = library(tmp_path / "trainer.db")
    team = client.join(target, shop.dsn(f"t_{shop.database}", "tpw"))
    yield team
    target.close()


@pytest.fixture
def agent(shop: Shop, tmp_path: Path):  # type: ignore[no-untyped-def]
    from quickreply.team import client

    target = library(tmp_path / "agent.db")
    team = client.join(target, shop.dsn(f"a1_{shop.database}", "apw1"))
    yield team
    target.close()
