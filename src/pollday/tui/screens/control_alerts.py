"""The bell for an incident past a target (a P1 loudest): once per incident and target, on each terminal.

A bell that rings at every re-read teaches people to ignore it, so each terminal remembers
which (incident, missed target) it has already rung for, for as long as the app runs, even
if the operator leaves the desk and comes back. An incident that misses its next target
(acknowledged late, then not acted on either) rings again: that is news.

Which targets are missed is the read model's decision (`ControlRoomView.attention`). Here we
only work out when the next one falls due, so the desk re-reads at that moment instead of
up to a minute later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from textual.app import App
from textual.screen import Screen
from textual.timer import Timer

from pollday.domain.control_room import OPEN_INCIDENT_STATES, SEVERITY_TARGETS, IncidentState, Severity
from pollday.domain.timefmt import minutes_words
from pollday.services.control_room_records import AttentionItem

_OPEN = frozenset(state.value for state in OPEN_INCIDENT_STATES)
SOONEST_WAKE_SECONDS = 60.0  # a screen that re-reads every minute needs no timer for later targets
_RUNG: WeakKeyDictionary[App[Any], set[tuple[int, str]]] = WeakKeyDictionary()


def newly_late(app: App[Any], late: Iterable[AttentionItem]) -> list[AttentionItem]:
    """The missed targets this terminal has not rung for yet; from now on it has."""
    rung = _RUNG.setdefault(app, set())
    new = [item for item in late if (item.number, item.what) not in rung]
    rung.update((item.number, item.what) for item in new)
    return new


def next_due(rows: Iterable[dict[str, Any]], now: datetime) -> datetime | None:
    """The next moment after `now` at which an open incident will miss one of its targets."""
    soonest: datetime | None = None
    for row in rows:
        if row["state"] not in _OPEN:
            continue
        target = SEVERITY_TARGETS[Severity(row["severity"])]
        checks = [(target.acknowledge, row["acknowledged_at"]), (target.act, row["acted_at"])]
        if row["state"] != IncidentState.ON_HOLD:
            checks.append((target.resolve, row["resolved_at"]))
        reported = datetime.fromisoformat(row["reported_at"])
        for allowed, done in checks:
            if allowed is None or done is not None:
                continue
            due = reported + allowed
            if due > now and (soonest is None or due < soonest):
                soonest = due
    return soonest


def alert_text(items: list[AttentionItem]) -> str:
    first = items[0]
    more = f" (and {len(items) - 1} more)" if len(items) > 1 else ""
    where = f" at {first.station_id} {first.station_name}" if first.station_id else ""
    late = f"{minutes_words(first.late_minutes)} late" if first.late_minutes else "its target has just passed"
    return f"#{first.number} {first.severity}{where}: {first.what}, {late}{more}."


class BreachWatch:
    """Rings for each newly missed target in a reading, and wakes the screen when the next one falls due."""

    def __init__(self, screen: Screen[None]) -> None:
        self.screen = screen
        self.bells = 0  # how many times it has rung: lets tests see it
        self._timer: Timer | None = None

    def check(self, late: Iterable[AttentionItem], due: datetime | None, now: datetime,
              reload: Callable[[], None]) -> None:
        new = newly_late(self.screen.app, late)
        if new:
            self.bells += 1
            self.screen.app.bell()
            p1 = any(item.level == "red" for item in new)
            self.screen.notify(alert_text(new), title="P1 past target" if p1 else "Past target",
                               severity="error" if p1 else "warning", timeout=20)
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if due is not None and (seconds := (due - now).total_seconds() + 1) < SOONEST_WAKE_SECONDS:
            self._timer = self.screen.set_timer(seconds, reload)
