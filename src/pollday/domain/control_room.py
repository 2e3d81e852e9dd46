"""Polling-day control room rules (reference §6): pure, no clock, no storage.

- Incidents: categories with default severities (§6.2), response targets per severity,
  and the lifecycle of §6.3 as a transition table.
- Polling stations: the status machine of §6.5.
- Turnout returns: reporting slots and the arithmetic against the in-person electorate.
- Boxes in transit: when a box is due at the count and how late it is.

A move along the normal flow needs no reason. Skipping a step or going backwards is
allowed only with a reason, which goes on the record; some moves always need one
(suspending a station, resolving or reopening an incident). The functions here return
the problem as a sentence (what is wrong and what to do) or None; commands refuse with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from pollday.domain.timefmt import UK

POLLS_OPEN = time(7, 0)
POLLS_CLOSE = time(22, 0)


# --- incidents: categories, severities, targets ---------------------------------------------


class Severity(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


SEVERITY_MEANINGS: dict[Severity, str] = {
    Severity.P1: "Voting cannot go ahead, voters turned away, integrity or safety at risk, or a legal deadline at risk",
    Severity.P2: "Degraded service or delays, or likely to become P1",
    Severity.P3: "Minor, no immediate impact on voters",
    Severity.P4: "Information or logging only",
}


@dataclass(frozen=True)
class Target:
    """How soon an incident should be acknowledged, acted on and resolved (None: no target)."""

    acknowledge: timedelta
    act: timedelta | None
    resolve: timedelta | None


# Reference §6.2 gives P1 "acknowledge within 5 minutes" and P2 "act within 15-30 minutes";
# the rest are assumptions [I] for a council to confirm. Measured from when it was reported.
SEVERITY_TARGETS: dict[Severity, Target] = {
    Severity.P1: Target(timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=60)),
    Severity.P2: Target(timedelta(minutes=15), timedelta(minutes=30), timedelta(minutes=120)),
    Severity.P3: Target(timedelta(minutes=30), timedelta(minutes=120), timedelta(hours=4)),
    Severity.P4: Target(timedelta(minutes=60), None, None),
}


class Category(StrEnum):
    OPENING = "opening"
    STAFFING = "staffing"
    STATIONERY = "stationery"
    REGISTER = "register"
    VOTER_ID = "voter_id"
    POSTAL = "postal"
    CONDUCT = "conduct"
    ACCESSIBILITY = "accessibility"
    QUEUES = "queues"
    PREMISES = "premises"
    CLOSE_TRANSPORT = "close_transport"
    COMMS = "comms"
    ENQUIRIES = "enquiries"


CATEGORY_LABELS: dict[Category, str] = {
    Category.OPENING: "Opening",
    Category.STAFFING: "Staffing",
    Category.STATIONERY: "Stationery and equipment",
    Category.REGISTER: "Register and eligibility",
    Category.VOTER_ID: "Voter ID",
    Category.POSTAL: "Postal votes handed in",
    Category.CONDUCT: "Conduct and security",
    Category.ACCESSIBILITY: "Accessibility",
    Category.QUEUES: "Capacity and queues",
    Category.PREMISES: "Premises, health and safety",
    Category.CLOSE_TRANSPORT: "Close of poll and transport",
    Category.COMMS: "Communications and IT",
    Category.ENQUIRIES: "Enquiries and complaints",
}

# Reference §6.2; where it gives a range the middle is the default and the operator overrides it.
DEFAULT_SEVERITY: dict[Category, Severity] = {
    Category.OPENING: Severity.P1,
    Category.STAFFING: Severity.P2,
    Category.STATIONERY: Severity.P2,
    Category.REGISTER: Severity.P2,
    Category.VOTER_ID: Severity.P3,
    Category.POSTAL: Severity.P3,
    Category.CONDUCT: Severity.P2,
    Category.ACCESSIBILITY: Severity.P2,
    Category.QUEUES: Severity.P2,
    Category.PREMISES: Severity.P1,
    Category.CLOSE_TRANSPORT: Severity.P2,
    Category.COMMS: Severity.P2,
    Category.ENQUIRIES: Severity.P3,
}

# A queue late in the day risks voters still waiting at 22:00 (§6.2: "P2 -> P1 near 21:30").
QUEUE_CRITICAL_FROM = time(21, 30)


def default_severity(category: Category, at: datetime) -> Severity:
    if category == Category.QUEUES and at.astimezone(UK).time() >= QUEUE_CRITICAL_FROM:
        return Severity.P1
    return DEFAULT_SEVERITY[category]


class Channel(StrEnum):
    PHONE = "phone"
    RADIO = "radio"
    APP = "app"
    PSI_VISIT = "psi_visit"
    EMAIL = "email"
    IN_PERSON = "in_person"


# Where an incident can be sent (§6.3 assigned_to); a station inspector's name is also accepted.
DESKS: tuple[str, ...] = ("Control room", "Logistics", "ERO desk", "Police liaison", "Returning Officer")
ESCALATE_TO_DEFAULT = "Returning Officer"


# --- incident lifecycle --------------------------------------------------------------------


class IncidentState(StrEnum):
    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ESCALATED = "escalated"
    ON_HOLD = "on_hold"
    REOPENED = "reopened"


INCIDENT_STATE_LABELS: dict[IncidentState, str] = {
    IncidentState.NEW: "New",
    IncidentState.ACKNOWLEDGED: "Acknowledged",
    IncidentState.ASSIGNED: "Assigned",
    IncidentState.IN_PROGRESS: "In progress",
    IncidentState.RESOLVED: "Resolved",
    IncidentState.CLOSED: "Closed",
    IncidentState.ESCALATED: "Escalated",
    IncidentState.ON_HOLD: "On hold",
    IncidentState.REOPENED: "Reopened",
}

OPEN_INCIDENT_STATES = frozenset(IncidentState) - {IncidentState.RESOLVED, IncidentState.CLOSED}

# The normal flow: each of these moves needs no reason.
INCIDENT_FLOW: dict[IncidentState, frozenset[IncidentState]] = {
    IncidentState.NEW: frozenset({IncidentState.ACKNOWLEDGED, IncidentState.ESCALATED}),
    IncidentState.ACKNOWLEDGED: frozenset({IncidentState.ASSIGNED, IncidentState.ESCALATED, IncidentState.ON_HOLD}),
    IncidentState.ASSIGNED: frozenset({IncidentState.IN_PROGRESS, IncidentState.ESCALATED, IncidentState.ON_HOLD}),
    IncidentState.IN_PROGRESS: frozenset({IncidentState.RESOLVED, IncidentState.ESCALATED, IncidentState.ON_HOLD}),
    IncidentState.ESCALATED: frozenset({
        IncidentState.ASSIGNED, IncidentState.IN_PROGRESS, IncidentState.RESOLVED, IncidentState.ON_HOLD}),
    IncidentState.ON_HOLD: frozenset({IncidentState.ASSIGNED, IncidentState.IN_PROGRESS, IncidentState.ESCALATED}),
    IncidentState.REOPENED: frozenset({
        IncidentState.ASSIGNED, IncidentState.IN_PROGRESS, IncidentState.ESCALATED, IncidentState.ON_HOLD}),
    IncidentState.RESOLVED: frozenset({IncidentState.CLOSED, IncidentState.REOPENED}),
    IncidentState.CLOSED: frozenset({IncidentState.REOPENED}),
}

# How far along the main line a state is: a move to a lower rank goes backwards.
_INCIDENT_RANK: dict[IncidentState, int] = {
    IncidentState.NEW: 0,
    IncidentState.ACKNOWLEDGED: 1,
    IncidentState.REOPENED: 1,
    IncidentState.ASSIGNED: 2,
    IncidentState.ON_HOLD: 2,
    IncidentState.ESCALATED: 2,
    IncidentState.IN_PROGRESS: 3,
    IncidentState.RESOLVED: 4,
    IncidentState.CLOSED: 5,
}

# Moves into these states always carry text: it is the record of why (or how).
INCIDENT_REASON_ALWAYS: dict[IncidentState, str] = {
    IncidentState.RESOLVED: "say how it was resolved",
    IncidentState.ESCALATED: "say why it needs escalating",
    IncidentState.ON_HOLD: "say what it is waiting for",
    IncidentState.REOPENED: "say why it is being reopened",
}


def incident_move_problem(current: IncidentState, target: IncidentState, reason: str) -> str | None:
    """Why an incident may not move from `current` to `target` with this reason, or None."""
    now_label, to_label = INCIDENT_STATE_LABELS[current], INCIDENT_STATE_LABELS[target]
    if target == current:
        return f"the incident is already {now_label}"
    if target == IncidentState.NEW:
        return "an incident never goes back to New: reopen it instead (with a reason)"
    if target == IncidentState.REOPENED and current not in (IncidentState.RESOLVED, IncidentState.CLOSED):
        return f"only a resolved or closed incident can be reopened; this one is {now_label}"
    if current in (IncidentState.RESOLVED, IncidentState.CLOSED) and target not in INCIDENT_FLOW[current]:
        return f"the incident is {now_label}: reopen it (with a reason) to work on it again"
    has_reason = bool(reason.strip())
    if target in INCIDENT_REASON_ALWAYS and not has_reason:
        return f"moving the incident to {to_label} needs text: {INCIDENT_REASON_ALWAYS[target]}"
    if target in INCIDENT_FLOW[current] or has_reason:
        return None
    direction = "goes backwards" if _INCIDENT_RANK[target] < _INCIDENT_RANK[current] else "skips a step"
    usual = ", ".join(INCIDENT_STATE_LABELS[s] for s in sorted(INCIDENT_FLOW[current], key=_INCIDENT_RANK.get))
    return (f"{now_label} to {to_label} {direction} (from {now_label} the next steps are {usual}): "
            "give a reason to record why")


def incident_move_values(
    incident: dict[str, object], target: IncidentState, at: str, actor: str, text: str,
    escalated_to: str = ESCALATE_TO_DEFAULT,
) -> dict[str, object]:
    """The columns a move changes: state plus the time stamps the targets are measured by."""
    values: dict[str, object] = {"state": target.value, "updated_at": at}
    if incident["acknowledged_at"] is None:
        # Any handling at all means someone has seen it.
        values["acknowledged_at"], values["acknowledged_by"] = at, actor
    if incident["acted_at"] is None and target not in (
            IncidentState.ACKNOWLEDGED, IncidentState.ON_HOLD, IncidentState.REOPENED):
        values["acted_at"] = at
    if target == IncidentState.ESCALATED:
        values["escalated_to"], values["escalated_at"] = escalated_to, at
    if target in (IncidentState.RESOLVED, IncidentState.CLOSED) and incident["resolved_at"] is None:
        values["resolved_at"], values["resolution"] = at, text.strip()
    if target == IncidentState.CLOSED:
        values["closed_at"], values["closed_by"] = at, actor
    if target == IncidentState.REOPENED:
        values.update(resolved_at=None, resolution="", closed_at=None, closed_by=None)
    return values


# --- polling station status ----------------------------------------------------------------


class StationState(StrEnum):
    NOT_SET_UP = "not_set_up"
    SETTING_UP = "setting_up"
    OPEN = "open"
    SUSPENDED = "suspended"
    CLOSING = "closing"
    CLOSED = "closed"
    DISPATCHED = "dispatched"
    RECEIVED = "received_at_count"


STATION_STATE_LABELS: dict[StationState, str] = {
    StationState.NOT_SET_UP: "Not set up",
    StationState.SETTING_UP: "Setting up",
    StationState.OPEN: "Open",
    StationState.SUSPENDED: "Suspended",
    StationState.CLOSING: "Closing (queue held)",
    StationState.CLOSED: "Closed",
    StationState.DISPATCHED: "Dispatched",
    StationState.RECEIVED: "Received at count",
}

# Setting up is optional, and so is closing: a station with no queue at 22:00 just closes.
STATION_FLOW: dict[StationState, frozenset[StationState]] = {
    StationState.NOT_SET_UP: frozenset({StationState.SETTING_UP, StationState.OPEN}),
    StationState.SETTING_UP: frozenset({StationState.OPEN}),
    StationState.OPEN: frozenset({StationState.SUSPENDED, StationState.CLOSING, StationState.CLOSED}),
    StationState.SUSPENDED: frozenset({StationState.OPEN}),
    StationState.CLOSING: frozenset({StationState.CLOSED}),
    StationState.CLOSED: frozenset({StationState.DISPATCHED}),
    StationState.DISPATCHED: frozenset({StationState.RECEIVED}),
    StationState.RECEIVED: frozenset(),
}

STATION_RANK: dict[StationState, int] = {
    StationState.NOT_SET_UP: 0,
    StationState.SETTING_UP: 1,
    StationState.OPEN: 2,
    StationState.SUSPENDED: 2,
    StationState.CLOSING: 3,
    StationState.CLOSED: 4,
    StationState.DISPATCHED: 5,
    StationState.RECEIVED: 6,
}


def station_move_problem(
    current: StationState, target: StationState, reason: str, queue_length: int | None,
    effective: datetime, poll_date: date,
) -> str | None:
    """Why a station may not move from `current` to `target` at `effective`, or None."""
    now_label, to_label = STATION_STATE_LABELS[current], STATION_STATE_LABELS[target]
    if target == StationState.RECEIVED:
        return "'received at count' is set by checking the station's boxes in at reception, not by hand"
    if target == current:
        return f"the station is already {now_label}"
    if target == StationState.SUSPENDED and not reason.strip():
        return "say why voting is suspended (e.g. 'fire alarm, building evacuated')"
    if target == StationState.CLOSING and (queue_length is None or queue_length < 1):
        return "give the number of people in the queue at 22:00; with no queue, record the station closed"
    if target != StationState.CLOSING and queue_length is not None:
        return "a queue length is recorded only when the station is closing with a queue held at 22:00"
    if target == StationState.OPEN and effective < poll_moment(poll_date, POLLS_OPEN):
        return "polls open at 07:00: record the station as setting up until then"
    if target in (StationState.CLOSING, StationState.CLOSED) and effective < poll_moment(poll_date, POLLS_CLOSE):
        return "polls close at 22:00: for an interruption during the day record the station as suspended"
    if target in STATION_FLOW[current] or reason.strip():
        return None
    direction = "goes backwards" if STATION_RANK[target] < STATION_RANK[current] else "skips a step"
    usual = ", ".join(STATION_STATE_LABELS[s] for s in sorted(STATION_FLOW[current], key=STATION_RANK.get))
    return (f"{now_label} to {to_label} {direction} (from {now_label} the next steps are {usual or 'none'}): "
            "give a reason to record why")


def station_state_of(stored: str | None, boxes: int, received: int) -> StationState:
    """A station's state: as last recorded, except that once every box is checked in it is received."""
    if boxes and received >= boxes:
        return StationState.RECEIVED
    return StationState(stored) if stored else StationState.NOT_SET_UP


