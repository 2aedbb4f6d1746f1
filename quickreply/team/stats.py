"""The trainer's team view, asked of the server: per agent, per phrase, per published version.

Every figure is one SQL query over the events the server holds; the server's row-level security
decides who may run them (an agent's login gets "permission denied for table events").
A phrase is matched across events and versions by pack, stage, code and title.
"""

from __future__ import annotations

import datetime
from typing import Any

import psycopg

from quickreply.team.client import Team
from quickreply.team.errors import TeamError, server_error

# The shop's training documents' yardstick: a first reply within 10 s; an average response time
# of 30 s or less scores full marks, about 40 s is normal (skilled agents 20-30 s).
KPI = {"first_reply_seconds": 10, "average_seconds_full_score": 30, "average_seconds_normal": 40}

CURRENT = (
    "SELECT vp.* FROM quickreply.version_phrases vp JOIN ("
    " SELECT pack_id, MAX(version) AS version FROM quickreply.versions GROUP BY pack_id"
    ") cur USING (pack_id, version)"
)

AGENTS = """
WITH names AS (
    SELECT name FROM quickreply.people
    UNION SELECT DISTINCT agent FROM quickreply.events WHERE at >= %(since)s
)
SELECT n.name,
       COUNT(e.id) FILTER (WHERE e.kind = 'use'),
       COUNT(e.id) FILTER (WHERE e.kind = 'draft'),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY e.seconds_to_paste) FILTER (WHERE e.kind = 'use'),
       MIN(e.at) FILTER (WHERE e.kind = 'use'), MAX(e.at) FILTER (WHERE e.kind = 'use'),
       COALESCE(MAX(p.role), '')
FROM names n
LEFT JOIN quickreply.events e ON e.agent = n.name AND e.at >= %(since)s
LEFT JOIN quickreply.people p ON p.name = n.name
GROUP BY n.name ORDER BY n.name
"""

VIOLATIONS = """
SELECT e.agent, f.key, SUM(f.value::int)
FROM quickreply.events e, jsonb_each_text(e.findings) f
WHERE e.kind = 'draft' AND e.at >= %(since)s
GROUP BY e.agent, f.key
"""

PHRASES = f"""
SELECT c.pack_id, c.stage, c.code, c.title, c.version,
       COUNT(e.id), COUNT(DISTINCT e.agent), MAX(e.at)
FROM ({CURRENT}) c
LEFT JOIN quickreply.events e ON e.kind = 'use' AND e.at >= %(since)s AND e.pack_id = c.pack_id
     AND e.stage = c.stage AND e.code = c.code AND e.title = c.title
GROUP BY c.pack_id, c.stage, c.code, c.title, c.version, c.position
ORDER BY COUNT(e.id) DESC, c.pack_id, c.position
"""

VERSIONS = """
SELECT v.pack_id, v.version, v.published_at, v.author, v.notes, v.phrase_count,
       (SELECT COUNT(*) FROM quickreply.version_phrases vp
         WHERE vp.pack_id = v.pack_id AND vp.version = v.version AND vp.changed),
       (SELECT COUNT(*) FROM quickreply.events e WHERE e.kind = 'use' AND e.pack_id = v.pack_id
         AND e.pack_version = v.version AND e.at >= %(since)s),
       (SELECT COUNT(DISTINCT e.agent) FROM quickreply.events e WHERE e.kind = 'use'
         AND e.pack_id = v.pack_id AND e.pack_version = v.version AND e.at >= %(since)s),
       (SELECT COUNT(*) FROM quickreply.events e JOIN quickreply.version_phrases vp
         ON vp.pack_id = e.pack_id AND vp.version = e.pack_version AND vp.stage = e.stage
         AND vp.code = e.code AND vp.title = e.title AND vp.changed
         WHERE e.kind = 'use' AND e.pack_id = v.pack_id AND e.pack_version = v.version AND e.at >= %(since)s),
       (SELECT COUNT(DISTINCT e.agent) FROM quickreply.events e JOIN quickreply.version_phrases vp
         ON vp.pack_id = e.pack_id AND vp.version = e.pack_version AND vp.stage = e.stage
         AND vp.code = e.code AND vp.title = e.title AND vp.changed
         WHERE e.kind = 'use' AND e.pack_id = v.pack_id AND e.pack_version = v.version AND e.at >= %(since)s)
FROM quickreply.versions v ORDER BY v.pack_id, v.version DESC
"""


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def team_stats(team: Team, days: int = 30, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The team view of the last ``days`` days as plain data (``team stats --json``)."""
    if days < 1:
        raise ValueError("天数至少为 1")
    now = now or datetime.datetime.now(datetime.UTC)
    since = now - datetime.timedelta(days=days)
    args = {"since": since}
    try:
        with team.connect() as conn:
            agent_rows = conn.execute(AGENTS, args).fetchall()
            violation_rows = conn.execute(VIOLATIONS, args).fetchall()
            phrase_rows = conn.execute(PHRASES, args).fetchall()
            version_rows = conn.execute(VERSIONS, args).fetchall()
    except psycopg.errors.InsufficientPrivilege as exc:
        raise TeamError(
            f"没有权限:只有培训师可以查看全队统计(服务器拒绝:{str(exc).splitlines()[0]})"
        ) from exc
    except psycopg.Error as exc:
        raise server_error(exc) from exc
    by_rule: dict[str, dict[str, int]] = {}
    for agent, rule, count in violation_rows:
        by_rule.setdefault(agent, {})[rule] = int(count)
    agents = [
        {
            "agent": name,
            "role": role,
            "uses": int(uses),
            "drafts_checked": int(drafts),
            "violations": sum(by_rule.get(name, {}).values()),
            "violations_by_rule": dict(sorted(by_rule.get(name, {}).items(), key=lambda kv: -kv[1])),
            "median_seconds_to_paste": round(float(median), 1) if median is not None else None,
            "first_use": _iso(first),
            "last_use": _iso(last),
        }
        for name, uses, drafts, median, first, last, role in agent_rows
    ]
    phrases = [
        {"pack": pack, "stage": stage, "code": code, "title": title, "version": version,
         "uses": int(uses), "agents": int(users), "last_use": _iso(last)}
        for pack, stage, code, title, version, uses, users, last in phrase_rows
    ]  # fmt: skip
    versions = [
        {"pack": pack, "version": int(version), "published_at": _iso(at), "author": author, "notes": notes,
         "phrases": int(count), "changed": int(changed), "uses": int(uses), "agents": int(users),
         "changed_uses": int(changed_uses), "changed_agents": int(changed_users)}
        for pack, version, at, author, notes, count, changed, uses, users, changed_uses, changed_users
        in version_rows
    ]  # fmt: skip
    return {
        "days": days,
        "since": _iso(since),
        "generated_at": _iso(now),
        "agents": agents,
        "phrases": [p for p in phrases if p["uses"]],
        "never_used": [
            {k: p[k] for k in ("pack", "stage", "code", "title", "version")} for p in phrases if not p["uses"]
        ],
        "versions": versions,
        "kpi": dict(KPI),
    }
