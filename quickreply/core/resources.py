"""Where the bundled resources (default pack, rule files, icons) are, installed or in a source checkout."""

from __future__ import annotations

import importlib.resources
from pathlib import Path


def root() -> Path:
    """The resources folder: inside the installed package, or the checkout's top-level ``resources/``."""
    installed = Path(str(importlib.resources.files("quickreply"))) / "resources"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "resources"


def path(*parts: str) -> Path:
    """A file below the resources folder, e.g. ``path("packs", "default.qrpack.json")``."""
    return root().joinpath(*parts)
