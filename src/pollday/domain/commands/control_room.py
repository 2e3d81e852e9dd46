"""Polling-day control room commands (reference §6): incidents, stations, turnout, transit, voter ID
(postal vote sweeps: control_sweeps.py; both are in CONTROL_ROOM_COMMANDS).

Logging an incident is the most frequent action in the room, so `incident.open` needs
only a category and a description; everything else has a default. Every incident and
station change also appends a row to its timeline, so the history is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.control_support import (
    count_arg,
    happened_at,
    poll_date_of,
    settings_of,
    station_or_refuse,
    station_status_of,
    text_arg,
)
from pollday.domain.commands.control_sweeps import SWEEP_COMMANDS
from pollday.domain.commands.election import the_election
from pollday.domain.commands.reception import person_name
from pollday.domain.control_room import (
    CATEGORY_LABELS,
    EARLY_RETURN_ALLOWANCE,
    ESCALATE_TO_DEFAULT,
    INCIDENT_STATE_LABELS,
    POLLS_CLOSE,
    REFUSAL_REASONS,
    Category,
    Channel,
    IncidentState,
    Severity,
    StationState,
    default_severity,
    incident_move_problem,
    incident_move_values,
    issued_problem,
    next_moment,
    parse_clock,
    poll_moment,
    station_move_problem,
    station_state_of,
    turnout_times_problem,
)
from pollday.domain.roles import Permission
from pollday.domain.stages import PollState
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time


class LinkKind(StrEnum):
    BOX = "box"
    STATION = "station"
    ACCOUNT = "account"  # a verification account, e.g. station:12:parl.kestrel-vale.2026-05-07
    INCIDENT = "incident"
    POLICE = "police"  # a police reference number


# --- shared look-ups -------------------------------------------------------------------------


def incident_or_refuse(view: StateView, number: int) -> dict[str, Any]:
    incident = view.get("incidents", (number,))
    if incident is None:
        raise Refused(f"there is no incident #{number}: check the number on the incident list")
    return incident


def _incident_changes(ctx: CommandContext, incident: dict[str, Any], kind: str, text: str,
                      values: dict[str, Any] | None = None, to_state: IncidentState | None = None) -> list[Change]:
    """Patch the incident and append one timeline row: together, in one command."""
    seq = incident["events"] + 1
    at = ctx.at.isoformat()
    return [
        Patch("incidents", (incident["number"],), {**(values or {}), "events": seq, "updated_at": at}),
        Put("incident_events", {
            "number": incident["number"], "seq": seq, "kind": kind, "text": text,
            "from_state": incident["state"] if to_state else None, "to_state": to_state.value if to_state else None,
            "at": at, "by": ctx.actor,
        }),
    ]


def _move(ctx: CommandContext, incident: dict[str, Any], target: IncidentState, text: str, kind: str,
          extra: dict[str, Any] | None = None, escalated_to: str = ESCALATE_TO_DEFAULT,
          via: IncidentState | None = None) -> list[Change]:
    """Move an incident, checked against the lifecycle; `via` is a normal step taken on the way."""
    current = IncidentState(incident["state"])
    for start, end in ((current, via), (via or current, target)):
        if end is None:
            continue
        problem = incident_move_problem(start, end, text)
        if problem:
            raise Refused(f"incident #{incident['number']}: {problem}")
    values = incident_move_values(incident, target, ctx.at.isoformat(), ctx.actor, text, escalated_to)
    return _incident_changes(ctx, incident, kind, text, {**values, **(extra or {})}, target)


# --- incidents -------------------------------------------------------------------------------


@register
@dataclass(frozen=True)
class OpenIncident(Command):
    name: ClassVar[str] = "incident.open"
    summary: ClassVar[str] = "Log an incident"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    category: Category
    description: str
    station_id: str | None = None
    severity: Severity | None = None
    reporter_name: str = ""
    reporter_role: str = ""
    reporter_phone: str = ""
    channel: Channel = Channel.PHONE
    voters_affected: int | None = None

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        description = text_arg(self.description, "description")
        if self.station_id is not None:
            station_or_refuse(view, self.station_id)
        if self.voters_affected is not None:
            count_arg(self.voters_affected, "the number of voters affected")
        settings = settings_of(view)
        number = settings["incidents"] + 1
        severity = self.severity or default_severity(self.category, ctx.at)
        at = ctx.at.isoformat()
        return [
            Put("control_settings", {**settings, "incidents": number}),
            Put("incidents", {
                "number": number, "station_id": self.station_id, "category": self.category.value,
                "severity": severity.value, "description": description,
                "reporter_name": text_arg(self.reporter_name, "reporter's name", required=False),
                "reporter_role": text_arg(self.reporter_role, "reporter's role", required=False),
                "reporter_phone": text_arg(self.reporter_phone, "reporter's phone", required=False),
                "channel": self.channel.value, "voters_affected": self.voters_affected,
                "state": IncidentState.NEW.value, "reported_at": at, "reported_by": ctx.actor,
                "acknowledged_at": None, "acknowledged_by": None, "acted_at": None, "assigned_to": None,
                "assigned_at": None, "escalated_to": None, "escalated_at": None, "resolved_at": None,
                "resolution": "", "closed_at": None, "closed_by": None, "events": 1, "updated_at": at,
            }),
            Put("incident_events", {
                "number": number, "seq": 1, "kind": "opened",
                "text": f"{severity.value} {CATEGORY_LABELS[self.category]}: {description}",
                "from_state": None, "to_state": IncidentState.NEW.value, "at": at, "by": ctx.actor,
            }),
        ]


@register
@dataclass(frozen=True)
class AcknowledgeIncident(Command):
    name: ClassVar[str] = "incident.acknowledge"
    summary: ClassVar[str] = "Acknowledge an incident"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    number: int
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        incident = incident_or_refuse(view, self.number)
        if incident["acknowledged_at"] is not None:
            raise Refused(
                f"incident #{self.number} was acknowledged at {uk_time(incident['acknowledged_at'])} by "
                f"{person_name(view, incident['acknowledged_by'] or '')}; it is now "
                f"{INCIDENT_STATE_LABELS[IncidentState(incident['state'])]}"
            )
        return _move(ctx, incident, IncidentState.ACKNOWLEDGED, text_arg(self.note, "note", required=False),
                     "acknowledged")


@register
@dataclass(frozen=True)
class AssignIncident(Command):
    name: ClassVar[str] = "incident.assign"
    summary: ClassVar[str] = "Assign an incident to an inspector or desk"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    number: int
    to: str
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        incident = incident_or_refuse(view, self.number)
        assignee = text_arg(self.to, "name of the inspector or desk")
        note = text_arg(self.note, "note", required=False)
        state = IncidentState(incident["state"])
        at = ctx.at.isoformat()
        if incident["assigned_to"] == assignee and state in (IncidentState.ASSIGNED, IncidentState.IN_PROGRESS):
            raise Refused(f"incident #{self.number} is already assigned to {assignee}")
        text = f"to {assignee}" + (f": {note}" if note else "")
        assignment = {"assigned_to": assignee, "assigned_at": at}
        if state in (IncidentState.ASSIGNED, IncidentState.IN_PROGRESS):
            # Handing work that is under way to someone else changes who, not where it stands.
            previous = incident["assigned_to"] or "nobody"
            return _incident_changes(ctx, incident, "reassigned", f"from {previous} {text}", assignment)
        # Assigning a new incident acknowledges it on the way: two normal steps in one action.
        via = IncidentState.ACKNOWLEDGED if state == IncidentState.NEW else None
        return _move(ctx, incident, IncidentState.ASSIGNED, text, "assigned", assignment, via=via)


@register
@dataclass(frozen=True)
class EscalateIncident(Command):
    name: ClassVar[str] = "incident.escalate"
    summary: ClassVar[str] = "Escalate an incident to the Returning Officer"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    number: int
    reason: str
    to: str = ESCALATE_TO_DEFAULT

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        incident = incident_or_refuse(view, self.number)
        to = text_arg(self.to, "person escalated to")
        if incident["state"] == IncidentState.ESCALATED and incident["escalated_to"] == to:
            raise Refused(f"incident #{self.number} was already escalated to {to} at "
                          f"{uk_time(incident['escalated_at'])}")
        reason = text_arg(self.reason, "reason for escalating")
        return _move(ctx, incident, IncidentState.ESCALATED, f"to {to}: {reason}", "escalated", escalated_to=to)


@register
@dataclass(frozen=True)
class NoteIncident(Command):
    name: ClassVar[str] = "incident.note"
    summary: ClassVar[str] = "Add a note to an incident's timeline"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    number: int
    text: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        incident = incident_or_refuse(view, self.number)
        return _incident_changes(ctx, incident, "note", text_arg(self.text, "note"))


@register
@dataclass(frozen=True)
class SetIncidentState(Command):
    name: ClassVar[str] = "incident.set_state"
    summary: ClassVar[str] = "Move an incident on (in progress, on hold, resolved, closed, reopened)"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    number: int
    state: IncidentState
    reason: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        incident = incident_or_refuse(view, self.number)
        if self.state == IncidentState.ASSIGNED:
            raise Refused("use 'incident.assign' to assign an incident: it records to whom")
        return _move(ctx, incident, self.state, text_arg(self.reason, "reason", required=False), "state")


@register
@dataclass(frozen=True)
class SetIncidentSeverity(Command):
    name: ClassVar[str] = "incident.set_severity"
    summary: ClassVar[str] = "Change an incident's severity"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    number: int
    severity: Severity
    reason: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        incident = incident_or_refuse(view, self.number)
        if incident["severity"] == self.severity:
            raise Refused(f"incident #{self.number} is already {self.severity.value}")
        reason = text_arg(self.reason, "reason for the new severity")
        return _incident_changes(ctx, incident, "severity", f"{incident['severity']} to {self.severity.value}: "
                                 f"{reason}", {"severity": self.severity.value})


@register
@dataclass(frozen=True)
class LinkIncident(Command):
    name: ClassVar[str] = "incident.link"
    summary: ClassVar[str] = "Link an incident to a box, station, account, incident or police reference"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    number: int
    kind: LinkKind
    target: str
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        incident = incident_or_refuse(view, self.number)
        target = text_arg(self.target, f"{self.kind.value} to link")
        _check_link_target(view, self.number, self.kind, target)
        if view.get("incident_links", (self.number, self.kind.value, target)) is not None:
            raise Refused(f"incident #{self.number} is already linked to {self.kind.value} {target}")
        note = text_arg(self.note, "note", required=False)
        return [
            Put("incident_links", {"number": self.number, "kind": self.kind.value, "target": target, "note": note,
                                   "at": ctx.at.isoformat(), "by": ctx.actor}),
            *_incident_changes(ctx, incident, "linked", f"{self.kind.value} {target}" + (f": {note}" if note else "")),
        ]


def _check_link_target(view: StateView, number: int, kind: LinkKind, target: str) -> None:
    match kind:
        case LinkKind.BOX:
            if view.get("boxes", (target,)) is None and view.get("postal_boxes", (target,)) is None:
                raise Refused(f"box {target} is not a box of this election: check the label")
        case LinkKind.STATION:
            station_or_refuse(view, target)
        case LinkKind.ACCOUNT:
            _check_account(view, target)
        case LinkKind.INCIDENT:
            if not target.isdigit() or view.get("incidents", (int(target),)) is None:
                raise Refused(f"there is no incident #{target} to link to: give its number")
            if int(target) == number:
                raise Refused("an incident cannot be linked to itself")
        case LinkKind.POLICE:
            pass  # a police reference is whatever the force gave; it only has to be written down


def _check_account(view: StateView, account_id: str) -> None:
    """Verification account IDs: station:<station_id>:<contest_id> or postal:<box_id>."""
    kind, _, rest = account_id.partition(":")
    if kind == "station":
        station_id, _, contest_id = rest.partition(":")
        if view.get("stations", (station_id,)) is not None and view.get("contests", (contest_id,)) is not None:
            return
    elif kind == "postal" and view.get("postal_boxes", (rest,)) is not None:
        return
    raise Refused(f"'{account_id}' is not a verification account of this election: write it as "
                  "station:<station>:<contest> or postal:<box>")


# --- stations --------------------------------------------------------------------------------


def _station_event(ctx: CommandContext, status: dict[str, Any], kind: str, to_state: str, since: datetime,
                   reason: str, values: dict[str, Any]) -> list[Change]:
    seq = status["events"] + 1
    at = ctx.at.isoformat()
    return [
        Put("station_status", {**status, **values, "events": seq, "at": at, "by": ctx.actor}),
        Put("station_events", {
            "station_id": status["station_id"], "seq": seq, "kind": kind, "from_state": status["state"],
            "to_state": to_state, "since": since.isoformat(), "reason": reason,
            "queue_length": values.get("queue_length", status["queue_length"]), "at": at, "by": ctx.actor,
        }),
    ]


def _boxes_at(view: StateView, station_id: str) -> list[dict[str, Any]]:
    return view.rows("boxes", station_id=station_id)


@register
@dataclass(frozen=True)
class SetStationStatus(Command):
    name: ClassVar[str] = "station.set_status"
    summary: ClassVar[str] = "Record a polling station's status"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    state: StationState
    reason: str = ""
    queue_length: int | None = None
    since: str | None = None  # HH:MM when it happened, if earlier than now

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        status = station_status_of(view, self.station_id)
        boxes = _boxes_at(view, self.station_id)
        received = sum(1 for b in boxes if view.get("box_receipts", (b["box_id"],)) is not None)
        current = station_state_of(status["state"], len(boxes), received)
        if current == StationState.RECEIVED:
            raise Refused(f"every box of station {self.station_id} is checked in at the count: its status now "
                          "follows the boxes")
        since = happened_at(ctx, self.since, "the status change")
        reason = text_arg(self.reason, "reason", required=False)
        problem = station_move_problem(current, self.state, reason, self.queue_length, since, poll_date_of(view))
        if problem:
            raise Refused(f"station {self.station_id}: {problem}")
        values: dict[str, Any] = {"state": self.state.value, "since": since.isoformat(), "reason": reason}
        if self.state == StationState.CLOSING:
            values["queue_length"] = self.queue_length
        if self.state == StationState.OPEN and status["opened_at"] is None:
            values["opened_at"] = since.isoformat()  # the first opening; a resumption keeps it
        return _station_event(ctx, status, "status", self.state.value, since, reason, values)


@register
@dataclass(frozen=True)
class AssignInspector(Command):
    name: ClassVar[str] = "station.assign_inspector"
    summary: ClassVar[str] = "Assign a polling station inspector to a station"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    inspector: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        inspector = text_arg(self.inspector, "inspector's name")
        status = station_status_of(view, self.station_id)
        if status["inspector"] == inspector:
            raise Refused(f"{inspector} is already the inspector for station {self.station_id}")
        previous = status["inspector"] or "none"
        return _station_event(ctx, status, "inspector", status["state"], ctx.at,
                              f"inspector {previous} -> {inspector}",
                              {"inspector": inspector, "inspector_at": ctx.at.isoformat()})


# --- turnout returns -------------------------------------------------------------------------


@register
@dataclass(frozen=True)
class SetTurnoutTimes(Command):
    name: ClassVar[str] = "turnout.set_times"
    summary: ClassVar[str] = "Set the turnout reporting times"
    permission: ClassVar[Permission | None] = Permission.RUN_ELECTION

    times: tuple[str, ...]

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        times = tuple(t.strip() for t in self.times)
        problem = turnout_times_problem(times)
        if problem:
            raise Refused(problem)
        reported = {r["slot"] for r in view.rows("turnout_returns")}
        dropped = sorted(reported - set(times))
        if dropped:
            raise Refused(f"returns have already been recorded for {', '.join(dropped)}: keep those times")
        settings = settings_of(view)
        return [Put("control_settings", {**settings, "turnout_times": list(times), "at": ctx.at.isoformat(),
                                         "by": ctx.actor})]


@register
@dataclass(frozen=True)
class RecordTurnout(Command):
    name: ClassVar[str] = "turnout.record"
    summary: ClassVar[str] = "Record a station's turnout return"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    slot: str
    issued: int
    queue_length: int = 0
    notes: str = ""
    reason: str = ""  # needed to correct a return, or for a figure that breaks the running total

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station = station_or_refuse(view, self.station_id)
        times = tuple(settings_of(view)["turnout_times"])
        slot = self.slot.strip()
        clock = parse_clock(slot)
        if slot not in times or clock is None:
            raise Refused(f"'{self.slot}' is not a reporting time; the times are {', '.join(times)}")
        if ctx.at < poll_moment(poll_date_of(view), clock) - EARLY_RETURN_ALLOWANCE:
            raise Refused(f"the {slot} return is not due yet (it is {uk_time(ctx.at.isoformat())})")
        count_arg(self.queue_length, "the queue length")
        reason = text_arg(self.reason, "reason", required=False)
        returns = {r["slot"]: r for r in view.rows("turnout_returns", station_id=self.station_id)}
        earlier = returns.get(slot)
        if earlier is not None and not reason:
            raise Refused(
                f"the {slot} return for station {self.station_id} was recorded at {uk_time(earlier['at'])} by "
                f"{person_name(view, earlier['by'])} ({earlier['issued']:,} issued): give a reason to correct it"
            )
        others = {s: r["issued"] for s, r in returns.items() if s != slot}
        problem = issued_problem(slot, self.issued, station["electorate"], others, times, reason)
        if problem:
            raise Refused(f"station {self.station_id}: {problem}")
        return [Put("turnout_returns", {
            "station_id": self.station_id, "slot": slot, "issued": self.issued, "queue_length": self.queue_length,
            "notes": text_arg(self.notes, "notes", required=False), "reason": reason,
            "corrections": earlier["corrections"] + 1 if earlier else 0, "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


# --- boxes in transit (postal vote sweeps are in control_sweeps.py) ---------------------------------


@register
@dataclass(frozen=True)
class DispatchBox(Command):
    name: ClassVar[str] = "box.dispatch"
    summary: ClassVar[str] = "Record a ballot box leaving its station for the count"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    box_id: str
    collector: str
    eta: str  # HH:MM expected at the count; after midnight means the next morning
    left_at: str | None = None  # HH:MM it left, if earlier than now
    station_id: str | None = None  # when given, must be the box's station: catches a misread box number
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box = view.get("boxes", (self.box_id,))
        if box is None:
            if view.get("postal_boxes", (self.box_id,)) is not None:
                raise Refused(f"box {self.box_id} is a postal ballot box: it comes from postal opening, not a station")
            raise Refused(f"box {self.box_id} is not a box of this election: check the label")
        if self.station_id is not None and self.station_id != box["station_id"]:
            raise Refused(f"box {self.box_id} belongs to station {box['station_id']}, not {self.station_id}: "
                          "check the box number")
        receipt = view.get("box_receipts", (self.box_id,))
        if receipt is not None:
            raise Refused(f"box {self.box_id} was checked in at the count at {uk_time(receipt['arrived_at'])} by "
                          f"{person_name(view, receipt['received_by'])}: it is no longer in transit")
        election = the_election(view)
        if election["poll_state"] != PollState.CLOSED:
            raise Refused("boxes leave polling stations only after the close of poll: close the poll first")
        status = station_status_of(view, box["station_id"])
        if status["state"] == StationState.CLOSING:
            raise Refused(f"station {box['station_id']} is still taking its 22:00 queue: record it closed before "
                          "its boxes leave")
        collector = text_arg(self.collector, "collector's name")
        left = happened_at(ctx, self.left_at, "the departure")
        if left < poll_moment(poll_date_of(view), POLLS_CLOSE):
            raise Refused("a box cannot leave its station before 22:00: check the departure time")
        clock = parse_clock(self.eta)
        if clock is None:
            raise Refused(f"'{self.eta}' is not an arrival time: write it as HH:MM, e.g. 23:05")
        eta = next_moment(clock, left).astimezone(ctx.at.tzinfo)
        note = text_arg(self.note, "note", required=False)
        earlier = view.get("box_dispatches", (self.box_id,))
        if earlier is not None and not note:
            raise Refused(f"box {self.box_id} was dispatched at {uk_time(earlier['left_at'])} (ETA "
                          f"{uk_time(earlier['eta'])}): say why the dispatch is being revised")
        changes: list[Change] = [Put("box_dispatches", {
            "box_id": self.box_id, "station_id": box["station_id"], "collector": collector,
            "left_at": left.isoformat(), "eta": eta.isoformat(), "note": note,
            "revisions": earlier["revisions"] + 1 if earlier else 0, "at": ctx.at.isoformat(), "by": ctx.actor,
        })]
        return changes + _station_dispatched(ctx, view, box["station_id"], self.box_id, left, status)


def _station_dispatched(ctx: CommandContext, view: StateView, station_id: str, box_id: str, left: datetime,
                        status: dict[str, Any]) -> list[Change]:
    """A closed station whose last box has now left moves to Dispatched, as a normal step."""
    if status["state"] != StationState.CLOSED:
        return []
    for other in _boxes_at(view, station_id):
        other_id = other["box_id"]
        if other_id != box_id and view.get("box_dispatches", (other_id,)) is None \
                and view.get("box_receipts", (other_id,)) is None:
            return []
    return _station_event(ctx, status, "status", StationState.DISPATCHED.value, left,
                          f"all boxes left (last: box {box_id})",
                          {"state": StationState.DISPATCHED.value, "since": left.isoformat(),
                           "reason": f"all boxes left (last: box {box_id})"})


# --- voter ID (§6.4) ---------------------------------------------------------------------------


@register
@dataclass(frozen=True)
class RecordRefusal(Command):
    name: ClassVar[str] = "voter_id.refusal"
    summary: ClassVar[str] = "Record a ballot paper refusal (voter ID)"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    reason_code: int
    elector_number: str = ""  # optional: the list is confidential, the control room may leave it out
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        if self.reason_code not in REFUSAL_REASONS:
            codes = "; ".join(f"{code} {label.lower()}" for code, label in REFUSAL_REASONS.items())
            raise Refused(f"reason code {self.reason_code} is not on the refusal list: use {codes}")
        number = view.count("voter_id_refusals", station_id=self.station_id) + 1
        return [Put("voter_id_refusals", {
            "station_id": self.station_id, "number": number, "reason_code": self.reason_code,
            "elector_number": text_arg(self.elector_number, "elector number", required=False),
            "note": text_arg(self.note, "note", required=False), "later_issued": False, "returned_at": None,
            "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class RecordReturn(Command):
    name: ClassVar[str] = "voter_id.returned"
    summary: ClassVar[str] = "Record that a refused voter came back and was issued a ballot paper"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    number: int

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station_or_refuse(view, self.station_id)
        refusal = view.get("voter_id_refusals", (self.station_id, self.number))
        if refusal is None:
            raise Refused(f"station {self.station_id} has no refusal number {self.number}: check the refusal list")
        if refusal["later_issued"]:
            raise Refused(f"refusal {self.number} at station {self.station_id} was already marked as returned "
                          f"and issued at {uk_time(refusal['returned_at'])}")
        return [Patch("voter_id_refusals", (self.station_id, self.number),
                      {"later_issued": True, "returned_at": ctx.at.isoformat()})]


@register
@dataclass(frozen=True)
class RecordVoterIdTally(Command):
    name: ClassVar[str] = "voter_id.tally"
    summary: ClassVar[str] = "Record a station's voter ID tallies (VIDEF)"
    permission: ClassVar[Permission | None] = Permission.CONTROL_ROOM

    station_id: str
    vac_used: int = 0
    aed_used: int = 0
    private_checks: int = 0
    not_issued_no_id: int = 0
    returned_with_id: int = 0
    greeter: bool = False

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        station = station_or_refuse(view, self.station_id)
        figures = {
            "vac_used": count_arg(self.vac_used, "Voter Authority Certificates used"),
            "aed_used": count_arg(self.aed_used, "Anonymous Elector's Documents used"),
            "private_checks": count_arg(self.private_checks, "ID checks in private"),
            "not_issued_no_id": count_arg(self.not_issued_no_id, "electors not issued a paper for want of ID"),
            "returned_with_id": count_arg(self.returned_with_id, "electors who came back with ID"),
        }
        if self.returned_with_id > self.not_issued_no_id:
            raise Refused(f"{self.returned_with_id} came back with ID, but only {self.not_issued_no_id} were turned "
                          "away: check the figures")
        if sum(figures.values()) > station["electorate"]:
            raise Refused(f"the tallies add up to more than the station's electorate of {station['electorate']:,}: "
                          "check the figures")
        return [Put("voter_id_tallies", {"station_id": self.station_id, **figures, "greeter": self.greeter,
                                         "at": ctx.at.isoformat(), "by": ctx.actor})]


CONTROL_ROOM_COMMANDS: tuple[type[Command], ...] = (
    OpenIncident, AcknowledgeIncident, AssignIncident, EscalateIncident, NoteIncident, SetIncidentState,
    SetIncidentSeverity, LinkIncident, SetStationStatus, AssignInspector, SetTurnoutTimes, RecordTurnout,
    *SWEEP_COMMANDS, DispatchBox, RecordRefusal, RecordReturn, RecordVoterIdTally,
)
