"""Fixtures for tests that need a second, real quickreply process on the same library file."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PEER = Path(__file__).with_name("peer.py")
ROOT = Path(__file__).resolve().parents[2]


class PeerProcess:
    """Talks to ``peer.py`` running in its own Python process."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(PEER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=ROOT,
        )

    def __call__(self, op: str, **args: Any) -> Any:
        """Run one command in the other process; its exceptions come back as RuntimeError."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"op": op, **args}, ensure_ascii=False) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self.proc.stdout.readline())
        if not answer["ok"]:
            raise RuntimeError(answer["error"])
        return answer["result"]

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def _peer_process() -> Iterator[PeerProcess]:
    peer = PeerProcess()
    yield peer
    peer.stop()


@pytest.fixture
def peer(_peer_process: PeerProcess) -> Iterator[PeerProcess]:
    """Another process with quickreply loaded; ``peer("open", path=…)`` opens a library there."""
    yield _peer_process
    _peer_process("close")
