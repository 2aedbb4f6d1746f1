"""The live link (``quickreply.team.live.Live``) on an agent's library against the real throwaway
PostgreSQL: a publish arrives within seconds and all at once, the server going away and coming
back, and a stop that ends the thread at once whatever it is doing.

The server is stopped and started in one test; the cluster is the session's, and the test starts it
again whatever happens (no other test keeps a connection across tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from psycopg import conninfo as pg_conninfo

from quickreply.core import team_local
from quickreply.team import live, publish, server
from tests import pgcluster

REPO = Path(__file__).parents[2]
Seen = tuple[float, live.LiveState]


class States:
    """What the link told ``on_state``, with when (``time.monotonic``)."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self._lock = threading.Lock()

    def __call__(self, state: live.LiveState) -> None:
        with self._lock:
            self.seen.append((time.monotonic(), state))

    def after(self, since: float) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s[0] >= since]

    def wait_for(
        self, condition: Callable[[live.LiveState], bool], timeout: float, since: float = 0.0
    ) -> Seen | None:
        """The first report at or after ``since`` that meets ``condition`` (waiting for it)."""
        found: list[Seen] = []

        def met() -> bool:
            found[:] = [s for s in self.after(since) if condition(s[1])][:1]
            return bool(found)

        pgcluster.wait_until(met, timeout=timeout, step=0.01)
        return found[0] if found else None


def write_pack(path: Path, bodies: dict[str, str]) -> Path:
    phrases = [
        {"stage": "shipping", "title": t, "code": f"c{i}", "body": b}
        for i, (t, b) in enumerate(bodies.items())
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


def link_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "quickreply-team"]


def stop_promptly(link: live.Live) -> float:
    started = time.monotonic()
    link.stop()
    took = time.monotonic() - started
    assert not link_threads()
    return took


def event_count(admin: str) -> tuple[int, int]:
    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute("SELECT count(*), count(DISTINCT id) FROM quickreply.events").fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


READER = """
import json, sqlite3, sys, time
path, versions = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
old, new = (frozenset(map(tuple, v)) for v in versions)
counts, odd, after_new, deadline = {"old": 0, "new": 0}, [], 0, time.monotonic() + 60
conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
while after_new < 200 and time.monotonic() < deadline:
    rows = frozenset(conn.execute("SELECT title, body FROM phrases WHERE pack_id = 'team.shop'"))
    if rows == old:
        counts["old"] += 1
    elif rows == new:
        counts["new"] += 1
        after_new += 1
    else:
        odd.append(len(rows))
    if counts["old"] == 1 and not counts["new"]:
        print("reading", flush=True)
    time.sleep(0.001)
print(json.dumps({**counts, "odd": odd}), flush=True)
"""

PUBLISHER = """
import sys
from pathlib import Path
from quickreply.core import defaults
from quickreply.team import client, publish
target = defaults.open_library(Path(sys.argv[1]))
team = client.Team.of(target)
publish.publish(team, publish.plan(team, sys.argv[2]))
"""


def python(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, cwd=REPO
    )


def test_a_publish_is_pulled_within_two_seconds_of_its_commit_and_shows_all_at_once(
    trainer, agent, shop, tmp_path
) -> None:
    """The trainer publishes from a process of its own, as from another machine, and the library is
    read from a third one all through the pull: every read sees version 1 or version 2, whole."""
    v1 = {f"标题{i}": f"亲,第 {i} 条回复" for i in range(120)}
    v2 = {t: (f"亲,第 {i} 条新回复" if i < 60 else b) for i, (t, b) in enumerate(v1.items()) if i < 100}
    v2 |= {f"新标题{i}": f"亲,新加的第 {i} 条" for i in range(20)}
    publish.publish(trainer, publish.plan(trainer, write_pack(tmp_path / "v1.json", v1)))
    versions = tmp_path / "versions.json"
    versions.write_text(
        json.dumps([list(v1.items()), list(v2.items())], ensure_ascii=False), encoding="utf-8"
    )

    states = States()
    link = live.Live(agent.store.path, states, max_backoff=0.5)
    link.start()
    try:
        assert states.wait_for(lambda s: s.online and ("shop", 1) in s.pulled, timeout=20)
        listener = psycopg.connect(shop.admin, autocommit=True)
        listener.execute(f"LISTEN {server.CHANNEL}")
        reader = python(READER, str(agent.store.path), str(versions))
        publisher = None
        try:
            assert reader.stdout is not None and reader.stdout.readline().strip() == "reading"
            publisher = python(PUBLISHER, str(trainer.store.path), str(write_pack(tmp_path / "v2.json", v2)))
            committed = [time.monotonic() for _ in listener.notifies(timeout=60, stop_after=1)]
            pulled = states.wait_for(lambda s: ("shop", 2) in s.pulled, timeout=20)
            reads = json.loads(reader.stdout.readline())
            assert publisher.wait(60) == 0
        finally:
            for process in (reader, publisher):
                if process is not None and process.poll() is None:
                    process.kill()
                    process.wait(10)
            listener.close()
        assert committed and pulled
        latency = pulled[0] - committed[0]
        print(f"publish commit -> pulled and reported by Live: {latency:.3f} s; reads: {reads}")
        assert latency < 2.0
        assert not reads["odd"], "reads saw neither version 1 nor version 2 whole"
        assert reads["old"] and reads["new"] == 200
    finally:
        took = stop_promptly(link)
    assert took < 2.0