def opening_delay(opened_at: datetime | None, poll_date: date, now: datetime) -> timedelta | None:
    """How late a station opened, or has been so far if it is still not open; None when on time."""
    due = poll_moment(poll_date, POLLS_OPEN)
    moment = opened_at if opened_at is not None else now
    # A station that confirms within the 07:00 minute opened on time.
    late = moment - due
    return late if late >= timedelta(minutes=1) else None


# --- times ---------------------------------------------------------------------------------


def poll_moment(poll_date: date, at: time, days_after: int = 0) -> datetime:
    return datetime.combine(poll_date + timedelta(days=days_after), at, tzinfo=UK)


def parse_clock(text: str) -> time | None:
    """'07:12' -> 07:12; anything else -> None."""
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def recent_moment(clock: time, now: datetime) -> datetime:
    """The latest moment at UK wall-clock time `clock` not after `now` (so '23:50' at 00:10 is last night)."""
    local = now.astimezone(UK)
    moment = datetime.combine(local.date(), clock, tzinfo=UK)
    return moment if moment <= local else moment - timedelta(days=1)


def next_moment(clock: time, after: datetime) -> datetime:
    """The first moment at UK wall-clock time `clock` at or after `after` (an ETA of '00:40' is tomorrow)."""
    local = after.astimezone(UK)
    moment = datetime.combine(local.date(), clock, tzinfo=UK)
    return moment if moment >= local.replace(second=0, microsecond=0) else moment + timedelta(days=1)


