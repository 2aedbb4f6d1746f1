"""Where a library keeps its team password: the OS keyring where there is one (Windows Credential
Manager, macOS Keychain, the Secret Service on a Linux desktop), else a file only its owner may
read (0600) beside the library. The library itself holds the server, database and user, never
the password, so a copied or backed-up library carries no secret.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

SERVICE = "quickreply-team"
SUFFIX = ".team-secret"


def _keyring():  # type: ignore[no-untyped-def]
    """The keyring module when a real backend is there (not the 'fail' or plaintext ones), else None."""
    if os.environ.get("QUICKREPLY_NO_KEYRING"):
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring install is the same as none
        log.info("no OS keyring: %s", exc)
        return None
    if isinstance(backend, fail.Keyring) or "plaintext" in type(backend).__module__.lower():
        return None
    return keyring


def _file(library: Path | None) -> Path:
    if library is None:
        raise ValueError("a library in memory keeps no team password")
    return library.with_name(library.name + SUFFIX)


def store(library: Path | None, account: str, password: str) -> str:
    """Keep the password; returns where ("keyring" or the file's path)."""
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(SERVICE, account, password)
            return "keyring"
        except Exception as exc:  # noqa: BLE001 - a locked keyring: fall back to the file
            log.info("keyring refused the password: %s", exc)
    path = _file(library)
    tmp = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password)
    os.replace(tmp, path)
    return str(path)


def load(library: Path | None, account: str) -> str | None:
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):
            found = ring.get_password(SERVICE, account)
            if found is not None:
                return str(found)
    try:
        return _file(library).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return None


def forget(library: Path | None, account: str) -> None:
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):
            ring.delete_password(SERVICE, account)
    with contextlib.suppress(OSError, ValueError):
        _file(library).unlink()
