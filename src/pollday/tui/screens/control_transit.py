"""Postal vote sweeps and boxes in transit: what has been collected, who is waiting, which box is late.

S records a sweep (station, collector, packets, postal votes; the time if it was earlier).
Stations asking for a collection are the open postal-vote incidents: that is how the request
reaches the room. D records a box leaving its station (Enter on a box does the same for that
box): collector and ETA at the count; recording it again revises the ETA, with a note.
Overdue boxes are red, most overdue first, with the presiding officer's phone to call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from pollday.domain.control_room import Category
from pollday.domain.timefmt import uk_time
from pollday.services.control_room_export import (
    BoxInTransit,
    ControlRoomView,
    IncidentFilter,
    IncidentRecord,
    StationBoardRow,
)
from pollday.services.election_service import ElectionService
from pollday.tui.screens.control_base import SUB_SCREEN_CSS, ControlSubScreen, JobDesk, fill_table
from pollday.tui.screens.control_modal import ControlForm, Field, Filled
from pollday.tui.screens.control_words import age_text, short
from pollday.tui.screens.verification_jobs import CommandJob, command
from pollday.tui.shell import shell_of

SWEEP_COLUMNS = ("At", "Stn", "Station", "By", "Packets", "PVs", "Note")
WIDE = 100  # columns: narrower than this, names are cut shorter so the phone numbers stay on screen
BOX_COLUMNS = ("Box", "Stn", "Station", "Left", "With", "Due", "Late", "PO phone")


@dataclass(frozen=True)
class TransitReading:
    now: datetime
    board: tuple[StationBoardRow, ...]
    sweeps: tuple[dict[str, Any], ...]  # newest collection first
    waiting: tuple[IncidentRecord, ...]  # open postal-vote incidents: stations asking for a collection
    boxes: tuple[BoxInTransit, ...]


def read_transit(service: ElectionService, now: datetime) -> TransitReading:
    view = service.store.view()
    room = ControlRoomView.load(view)
    sweeps = sorted(view.rows("pv_sweeps"), key=lambda r: datetime.fromisoformat(r["collected_at"]), reverse=True)
    waiting = room.incidents(now, IncidentFilter(categories=frozenset({Category.POSTAL}), open_only=True))
    return TransitReading(now, tuple(room.board(now)), tuple(sweeps), tuple(waiting), tuple(room.in_transit(now)))


def sweep_heading(reading: TransitReading) -> str:
    packets = sum(s["packets"] for s in reading.sweeps)
    votes = sum(s["envelopes"] for s in reading.sweeps)
    return f"Postal vote sweeps: {len(reading.sweeps)} recorded, {votes:,} postal votes in {packets:,} packets"


def waiting_text(reading: TransitReading) -> Text:
    if not reading.waiting:
        return Text("No station is asking for a collection (open postal-vote incidents).", style="#c0c0c0")
    shown = "; ".join(f"{i.station_id or '-'} {i.station_name} (#{i.number}, {age_text(i.reported_at, reading.now)})"
                      for i in reading.waiting[:4])
    more = f" and {len(reading.waiting) - 4} more" if len(reading.waiting) > 4 else ""
    return Text(f"Asking for a collection: {shown}{more}", style="bold yellow")


def box_heading(reading: TransitReading) -> str:
    dispatched = sum(1 for b in reading.boxes if b.dispatched)
    overdue = sum(1 for b in reading.boxes if b.overdue)
    return f"Boxes not yet at the count: {len(reading.boxes)}, {dispatched} on their way, {overdue} overdue"


def box_cells(box: BoxInTransit, narrow: bool = False) -> tuple[str | Text, ...]:
    left = uk_time(box.left_at) if box.left_at else "not yet"
    cells: tuple[str | Text, ...] = (box.box_id, box.station_id, short(box.station_name, 14 if narrow else 24),
                                     left, short(box.collector, 10 if narrow else 20),
                                     uk_time(box.due_at), f"{box.late_minutes} min" if box.overdue else "",
                                     box.phone)
    if box.overdue:
        return tuple(Text(str(c), style="bold white on red") for c in cells)
    return cells


class DispatchForm(ControlForm):
    """The box field says whose box it is as it is typed: a misread label shows before it is recorded."""

    def __init__(self, reading: TransitReading, typed: dict[str, str] | None = None, problem: str = "") -> None:
        boxes = {b.box_id: b for b in reading.boxes}
        super().__init__("Record a box leaving its station", (
            Field("box", "Box", placeholder="box number", hint=box_hint(boxes, (typed or {}).get("box", ""))),
            Field("collector", "Collected by", placeholder="driver or inspector"),
            Field("eta", "ETA at count", placeholder="HH:MM", submits=True, required=True),
            Field("left_at", "Left at", placeholder="HH:MM if earlier than now", submits=True),
            Field("note", "Note", placeholder="needed to revise an earlier dispatch", submits=True),
        ), board=reading.board, typed=typed, problem=problem,
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


def sweep_form(reading: TransitReading, typed: dict[str, str] | None, problem: str) -> ControlForm:
    return ControlForm("Record a postal vote sweep", (
        Field("station", "Station", placeholder="number or name", station=True, required=True),
        Field("by", "Collected by", placeholder="inspector's name"),
        Field("packets", "Sealed packets", number=True, required=True),
        Field("count", "Postal votes", number=True, required=True, submits=True),
        Field("time", "Collected at", placeholder="HH:MM if earlier than now", submits=True),
        Field("note", "Note", placeholder="e.g. receipt signed at the office", submits=True),
    ), board=reading.board, typed=typed, problem=problem,
        help_text="Enter: next; Enter on postal votes records it. Tab: time and note. Escape: cancel.")


class ControlTransitScreen(ControlSubScreen[TransitReading]):
    AUTO_FOCUS = "#cx-boxes"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "sweep", "Record a sweep"),
        Binding("d", "dispatch", "Record a dispatch"),
    ]
    CSS = SUB_SCREEN_CSS

    def __init__(self, desk: JobDesk) -> None:
        super().__init__(desk)
        self.reading: TransitReading | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="cr-body"):
            yield Static("Postal vote sweeps", id="cx-sweep-heading", classes="cr-heading", markup=False)
            yield Static("", id="cx-waiting", classes="cr-line")
            yield DataTable(id="cx-sweeps", cursor_type="row", zebra_stripes=True)
            yield Static("Boxes not yet at the count", id="cx-box-heading", classes="cr-heading", markup=False)
            yield DataTable(id="cx-boxes", cursor_type="row", zebra_stripes=True)
        yield from self.message_line("S: record a sweep. D: record a box leaving (Enter on a box: that box).")

    def make_reader(self) -> Callable[[], TransitReading]:
        shell = shell_of(self)
        service, clock = shell.service, shell.clock
        return lambda: read_transit(service, clock.now())

    def show_reading(self, reading: TransitReading) -> None:
        self.reading = reading
        names = {r.station_id: r.name for r in reading.board}
        narrow = self.app.size.width < WIDE
        name = 14 if narrow else 24
        note = max(10, self.app.size.width - 2 * name - 40)  # what the other sweep columns leave
        self.query_one("#cx-sweep-heading", Static).update(sweep_heading(reading))
        self.query_one("#cx-waiting", Static).update(waiting_text(reading))
        self.query_one("#cx-box-heading", Static).update(box_heading(reading))
        fill_table(self.query_one("#cx-sweeps", DataTable), SWEEP_COLUMNS, (
            (None, (uk_time(s["collected_at"]), s["station_id"], short(names.get(s["station_id"], ""), name),
                    short(s["collected_by"], name), str(s["packets"]), str(s["envelopes"]), short(s["note"], note)))
            for s in reading.sweeps))
        boxes = self.query_one("#cx-boxes", DataTable)
        row = boxes.cursor_row
        fill_table(boxes, BOX_COLUMNS, ((box.box_id, box_cells(box, narrow)) for box in reading.boxes))
        if reading.boxes:
            boxes.move_cursor(row=min(max(row, 0), len(reading.boxes) - 1), animate=False)

    @on(DataTable.RowSelected, "#cx-boxes")
    def _box_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_dispatch({"box": str(event.row_key.value)})

    def action_sweep(self, typed: dict[str, str] | None = None, problem: str = "") -> None:
        if self.reading is None:
            return

        def recorded(filled: Filled | None) -> None:
            if filled is None:
                return
            station_id = filled.station("station") or ""
            count = filled.number("count")
            self.run(CommandJob(f"Sweep at station {station_id}",
                                f"Sweep recorded: {count:,} postal votes from station {station_id}",
                                command("sweep.record", station_id=station_id, collected_by=filled.text("by"),
                                        packets=filled.number("packets"), count=count,
                                        time=filled.text("time") or None, note=filled.text("note"))),
                     lambda p: self.action_sweep(filled.typed, p))

        self.app.push_screen(sweep_form(self.reading, typed, problem), recorded)

    def action_dispatch(self, typed: dict[str, str] | None = None, problem: str = "") -> None:
        if self.reading is None:
            return

        def recorded(filled: Filled | None) -> None:
            if filled is None:
                return
            box_id, eta = filled.text("box"), filled.text("eta")
            self.run(CommandJob(f"Dispatch of box {box_id}", f"Box {box_id} on its way, ETA {eta}",
                                command("box.dispatch", box_id=box_id, collector=filled.text("collector"), eta=eta,
                                        left_at=filled.text("left_at") or None, note=filled.text("note"))),
                     lambda p: self.action_dispatch(filled.typed, p))

        self.app.push_screen(DispatchForm(self.reading, typed, problem), recorded)