def test_live_goes_offline_keeps_the_uses_and_drains_them_by_itself_when_the_server_is_back(
    agent, shop
) -> None:
    phrase = next(p.id for p in agent.store.phrases())
    states = States()
    link = live.Live(agent.store.path, states, max_backoff=0.5)
    link.start()
    stopped = False
    try:
        assert states.wait_for(lambda s: s.online, timeout=20)
        used = time.monotonic()
        agent.store.record_use(phrase)
        link.poke()
        assert states.wait_for(lambda s: s.online and s.outbox == 0, timeout=10, since=used)
        assert event_count(shop.admin) == (1, 1)

        down = time.monotonic()
        shop.cluster.stop()
        stopped = True
        offline = states.wait_for(lambda s: not s.online, timeout=10, since=down)
        assert offline, "Live never said the server was gone"
        print(f"server stopped -> Live offline: {offline[0] - down:.3f} s")
        assert offline[0] - down < 5.0
        assert offline[1].error.startswith("连接不到团队服务器") and "\n" not in offline[1].error

        for _ in range(3):
            agent.store.record_use(phrase)
        poked = time.monotonic()
        link.poke()  # retries now, fails: the uses wait
        first = states.wait_for(lambda s: not s.online and s.outbox == 3, timeout=10, since=poked)
        assert first
        assert states.wait_for(lambda s: not s.online, timeout=10, since=first[0] + 0.001)  # poke used up
        assert team_local.count(agent.store.conn) == 3

        shop.cluster.start()
        stopped = False
        up = time.monotonic()
        back = states.wait_for(lambda s: s.online and s.outbox == 0, timeout=15, since=up)  # no poke
        assert back, "Live did not come back by itself"
        print(f"server started -> Live online with the outbox drained: {back[0] - up:.3f} s")
        assert back[0] - up < 5.0
        assert event_count(shop.admin) == (4, 4)
        assert team_local.count(agent.store.conn) == 0
    finally:
        took = stop_promptly(link)
        if stopped:
            shop.cluster.start()
    assert took < 2.0


def test_stop_ends_the_thread_at_once_even_in_a_long_backoff(agent) -> None:
    with agent.store.transaction():  # a server that is not there
        conninfo = str(team_local.get(agent.store.conn, "conninfo"))
        team_local.put(
            agent.store.conn, "conninfo", pg_conninfo.make_conninfo(conninfo, port=pgcluster.free_port())
        )
    states = States()
    link = live.Live(agent.store.path, states, max_backoff=60)
    link.start()
    try:
        last = 0.0
        for tries in range(1, 6):  # backoff 1, 2, 4, 8, 16 s; a poke cuts each short
            report = states.wait_for(lambda s: not s.online, timeout=10, since=last)
            assert report and len(states.after(0)) == tries
            last = report[0] + 1e-6
            if tries < 5:
                link.poke()
        time.sleep(0.2)
        assert len(states.after(0)) == 5  # waiting out the 16 s
    finally:
        took = stop_promptly(link)
    print(f"stop() in a 16 s backoff: {took:.3f} s")
    assert took < 2.0
