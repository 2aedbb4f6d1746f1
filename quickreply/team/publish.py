"""A trainer publishes a file as the next version of a team pack: previewed like an import, then
written to the server in one transaction.

The file goes through the import (any layout the import reads, titles derived, stages guessed,
lint findings reported, rows that break the standard marked 需修改 or, asked, left out) into a
scratch library in memory; its phrases become the version's canonical pack document. The preview
compares that document with the server's newest version by stage + code + title: added, changed
(a new body), removed. The version, its phrase list and its content go to the server in one
transaction, so a publish cut off halfway leaves no version at all, and the server's NOTIFY
reaches the agents only after the commit.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import psycopg

from quickreply.core import lint, models, stages, store
from quickreply.core.packs import merge, reader
from quickreply.core.packs.report import ImportReport
from quickreply.team.client import Team
from quickreply.team.errors import TeamError, server_error

Key = tuple[str, str, str]  # stage, code, title: a phrase's identity across versions


@dataclasses.dataclass
class PublishPlan:
    pack: str
    name: str
    version: int  # the version it becomes
    notes: str
    report: ImportReport
    added: list[str]
    changed: list[str]
    removed: list[str]
    phrases: list[models.Phrase]
    stages: list[models.Stage]
    fresh: set[Key] = dataclasses.field(default_factory=set)  # added or changed: what the new wording is


def body_sha(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def plan(
    team: Team,
    path: str | Path,
    notes: str = "",
    pack: str | None = None,
    linter: lint.Linter | None = None,
    reject_lint_errors: bool = False,
) -> PublishPlan:
    """What publishing ``path`` would do; nothing is written anywhere."""
    incoming = reader.read(Path(path))
    pack_id = (pack or incoming.info.id).strip()
    if not pack_id:
        raise TeamError("短语包需要一个名称(--pack)")
    scratch = store.PhraseStore(":memory:")
    try:
        preview = merge.preview(
            scratch, incoming, linter or lint.Linter.default(), pack_id=pack_id,
            reject_lint_errors=reject_lint_errors,
        )  # fmt: skip
        merge.apply(scratch, preview)
        phrases = [p for p in scratch.phrases() if p.pack_id == preview.info.id]
        used = {p.stage_id for p in phrases}
        extra = [s for s in scratch.stages() if s.id in used and stages.get(s.id) is None]
    finally:
        scratch.close()
    if not phrases:
        raise TeamError(f"{path} 里没有可以发布的短语")
    try:
        with team.connect() as conn:
            last = _latest(conn, pack_id)
            before = conn.execute(
                "SELECT stage, code, title, body_sha FROM quickreply.version_phrases"
                " WHERE pack_id = %s AND version = %s",
                [pack_id, last],
            ).fetchall()
    except psycopg.Error as exc:
        raise _refused(exc) from exc
    old = {(s, c, t): b for s, c, t, b in before}
    new = {(p.stage_id, p.code, p.title): body_sha(p.body) for p in phrases}
    return PublishPlan(
        pack=pack_id,
        name=incoming.info.name or pack_id,
        version=int(last) + 1,
        notes=notes,
        report=preview.report,
        added=[k[2] for k in new if k not in old],
        changed=[k[2] for k in new if k in old and old[k] != new[k]],
        removed=[k[2] for k in old if k not in new],
        phrases=phrases,
        stages=extra,
        fresh={k for k in new if old.get(k) != new[k]},
    )


def document(team: Team, plan_: PublishPlan) -> bytes:
    """The version's content: a quickreply pack, read-only, numbered, as UTF-8 JSON."""
    from quickreply.core.packs import jsonpack

    info = models.PackInfo(
        id=plan_.pack, name=plan_.name, version=str(plan_.version), author=team.user, read_only=True
    )
    data = jsonpack.document(info, plan_.stages, plan_.phrases)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def publish(team: Team, plan_: PublishPlan) -> int:
    """Write the version to the server in one transaction, then pull it into the local library;
    returns the version number. TeamError when someone published in between (preview again) or the
    server refuses (an agent has no right to publish)."""
    raw = document(team, plan_)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        with team.connect(autocommit=False) as conn:
            conn.execute(
                "INSERT INTO quickreply.packs(id, name) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [plan_.pack, plan_.name],
            )
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", ["quickreply.publish." + plan_.pack])
            last = _latest(conn, plan_.pack)
            if int(last) != plan_.version - 1:
                raise TeamError(f"短语包 {plan_.pack} 刚被发布了第 {last} 版:请重新预览后再发布")
            conn.execute(
                "INSERT INTO quickreply.versions(pack_id, version, sha256, notes, phrase_count, content)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                [plan_.pack, plan_.version, digest, plan_.notes, len(plan_.phrases), gzip.compress(raw, 6)],
            )
            with conn.cursor().copy(
                "COPY quickreply.version_phrases(pack_id, version, position, stage, code, title, body_sha,"
                " changed) FROM STDIN"
            ) as copy:
                for position, p in enumerate(plan_.phrases):
                    copy.write_row(
                        [plan_.pack, plan_.version, position, p.stage_id, p.code, p.title, body_sha(p.body),
                         (p.stage_id, p.code, p.title) in plan_.fresh]
                    )  # fmt: skip
            conn.commit()
    except psycopg.errors.UniqueViolation as exc:
        raise TeamError(f"短语包 {plan_.pack} 刚被别人发布了新版本:请重新预览后再发布") from exc
    except psycopg.Error as exc:
        raise _refused(exc) from exc
    team.sync()
    return plan_.version


def _latest(conn: psycopg.Connection, pack: str) -> int:
    """The newest version number of ``pack`` on the server (0: none yet)."""
    row = conn.execute("SELECT MAX(version) FROM quickreply.versions WHERE pack_id = %s", [pack]).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _refused(exc: psycopg.Error) -> TeamError:
    """The server's refusal; a permission refusal says who may publish."""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return TeamError(f"没有权限:只有培训师可以发布短语包(服务器拒绝:{str(exc).splitlines()[0]})")
    return server_error(exc)


def summary(plan_: PublishPlan) -> dict[str, Any]:
    """The preview as data (``team publish --json``)."""
    return {
        "pack": plan_.pack,
        "version": plan_.version,
        "phrases": len(plan_.phrases),
        "added": plan_.added,
        "changed": plan_.changed,
        "removed": plan_.removed,
        "needs_fix": sum(1 for r in plan_.report.rows if r.needs_fix),
    }
