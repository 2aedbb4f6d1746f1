"""The team on a real PostgreSQL server: set up, join, publish, pull, push, the team view, leave."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from quickreply.core import defaults, team_local
from quickreply.team import client, credentials, publish, server, stats
from quickreply.team.errors import TeamError

DATA = Path(__file__).parents[1] / "data"


def write_pack(path: Path, bodies: dict[str, str], stage: str = "shipping") -> Path:
    phrases = [
        {"stage": stage, "title": t, "code": f"c{i}", "body": b} for i, (t, b) in enumerate(bodies.items())
    ]
    path.write_text(
        json.dumps(
            {"format": "quickreply-pack", "version": 1, "id": "shop", "name": "店铺话术", "phrases": phrases},
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def team_phrases(team: client.Team) -> dict[str, str]:
    return {p.title: p.body for p in team.store.phrases() if p.pack_id == "team.shop"}


def test_init_is_idempotent_and_add_user_refuses_a_taken_name(shop) -> None:
    again = server.init(shop.admin)
    assert not again.created
    with pytest.raises(TeamError, match="已有用户"):
        server.add_user(shop.admin, f"a1_{shop.database}", "agent")
    with pytest.raises(TeamError, match="不可用"):
        server.add_user(shop.admin, "pg_evil", "agent")
    with pytest.raises(TeamError, match="未知的角色"):
        server.add_user(shop.admin, "x", "boss")


def test_generated_password_logs_in(shop) -> None:
    password = server.add_user(shop.admin, f"new_{shop.database}", "agent")
    assert len(password) >= 12
    with psycopg.connect(shop.dsn(f"new_{shop.database}", password)) as conn:
        assert conn.execute("SELECT role FROM quickreply.people").fetchall() == [("agent",)]


def test_join_keeps_no_password_in_the_library_and_a_0600_file_beside_it(shop, tmp_path) -> None:
    target = defaults.open_library(tmp_path / "lib.db")
    team = client.join(target, shop.dsn(f"a1_{shop.database}", "apw1"))
    assert team.role == "agent"
    target.close()
    assert b"apw1" not in (tmp_path / "lib.db").read_bytes()
    target = defaults.open_library(tmp_path / "lib.db")
    secret = tmp_path / ("lib.db" + credentials.SUFFIX)
    assert secret.read_text() == "apw1"
    assert secret.stat().st_mode & 0o777 == 0o600
    again = client.Team.of(target)
    assert again is not None and again.password == "apw1" and again.role == "agent"
    target.close()


def test_join_refuses_a_wrong_password_a_missing_password_and_a_stranger(shop, tmp_path) -> None:
    target = defaults.open_library(tmp_path / "lib.db")
    with pytest.raises(TeamError, match="用户名或密码不对"):
        client.join(target, shop.dsn(f"a1_{shop.database}", "wrong"))
    with pytest.raises(TeamError, match="用户名和密码"):
        client.join(target, f"postgresql://a1_{shop.database}@127.0.0.1:{shop.cluster.port}/{shop.database}")
    with psycopg.connect(shop.admin, autocommit=True) as conn:  # a login that is no team member
        conn.execute("CREATE ROLE stranger LOGIN PASSWORD 'spw'")
        conn.execute(f'GRANT CONNECT ON DATABASE "{shop.database}" TO stranger')
    with pytest.raises(TeamError):
        client.join(target, shop.dsn("stranger", "spw"))
    assert client.Team.of(target) is None
    target.close()


def test_publish_reaches_the_agent_read_only_and_a_new_version_updates_in_place(
    trainer, agent, tmp_path
) -> None:
    first = write_pack(
        tmp_path / "v1.qrpack.json", {"发货时间": "亲,下午四点前付款当天发出", "快递": "默认发韵达"}
    )
    plan = publish.plan(trainer, first, notes="第一版")
    assert (plan.version, sorted(plan.added), plan.changed, plan.removed) == (1, ["发货时间", "快递"], [], [])
    assert publish.publish(trainer, plan) == 1
    assert agent.sync().pulled == [("shop", 1)]
    assert team_phrases(agent) == {"发货时间": "亲,下午四点前付款当天发出", "快递": "默认发韵达"}
    assert agent.store.pack("team.shop").read_only
    old_id = next(p.id for p in agent.store.phrases() if p.title == "发货时间")
    agent.store.record_use(old_id, seconds=3.5)

    second = write_pack(
        tmp_path / "v2.qrpack.json", {"发货时间": "亲,下午五点前付款当天发出", "退货": "七天无理由"}
    )
    plan = publish.plan(trainer, second, notes="改了发货时间")
    assert (plan.version, plan.added, plan.changed, plan.removed) == (2, ["退货"], ["发货时间"], ["快递"])
    publish.publish(trainer, plan)
    result = agent.sync()
    assert result.pulled == [("shop", 2)] and result.pushed == 1
    assert team_phrases(agent) == {"发货时间": "亲,下午五点前付款当天发出", "退货": "七天无理由"}
    assert next(p.id for p in agent.store.phrases() if p.title == "发货时间") == old_id  # id and usage kept
    assert agent.sync().pulled == []


def test_the_team_view_counts_uses_drafts_and_new_wording(trainer, agent, shop, tmp_path) -> None:
    publish.publish(
        trainer, publish.plan(trainer, write_pack(tmp_path / "v1.json", {"甲": "亲,甲", "乙": "亲,乙"}))
    )
    agent.sync()
    ids = {p.title: p.id for p in agent.store.phrases() if p.pack_id == "team.shop"}
    for seconds in (2.0, 4.0, 9.0):
        agent.store.record_use(ids["甲"], seconds=seconds)
    agent.store.record_draft_check({"svc.sorry": 2, "svc.bu": 1})
    agent.store.record_draft_check({})
    publish.publish(
        trainer, publish.plan(trainer, write_pack(tmp_path / "v2.json", {"甲": "亲,甲", "乙": "亲,新乙"}))
    )
    agent.sync()
    agent.store.record_use(next(p.id for p in agent.store.phrases() if p.title == "乙"), seconds=1.0)
    agent.sync()
    data = stats.team_stats(trainer, 30)
    me = next(a for a in data["agents"] if a["agent"] == agent.user)
    assert (me["uses"], me["drafts_checked"], me["violations"]) == (4, 2, 3)
    assert me["violations_by_rule"] == {"svc.sorry": 2, "svc.bu": 1}
    assert me["median_seconds_to_paste"] == 3.0
    phrases = {p["title"]: p for p in data["phrases"]}
    assert phrases["乙"]["uses"] == 1 and phrases["乙"]["agents"] == 1
    assert "甲" not in {p["title"] for p in data["never_used"]}  # used in version 1: the phrase counts
    v2 = next(v for v in data["versions"] if v["version"] == 2)
    assert (v2["changed"], v2["uses"], v2["changed_uses"], v2["changed_agents"]) == (1, 1, 1, 1)
    quiet = next(a for a in data["agents"] if a["agent"] == f"a2_{shop.database}")
    assert quiet["uses"] == 0 and quiet["median_seconds_to_paste"] is None


def test_queries_leave_the_machine_only_when_the_agent_allows(trainer, agent, tmp_path) -> None:
    publish.publish(trainer, publish.plan(trainer, write_pack(tmp_path / "v1.json", {"甲": "亲,甲"})))
    agent.sync()
    phrase = next(p.id for p in agent.store.phrases() if p.pack_id == "team.shop")
    agent.store.record_use(phrase, query="什么时候发货")
    agent.store.set_setting(team_local.SHARE_QUERIES, True)
    agent.store.record_use(phrase, query="发货")
    agent.sync()
    with trainer.connect() as conn:
        queries = sorted(str(q) for (q,) in conn.execute("SELECT query FROM quickreply.events"))
    assert queries == ["None", "发货"]


def test_the_server_refuses_what_an_agent_may_not_do(trainer, agent, shop, tmp_path) -> None:
    pack = write_pack(tmp_path / "v1.json", {"甲": "亲,甲"})
    with pytest.raises(TeamError, match="只有培训师可以发布"):
        publish.publish(agent, publish.plan(trainer, pack))
    with pytest.raises(TeamError, match="只有培训师可以发布"):
        publish.plan(agent, pack)
    with pytest.raises(TeamError, match="只有培训师可以查看"):
        stats.team_stats(agent)
    with psycopg.connect(shop.dsn(agent.user, "apw1")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                "INSERT INTO quickreply.events(id, kind, at, agent) VALUES (gen_random_uuid(), 'use', now(), %s)",
                [trainer.user],
            )
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT query FROM quickreply.events")
        conn.rollback()
        assert conn.execute("SELECT name FROM quickreply.people").fetchall() == [(agent.user,)]


def test_published_versions_are_immutable_even_for_the_trainer(trainer, shop, tmp_path) -> None:
    publish.publish(trainer, publish.plan(trainer, write_pack(tmp_path / "v1.json", {"甲": "亲,甲"})))
    with psycopg.connect(shop.dsn(trainer.user, "tpw")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE quickreply.versions SET notes = 'x'")
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM quickreply.version_phrases")
    with psycopg.connect(shop.admin) as conn:  # not even the owner
        with pytest.raises(psycopg.errors.RaiseException, match="immutable"):
            conn.execute("UPDATE quickreply.versions SET notes = 'x'")


def test_a_stale_preview_is_refused(trainer, tmp_path) -> None:
    pack = write_pack(tmp_path / "v1.json", {"甲": "亲,甲"})
    stale = publish.plan(trainer, pack)
    publish.publish(trainer, publish.plan(trainer, pack))
    with pytest.raises(TeamError, match="重新预览"):
        publish.publish(trainer, stale)


def test_leave_drops_the_link_and_keeps_the_pulled_phrases(trainer, agent, tmp_path) -> None:
    publish.publish(trainer, publish.plan(trainer, write_pack(tmp_path / "v1.json", {"甲": "亲,甲"})))
    agent.sync()
    client.leave(agent.store)
    assert client.Team.of(agent.store) is None
    assert team_phrases(agent) == {"甲": "亲,甲"}
    assert not (Path(str(agent.store.path) + credentials.SUFFIX)).exists()
    phrase = next(p.id for p in agent.store.phrases() if p.pack_id == "team.shop")
    agent.store.record_use(phrase)
    assert team_local.count(agent.store.conn) == 0  # no longer in a team: nothing queued


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QUICKREPLY_NO_KEYRING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "quickreply", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_command_line_from_init_to_stats(cluster, tmp_path) -> None:
    admin = cluster.create_database("cli_shop")
    assert run_cli("team", "init", admin, db=tmp_path / "x.db").returncode == 0
    added = run_cli("team", "add-user", admin, "培训师甲", "--role", "trainer", db=tmp_path / "x.db")
    assert added.returncode == 0, added.stderr
    trainer_pw = added.stdout.split("密码:")[1].strip()
    assert (
        run_cli(
            "team", "add-user", admin, "小王", "--role", "agent", "--password", "pw", db=tmp_path / "x.db"
        ).returncode
        == 0
    )
    t, a = tmp_path / "t.db", tmp_path / "a.db"
    assert run_cli("team", "join", cluster.dsn("培训师甲", trainer_pw, "cli_shop"), db=t).returncode == 0
    joined = run_cli("team", "join", cluster.dsn("小王", "pw", "cli_shop"), db=a)
    assert "客服 小王" in joined.stdout
    dry = run_cli("team", "publish", str(DATA / "FastWord.csv"), "--pack", "shop", "--dry-run", db=t)
    assert dry.returncode == 0 and "将发布为短语包 shop 第 1 版" in dry.stdout
    done = run_cli(
        "team", "publish", str(DATA / "FastWord.csv"), "--pack", "shop", "--notes", "首版", "--json", db=t
    )
    assert json.loads(done.stdout)["published"] == 1
    refused = run_cli("team", "publish", str(DATA / "FastWord.csv"), "--pack", "shop", db=a)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1 and "没有权限" in refused.stderr
    synced = run_cli("team", "sync", "--json", db=a)
    assert json.loads(synced.stdout)["pulled"] == [{"pack": "shop", "version": 1}]
    status = json.loads(run_cli("team", "status", "--json", db=a).stdout)
    assert status["role"] == "agent" and status["online"] and status["packs"][0]["local_version"] == 1
    assert run_cli("team", "stats", db=a).returncode == 1
    assert set(json.loads(run_cli("team", "stats", "--json", db=t).stdout)) >= {
        "agents",
        "phrases",
        "never_used",
    }
    no_team = run_cli("team", "status", db=tmp_path / "solo.db")
    assert no_team.returncode == 1 and "还没有加入团队" in no_team.stderr
    assert run_cli("team", "leave", db=a).returncode == 0


def test_the_shop_profile_fills_what_the_agent_did_not_set(trainer, agent) -> None:
    agent.store.set_setting("profile", {"工号": "07", "默认快递": "顺丰"})
    trainer.set_profile({"店铺名": "小桃家居", "默认快递": "韵达", "工号": ""}, [])
    agent.sync()
    assert agent.store.get_setting("profile") == {"工号": "07", "默认快递": "顺丰", "店铺名": "小桃家居"}
    trainer.set_profile({"店铺名": "小桃家居旗舰店"}, ["默认快递"])
    agent.sync()
    assert agent.store.get_setting("profile")["店铺名"] == "小桃家居旗舰店"  # still the shop's: follows it
    agent.store.set_setting("profile", {**agent.store.get_setting("profile"), "店铺名": "我的叫法"})
    trainer.set_profile({"店铺名": "第三个名字"}, [])
    agent.sync()
    assert agent.store.get_setting("profile")["店铺名"] == "我的叫法"  # the agent's own choice stays
    with pytest.raises(TeamError, match="只有培训师可以修改店铺资料"):
        agent.set_profile({"店铺名": "x"}, [])
    assert agent.shop_profile()["店铺名"] == "第三个名字"
