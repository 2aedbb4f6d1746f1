"""The team end to end: the agent's real tray app under Xvfb is linked to a real PostgreSQL server;
the trainer publishes, the agent's app pulls the version by itself within seconds, the agent pastes
the new phrase with the hotkey, and the trainer's team view shows that use with its seconds."""

import time

import pytest

from quickreply.team import client, publish, server, stats
from tests.e2e.test_app_e2e import open_and_type
from tests.e2e.xsession import get_clipboard, prepare_library, set_clipboard, start_app, wait_for, xdotool

pytestmark = pytest.mark.e2e
NEW_REPLY = "亲，新款下周一上午十点上架，您可以先收藏店铺，上架后第一时间通知您。"


def write_pack(path):
    import json

    phrases = [{"stage": "stock", "title": "新款上架时间", "code": "sxj", "body": NEW_REPLY}]
    data = {"format": "quickreply-pack", "version": 1, "id": "shop", "name": "店铺话术", "phrases": phrases}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_published_phrase_is_pasted_by_the_agent_and_counted_for_the_trainer(
    session, cluster, tmp_path, start, monkeypatch
):
    admin = cluster.create_database("e2e_shop")
    server.init(admin, lock_other_databases=False)
    server.add_user(admin, "e2e_trainer", "trainer", "tpw")
    server.add_user(admin, "e2e_agent", "agent", "apw")
    from quickreply.core import defaults

    trainer_lib = defaults.open_library(tmp_path / "trainer.db")
    trainer = client.join(trainer_lib, cluster.dsn("e2e_trainer", "tpw", "e2e_shop"))
    prepare_library(tmp_path / "app.db")
    agent_lib = defaults.open_library(tmp_path / "app.db")
    client.join(agent_lib, cluster.dsn("e2e_agent", "apw", "e2e_shop"))
    agent_lib.close()

    out = tmp_path / "target.txt"
    start("target_app.py", str(out), env=session, name="target").wait_line("target ready", timeout=10)
    set_clipboard(session, "BEFORE")
    app = start_app({**session, "QUICKREPLY_NO_KEYRING": "1"}, tmp_path / "app.db", tmp_path / "app.log")
    try:
        wait_for(
            lambda: any("team link online" in line for line in app.lines()), timeout=15, what="team online"
        )
        plan = publish.plan(trainer, write_pack(tmp_path / "shop.qrpack.json"), notes="新款上架话术")
        published = time.monotonic()
        publish.publish(trainer, plan)
        wait_for(
            lambda: any("pulled (('shop', 1),)" in line for line in app.lines()),
            timeout=10,
            what=f"version pulled by the app: {app.lines()[-3:]}",
        )
        pulled_after = time.monotonic() - published
        print(f"pulled by the app {pulled_after:.2f} s after the publish")
        assert pulled_after < 5, f"pulled {pulled_after:.1f} s after the publish"
        open_and_type(session, "sxj")
        xdotool(session, "key", "Return")
        wait_for(
            lambda: out.read_text(encoding="utf-8") == NEW_REPLY,
            timeout=5,
            what=f"reply in the chat window: {out.read_text(encoding='utf-8')!r}",
        )
        wait_for(lambda: get_clipboard(session) == "BEFORE", timeout=5, what="clipboard restored")

        def counted():
            data = stats.team_stats(trainer, 1)
            me = next(a for a in data["agents"] if a["agent"] == "e2e_agent")
            return me if me["uses"] == 1 else None

        wait_for(lambda: counted() is not None, timeout=10, what="the use on the server")
        me = counted()
        assert 0 < me["median_seconds_to_paste"] < 30
        phrase = next(p for p in stats.team_stats(trainer, 1)["phrases"] if p["title"] == "新款上架时间")
        assert (phrase["uses"], phrase["agents"]) == (1, 1)
    finally:
        app.stop()
        trainer_lib.close()
