"""Keeping a library in step with its team server while the tray app runs, on a thread of its own.

One connection per agent does everything: it LISTENs on the server's channel, so a published
version is pulled the moment its commit is announced, and between announcements it pushes the
outbox whenever a use is recorded (``poke``) and at least every ``PUSH_EVERY`` seconds. When the
server cannot be reached the app keeps working from the local copy; the thread says so through
``on_state`` and tries again after 1, 2, 4 … up to ``MAX_BACKOFF`` seconds (or at once when poked),
then pulls what it missed and drains the outbox.

The thread opens its own store on the library file: SQLite connections stay in their thread, and
the app's store sees what a pull wrote through the library's change log, in one commit.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

from quickreply.core import store, team_local
from quickreply.team import server
from quickreply.team.client import Team
from quickreply.team.errors import TeamError, server_error

log = logging.getLogger(__name__)

WAIT = 0.5  # seconds one wait for an announcement lasts: how soon a poke or stop is seen
PUSH_EVERY = 30.0  # seconds between pushes (and checks that the server is there) with no poke
MAX_BACKOFF = 60.0


@dataclasses.dataclass(frozen=True)
class LiveState:
    online: bool
    error: str = ""
    outbox: int = 0
    pulled: tuple[tuple[str, int], ...] = ()  # what the last round pulled


class Live:
    """The background link of one library; ``start`` it, ``poke`` it after a use, ``stop`` it."""

    def __init__(
        self,
        library: Path,
        on_state: Callable[[LiveState], None],
        wait: float = WAIT,
        push_every: float = PUSH_EVERY,
        max_backoff: float = MAX_BACKOFF,
    ) -> None:
        self.library = library
        self.on_state = on_state
        self.wait = wait
        self.push_every = push_every
        self.max_backoff = max_backoff
        self._stop = threading.Event()
        self._poked = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quickreply-team", daemon=True)
        self.state = LiveState(online=False)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        """Something waits in the outbox: push it now (or retry the server now when offline)."""
        self._poked.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._poked.set()
        self._thread.join(timeout)

    def _tell(self, state: LiveState) -> None:
        self.state = state
        try:
            self.on_state(state)
        except Exception:  # noqa: BLE001 - the listener's failure must not end the link
            log.exception("team state listener failed")

    def _run(self) -> None:
        target = store.PhraseStore(self.library)
        backoff = 1.0
        try:
            while not self._stop.is_set():
                team = Team.of(target)
                if team is None:  # left the team meanwhile: nothing to do until stopped
                    self._poked.wait(self.push_every)
                    self._poked.clear()
                    continue
                try:
                    self._serve(team)
                    backoff = 1.0
                except (TeamError, psycopg.Error, OSError) as exc:
                    error = str(server_error(exc) if isinstance(exc, psycopg.Error) else exc)
                    if self._stop.is_set():
                        break
                    log.info("team server: %s; retrying in %.0f s", error, backoff)
                    self._tell(LiveState(False, error, self._outbox(target)))
                    self._poked.wait(backoff)
                    self._poked.clear()
                    backoff = min(backoff * 2, self.max_backoff)
                except store.StoreError as exc:  # the local library is busy or broken: try again
                    log.warning("team sync could not write the library: %s", exc)
                    self._stop.wait(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
        finally:
            target.close()

    def _outbox(self, target: store.PhraseStore) -> int:
        try:
            return team_local.count(target.conn)
        except Exception:  # noqa: BLE001 - only a figure for the tray menu
            return 0

    def _serve(self, team: Team) -> None:
        """One connection's life: listen, catch up, then pull on announcements and push on pokes."""
        with team.connect(autocommit=True) as conn:
            conn.execute(f"LISTEN {server.CHANNEL}")
            result = team.sync(conn)
            self._tell(LiveState(True, "", team_local.count(team.store.conn), tuple(result.pulled)))
            last_push = time.monotonic()
            while not self._stop.is_set():
                announced = list(conn.notifies(timeout=self.wait, stop_after=1))
                if self._stop.is_set():
                    return
                pulled: list[tuple[str, int]] = []
                if announced:
                    pulled = team.pull(conn)
                due = time.monotonic() - last_push >= self.push_every
                if self._poked.is_set() or due or pulled:
                    self._poked.clear()
                    if due and not team_local.count(team.store.conn):
                        conn.execute("SELECT 1")  # is the server still there?
                    team.push(conn)
                    last_push = time.monotonic()
                    self._tell(LiveState(True, "", team_local.count(team.store.conn), tuple(pulled)))