def local_naive_to_aware(iso: str) -> datetime:
    """Definition times (expected arrivals) are UK wall-clock without a zone; stored event times have one."""
    moment = datetime.fromisoformat(iso)
    return moment.replace(tzinfo=UK) if moment.tzinfo is None else moment


# --- turnout returns -----------------------------------------------------------------------

DEFAULT_TURNOUT_TIMES: tuple[str, ...] = ("10:00", "13:00", "16:00", "19:00", "21:00")
MAX_TURNOUT_TIMES = 16
# A PO may phone a return in a little before the slot; earlier than this it is the previous slot's.
EARLY_RETURN_ALLOWANCE = timedelta(minutes=30)
TURNOUT_BASE_LABEL = "of the in-person electorate (register less postal voters)"


def turnout_times_problem(times: tuple[str, ...]) -> str | None:
    if not times:
        return "give at least one reporting time, e.g. 10:00"
    if len(times) > MAX_TURNOUT_TIMES:
        return f"{len(times)} reporting times is more than {MAX_TURNOUT_TIMES}: choose fewer"
    parsed = []
    for text in times:
        clock = parse_clock(text)
        if clock is None:
            return f"'{text}' is not a time: write it as HH:MM, e.g. 13:00"
        if not POLLS_OPEN < clock <= POLLS_CLOSE:
            return f"{text} is outside polling hours: reporting times fall after 07:00 and by 22:00"
        parsed.append(clock)
    if parsed != sorted(set(parsed)):
        return "list the reporting times once each, earliest first"
    return None


