"""What the sweeps and boxes screen shows in its two tables, and its forms.

The sweeps table puts what needs doing first: overdue collections (red, most overdue first), then
those still due (earliest first), then what is settled, most recent first. The figures and
what counts as overdue are the read model's (services/control_sweeps.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual import on
from textual.widgets import Input

from pollday.domain.timefmt import minutes_words, uk_time
from pollday.services.control_room_records import BoxInTransit, StationBoardRow
from pollday.services.control_sweeps import DONE, DUE, OVERDUE, PostalSweep, ScheduledSweep, SweepSchedule
from pollday.tui.screens.control_modal import ControlForm, Field
from pollday.tui.screens.control_words import find_station, short

SWEEP_COLUMNS = ("Due", "Stn", "Station", "Collector", "Status", "Made", "Pkts", "PVs", "Note")
BOX_COLUMNS = ("Box", "Stn", "Station", "Left", "With", "Due", "Late", "PO phone")
OVERDUE_STYLE = "bold white on red"
LATE_STYLE = "yellow"
SETTLED_STYLE = "#9e9e9e"


@dataclass(frozen=True)
class SweepLine:
    """One row of the sweeps table: a planned collection, or a collection nobody planned."""

    key: str
    planned: ScheduledSweep | None = None
    extra: PostalSweep | None = None


def sweep_lines(schedule: SweepSchedule) -> tuple[SweepLine, ...]:
    waiting = [*schedule.overdue, *schedule.with_status(DUE)]
    settled = [s for s in schedule.planned if s.status not in (DUE, OVERDUE)]

    def when(line: SweepLine) -> datetime:
        if line.extra is not None:
            return datetime.fromisoformat(line.extra.collected_at)
        assert line.planned is not None
        return datetime.fromisoformat(line.planned.collected_at or line.planned.due_at)

    done = [SweepLine(f"plan:{s.station_id}:{s.number}", planned=s) for s in settled]
    done += [SweepLine(f"made:{s.station_id}:{s.number}", extra=s) for s in schedule.unscheduled]
    return (*(SweepLine(f"plan:{s.station_id}:{s.number}", planned=s) for s in waiting),
            *sorted(done, key=when, reverse=True))


def sweep_heading(schedule: SweepSchedule) -> str:
    planned = len(schedule.planned)
    done, overdue = len(schedule.with_status(DONE)), len(schedule.overdue)
    made = len(schedule.collections)
    return (f"Sweeps: {planned} planned, {done} done, {overdue} overdue · {made} made: "
            f"{schedule.envelopes:,} PVs in {schedule.packets:,} packets")


def _status(sweep: ScheduledSweep) -> str:
    if sweep.status == OVERDUE:
        return f"Overdue {sweep.late_minutes}m"
    if sweep.status == DONE and sweep.late_minutes:
        return f"Late {sweep.late_minutes}m"
    return sweep.status_label


def sweep_cells(line: SweepLine, name_width: int, note_width: int) -> tuple[str | Text, ...]:
    if line.extra is not None:
        made = line.extra
        cells: tuple[str, ...] = ("-", made.station_id, short(made.station_name, name_width),
                                  short(made.collected_by, name_width), "Extra", uk_time(made.collected_at),
                                  str(made.packets), str(made.envelopes), short(made.note, note_width))
        return cells
    sweep = line.planned
    assert sweep is not None
    who = sweep.collected_by or sweep.collector or "-"
    made_at = uk_time(sweep.collected_at) if sweep.collected_at else ""
    figures = (str(sweep.packets), str(sweep.envelopes)) if sweep.packets is not None else ("", "")
    cells = (uk_time(sweep.due_at), sweep.station_id, short(sweep.station_name, name_width), short(who, name_width),
             _status(sweep), made_at, *figures, short(sweep.remark, note_width))
    style = {OVERDUE: OVERDUE_STYLE, DUE: ""}.get(sweep.status, SETTLED_STYLE)
    if sweep.status == DONE and sweep.late_minutes:
        style = LATE_STYLE
    return tuple(Text(c, style=style) for c in cells) if style else cells


Rows = list[tuple[str, tuple[str | Text, ...]]]
NOTE_AT_LEAST = 8  # narrower than this a note says nothing: at 80 columns the column is left out


def sweep_rows(lines: tuple[SweepLine, ...], name_width: int, screen_width: int) -> tuple[tuple[str, ...], Rows]:
    """The columns and rows, the note as wide as the other columns (each as wide as its widest cell) leave."""
    measured = [sweep_cells(line, name_width, screen_width) for line in lines]
    fixed = sum(max([len(label), *(Text(str(cells[i])).cell_len for cells in measured)])
                for i, label in enumerate(SWEEP_COLUMNS[:-1]))
    note = screen_width - fixed - 2 * len(SWEEP_COLUMNS) - 4  # cell padding, body padding, scrollbar
    if note < NOTE_AT_LEAST:
        return SWEEP_COLUMNS[:-1], [(line.key, cells[:-1]) for line, cells in zip(lines, measured, strict=True)]
    return SWEEP_COLUMNS, [(line.key, sweep_cells(line, name_width, note)) for line in lines]


def clock_text(text: str) -> str:
    """'930', '0930', '9:30' -> '09:30' and '12' -> '12:00', as the command wants them; anything else (an ISO
    time, a slip) is left for the command to take or refuse."""
    wanted = text.strip().replace(".", ":")
    if ":" in wanted:
        hours, _, minutes = wanted.partition(":")
    elif len(wanted) <= 2:
        hours, minutes = wanted, "00"  # '12': on the hour
    else:
        hours, minutes = wanted[:-2], wanted[-2:]
    if hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and 1 <= len(hours) <= 2:
        return f"{int(hours):02d}:{minutes}"
    return text.strip()


class ScheduleForm(ControlForm):
    """N, the station, Enter, the time, Enter: the collector is the station's inspector unless named."""

    def __init__(self, board: tuple[StationBoardRow, ...], typed: dict[str, str] | None = None,
                 problem: str = "") -> None:
        super().__init__("Plan a postal vote collection", (
            Field("station", "Station", placeholder="number or name", station=True, required=True),
            Field("due", "Due at", placeholder="HH:MM on polling day", required=True, submits=True),
            Field("collector", "Collector", placeholder="empty: the station's inspector",
                  hint=collector_hint(board, (typed or {}).get("station", "")), submits=True),
            Field("note", "Note", placeholder="optional", submits=True),
        ), board=board, typed=typed, problem=problem,
            help_text="Enter: next; Enter on the time plans it. Tab: collector and note. Escape: cancel.")

    @on(Input.Changed, "#cm-station")
    def _station_changed(self, event: Input.Changed) -> None:
        self.set_hint("collector", collector_hint(self.board, event.value))

    def check(self, typed: dict[str, str]) -> str:
        typed["due"] = clock_text(typed["due"])
        return ""


