"""One library's link to its team server: join and leave, pull published versions, push the outbox.

A pull applies a new version to the local copy the way a newer default library is applied (matched
phrases keep their id and usage, in one transaction): the popup sees the old version or the new
one, never half. A push sends the outbox in batches, each committed on the server before the
local rows go, with ``ON CONFLICT DO NOTHING`` on the event's unique id.
"""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

import psycopg
from psycopg import conninfo as pg_conninfo

from quickreply.core import lint, store, team_local
from quickreply.core.packs import PackError, merge, reader
from quickreply.team import credentials
from quickreply.team.errors import Offline, TeamError, server_error

PUSH_BATCH = 500
CONNECT_TIMEOUT = 5
ROLE_NAMES = {"trainer": "培训师", "agent": "客服"}


@dataclasses.dataclass(frozen=True)
class PackState:
    pack: str
    name: str
    version: int
    published_at: str
    local_version: int | None


@dataclasses.dataclass(frozen=True)
class TeamStatus:
    server: str
    user: str
    role: str
    online: bool
    error: str
    packs: list[PackState]
    outbox: int
    last_sync: str | None


@dataclasses.dataclass(frozen=True)
class SyncResult:
    pulled: list[tuple[str, int]]
    pushed: int


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _label(info: dict[str, Any]) -> str:
    return f"{info.get('host', 'localhost')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


def join(target: store.PhraseStore, dsn: str) -> Team:
    """Link the library to the server in ``dsn`` (which holds user and password); checks the login
    and the person's role on the server first, then keeps the link and pulls the shop's packs."""
    try:
        info = pg_conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as exc:
        raise TeamError(f"服务器地址格式不对:{exc}") from exc
    user, password = str(info.get("user") or ""), info.pop("password", None)
    if not user or not password:
        raise TeamError("服务器地址里要有用户名和密码,例如 postgresql://小王:密码@192.168.1.10:5432/shop")
    conninfo = pg_conninfo.make_conninfo("", **info)
    team = Team(target, conninfo, user, str(password))
    try:
        with team.connect() as conn:
            row = conn.execute("SELECT role FROM quickreply.people WHERE name = current_user").fetchone()
    except psycopg.errors.InsufficientPrivilege:
        row = None  # a login of the server that is in neither of the team's groups
    except psycopg.Error as exc:
        raise server_error(exc) from exc
    if row is None:
        raise TeamError(f"{user} 能登录服务器,但不是这个团队的成员:请培训师用 quickreply team add-user 添加")
    where = credentials.store(target.path, team.account, str(password))
    with target.transaction():
        team_local.put(target.conn, "conninfo", conninfo)
        team_local.put(target.conn, "user", user)
        team_local.put(target.conn, "role", str(row[0]))
        team_local.put(target.conn, "server", _label(info))
        team_local.put(target.conn, "secret", where)
    team.role = str(row[0])
    return team


def leave(target: store.PhraseStore) -> int:
    """Unlink the library; the pulled packs stay as local copies. Returns unsent events dropped."""
    team = Team.of(target)
    with target.transaction():
        unsent = team_local.forget(target.conn)
    if team is not None:
        credentials.forget(target.path, team.account)
    return unsent


