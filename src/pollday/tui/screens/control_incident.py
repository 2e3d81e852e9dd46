"""One incident in full: what happened, where, who has it, how it stands against its targets, and its timeline.

Opened with Enter from the desk's list. The same incident keys work here as on the list
(control_actions.py), and the screen re-reads after each and whenever another terminal
changes something, so the timeline is always the whole story: every row is who did what
and when, and nothing in it is ever overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from pollday.domain.control_room import INCIDENT_STATE_LABELS, SEVERITY_TARGETS, IncidentState, Severity
from pollday.domain.timefmt import minutes_words, uk_time
from pollday.services.control_room_export import ControlRoomView
from pollday.services.control_room_records import IncidentRecord
from pollday.services.election_service import ElectionService
from pollday.tui.screens.control_actions import INCIDENT_BINDINGS, IncidentActions, LinkHints, hints_for
from pollday.tui.screens.control_base import SUB_SCREEN_CSS, ControlSubScreen, JobDesk, fill_table
from pollday.tui.screens.control_words import short
from pollday.tui.shell import shell_of

TIMELINE_COLUMNS = ("Time", "Who", "What")


@dataclass(frozen=True)
class IncidentDetail:
    now: datetime
    record: IncidentRecord | None
    timeline: tuple[dict[str, Any], ...]
    links: tuple[dict[str, Any], ...]
    boxes: tuple[tuple[str, str], ...]  # (box, contest) at the incident's station: what it may be linked to
    names: dict[str, str]  # username -> full name, for "reported by"


def read_incident(service: ElectionService, now: datetime, number: int) -> IncidentDetail:
    room = ControlRoomView.load(service.store.view())
    record = next((r for r in room.incidents(now) if r.number == number), None)
    station = record.station_id if record else None
    boxes = tuple(sorted((b["box_id"], b["contest_id"]) for b in room.boxes if b["station_id"] == station))
    return IncidentDetail(now=now, record=record, timeline=tuple(room.timeline(number)),
                          links=tuple(room.links.get(number, [])), boxes=boxes, names=dict(room.users))


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def target_text(record: IncidentRecord, now: datetime) -> Text:
    """Each target: when it falls due, and whether it was met, missed, or how long is left."""
    target = SEVERITY_TARGETS[Severity(record.severity)]
    reported = datetime.fromisoformat(record.reported_at)
    text = Text(f"Targets for {record.severity}: ", style="bold")
    checks = [("acknowledge", target.acknowledge, record.acknowledged_at),
              ("act", target.act, record.acted_at), ("resolve", target.resolve, record.resolved_at)]
    parts: list[Text] = []
    for what, allowed, done in checks:
        if allowed is None:
            parts.append(Text(f"{what}: no target", style="#c0c0c0"))
            continue
        due = reported + allowed
        head = f"{what} by {uk_time(due.isoformat())}"
        if done is not None:
            took = _minutes(datetime.fromisoformat(done) - reported)
            met = datetime.fromisoformat(done) <= due
            parts.append(Text(f"{head}: done {uk_time(done)} ({took} min)" + ("" if met else ", late"),
                              style="green" if met else "yellow"))
        elif not record.is_open:
            parts.append(Text(f"{head}: not needed", style="#c0c0c0"))
        elif what == "resolve" and record.state == IncidentState.ON_HOLD:
            parts.append(Text(f"{head}: waiting while on hold", style="#c0c0c0"))
        elif now > due:
            late = Text(f"{head}: NOT YET, {minutes_words(_minutes(now - due))} late", style="bold white on red")
            parts.append(late if record.severity == Severity.P1 else Text(late.plain, style="bold red"))
        else:
            parts.append(Text(f"{head}: {minutes_words(_minutes(due - now))} left"))
    return text + Text(" · ").join(parts)


def summary_text(detail: IncidentDetail) -> Text:
    record = detail.record
    if record is None:
        return Text("This incident is not in the election: check its number.", style="bold red")
    where = f"station {record.station_id} {record.station_name}" if record.station_id else "no station"
    head = Text(f"#{record.number} {record.severity} {record.category_label} · {record.state_label} · {where}",
                style="bold white on red" if record.attention == "red" else "bold yellow")
    reporter = ", ".join(p for p in (record.reporter_name, record.reporter_role, record.reporter_phone) if p)
    lines = [
        head,
        Text(f"Reported {uk_time(record.reported_at)} by {detail.names.get(record.reported_by, record.reported_by)}"
             f" ({record.channel.replace('_', ' ')})" + (f"; caller {reporter}" if reporter else "")
             + (f"; about {record.voters_affected} voters affected" if record.voters_affected is not None else "")),
        Text(record.description, style="bold"),
    ]
    owner = [f"with {record.assigned_to}" if record.assigned_to else "not assigned"]
    if record.escalated_to:
        owner.append(f"escalated to {record.escalated_to} at {uk_time(record.escalated_at or '')}")
    if record.resolution:
        owner.append(f"resolved: {record.resolution}")
    if record.closed_at:
        owner.append(f"closed {uk_time(record.closed_at)} by {detail.names.get(record.closed_by or '', '')}")
    said = "; ".join(owner)
    lines.append(Text(said[:1].upper() + said[1:]))
    times = [f"to acknowledge {_took(record.minutes_to_acknowledge)}", f"to resolve {_took(record.minutes_to_resolve)}"]
    lines.append(Text("Time " + ", ".join(times)))
    lines.append(target_text(record, detail.now))
    links = [f"{link['kind']} {link['target']}" + (f" ({link['note']})" if link["note"] else "")
             for link in detail.links]
    lines.append(Text("Links: " + ("; ".join(links) if links else "none (L links a station, box, account…)")))
    return Text("\n").join(lines)


def _took(minutes: int | None) -> str:
    return "-" if minutes is None else f"{minutes} min"


def event_what(event: dict[str, Any]) -> str:
    kind = event["kind"]
    text = event["text"]
    if kind == "state" and event["to_state"]:
        moved = f"{_state(event['from_state'])} -> {_state(event['to_state'])}"
        return f"{moved}: {text}" if text else moved
    return f"{kind}: {text}" if text else kind


def _state(value: str | None) -> str:
    return INCIDENT_STATE_LABELS[IncidentState(value)] if value else "-"


class ControlIncidentScreen(ControlSubScreen[IncidentDetail], IncidentActions):
    AUTO_FOCUS = "#ci-timeline"
    # The footer has room for the commonest; the message line names the rest.
    BINDINGS: ClassVar[list[BindingType]] = [replace(b, show=b.key in ("a", "s", "r", "e", "p"))
                                             for b in INCIDENT_BINDINGS]
    CSS = SUB_SCREEN_CSS + """
    ControlIncidentScreen #ci-summary { height: auto; max-height: 12; }
    """

    def __init__(self, desk: JobDesk, number: int) -> None:
        super().__init__(desk)
        self.number = number
        self.detail: IncidentDetail | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="cr-body"):
            yield Static(f"Incident #{self.number}: reading…", id="ci-summary")
            yield Static("Timeline", classes="cr-heading", markup=False)
            yield DataTable(id="ci-timeline", cursor_type="row", zebra_stripes=True)
        yield from self.message_line("H hold, O reopen, L link, C close, T note. Escape: back to the list.")

    def make_reader(self) -> Callable[[], IncidentDetail]:
        shell = shell_of(self)
        service, clock, number = shell.service, shell.clock, self.number
        return lambda: read_incident(service, clock.now(), number)

    def show_reading(self, reading: IncidentDetail) -> None:
        self.detail = reading
        self.query_one("#ci-summary", Static).update(summary_text(reading))
        table = self.query_one("#ci-timeline", DataTable)
        who = max([3, *(len(short(e["by_name"], 18)) for e in reading.timeline)])
        width = max(20, self.app.size.width - who - 17)  # time, cell padding, body padding, scrollbar
        fill_table(table, TIMELINE_COLUMNS, ((None, (uk_time(e["at"]), short(e["by_name"], 18),
                                                      short(event_what(e), width))) for e in reading.timeline))
        if reading.timeline:
            table.move_cursor(row=len(reading.timeline) - 1, animate=False)  # the latest, where work goes on

    def current_incident(self) -> IncidentRecord | None:
        return self.detail.record if self.detail else None

    def link_hints(self, incident: IncidentRecord) -> LinkHints:
        return hints_for(incident, self.detail.boxes if self.detail else ())
