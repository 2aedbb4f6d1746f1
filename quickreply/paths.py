"""Where quickreply keeps its data: the per-user data folder, unless --db or QUICKREPLY_DB says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "quickreply"
DB_ENV = "QUICKREPLY_DB"


def data_dir() -> Path:
    """The per-user data folder (e.g. ~/.local/share/quickreply, %LOCALAPPDATA%\\quickreply)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def database(explicit: str | None = None) -> Path:
    """The database file: ``explicit`` (from --db), else $QUICKREPLY_DB, else the data folder's."""
    chosen = explicit or os.environ.get(DB_ENV)
    return Path(chosen).expanduser() if chosen else data_dir() / "quickreply.db"
