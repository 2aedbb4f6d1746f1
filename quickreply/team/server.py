"""The shop's team server on PostgreSQL: the schema, its two group roles and the people in them.

Rights live in the server, not in the client: an agent's login can read published pack versions and
insert events in its own name, and nothing else; a trainer's can also publish and read every
event. Grants decide what each role may touch at all (an agent publishing gets "permission denied"
from the server), row-level security decides which rows (nobody writes an event in another's name,
agents read no event). Published versions are immutable: no grant allows UPDATE or DELETE and a
trigger refuses them even to the owner. A commit of a new version notifies ``CHANNEL``; PostgreSQL
delivers it only after the commit, so a listener never sees half a version.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import psycopg
from psycopg import sql

from quickreply.team.errors import TeamError, server_error

SCHEMA = "quickreply"
SCHEMA_VERSION = 1
CHANNEL = "quickreply_versions"
ROLES = ("trainer", "agent")
MAX_NAME_BYTES = 63  # PostgreSQL's identifier limit

# The schema. {t} and {a} are the trainer and agent group roles.
DDL = """
CREATE SCHEMA quickreply;
CREATE TABLE quickreply.meta(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE quickreply.people(
    name text PRIMARY KEY, role text NOT NULL CHECK (role IN ('trainer', 'agent')),
    added_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE quickreply.packs(
    id text PRIMARY KEY, name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(), created_by text NOT NULL DEFAULT current_user);
CREATE TABLE quickreply.versions(
    pack_id text NOT NULL REFERENCES quickreply.packs(id),
    version integer NOT NULL CHECK (version > 0),
    sha256 text NOT NULL,
    author text NOT NULL DEFAULT current_user,
    published_at timestamptz NOT NULL DEFAULT now(),
    notes text NOT NULL DEFAULT '',
    phrase_count integer NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (pack_id, version));
CREATE TABLE quickreply.version_phrases(
    pack_id text NOT NULL, version integer NOT NULL, position integer NOT NULL,
    stage text NOT NULL, code text NOT NULL, title text NOT NULL, body_sha text NOT NULL,
    changed boolean NOT NULL,
    PRIMARY KEY (pack_id, version, position),
    FOREIGN KEY (pack_id, version) REFERENCES quickreply.versions(pack_id, version));
CREATE TABLE quickreply.profile(key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE quickreply.events(
    id uuid PRIMARY KEY,
    agent text NOT NULL DEFAULT current_user,
    kind text NOT NULL CHECK (kind IN ('use', 'draft')),
    at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    pack_id text, pack_version integer, stage text, code text, title text,
    action text, query text, seconds_to_paste real,
    findings jsonb NOT NULL DEFAULT '{{}}'::jsonb);
CREATE INDEX events_at ON quickreply.events(at);
CREATE INDEX events_phrase ON quickreply.events(pack_id, code, title);

CREATE FUNCTION quickreply.immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'published versions are immutable'; END $$;
CREATE TRIGGER versions_immutable BEFORE UPDATE OR DELETE ON quickreply.versions
    FOR EACH ROW EXECUTE FUNCTION quickreply.immutable();
CREATE TRIGGER version_phrases_immutable BEFORE UPDATE OR DELETE ON quickreply.version_phrases
    FOR EACH ROW EXECUTE FUNCTION quickreply.immutable();
CREATE FUNCTION quickreply.announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('quickreply_versions', json_build_object(
        'pack', NEW.pack_id, 'version', NEW.version, 'sha256', NEW.sha256)::text);
    RETURN NEW;
END $$;
CREATE TRIGGER versions_announce AFTER INSERT ON quickreply.versions
    FOR EACH ROW EXECUTE FUNCTION quickreply.announce();
CREATE FUNCTION quickreply.announce_profile() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_notify('quickreply_versions', '{{"profile": true}}'); RETURN NULL; END $$;
CREATE TRIGGER profile_announce AFTER INSERT OR UPDATE OR DELETE ON quickreply.profile
    FOR EACH STATEMENT EXECUTE FUNCTION quickreply.announce_profile();

ALTER TABLE quickreply.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE quickreply.people ENABLE ROW LEVEL SECURITY;
ALTER TABLE quickreply.versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_own ON quickreply.events FOR INSERT TO {a}, {t} WITH CHECK (agent = current_user);
CREATE POLICY events_trainer ON quickreply.events FOR SELECT TO {t} USING (true);
CREATE POLICY people_self ON quickreply.people FOR SELECT TO {a} USING (name = current_user);
CREATE POLICY people_trainer ON quickreply.people FOR SELECT TO {t} USING (true);
CREATE POLICY versions_read ON quickreply.versions FOR SELECT TO {a}, {t} USING (true);
CREATE POLICY versions_author ON quickreply.versions FOR INSERT TO {t} WITH CHECK (author = current_user);

REVOKE ALL ON SCHEMA quickreply FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA quickreply FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA quickreply FROM PUBLIC;
GRANT USAGE ON SCHEMA quickreply TO {a}, {t};
GRANT SELECT ON quickreply.meta, quickreply.packs, quickreply.versions, quickreply.profile,
    quickreply.people TO {a}, {t};
GRANT INSERT (id, kind, at, pack_id, pack_version, stage, code, title, action, query, seconds_to_paste,
    findings, agent) ON quickreply.events TO {a}, {t};
GRANT SELECT ON quickreply.events, quickreply.version_phrases TO {t};
GRANT INSERT ON quickreply.packs, quickreply.versions, quickreply.version_phrases TO {t};
GRANT INSERT, UPDATE, DELETE ON quickreply.profile TO {t};
"""


def group_role(database: str, role: str) -> str:
    """The group role of ``role`` for the team in ``database`` (role names are server-wide)."""
    return f"quickreply_{database}_{role}"[:MAX_NAME_BYTES]


@dataclass(frozen=True)
class InitResult:
    database: str
    created: bool  # False: the schema was already there
    locked_databases: tuple[str, ...]  # other databases the team's people can no longer connect to


def connect_admin(dsn: str) -> psycopg.Connection:
    try:
        return psycopg.connect(dsn, autocommit=False, connect_timeout=10)
    except psycopg.Error as exc:
        raise server_error(exc) from exc


def init(admin_dsn: str, lock_other_databases: bool = True) -> InitResult:
    """Create the schema and the group roles in the DSN's database, all or nothing.

    ``lock_other_databases`` takes CONNECT on the server's other databases away from PUBLIC (the
    default every new login inherits), so a quickreply login reaches only the team's database.
    """
    with connect_admin(admin_dsn) as conn:
        database = str(conn.info.dbname)
        trainer, agent = (group_role(database, r) for r in ROLES)
        try:
            exists = (
                conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [SCHEMA]).fetchone() is not None
            )
            if exists:
                version = conn.execute("SELECT value FROM quickreply.meta WHERE key = 'schema'").fetchone()
                if version is None:
                    raise TeamError(
                        f"数据库 {database} 里已有名为 {SCHEMA} 的模式,但它不是 quickreply 的团队数据"
                    )
                conn.rollback()
                return InitResult(database, False, ())
            for role in (trainer, agent):
                if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is None:
                    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
            ddl = DDL.format(t=_quoted(trainer), a=_quoted(agent))
            conn.execute(ddl.encode())
            conn.execute(
                "INSERT INTO quickreply.meta(key, value) VALUES ('schema', %s)", [str(SCHEMA_VERSION)]
            )
            db = sql.Identifier(database)
            conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(db))
            conn.execute(
                sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
                    db, sql.Identifier(trainer), sql.Identifier(agent)
                )
            )
            locked = _lock_other_databases(conn, database) if lock_other_databases else ()
            conn.commit()
        except psycopg.Error as exc:
            conn.rollback()
            raise server_error(exc) from exc
    return InitResult(database, True, locked)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lock_other_databases(conn: psycopg.Connection, team_database: str) -> tuple[str, ...]:
    """REVOKE CONNECT FROM PUBLIC on every other database this login may change (it owns them or is
    a superuser); templates keep theirs (template0 takes no connections, template1 holds nothing)."""
    rows = conn.execute(
        "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate AND datname <> %s"
        " AND (pg_has_role(current_user, datdba, 'USAGE')"
        "      OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)) ORDER BY datname",
        [team_database],
    ).fetchall()
    for (name,) in rows:
        conn.execute(sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(sql.Identifier(name)))
    return tuple(str(name) for (name,) in rows)


def check_name(name: str) -> str:
    """A person's login name as given, or TeamError saying why it cannot be one."""
    name = name.strip()
    if not name:
        raise TeamError("用户名不能为空")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise TeamError(f"用户名太长(最多 {MAX_NAME_BYTES} 字节,一个汉字占 3 字节)")
    if name.lower().startswith(("pg_", "quickreply_")) or any(c in name for c in "\"'\\@:/ \t\r\n\0"):
        raise TeamError(f"用户名 {name} 不可用:不能以 pg_ 或 quickreply_ 开头,不能含空格、引号、@ : /")
    return name


def add_user(admin_dsn: str, name: str, role: str, password: str | None = None) -> str:
    """Create a login for ``name`` in the team's trainer or agent group; returns its password
    (generated when none is given)."""
    name = check_name(name)
    if role not in ROLES:
        raise TeamError(f"未知的角色 {role}(可用 trainer 培训师、agent 客服)")
    password = password or secrets.token_urlsafe(12)
    with connect_admin(admin_dsn) as conn:
        try:
            database = str(conn.info.dbname)
            if conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [SCHEMA]).fetchone() is None:
                raise TeamError(f"数据库 {database} 还没有团队数据:先运行 quickreply team init")
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone() is not None:
                raise TeamError(f"服务器上已有用户 {name}")
            conn.execute(
                sql.SQL(
                    "CREATE ROLE {} LOGIN PASSWORD {} NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE {}"
                ).format(
                    sql.Identifier(name), sql.Literal(password), sql.Identifier(group_role(database, role))
                )
            )
            conn.execute("INSERT INTO quickreply.people(name, role) VALUES (%s, %s)", [name, role])
            conn.commit()
        except psycopg.Error as exc:
            conn.rollback()
            raise server_error(exc) from exc
    return password
