"""A throwaway PostgreSQL cluster for the team tests and the team benchmark: initdb + pg_ctl in a
temporary folder, on a free port, listening on loopback only, gone when stopped.

PostgreSQL refuses to run as root; as root the cluster belongs to the ``postgres`` user (which the
Debian package creates) and its commands run through ``runuser``. The binaries are found on PATH or
in Debian's ``/usr/lib/postgresql/<major>/bin`` (not on PATH there).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SUPERUSER = "qr_admin"
SUPERUSER_PASSWORD = "admin-pw"


def bin_dir() -> Path | None:
    """Where initdb and pg_ctl are, or None when PostgreSQL's server is not installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name))
    return debian[-1].parent if debian else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """One running throwaway cluster; ``dsn(user, password, dbname)`` connects to it over TCP."""

    def __init__(self, root: Path | None = None, max_connections: int = 100) -> None:
        binaries = bin_dir()
        if binaries is None:
            raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found")
        self.bin = binaries
        self.root = Path(root or tempfile.mkdtemp(prefix="qr-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.max_connections = max_connections
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
        self._initdb()
        self.start()

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, check=check, capture_output=True, text=True, cwd=self.root, timeout=120
        )

    def _initdb(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(SUPERUSER_PASSWORD)
        if self.as_root:
            shutil.chown(pwfile, "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, f"--pwfile={pwfile}", "-A", "scram-sha-256",
            "-E", "UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        pwfile.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.root}'\n"
                f"max_connections = {self.max_connections}\nfsync = off\nsynchronous_commit = off\n"
                "full_page_writes = off\nlog_min_messages = warning\n"
            )

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-m", "fast", "-w", "restart")

    def dsn(self, user: str = SUPERUSER, password: str = SUPERUSER_PASSWORD, dbname: str = "postgres") -> str:
        return f"postgresql://{user}:{password}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        """A new database; returns the superuser's DSN for it."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(dbname=name)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def running(max_connections: int = 100) -> Iterator[Cluster]:
    cluster = Cluster(max_connections=max_connections)
    try:
        yield cluster
    finally:
        cluster.destroy()


def wait_until(condition, timeout: float = 10.0, step: float = 0.05) -> bool:  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it is true or ``timeout`` passes; returns its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return bool(condition())
        time.sleep(step)
