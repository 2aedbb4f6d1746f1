"""Merging a pack into the store: what each row would do (the preview), then all of it or nothing.

A pack has an id; importing a newer version of it updates its phrases, adds new ones and removes
those it no longer has, without touching the user's own phrases or another pack's. Rows that
clash with the user's own phrases follow the conflict policy; bad rows are rejected with a reason;
rows that break the service standard are imported and marked 需修改 (or, asked, rejected).
The row-by-row decisions are ``planner``'s, the report's records are ``report``'s; this module
reads the file, previews and applies, and is where callers find all of it.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from pathlib import Path

from quickreply.core import lint, models, packs, store, store_core
from quickreply.core.packs import PackError, reader, table
from quickreply.core.packs.planner import UNGROUPED, Operation, Planner, Policy
from quickreply.core.packs.report import (
    ACTION_NAMES,
    ACTIONS,
    LINT_REJECTED,
    NEEDS_FIX,
    Action,
    ImportReport,
    ReportRow,
)
from quickreply.core.packs.titles import derive_title

# What callers of the import use, wherever it is defined.
__all__ = [
    "ACTIONS",
    "ACTION_NAMES",
    "LINT_REJECTED",
    "NEEDS_FIX",
    "POLICIES",
    "Policy",
    "UNGROUPED",
    "Action",
    "Cancelled",
    "ImportReport",
    "Plan",
    "ReportRow",
    "apply",
    "derive_title",
    "import_file",
    "preview",
    "unreserved",
]
POLICIES = tuple(policy.value for policy in Policy)  # plain strings, as the command line offers them


class Cancelled(Exception):
    """The user stopped an import; nothing was changed."""


@dataclasses.dataclass
class Plan:
    """A report and the store operations that carry it out."""

    report: ImportReport
    info: models.PackInfo
    pack_exists: bool
    operations: list[Operation]


def import_file(
    target: store.PhraseStore,
    path: str | Path,
    linter: lint.Linter,
    policy: str = "skip",
    dry_run: bool = False,
    pack_id: str | None = None,
    reject_lint_errors: bool = False,
    strict: bool = False,
    limits: table.Limits | None = None,
    progress: Callable[[int, int], bool] | None = None,
    encoding: str | None = None,
) -> ImportReport:
    """Read, preview and (unless ``dry_run``) apply a pack file; PackError leaves the store as it was.
    ``encoding`` names a CSV file's encoding when the user chose one; ``strict`` imports nothing
    when a row would be rejected."""
    path = Path(path)
    with store_core.collector_paused():
        incoming = reader.read(path, limits, encoding)
    mtime = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).isoformat(timespec="seconds")
    plan = preview(target, incoming, linter, policy, reject_lint_errors, pack_id, incoming_time=mtime)
    rejected = plan.report.counts()[Action.REJECT]
    if strict and rejected:
        raise PackError(f"{path}:有 {rejected} 行被拒绝,严格模式下不导入任何内容")
    if dry_run:
        return plan.report
    return apply(target, plan, progress)


def unreserved(wanted: str) -> str:
    """``wanted``, or for a reserved id (default, own) ``wanted-import``: the same file imported
    again updates that pack, as any pack does, and the default library is never touched."""
    return f"{wanted}-import" if wanted.strip().lower() in packs.RESERVED_PACK_IDS else wanted


def preview(
    target: store.PhraseStore,
    incoming: reader.Incoming,
    linter: lint.Linter,
    policy: str = "skip",
    reject_lint_errors: bool = False,
    pack_id: str | None = None,
    channel: str = "chat",
    incoming_time: str | None = None,
    reserved_ok: bool = False,
) -> Plan:
    """Work out, row by row, what importing would do; nothing is written. ``reject_lint_errors``
    refuses rows that break the service standard (by default they are imported, marked 需修改);
    ``reserved_ok`` lets the bundled default library update the reserved pack "default" (a user's
    file never can)."""
    if policy not in POLICIES:
        raise ValueError(f"未知的冲突策略 {policy!r}")
    policy = Policy(policy)
    wanted = pack_id or incoming.info.id
    info = dataclasses.replace(incoming.info, id=wanted if reserved_ok else unreserved(wanted))
    existing_packs = {p.id: p for p in target.packs()}
    planner = Planner(target, incoming, info, linter, policy, reject_lint_errors, channel, incoming_time)
    with store_core.collector_paused():  # a plan of 100,000 rows makes no cycles, only objects
        planner.run()
    report = ImportReport(
        source=incoming.info.source,
        pack_id=info.id,
        pack_name=info.name,
        pack_version=info.version,
        rows=planner.rows,
        notes=incoming.notes + planner.notes,
        new_stages=planner.new_stages,
    )
    return Plan(report, info, info.id in existing_packs, planner.operations)


def apply(
    target: store.PhraseStore,
    plan: Plan,
    progress: Callable[[int, int], bool] | None = None,
    backup: bool = True,
) -> ImportReport:
    """Back the store up (unless ``backup`` is False: a team pull, which the server can repeat),
    then carry out the plan in one transaction; any failure or a cancel (``progress`` returning
    False) rolls everything back. A pack that changes nothing writes nothing."""
    if not plan.operations and (not plan.pack_exists or target.pack(plan.info.id).sha256 == plan.info.sha256):
        return dataclasses.replace(plan.report, dry_run=False)
    saved = target.auto_backup("before-import") if target.path is not None and backup else None
    total = len(plan.operations)
    with target.bulk(total):
        if plan.pack_exists:
            existing = target.pack(plan.info.id)
            plan.info.read_only = existing.read_only or plan.info.read_only
            target.update_pack(plan.info)
        elif any(kind == "add" for kind, _ in plan.operations):
            target.add_pack(plan.info)
        adds: list[models.Phrase] = []  # validated by the plan: written in batches, in order
        for done, (kind, payload) in enumerate(plan.operations, 1):
            if kind == "add":
                adds.append(payload)
            elif adds:
                target.add_many(adds, validated=True)
                adds.clear()
            if kind == "stage":
                target.add_stage(payload)
            elif kind == "update":
                phrase_id, changes = payload
                target.update(phrase_id, pack_write=True, **changes)
            elif kind == "remove":
                target.delete(payload, pack_write=True)
            if progress is not None and (done % 200 == 0 or done == total):
                target.add_many(adds, validated=True)
                adds.clear()
                if progress(done, total) is False:
                    raise Cancelled("导入已取消,短语库没有任何改动")
        target.add_many(adds, validated=True)
    report = dataclasses.replace(plan.report, dry_run=False, backup=saved)
    return report
