"""The two header lines on every screen: which election, which mode, who, where, and the time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label

from pollday.domain.timefmt import UK
from pollday.tui.shell import shell_of

CLOCK_TICK_SECONDS = 1.0
# Inline styles rather than stylesheet classes: the app stylesheet colours #scanner for the
# quiet states, and a lost scanner must stand out from it at a glance.
SCANNER_STATE_STYLES = {
    "connected": "bold #80ff80",
    "reconnecting": "bold black on #ffaf00",
    "error": "bold white on #a00000",
    "stopped": "bold black on #ffaf00",
}


# A stale or failed backup must be seen from across the room, like a lost scanner.
BACKUP_LEVEL_STYLES = {
    "ok": "",
    "stale": "bold black on #ffaf00",
    "bad": "bold white on #a00000",
}


class PolldayHeader(Widget):
    """High contrast, so a REHEARSAL database is never mistaken for the real count."""

    def compose(self) -> ComposeResult:
        shell = shell_of(self)
        identity = shell.identity
        session = shell.session
        who = f"{session.full_name}, {session.role_label}" if session else "Not signed in"
        with Horizontal(id="header-top"):
            badge = Label(f" {identity.mode_badge} ", id="mode-badge", markup=False)
            badge.add_class("rehearsal" if identity.is_rehearsal else "official")
            yield badge
            yield Label(identity.name, id="election-name", markup=False)
            yield Label("", id="backup", markup=False)
            yield Label(self._clock_text(), id="clock")
        with Horizontal(id="header-bottom"):
            yield Label(who, id="signed-in", markup=False)
            yield Label(f"terminal {shell.service.terminal}", id="terminal", markup=False)
            yield Label("", id="scanner", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "scanner_status", self._show_scanner_status)
        self.watch(self.app, "scanner_state", self._show_scanner_status)
        self.watch(self.app, "backup_text", self._show_backup)
        self.set_interval(CLOCK_TICK_SECONDS, self._tick)

    def _show_scanner_status(self, _changed: str) -> None:
        shell = shell_of(self)
        style = SCANNER_STATE_STYLES.get(shell.scanner_state, "")
        self.query_one("#scanner", Label).update(Text(shell.scanner_status, style=style))

    def _show_backup(self, _changed: str) -> None:
        shell = shell_of(self)
        style = BACKUP_LEVEL_STYLES.get(shell.backup_level, "")
        text = f" {shell.backup_text} " if shell.backup_text else ""
        self.query_one("#backup", Label).update(Text(text, style=style))

    def _tick(self) -> None:
        self.query_one("#clock", Label).update(self._clock_text())

    def _clock_text(self) -> str:
        # The wall clock of the count centre is UK time, whatever zone the machine is set to.
        return shell_of(self).clock.now().astimezone(UK).strftime("%H:%M:%S")