class Team:
    """A joined library's team link (``Team.of(store)``; None when the library is not in a team)."""

    def __init__(self, target: store.PhraseStore, conninfo: str, user: str, password: str | None) -> None:
        self.store = target
        self.conninfo = conninfo
        self.user = user
        self.password = password
        self.role = ""
        self.linter: lint.Linter | None = (
            None  # the shop's rules for a publish's preview (default rules if None)
        )
        info = pg_conninfo.conninfo_to_dict(conninfo)
        self.server = _label(info)
        self.account = f"{user}@{self.server}"

    @classmethod
    def of(cls, target: store.PhraseStore) -> Team | None:
        conninfo = team_local.get(target.conn, "conninfo")
        if not conninfo:
            return None
        user = str(team_local.get(target.conn, "user", ""))
        team = cls(target, str(conninfo), user, None)
        team.password = credentials.load(target.path, team.account)
        team.role = str(team_local.get(target.conn, "role", ""))
        return team

    def connect(self, autocommit: bool = True) -> psycopg.Connection:
        """A connection as this library's user; Offline when the server is out of reach. TCP
        keepalives notice a server gone without a word (a pulled cable) within about 20 s."""
        try:
            return psycopg.connect(
                self.conninfo,
                password=self.password,
                connect_timeout=CONNECT_TIMEOUT,
                application_name="quickreply",
                autocommit=autocommit,
                keepalives=1,
                keepalives_idle=10,
                keepalives_interval=3,
                keepalives_count=3,
            )
        except psycopg.Error as exc:
            raise server_error(exc) from exc

    # -- pull -------------------------------------------------------------------------------------

    def server_versions(self, conn: psycopg.Connection) -> list[dict[str, Any]]:
        """The newest version of every pack on the server."""
        rows = conn.execute(
            "SELECT DISTINCT ON (v.pack_id) v.pack_id, k.name, v.version, v.sha256, v.published_at"
            " FROM quickreply.versions v JOIN quickreply.packs k ON k.id = v.pack_id"
            " ORDER BY v.pack_id, v.version DESC"
        ).fetchall()
        return [
            {
                "pack": p,
                "name": n,
                "version": int(v),
                "sha256": s,
                "published_at": t.isoformat(timespec="seconds"),
            }
            for p, n, v, s, t in rows
        ]

    def local_versions(self) -> dict[str, int]:
        return {k: int(v) for k, v in (team_local.get(self.store.conn, "versions", {}) or {}).items()}

    def pull(self, conn: psycopg.Connection) -> list[tuple[str, int]]:
        """Apply every pack version newer than the local copy and the shop profile; returns (pack,
        version) pulled. ``conn`` is in autocommit: nothing is held on the server while the local
        copy is written."""
        self.pull_profile(conn)
        have = self.local_versions()
        pulled = []
        for latest in self.server_versions(conn):
            if have.get(latest["pack"], 0) >= latest["version"]:
                continue
            row = conn.execute(
                "SELECT content, sha256 FROM quickreply.versions WHERE pack_id = %s AND version = %s",
                [latest["pack"], latest["version"]],
            ).fetchone()
            if row is None:
                continue
            raw = gzip.decompress(row[0])
            if hashlib.sha256(raw).hexdigest() != row[1]:
                raise TeamError(f"短语包 {latest['pack']} 第 {latest['version']} 版的内容与校验值不符,未更新")
            self.apply(latest["pack"], latest["version"], raw)
            pulled.append((latest["pack"], latest["version"]))
        return pulled

    def apply(self, pack: str, version: int, raw: bytes) -> None:
        """Write one pulled version into the local library (one transaction), then remember it."""
        with tempfile.TemporaryDirectory(prefix="qr-team-") as folder:
            path = Path(folder) / f"{pack}.qrpack.json"
            path.write_bytes(raw)
            try:
                incoming = reader.read(path)
            except PackError as exc:
                raise TeamError(f"短语包 {pack} 第 {version} 版无法读取:{exc}") from exc
        incoming.info.read_only = True
        plan = merge.preview(
            self.store, incoming, lint.Linter.default(), pack_id=team_local.team_pack_id(pack)
        )
        merge.apply(self.store, plan, backup=False)
        with self.store.transaction():
            versions = team_local.get(self.store.conn, "versions", {}) or {}
            versions[pack] = version
            team_local.put(self.store.conn, "versions", versions)

    def pull_profile(self, conn: psycopg.Connection) -> bool:
        """The shop's profile defaults ({店铺名}, {包邮门槛} …) fill the agent's profile: a value the
        agent never set, or still holds as the shop last said it, follows the shop; one the agent
        changed stays. True when the local profile changed."""
        shop = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM quickreply.profile")}
        before = team_local.get(self.store.conn, "profile", {}) or {}
        if shop == before:
            return False
        local = dict(self.store.get_setting("profile", {}) or {})
        merged = dict(local)
        for key, value in shop.items():
            if not local.get(key) or local.get(key) == before.get(key):
                merged[key] = value
        for key, value in before.items():
            if key not in shop and local.get(key) == value:
                merged.pop(key, None)
        with self.store.transaction():
            if merged != local:
                self.store.set_setting("profile", merged)
            team_local.put(self.store.conn, "profile", shop)
        return merged != local

    def shop_profile(self) -> dict[str, str]:
        """The shop's profile defaults as the server has them."""
        try:
            with self.connect() as conn:
                rows = conn.execute("SELECT key, value FROM quickreply.profile ORDER BY key").fetchall()
        except psycopg.Error as exc:
            raise server_error(exc) from exc
        return {str(k): str(v) for k, v in rows}

    def set_profile(self, values: dict[str, str], unset: list[str]) -> dict[str, str]:
        """Trainer: change the shop's profile defaults in one transaction; returns the whole profile."""
        try:
            with self.connect(autocommit=False) as conn:
                for key, value in values.items():
                    conn.execute(
                        "INSERT INTO quickreply.profile(key, value) VALUES (%s, %s)"
                        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        [key, value],
                    )
                for key in unset:
                    conn.execute("DELETE FROM quickreply.profile WHERE key = %s", [key])
                rows = conn.execute("SELECT key, value FROM quickreply.profile ORDER BY key").fetchall()
            with self.connect() as conn:
                self.pull_profile(conn)  # the trainer's own library follows at once
        except psycopg.errors.InsufficientPrivilege as exc:
            refused = str(exc).splitlines()[0]
            raise TeamError(f"没有权限:只有培训师可以修改店铺资料(服务器拒绝:{refused})") from exc
        except psycopg.Error as exc:
            raise server_error(exc) from exc
        return {str(k): str(v) for k, v in rows}

    def plan_publish(self, path: str, notes: str = "") -> Any:
        """What publishing ``path`` would do (``publish.plan``); the team dialog's preview."""
        from quickreply.team import publish

        return publish.plan(self, path, notes, linter=self.linter)

    def publish(self, plan: Any) -> int:
        """Publish a previewed plan (``publish.publish``); returns the new version number."""
        from quickreply.team import publish

        return publish.publish(self, plan)

    # -- push -------------------------------------------------------------------------------------

    def push(self, conn: psycopg.Connection) -> int:
        """Send the outbox; returns how many events the server now holds that it did not before."""
        sent = 0
        while True:
            batch = team_local.pending(self.store.conn, PUSH_BATCH)
            if not batch:
                return sent
            with conn.transaction(), conn.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO quickreply.events(id, kind, at, pack_id, pack_version, stage, code, title,"
                    " action, query, seconds_to_paste, findings) VALUES"
                    " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
                    [_event_row(event) for event in batch],
                )
                stored = cursor.rowcount  # summed over the batch; a resent event counts 0
            # committed on the server first: a crash before the local delete only resends
            with self.store.transaction():
                team_local.drop(self.store.conn, [event[0] for event in batch])
            sent += max(stored, 0)

    # -- both -------------------------------------------------------------------------------------

    def sync(self, conn: psycopg.Connection | None = None) -> SyncResult:
        """Pull new versions, push the outbox (on ``conn``, or a connection of its own); Offline
        when the server is out of reach."""
        try:
            if conn is None:
                with self.connect() as own:
                    return self.sync(own)
            pulled = self.pull(conn)
            pushed = self.push(conn)
        except psycopg.Error as exc:
            raise server_error(exc) from exc
        with self.store.transaction():
            team_local.put(self.store.conn, "last_sync", _now())
        return SyncResult(pulled, pushed)

    def status(self) -> TeamStatus:
        """What the link looks like now; asks the server, and says so when it cannot."""
        have = self.local_versions()
        error, online, packs = "", True, []
        try:
            with self.connect() as conn:
                for v in self.server_versions(conn):
                    local = have.get(v["pack"])
                    packs.append(PackState(v["pack"], v["name"], v["version"], v["published_at"], local))
        except (TeamError, psycopg.Error) as exc:
            online, error = False, str(exc if isinstance(exc, TeamError) else server_error(exc))
            packs = [PackState(p, p, v, "", v) for p, v in sorted(have.items())]
        return TeamStatus(
            server=self.server,
            user=self.user,
            role=self.role,
            online=online,
            error=error,
            packs=packs,
            outbox=team_local.count(self.store.conn),
            last_sync=team_local.get(self.store.conn, "last_sync"),
        )


def _event_row(event: tuple[str, str, str, dict[str, Any]]) -> list[Any]:
    event_id, kind, at, p = event
    findings = json.dumps(p.get("findings") or {}, ensure_ascii=False)
    return [
        event_id, kind, at, p.get("pack_id"), p.get("pack_version"), p.get("stage"), p.get("code"),
        p.get("title"), p.get("action"), p.get("query"), p.get("seconds_to_paste"), findings,
    ]  # fmt: skip


__all__ = ["Offline", "PackState", "SyncResult", "Team", "TeamError", "TeamStatus", "join", "leave"]