def collector_hint(board: tuple[StationBoardRow, ...], station_text: str) -> str:
    station_id = find_station(station_text, board).station_id
    row = next((r for r in board if r.station_id == station_id), None)
    if row is None:
        return "Left empty: the station's inspector."
    return f"Left empty: {row.inspector} (the inspector)." if row.inspector else "No inspector assigned: name one."


def record_form(board: tuple[StationBoardRow, ...], typed: dict[str, str] | None, problem: str,
                planned: ScheduledSweep | None = None) -> ControlForm:
    title = (f"Record the {uk_time(planned.due_at)} collection from {planned.station_id} {planned.station_name}"
             if planned else "Record a postal vote sweep")
    return ControlForm(title, (
        Field("station", "Station", placeholder="number or name", station=True, required=True),
        Field("by", "Collected by", placeholder="inspector's name"),
        Field("packets", "Sealed packets", number=True, required=True),
        Field("count", "Postal votes", number=True, required=True, submits=True),
        Field("time", "Collected at", placeholder="HH:MM if earlier than now", submits=True),
        Field("note", "Note", placeholder="e.g. receipt signed at the office", submits=True),
    ), board=board, typed=typed, problem=problem, start="packets" if planned and typed is not None else None,
        help_text="Enter: next; Enter on postal votes records it. Tab: time and note. Escape: cancel.")


def reschedule_form(sweep: ScheduledSweep, typed: dict[str, str] | None, problem: str) -> ControlForm:
    return ControlForm(f"Change the {uk_time(sweep.due_at)} collection from {sweep.station_id} {sweep.station_name}", (
        Field("due", "Due at", value=uk_time(sweep.due_at), placeholder="HH:MM"),
        Field("collector", "Collector", value=sweep.collector, placeholder="who will collect"),
        Field("reason", "Reason", placeholder="why it changes", required=True, submits=True),
    ), typed=typed, problem=problem, start="due",
        help_text="Change the time or the collector, then the reason and Enter. Escape: cancel.")


# --- boxes ------------------------------------------------------------------------------------------


def box_cells(box: BoxInTransit, narrow: bool = False) -> tuple[str | Text, ...]:
    left = uk_time(box.left_at) if box.left_at else "not yet"
    cells: tuple[str | Text, ...] = (box.box_id, box.station_id, short(box.station_name, 14 if narrow else 24),
                                     left, short(box.collector, 10 if narrow else 20),
                                     uk_time(box.due_at), minutes_words(box.late_minutes) if box.overdue else "",
                                     box.phone)
    if box.overdue:
        return tuple(Text(str(c), style="bold white on red") for c in cells)
    return cells


class DispatchForm(ControlForm):
    """The box field says whose box it is as it is typed: a misread label shows before it is recorded."""

    def __init__(self, board: tuple[StationBoardRow, ...], in_transit: tuple[BoxInTransit, ...],
                 typed: dict[str, str] | None = None, problem: str = "") -> None:
        boxes = {b.box_id: b for b in in_transit}
        super().__init__("Record a box leaving its station", (
            Field("box", "Box", placeholder="box number", hint=box_hint(boxes, (typed or {}).get("box", ""))),
            Field("collector", "Collected by", placeholder="driver or inspector"),
            Field("eta", "ETA at count", placeholder="HH:MM", submits=True, required=True),
            Field("left_at", "Left at", placeholder="HH:MM if earlier than now", submits=True),
            Field("note", "Note", placeholder="needed to revise an earlier dispatch", submits=True),
        ), board=board, typed=typed, problem=problem,
            help_text="Enter: next; Enter on the ETA records it. Tab: left at and note. Escape: cancel.")
        self.boxes = boxes

    @on(Input.Changed, "#cm-box")
    def _box_changed(self, event: Input.Changed) -> None:
        self.set_hint("box", box_hint(self.boxes, event.value))


def box_hint(boxes: dict[str, BoxInTransit], text: str) -> str:
    box = boxes.get(text.strip())
    if box is None:
        return "Not a box still to reach the count." if text.strip() else "The number on the box label."
    sent = f"left {uk_time(box.left_at)} with {box.collector}" if box.left_at else "not dispatched yet"
    return f"From {box.station_id} {box.station_name}; {sent}; due {uk_time(box.due_at)}"
