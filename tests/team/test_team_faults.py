"""The team link when things go wrong, on the real throwaway PostgreSQL: the server restarting in
the middle of a push, an agent killed with -9, a publish cut off halfway, a password changed on the
server, and what the server refuses to each role.

A kill or a restart has to land in the middle of the work every time, not by luck: the tests hold
a real lock the work must wait for (an uncommitted event with an id of the push's second batch, a
SHARE lock on the version's phrase list), watch the server until the work is seen waiting on it
(``pg_stat_activity``, ``pg_locks``), and only then kill or restart.
"""

from __future__ import annotations

import json
import secrets
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from quickreply.core import defaults, store, team_local
from quickreply.team import client, publish, server
from quickreply.team.errors import Offline, TeamError, server_error
from tests import pgcluster

REPO = Path(__file__).parents[2]


# -- helpers ---------------------------------------------------------------------------------------


def write_pack(path: Path, count: int, prefix: str = "") -> Path:
    phrases = [
        {"stage": "shipping", "title": f"标题{i}", "code": f"c{i}", "body": f"亲,{prefix}第 {i} 条回复"}
        for i in range(count)
    ]
    document = {
        "format": "quickreply-pack",
        "version": 1,
        "id": "shop",
        "name": "店铺话术",
        "phrases": phrases,
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def record_uses(target: store.PhraseStore, count: int) -> None:
    """``count`` uses through the app's own path (usage row and outbox row together), one commit."""
    ids = [p.id for p in target.phrases()][:20]
    with target.transaction():
        for i in range(count):
            target.record_use(ids[i % len(ids)], seconds=1.0)


def outbox_ids(target: store.PhraseStore) -> list[str]:
    return [event[0] for event in team_local.pending(target.conn, 10**6)]


def server_ids(admin: str) -> list[str]:
    with psycopg.connect(admin, autocommit=True) as conn:
        return [str(i) for (i,) in conn.execute("SELECT id FROM quickreply.events")]


def scalar(conn: psycopg.Connection, query: str, params: list[Any] | None = None) -> Any:
    row = conn.execute(query.encode(), params).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return row[0]


def block_event_id(admin: str, event_id: str, agent: str) -> psycopg.Connection:
    """An open admin transaction holding an uncommitted event with ``event_id``: a push that sends
    the same id waits on it (the unique index), with everything before it committed."""
    conn = psycopg.connect(admin)
    conn.execute(
        "INSERT INTO quickreply.events(id, agent, kind, at) VALUES (%s, %s, 'use', now())", [event_id, agent]
    )
    return conn


def waiting_on_lock(watch: psycopg.Connection, user: str) -> bool:
    return bool(
        scalar(
            watch,
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND wait_event_type = 'Lock'",
            [user],
        )
    )


def no_backend_of(watch: psycopg.Connection, user: str) -> bool:
    return not scalar(watch, "SELECT count(*) FROM pg_stat_activity WHERE usename = %s", [user])


def joined_library(path: Path, dsn: str) -> None:
    target = defaults.open_library(path)
    client.join(target, dsn)
    target.close()


def child(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


# -- 1. the server restarts in the middle of a push ----------------------------------------------


def test_a_server_restart_mid_push_fails_in_one_line_and_the_next_sync_stores_each_use_once(
    shop, agent
) -> None:
    uses = 3000
    record_uses(agent.store, uses)
    queued = outbox_ids(agent.store)
    assert len(queued) == uses
    # the push's second batch waits on this id; the first batch is committed by then
    blocker = block_event_id(shop.admin, queued[client.PUSH_BATCH + 100], agent.user)
    failures: list[BaseException] = []

    def sync_in_its_own_thread() -> None:
        target = store.PhraseStore(agent.store.path)  # SQLite connections stay in their thread
        try:
            team = client.Team.of(target)
            assert team is not None
            team.sync()
        except BaseException as exc:  # noqa: BLE001 - reported to the test's thread
            failures.append(exc)
        finally:
            target.close()

    thread = threading.Thread(target=sync_in_its_own_thread)
    try:
        thread.start()
        with psycopg.connect(shop.admin, autocommit=True) as watch:
            assert pgcluster.wait_until(lambda: waiting_on_lock(watch, agent.user), timeout=30)
            assert scalar(watch, "SELECT count(*) FROM quickreply.events") == client.PUSH_BATCH
        shop.cluster.restart()
        thread.join(30)
    finally:
        blocker.close()
    assert not thread.is_alive()
    assert len(failures) == 1 and isinstance(failures[0], Offline), failures
    assert "\n" not in str(failures[0]) and str(failures[0]).startswith("连接不到团队服务器")
    # the first batch is on the server and gone from the outbox; the rest waits, nothing half-sent
    assert len(server_ids(shop.admin)) == client.PUSH_BATCH
    assert team_local.count(agent.store.conn) == uses - client.PUSH_BATCH

    result = agent.sync()
    assert result.pushed == uses - client.PUSH_BATCH
    stored = server_ids(shop.admin)
    assert len(stored) == uses and sorted(stored) == sorted(queued)  # each use once, none extra
    assert team_local.count(agent.store.conn) == 0


# -- 2. an agent killed with -9 --------------------------------------------------------------------

AGENT_CHILD = """
import sys
from pathlib import Path
from quickreply.core import defaults
from quickreply.team import client
target = defaults.open_library(Path(sys.argv[1]))
ids = [p.id for p in target.phrases()][:20]
with target.transaction():
    for i in range(int(sys.argv[2])):
        target.record_use(ids[i % len(ids)], seconds=1.0)
print("recorded", flush=True)
sys.stdin.readline()
client.Team.of(target).sync()
print("synced", flush=True)
"""


def test_an_agent_killed_mid_push_loses_no_use_and_the_next_sync_stores_each_once(shop, tmp_path) -> None:
    uses, user = 1500, f"a1_{shop.database}"
    path = tmp_path / "agent.db"
    joined_library(path, shop.dsn(user, "apw1"))
    agent_process = child(AGENT_CHILD, str(path), str(uses))
    blocker = None
    try:
        assert agent_process.stdout is not None and agent_process.stdin is not None
        assert agent_process.stdout.readline().strip() == "recorded"
        with sqlite3.connect(path) as peek:  # the push's order: team_local.pending's
            recorded = [str(i) for (i,) in peek.execute("SELECT id FROM team_outbox ORDER BY at, id")]
        peek.close()
        assert len(recorded) == uses
        blocker = block_event_id(shop.admin, recorded[client.PUSH_BATCH + 100], user)
        agent_process.stdin.write("push\n")
        agent_process.stdin.flush()
        with psycopg.connect(shop.admin, autocommit=True) as watch:
            assert pgcluster.wait_until(lambda: waiting_on_lock(watch, user), timeout=30)
            on_server = scalar(watch, "SELECT count(*) FROM quickreply.events")
            agent_process.kill()  # SIGKILL, in the middle of the second batch
            agent_process.wait(10)
            assert 0 < on_server < uses  # the kill landed mid-push
            blocker.rollback()
            assert pgcluster.wait_until(lambda: no_backend_of(watch, user), timeout=10)
    finally:
        if agent_process.poll() is None:
            agent_process.kill()
            agent_process.wait(10)
        if blocker is not None:
            blocker.close()
    assert agent_process.returncode == -9

    target = defaults.open_library(path)
    try:
        stored, waiting = server_ids(shop.admin), outbox_ids(target)
        assert len(stored) == client.PUSH_BATCH  # the committed batch; the killed one left nothing
        assert sorted(stored + waiting) == sorted(recorded)  # every use: on the server or queued
        team = client.Team.of(target)
        assert team is not None
        assert team.sync().pushed == uses - client.PUSH_BATCH
        stored = server_ids(shop.admin)
        assert len(stored) == uses and sorted(stored) == sorted(recorded)
        assert team_local.count(target.conn) == 0
    finally:
        target.close()


def test_a_resend_after_the_server_committed_but_the_outbox_kept_its_rows_stores_nothing_twice(
    shop, tmp_path
) -> None:
    """The crash between the server's commit and the local delete, made exact: the outbox rows come
    back from a copy of the library taken before the push."""
    uses, path, before = 1200, tmp_path / "agent.db", tmp_path / "before-push.db"
    joined_library(path, shop.dsn(f"a1_{shop.database}", "apw1"))
    target = defaults.open_library(path)
    record_uses(target, uses)
    recorded = outbox_ids(target)
    target.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    shutil.copy(path, before)

    target = defaults.open_library(path)
    team = client.Team.of(target)
    assert team is not None
    assert team.sync().pushed == uses
    assert team_local.count(target.conn) == 0
    target.close()

    with sqlite3.connect(path) as conn:  # the local delete "never happened"
        conn.execute("ATTACH DATABASE ? AS before", [str(before)])
        conn.execute("INSERT INTO team_outbox SELECT * FROM before.team_outbox")
    conn.close()
    target = defaults.open_library(path)
    try:
        assert sorted(outbox_ids(target)) == sorted(recorded)
        team = client.Team.of(target)
        assert team is not None
        assert team.sync().pushed == 0  # the server already had every one of them
        stored = server_ids(shop.admin)
        assert len(stored) == uses and sorted(stored) == sorted(recorded)
        assert team_local.count(target.conn) == 0
    finally:
        target.close()


# -- 3. a publish cut off halfway ------------------------------------------------------------------

PUBLISHER_CHILD = """
import sys
from pathlib import Path
from quickreply.core import defaults
from quickreply.team import client, publish
target = defaults.open_library(Path(sys.argv[1]))
team = client.Team.of(target)
plan = publish.plan(team, sys.argv[2])
print("planned", plan.version, flush=True)
publish.publish(team, plan)
print("published", flush=True)
"""

PUBLISHER_STATE = """
SELECT a.state, a.query,
    EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted
            AND l.relation = 'quickreply.version_phrases'::regclass),
    EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock'
            AND l.relation = 'quickreply.versions'::regclass),
    EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.granted AND l.locktype = 'advisory')
FROM pg_stat_activity a WHERE a.usename = %s AND a.datname = current_database()
"""


def test_a_publish_killed_before_its_commit_leaves_no_version_and_the_next_takes_its_number(
    trainer, agent, shop, tmp_path
) -> None:
    publish.publish(trainer, publish.plan(trainer, write_pack(tmp_path / "v1.json", 3)))
    assert agent.sync().pulled == [("shop", 1)]
    big = write_pack(tmp_path / "big.qrpack.json", 5000, prefix="新")

    # the phrase list of the version cannot be written while this SHARE lock is held
    hold = psycopg.connect(shop.admin)
    hold.execute("LOCK TABLE quickreply.version_phrases IN SHARE MODE")
    listener = psycopg.connect(shop.admin, autocommit=True)
    listener.execute(f"LISTEN {server.CHANNEL}")
    publisher = child(PUBLISHER_CHILD, str(trainer.store.path), str(big))
    try:
        assert publisher.stdout is not None
        assert publisher.stdout.readline().split() == ["planned", "2"]
        with psycopg.connect(shop.admin, autocommit=True) as watch:
            seen: list[tuple[Any, ...]] = []

            def copy_waits() -> bool:
                seen[:] = watch.execute(PUBLISHER_STATE, [trainer.user]).fetchall()
                return any(row[2] for row in seen)

            assert pgcluster.wait_until(copy_waits, timeout=30), seen
            state, query, _, wrote_version, holds_publish_lock = next(row for row in seen if row[2])
            # in its transaction: the version row inserted, the COPY of its phrases started
            assert state == "active" and query.startswith("COPY quickreply.version_phrases")
            assert wrote_version and holds_publish_lock
            publisher.kill()
            publisher.wait(10)
            hold.rollback()
            assert pgcluster.wait_until(lambda: no_backend_of(watch, trainer.user), timeout=10)
    finally:
        if publisher.poll() is None:
            publisher.kill()
            publisher.wait(10)
        hold.close()
    assert publisher.returncode == -9

    with psycopg.connect(shop.admin, autocommit=True) as conn:
        assert scalar(conn, "SELECT max(version) FROM quickreply.versions WHERE pack_id = 'shop'") == 1
        assert scalar(conn, "SELECT count(*) FROM quickreply.version_phrases WHERE version = 2") == 0
    assert list(listener.notifies(timeout=0.3, stop_after=1)) == []  # nobody was told of it
    listener.close()
    assert agent.sync().pulled == []

    assert publish.publish(trainer, publish.plan(trainer, big)) == 2
    with psycopg.connect(shop.admin, autocommit=True) as conn:
        assert scalar(conn, "SELECT phrase_count FROM quickreply.versions WHERE version = 2") == 5000
        assert scalar(conn, "SELECT count(*) FROM quickreply.version_phrases WHERE version = 2") == 5000
    assert agent.sync().pulled == [("shop", 2)]
    assert sum(1 for p in agent.store.phrases() if p.pack_id == "team.shop") == 5000


# -- 4. the password changed on the server ---------------------------------------------------------


def test_a_password_changed_on_the_server_refuses_the_sync_and_the_outbox_waits(shop, agent) -> None:
    record_uses(agent.store, 5)
    with psycopg.connect(shop.admin, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER ROLE {} PASSWORD 'changed'").format(sql.Identifier(agent.user)))
    with pytest.raises(TeamError, match="用户名或密码不对") as refused:
        agent.sync()
    assert not isinstance(refused.value, Offline)  # not a passing outage: someone has to act
    assert "\n" not in str(refused.value)
    assert team_local.count(agent.store.conn) == 5
    status = agent.status()
    assert not status.online and "用户名或密码不对" in status.error and status.outbox == 5
    assert server_ids(shop.admin) == []


# -- 5. rights -------------------------------------------------------------------------------------


def test_an_agent_can_change_no_event_read_no_phrase_list_and_create_nothing(
    trainer, agent, shop, tmp_path
) -> None:
    publish.publish(trainer, publish.plan(trainer, write_pack(tmp_path / "v1.json", 2)))
    agent.sync()
    record_uses(agent.store, 1)
    agent.sync()
    (own,) = server_ids(shop.admin)
    refused = [
        "SELECT * FROM quickreply.version_phrases",
        "UPDATE quickreply.events SET action = 'copy' WHERE agent = current_user",
        "UPDATE quickreply.events SET at = now()",
        "DELETE FROM quickreply.events WHERE agent = current_user",
        "DELETE FROM quickreply.events",
        "TRUNCATE quickreply.events",
        "CREATE TABLE quickreply.mine(x int)",
        "CREATE TEMP TABLE scratch(x int)",
    ]
    with psycopg.connect(shop.dsn(agent.user, "apw1"), autocommit=True) as conn:
        for statement in refused:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement.encode())
    with psycopg.connect(shop.admin, autocommit=True) as conn:
        rows = conn.execute("SELECT id, action FROM quickreply.events").fetchall()
        assert [(str(i), a) for i, a in rows] == [(own, "paste")]
        assert scalar(conn, "SELECT to_regclass('quickreply.mine') IS NULL")


def test_a_trainer_cannot_write_an_event_in_an_agents_name(trainer, agent, shop) -> None:
    with psycopg.connect(shop.dsn(trainer.user, "tpw"), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO quickreply.events(id, kind, at, agent) VALUES (gen_random_uuid(), 'use', now(), %s)",
                [agent.user],
            )
        conn.execute(  # in its own name it may (a trainer also answers customers)
            "INSERT INTO quickreply.events(id, kind, at) VALUES (gen_random_uuid(), 'use', now())"
        )
    assert len(server_ids(shop.admin)) == 1


def test_team_init_locks_the_other_databases_of_the_server(cluster, shop) -> None:
    suffix = secrets.token_hex(3)
    name, other, user = f"locked_{suffix}", f"other_{suffix}", f"a_{suffix}"
    cluster.create_database(other)
    admin = cluster.create_database(name)
    result = server.init(admin, lock_other_databases=True)
    assert {other, "postgres", shop.database} <= set(result.locked_databases)
    server.add_user(admin, user, "agent", "pw")
    psycopg.connect(cluster.dsn(user, "pw", name)).close()
    for database in (other, "postgres", shop.database):
        with pytest.raises(psycopg.OperationalError, match="permission denied for database") as refused:
            psycopg.connect(cluster.dsn(user, "pw", database), connect_timeout=5)
        assert str(server_error(refused.value)).startswith("没有权限")
    # the other team's people keep their own database: CONNECT is granted to its groups by name
    psycopg.connect(shop.dsn(f"a1_{shop.database}", "apw1")).close()