def turnout_percent(issued: int, electorate: int) -> float | None:
    return round(100 * issued / electorate, 1) if electorate > 0 else None


def latest_due_slot(times: tuple[str, ...], poll_date: date, now: datetime) -> str | None:
    due = [t for t in times if poll_moment(poll_date, parse_clock(t) or POLLS_CLOSE) <= now]
    return due[-1] if due else None


def issued_problem(slot: str, issued: int, electorate: int, others: dict[str, int], times: tuple[str, ...],
                   reason: str) -> str | None:
    """Ballot papers issued are cumulative: never more than the electorate, never falling between slots."""
    if issued < 0:
        return f"{issued} ballot papers issued cannot be negative"
    if issued > electorate:
        return (f"{issued:,} papers issued is more than the station's in-person electorate of {electorate:,}: "
                "check the figure with the presiding officer")
    if reason.strip():
        return None
    order = {t: i for i, t in enumerate(times)}
    for other_slot, other_issued in others.items():
        earlier = order.get(other_slot, -1) < order[slot]
        if earlier and issued < other_issued:
            return (f"{issued:,} issued by {slot} is fewer than the {other_issued:,} reported at {other_slot}: "
                    "papers issued only go up; check the figure, or give a reason to record it")
        if not earlier and issued > other_issued:
            return (f"{issued:,} issued by {slot} is more than the {other_issued:,} already reported at "
                    f"{other_slot}: check the figure, or give a reason to record it")
    return None


# --- boxes in transit ----------------------------------------------------------------------


def box_due_at(expected_arrival: str, eta: str | None) -> datetime:
    """When a box should reach the count: its dispatch ETA if one was given, else the planned arrival."""
    return datetime.fromisoformat(eta) if eta else local_naive_to_aware(expected_arrival)


def minutes_late(due: datetime, now: datetime) -> int:
    """Whole minutes past due (0 if not yet due)."""
    return max(0, int((now - due).total_seconds() // 60))


# --- voter ID (§6.4) -----------------------------------------------------------------------

# Ballot paper refusal list reason codes, VIR 2022 as summarised in reference §6.4.
REFUSAL_REASONS: dict[int, str] = {
    1: "Photo not a good likeness",
    2: "Presiding officer believes the ID is forged",
    3: "Failed the prescribed questions",
}
