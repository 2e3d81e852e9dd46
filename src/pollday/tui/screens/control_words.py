"""The control room desk's reading and its words: what the board and the incident list show.

`read_control_room` is the blocking read (run in a thread worker); the rest is pure
formatting, so the screen only places text. Every figure comes from
services/control_room_export.py: the desk never decides what is late.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from rich.text import Text

from pollday.domain.control_room import DESKS, OPEN_INCIDENT_STATES, Category
from pollday.domain.timefmt import minutes_words
from pollday.services.control_room_export import ControlRoomView
from pollday.services.control_room_records import AttentionItem, IncidentFilter, IncidentRecord, StationBoardRow
from pollday.services.control_sweeps import ScheduledSweep
from pollday.services.election_service import ElectionService
from pollday.tui.screens.control_alerts import next_due

INCIDENT_LIMIT = 200  # a screen's worth, newest first
# Short enough for a narrow incident list, and for all thirteen to fit on three lines of the filter form.
CATEGORY_SHORT: dict[Category, str] = {
    Category.OPENING: "Opening", Category.STAFFING: "Staffing", Category.STATIONERY: "Stationery",
    Category.REGISTER: "Register", Category.VOTER_ID: "Voter ID", Category.POSTAL: "Postal",
    Category.CONDUCT: "Conduct", Category.ACCESSIBILITY: "Access", Category.QUEUES: "Queues",
    Category.PREMISES: "Premises", Category.CLOSE_TRANSPORT: "Close/transport", Category.COMMS: "Comms/IT",
    Category.ENQUIRIES: "Enquiries",
}
OPEN_STATES = frozenset(state.value for state in OPEN_INCIDENT_STATES)

# Category keys for the incident form: one key each, in the order of the reference's list.
CATEGORY_KEYS: tuple[tuple[str, Category], ...] = tuple(
    zip("123456789abcd", tuple(Category), strict=True)
)


@dataclass(frozen=True)
class ControlReading:
    now: datetime
    board: tuple[StationBoardRow, ...]
    incidents: tuple[IncidentRecord, ...]  # as filtered
    attention: tuple[AttentionItem, ...]  # never filtered: a hidden P1 still rings
    where: IncidentFilter = field(default_factory=IncidentFilter)
    total: int = 0  # incidents in the election, whatever the filter
    open_total: int = 0
    next_due: datetime | None = None  # when the next open incident misses a target
    assignees: tuple[str, ...] = ()  # everyone incidents have been assigned to, and the desks
    boxes: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # station -> (box, contest)
    overdue_sweeps: tuple[ScheduledSweep, ...] = ()  # planned postal vote collections not yet made

    def incident(self, number: int) -> IncidentRecord | None:
        return next((i for i in self.incidents if i.number == number), None)


def read_control_room(service: ElectionService, now: datetime, where: IncidentFilter | None = None) -> ControlReading:
    room = ControlRoomView.load(service.store.view())
    where = where or IncidentFilter()
    rows = room.incident_rows
    boxes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for box in room.boxes:
        boxes[box["station_id"]].append((box["box_id"], box["contest_id"]))
    assigned = {row["assigned_to"] for row in rows if row["assigned_to"]}
    return ControlReading(
        now=now, board=tuple(room.board(now)), incidents=tuple(room.incidents(now, where, limit=INCIDENT_LIMIT)),
        attention=tuple(room.attention(now)), where=where, total=len(rows),
        open_total=sum(1 for row in rows if row["state"] in OPEN_STATES),
        next_due=next_due(rows, now), assignees=tuple(sorted(assigned | set(DESKS), key=str.casefold)),
        boxes={station: tuple(sorted(pairs)) for station, pairs in boxes.items()},
        overdue_sweeps=room.sweeps(now).overdue,
    )


# --- stations -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StationChoice:
    station_id: str | None
    problem: str


def find_station(text: str, board: tuple[StationBoardRow, ...]) -> StationChoice:
    """A station by number, or by (part of) its name when only one matches; empty: no station."""
    wanted = text.strip()
    if not wanted:
        return StationChoice(None, "")
    for row in board:
        if row.station_id.casefold() == wanted.casefold():
            return StationChoice(row.station_id, "")
    matches = station_matches(wanted, board)
    if len(matches) == 1:
        return StationChoice(matches[0].station_id, "")
    if not matches:
        return StationChoice(None, f"no station is numbered or named '{wanted}': type its number or part of its name")
    names = ", ".join(f"{r.station_id} {r.name}" for r in matches[:4])
    return StationChoice(None, f"'{wanted}' matches {len(matches)} stations ({names}): type more, or the number")


def station_matches(text: str, board: tuple[StationBoardRow, ...]) -> list[StationBoardRow]:
    needle = text.strip().casefold()
    if not needle:
        return []
    by_number = [r for r in board if r.station_id.casefold().startswith(needle)]
    by_name = [r for r in board if needle in r.name.casefold() or needle in r.place_name.casefold()]
    return by_number + [r for r in by_name if r not in by_number]


def matches_text(text: str, board: tuple[StationBoardRow, ...]) -> str:
    if not text.strip():
        return "Station number or name; leave empty for no station."
    exact = [r for r in board if r.station_id.casefold() == text.strip().casefold()]
    if exact:  # "1" means station 1, not also 10 to 19
        return f"{exact[0].station_id} {exact[0].name}"
    matches = station_matches(text, board)
    if not matches:
        return f"No station matches '{text.strip()}'."
    shown = ", ".join(f"{r.station_id} {r.name}" for r in matches[:3])
    more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
    return f"{shown}{more}"


def station_cells(row: StationBoardRow, narrow: bool = False) -> tuple[str | Text, ...]:
    """At 80 columns the names give way, so the phone number to ring stays on screen."""
    status: str | Text = row.state_label
    if row.late_minutes is not None:
        status = Text(f"{row.state_label}, {minutes_words(row.late_minutes)} late", style="bold white on red")
    incidents: str | Text = ""
    if row.open_incidents:
        worst = f" {row.worst_severity}" if row.worst_severity else ""
        incidents = Text(f"{row.open_incidents}{worst}", style="bold red" if row.worst_severity == "P1" else "")
    return (row.station_id, short(row.name, 14 if narrow else 24), status, incidents,
            short(row.presiding_officer, 12 if narrow else 24), row.phone)


# --- incidents ------------------------------------------------------------------------------------


def short(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def age_text(reported_at: str, now: datetime) -> str:
    minutes = max(0, int((now - datetime.fromisoformat(reported_at)).total_seconds() // 60))
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)}d"
    return f"{minutes}m" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}"


def incident_cells(record: IncidentRecord, now: datetime, description_width: int = 40) -> tuple[str | Text, ...]:
    cells = (f"#{record.number}", record.severity, record.station_id or "-",
             CATEGORY_SHORT[Category(record.category)], record.state_label,
             age_text(record.reported_at, now), short(record.description, max(12, description_width)))
    if record.attention == "red":
        return tuple(Text(c, style="bold white on red") for c in cells)
    if record.attention == "amber":
        return tuple(Text(c, style="bold red") for c in cells)
    return cells


def attention_text(reading: ControlReading) -> str:
    open_count = reading.open_total
    # A collection not made is not an incident, but it is the room's to chase: said here, where eyes go.
    sweeps = f" {len(reading.overdue_sweeps)} postal sweep(s) overdue (B)." if reading.overdue_sweeps else ""
    if not reading.attention:
        return f"{open_count} open incidents; none past target.{sweeps}"
    first = reading.attention[0]
    return (f"{open_count} open; {len(reading.attention)} past target: #{first.number} {first.severity} "
            f"{first.what}, {minutes_words(first.late_minutes)} late.{sweeps}")
