"""The control room desk's reading and its words: what the board and the incident list show.

`read_control_room` is the blocking read (run in a thread worker); the rest is pure
formatting, so the screen only places text. Every figure comes from
services/control_room_export.py: the desk never decides what is late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text

from pollday.domain.control_room import CATEGORY_LABELS, Category
from pollday.services.control_room_export import (
    AttentionItem,
    ControlRoomView,
    IncidentFilter,
    IncidentRecord,
    StationBoardRow,
)
from pollday.services.election_service import ElectionService

INCIDENT_LIMIT = 200  # a screen's worth, newest first

# Category keys for the incident form: one key each, in the order of the reference's list.
CATEGORY_KEYS: tuple[tuple[str, Category], ...] = tuple(
    zip("123456789abcd", tuple(Category), strict=True)
)


@dataclass(frozen=True)
class ControlReading:
    now: datetime
    board: tuple[StationBoardRow, ...]
    incidents: tuple[IncidentRecord, ...]
    attention: tuple[AttentionItem, ...]

    def incident(self, number: int) -> IncidentRecord | None:
        return next((i for i in self.incidents if i.number == number), None)

    @property
    def red(self) -> tuple[AttentionItem, ...]:
        """P1 incidents past a target: the desk rings the bell for these."""
        return tuple(a for a in self.attention if a.level == "red")


def read_control_room(service: ElectionService, now: datetime) -> ControlReading:
    room = ControlRoomView.load(service.store.view())
    return ControlReading(now=now, board=tuple(room.board(now)),
                          incidents=tuple(room.incidents(now, IncidentFilter(), limit=INCIDENT_LIMIT)),
                          attention=tuple(room.attention(now)))


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
    matches = station_matches(text, board)
    if not matches:
        return f"No station matches '{text.strip()}'."
    shown = ", ".join(f"{r.station_id} {r.name}" for r in matches[:3])
    more = f" and {len(matches) - 3} more" if len(matches) > 3 else ""
    return f"{shown}{more}"


def station_cells(row: StationBoardRow) -> tuple[str | Text, ...]:
    status: str | Text = row.state_label
    if row.late_minutes is not None:
        status = Text(f"{row.state_label}, {row.late_minutes}m late", style="bold white on red")
    incidents: str | Text = ""
    if row.open_incidents:
        worst = f" {row.worst_severity}" if row.worst_severity else ""
        incidents = Text(f"{row.open_incidents}{worst}", style="bold red" if row.worst_severity == "P1" else "")
    return (row.station_id, _short(row.name, 20), status, incidents, row.presiding_officer, row.phone)


# --- incidents ------------------------------------------------------------------------------------


def _short(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def age_text(reported_at: str, now: datetime) -> str:
    minutes = max(0, int((now - datetime.fromisoformat(reported_at)).total_seconds() // 60))
    return f"{minutes}m" if minutes < 60 else f"{minutes // 60}h{minutes % 60:02d}"


def incident_cells(record: IncidentRecord, now: datetime) -> tuple[str | Text, ...]:
    cells = (f"#{record.number}", record.severity, record.station_id or "-",
             _short(CATEGORY_LABELS[Category(record.category)], 18), record.state_label,
             age_text(record.reported_at, now), _short(record.description, 40))
    if record.attention == "red":
        return tuple(Text(c, style="bold white on red") for c in cells)
    if record.attention == "amber":
        return tuple(Text(c, style="bold red") for c in cells)
    return cells


def attention_text(reading: ControlReading) -> str:
    open_count = sum(1 for i in reading.incidents if i.is_open)
    if not reading.attention:
        return f"{open_count} open incidents; none past target."
    first = reading.attention[0]
    return (f"{open_count} open; {len(reading.attention)} past target: #{first.number} {first.severity} "
            f"{first.what}, {first.late_minutes} min late.")
