"""The default library a new shop starts with: the bundled pack, installed read-only on a new store."""

from __future__ import annotations

from pathlib import Path

from quickreply.core import models, packs, resources, store
from quickreply.core.packs import jsonpack

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
    """Open (or create) the store; a brand-new store gets the default library on its first run."""
    opened = store.PhraseStore(path, **options)  # type: ignore[arg-type]
    if opened.get_setting(SEEDED_SETTING) is None and not opened.phrases():
        with opened.transaction():
            install_default(opened)
            opened.set_setting(SEEDED_SETTING, True)
    return opened
