"""A second quickreply process for the tests: runs store commands read as JSON lines on stdin.

Each line is ``{"op": NAME, ...}``; each answer is one line ``{"ok": true, "result": …}`` or
``{"ok": false, "error": "Kind: message"}``. One process serves a whole test session; ``open``
points it at the next test's library.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from quickreply.core import lint, models, store
from quickreply.core.packs import merge


class Peer:
    def __init__(self) -> None:
        self.db: store.PhraseStore | None = None

    @property
    def store(self) -> store.PhraseStore:
        assert self.db is not None, "open a library first"
        return self.db

    def open(self, path: str, busy_timeout: float = 2.0) -> int:
        self.close()
        self.db = store.PhraseStore(path, busy_timeout=busy_timeout)
        return self.db.phrase_count()

    def close(self) -> None:
        if self.db is not None:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            self.db.close()
            self.db = None

    def add(self, stage: str, title: str, body: str, code: str = "") -> int:
        return self.store.add(models.Phrase(stage_id=stage, title=title, body=body, code=code)).id or 0

    def update(self, id: int, **changes: Any) -> None:
        self.store.update(id, **changes)

    def delete(self, id: int) -> None:
        self.store.delete(id)

    def use(self, id: int) -> None:
        self.store.record_use(id)

    def add_stage(self, id: str, name_zh: str, position: int) -> None:
        self.store.add_stage(models.Stage(id, name_zh, "", position))

    def import_pack(self, file: str) -> dict[str, int]:
        return merge.import_file(self.store, Path(file), lint.Linter.default()).counts()

    def restore(self, file: str) -> None:
        self.store.restore(Path(file))

    def execute(self, sql: str) -> None:
        self.store.conn.execute(sql)

    def lock(self) -> None:
        """Take the write lock and keep it until ``unlock``."""
        self.store.conn.execute("BEGIN IMMEDIATE")

    def unlock(self) -> None:
        self.store.conn.execute("ROLLBACK")


def main() -> None:
    peer = Peer()
    for line in sys.stdin:
        command = json.loads(line)
        op = command.pop("op")
        try:
            answer = {"ok": True, "result": getattr(peer, op)(**command)}
        except Exception as exc:  # reported to the test, which decides
            answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer, ensure_ascii=False), flush=True)
    peer.close()


if __name__ == "__main__":
    main()
