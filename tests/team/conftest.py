"""A fresh team database per test on the session's throwaway cluster (``cluster`` in
tests/conftest.py), and libraries joined to it as a trainer and as an agent."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import pgcluster

_numbers = itertools.count(1)


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
