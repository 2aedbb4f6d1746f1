"""The tray app's side of team mode: the live link's thread, the tray menu's 团队 entry with its quiet
offline mark, the team dialog, checked drafts counted for the trainer, and the trainer's team view.

psycopg and the team package load only when the library is in a team or the agent opens the team
dialog: solo use starts exactly as before.
"""

from __future__ import annotations

import collections
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from quickreply.core import lint, store, team_local

if TYPE_CHECKING:
    from quickreply.team.client import Team
    from quickreply.team.live import Live, LiveState
    from quickreply.ui import tray as tray_ui

log = logging.getLogger(__name__)


class TeamLink(QObject):
    """Owns the live link of the app's library while it is in a team.

    Signals:
        changed: the link's state (a ``LiveState``), delivered on the Qt thread.
    """

    changed = Signal(object)

    def __init__(
        self,
        target: store.PhraseStore,
        tray: tray_ui.Tray,
        catch_up: Callable[[], None],
        linter: Callable[[], lint.Linter],
    ) -> None:
        super().__init__()
        self.store = target
        self.linter = linter
        self.tray = tray
        self.catch_up = catch_up
        self.live: Live | None = None
        self.state: LiveState | None = None
        self.changed.connect(self._show)
        self.tray.set_team_state(None)
        if team_local.joined(target.conn) and target.path is not None:
            self.start()

    def team(self) -> Team | None:
        from quickreply.team.client import Team

        team = Team.of(self.store)
        if team is not None:
            team.linter = self.linter()
        return team

    def start(self) -> None:
        from quickreply.team.live import Live

        if self.live is None and self.store.path is not None:
            self.live = Live(self.store.path, self.changed.emit)
            self.live.start()

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None

    def poke(self) -> None:
        """A use was recorded: the outbox has something for the server."""
        if self.live is not None:
            self.live.poke()

    def draft_checked(self, text: str) -> None:
        """The agent checked a draft: in a team, its findings by rule go to the trainer (the text never)."""
        if self.live is None or not text.strip():
            return
        by_rule = collections.Counter(finding.rule_id for finding in self.linter().lint(text))
        try:
            self.store.record_draft_check(dict(by_rule))
        except store.StoreError as exc:  # busy or broken: a figure for the trainer, never worth a stall
            log.info("draft check not queued for the team: %s", exc)
            return
        self.poke()

    def _show(self, state: LiveState) -> None:
        log.info(
            "team link %s, outbox %d, pulled %s",
            "online" if state.online else "offline",
            state.outbox,
            state.pulled,
        )
        self.state = state
        self.tray.set_team_state(state.online, state.error)
        for pack, version in state.pulled:
            self.tray.message(
                QCoreApplication.translate("App", "团队短语已更新"),
                QCoreApplication.translate("App", "短语包 {0} 已更新到第 {1} 版").format(pack, version),
            )
        if state.pulled:
            self.catch_up()  # the popup shows the new version now, not at the next tick

    def stats_fetch(self) -> Callable[[int], dict[str, Any]] | None:
        """The team view's data source for a trainer (None for an agent or outside a team)."""
        team = self.team()
        if team is None or team.role != "trainer":
            return None
        from quickreply.team import stats

        return lambda days: stats.team_stats(team, days)

    def open_dialog(self, parent: Any = None, changed: Callable[[Any], None] | None = None) -> None:
        """团队…: join, see the link's state, sync now, publish (trainer), leave; ``changed`` hears
        of a join (the team) or a leave (None)."""
        from quickreply.team import client
        from quickreply.ui import team_dialog

        def join(dsn: str) -> Team:
            team = client.join(self.store, dsn)
            team.linter = self.linter()
            team.sync()
            self.start()
            return team

        def leave() -> None:
            self.stop()
            client.leave(self.store)
            self.tray.set_team_state(None)

        dialog = team_dialog.TeamDialog(self.team(), join=join, leave=leave, parent=parent)
        if changed is not None:
            dialog.team_changed.connect(changed)
        dialog.exec()
        self.poke()
