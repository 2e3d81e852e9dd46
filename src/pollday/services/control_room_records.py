"""The control room's records: what its read models return, for screens, exports and PDFs alike."""

from __future__ import annotations

from dataclasses import dataclass, field

from pollday.domain.control_room import OPEN_INCIDENT_STATES, Category, IncidentState, Severity
from pollday.services.control_sweeps import ScheduledSweep

_OPEN_STATES = frozenset(state.value for state in OPEN_INCIDENT_STATES)


@dataclass(frozen=True)
class IncidentFilter:
    """Empty sets and None mean "any"; `text` matches description, notes, names, links and resolution."""

    states: frozenset[IncidentState] = frozenset()
    severities: frozenset[Severity] = frozenset()
    categories: frozenset[Category] = frozenset()
    station_id: str | None = None
    assignee: str | None = None
    text: str = ""
    open_only: bool = False


@dataclass(frozen=True)
class AttentionItem:
    number: int
    severity: str
    level: str  # "red" (a P1 past target: ring the bell) or "amber"
    what: str  # "not acknowledged", "no action yet", "not resolved"
    due_at: str
    late_minutes: int
    station_id: str | None
    station_name: str
    description: str


@dataclass(frozen=True)
class IncidentRecord:
    number: int
    station_id: str | None
    station_name: str
    category: str
    category_label: str
    severity: str
    state: str
    state_label: str
    description: str
    reporter_name: str
    reporter_role: str
    reporter_phone: str
    channel: str
    voters_affected: int | None
    reported_at: str
    reported_by: str
    acknowledged_at: str | None
    minutes_to_acknowledge: int | None
    acted_at: str | None
    assigned_to: str | None
    escalated_to: str | None
    escalated_at: str | None
    resolved_at: str | None
    minutes_to_resolve: int | None
    resolution: str
    closed_at: str | None
    closed_by: str | None
    updated_at: str
    links: tuple[str, ...]
    attention: str | None  # "red", "amber" or None

    @property
    def is_open(self) -> bool:
        return self.state in _OPEN_STATES


@dataclass(frozen=True)
class BoxInTransit:
    """A polling station box not yet checked in at the count: where it should be and how late it is."""

    box_id: str
    station_id: str
    station_name: str
    contest_id: str
    presiding_officer: str
    phone: str
    expected_arrival: str
    dispatched: bool
    collector: str
    left_at: str | None
    eta: str | None
    due_at: str
    late_minutes: int

    @property
    def overdue(self) -> bool:
        return self.late_minutes > 0


@dataclass(frozen=True)
class StationBoardRow:
    station_id: str
    name: str
    place_name: str
    presiding_officer: str
    phone: str
    electorate: int
    state: str
    state_label: str
    since: str | None
    reason: str
    opened_at: str | None
    late_minutes: int | None  # late opening (or still not open), None when on time
    queue_length: int | None
    inspector: str
    open_incidents: int
    worst_severity: str | None
    latest_slot: str | None
    latest_issued: int | None
    turnout_percent: float | None
    missing_return: bool  # no return for the latest slot that is due
    boxes: int
    boxes_dispatched: int
    boxes_received: int
    boxes_overdue: int


@dataclass(frozen=True)
class TurnoutRow:
    station_id: str
    name: str
    electorate: int
    issued: dict[str, int]  # slot -> cumulative ballot papers issued
    queue: dict[str, int]
    latest_slot: str | None
    latest_issued: int | None
    percent: float | None


@dataclass(frozen=True)
class TurnoutPoint:
    """One reporting time, over the stations that reported for it."""

    slot: str
    stations_reported: int
    stations_total: int
    issued: int
    electorate_reporting: int
    percent: float | None


@dataclass(frozen=True)
class TurnoutTable:
    base: str
    times: tuple[str, ...]
    latest_due: str | None
    rows: tuple[TurnoutRow, ...]
    series: tuple[TurnoutPoint, ...]
    not_reported: tuple[str, ...]  # station IDs with no return for the latest due slot
    electorate_total: int


@dataclass(frozen=True)
class VoterIdGroup:
    stations: int
    refusals: int
    refusals_by_reason: dict[int, int]
    refused_then_issued: int
    vac_used: int
    aed_used: int
    private_checks: int
    not_issued_no_id: int
    returned_with_id: int


@dataclass(frozen=True)
class VoterIdSummary:
    """Counts only: the refusal list itself is confidential (§6.4). Split by greeter as councils publish it."""

    with_greeter: VoterIdGroup
    without_greeter: VoterIdGroup
    stations_reported: int  # stations that have sent VIDEF tallies


@dataclass(frozen=True)
class ChangeLine:
    at: str
    what: str


@dataclass(frozen=True)
class ShiftReport:
    election_name: str
    now: str
    since: str
    open_by_severity: dict[str, int]
    open_incidents: tuple[IncidentRecord, ...]
    attention: tuple[AttentionItem, ...]
    changes: tuple[ChangeLine, ...]
    in_transit: tuple[BoxInTransit, ...]
    not_reported: tuple[str, ...]
    latest_due: str | None
    stations_not_open: tuple[StationBoardRow, ...]
    stations_suspended: tuple[StationBoardRow, ...]
    counts_since: dict[str, int] = field(default_factory=dict)  # returns, sweeps, refusals, dispatches
    overdue_sweeps: tuple[ScheduledSweep, ...] = ()  # planned postal vote collections not made in time
