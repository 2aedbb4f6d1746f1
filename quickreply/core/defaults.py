"""The default library a new shop starts with: the bundled pack, installed read-only on a new store
and brought up to date in place when a newer version ships."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from quickreply.core import models, packs, resources, store
from quickreply.core.packs import PackError, jsonpack

if TYPE_CHECKING:
    from quickreply.core.packs import merge

log = logging.getLogger(__name__)

DEFAULT_PACK_ID = packs.DEFAULT_PACK_ID
# Set once the default library was loaded, so a user who empties the library does not get it back.
SEEDED_SETTING = "library.seeded"


def default_pack_path() -> Path:
    """The bundled default pack file."""
    return resources.path("packs", "default.qrpack.json")


def install(target: store.PhraseStore, pack: models.Pack, read_only: bool) -> int:
    """Add a pack, its new stages and all its phrases in one transaction; returns the phrase count."""
    with target.transaction():
        pack.info.read_only = read_only
        target.add_pack(pack.info)
        known = {s.id for s in target.stages()}
        for stage in pack.stages:
            if stage.id not in known:
                target.add_stage(stage)
        for phrase in pack.phrases:
            phrase.pack_id = pack.info.id
        target.add_many(pack.phrases)  # checked by the store's validator: a pack file is input
    return len(pack.phrases)


def install_default(target: store.PhraseStore) -> int:
    """Load the bundled default pack as the read-only pack "default"."""
    pack = jsonpack.read(default_pack_path())
    pack.info.id = DEFAULT_PACK_ID
    return install(target, pack, read_only=True)


def open_library(path: str | Path, **options: object) -> store.PhraseStore:
    """Open (or create) the store; a brand-new store gets the default library on its first run, an
    older one the newer default library (a failure there is logged: the library opens as it is)."""
    opened = store.PhraseStore(path, **options)  # type: ignore[arg-type]
    if opened.get_setting(SEEDED_SETTING) is None and not opened.phrases():
        with opened.transaction():
            install_default(opened)
            opened.set_setting(SEEDED_SETTING, True)
    else:
        try:
            upgrade_default(opened)
        except (store.StoreError, PackError) as exc:
            log.warning("default library not updated: %s", exc)
    return opened


def _version(text: str) -> tuple[int, ...]:
    """A pack version as numbers ("2026.12" → (2026, 12)) so that 2026.9 < 2026.10."""
    return tuple(int(part) for part in re.findall(r"\d+", text))


def bundled_version() -> str:
    """The bundled default pack's version, read from the head of the file (every open asks, so the
    pack itself is read only when it is newer than the installed one)."""
    with default_pack_path().open(encoding="utf-8") as file:
        found = re.search(r'"pack_version"\s*:\s*"([^"]*)"', file.read(2048))
    return found.group(1) if found else ""


def upgrade_default(target: store.PhraseStore) -> merge.ImportReport | None:
    """A newer bundled default library updates the installed one in place, like a trainer's pack
    imported again: phrases matched by stage and code keep their id and usage, new ones are added,
    dropped ones removed, the user's own phrases untouched; a backup is taken first. None when
    there is no default pack or it is current."""
    installed = next((p for p in target.packs() if p.id == DEFAULT_PACK_ID), None)
    if installed is None or _version(bundled_version()) <= _version(installed.version):
        return None
    from quickreply.core import lint
    from quickreply.core.packs import merge, reader

    incoming = reader.read(default_pack_path())
    plan = merge.preview(target, incoming, lint.Linter.default(), pack_id=DEFAULT_PACK_ID, reserved_ok=True)
    report = merge.apply(target, plan)
    log.info("default library %s → %s: %s", installed.version, incoming.info.version, report.counts())
    return report
