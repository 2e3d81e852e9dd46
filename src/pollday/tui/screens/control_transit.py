"""Postal vote sweeps and boxes in transit: what is planned, what has been collected, which box is late.

The sweeps table is the day's plan of collections: overdue ones red at the top, then those
still due, then what is done (a late one in yellow), cancelled, or was collected unplanned.
N plans a collection (station by number or name, Enter, the time, Enter; the collector is
the station's inspector unless named). Enter on a planned collection records it, with the
station and collector filled in; S records any collection, which fulfils the station's next
planned one. M moves a planned collection or gives it to someone else, X cancels it (both
with a reason). Stations asking for a collection are the open postal-vote incidents.
D records a box leaving its station (Enter on a box does the same for that box): collector
and ETA at the count; recording it again revises the ETA, with a note. Overdue boxes are
red, most overdue first, with the presiding officer's phone to call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from pollday.domain.control_room import Category
from pollday.domain.stages import PollState
from pollday.domain.timefmt import uk_time
from pollday.services.control_room_export import ControlRoomView
from pollday.services.control_room_records import BoxInTransit, IncidentFilter, IncidentRecord, StationBoardRow
from pollday.services.control_sweeps import DUE, OVERDUE, ScheduledSweep, SweepSchedule
from pollday.services.election_service import ElectionService
from pollday.tui.screens.control_base import SUB_SCREEN_CSS, ControlSubScreen, JobDesk, fill_table
from pollday.tui.screens.control_forms import ControlTextPrompt
from pollday.tui.screens.control_modal import Filled
from pollday.tui.screens.control_transit_forms import (
    BOX_COLUMNS,
    DispatchForm,
    ScheduleForm,
    SweepLine,
    box_cells,
    clock_text,
    record_form,
    reschedule_form,
    sweep_heading,
    sweep_lines,
    sweep_rows,
)
from pollday.tui.screens.control_words import age_text
from pollday.tui.screens.verification_jobs import CommandJob, command
from pollday.tui.shell import shell_of

WIDE = 100  # columns: narrower than this, names are cut shorter so the phone numbers stay on screen


@dataclass(frozen=True)
class TransitReading:
    now: datetime
    board: tuple[StationBoardRow, ...]
    schedule: SweepSchedule
    lines: tuple[SweepLine, ...]  # the sweeps table, in its order
    waiting: tuple[IncidentRecord, ...]  # open postal-vote incidents: stations asking for a collection
    boxes: tuple[BoxInTransit, ...]
    poll_closed: bool = False


def read_transit(service: ElectionService, now: datetime) -> TransitReading:
    room = ControlRoomView.load(service.store.view())
    schedule = room.sweeps(now)
    waiting = room.incidents(now, IncidentFilter(categories=frozenset({Category.POSTAL}), open_only=True))
    return TransitReading(now, tuple(room.board(now)), schedule, sweep_lines(schedule), tuple(waiting),
                          tuple(room.in_transit(now)), room.election.get("poll_state") == PollState.CLOSED)


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


class ControlTransitScreen(ControlSubScreen[TransitReading]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "schedule", "Plan a sweep"),
        Binding("s", "sweep", "Record a sweep"),
        Binding("m", "reschedule", "Move", show=False),
        Binding("x", "cancel_sweep", "Cancel", show=False),
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
        yield from self.message_line("N: plan a sweep; Enter records it; S: any sweep; M move, X cancel. "
                                     "D: a box leaving (Enter on a box: that box).")

    def make_reader(self) -> Callable[[], TransitReading]:
        shell = shell_of(self)
        service, clock = shell.service, shell.clock
        return lambda: read_transit(service, clock.now())

    def show_reading(self, reading: TransitReading) -> None:
        first = self.reading is None
        self.reading = reading
        narrow = self.app.size.width < WIDE
        name = 13 if narrow else 24
        self.query_one("#cx-sweep-heading", Static).update(sweep_heading(reading.schedule))
        self.query_one("#cx-waiting", Static).update(waiting_text(reading))
        self.query_one("#cx-box-heading", Static).update(box_heading(reading))
        self._fill(self.query_one("#cx-sweeps", DataTable), *sweep_rows(reading.lines, name, self.app.size.width))
        self._fill(self.query_one("#cx-boxes", DataTable), BOX_COLUMNS,
                   [(box.box_id, box_cells(box, narrow)) for box in reading.boxes])
        if first:  # during the day the work is the sweeps; after the close, the boxes
            self.query_one("#cx-boxes" if reading.poll_closed else "#cx-sweeps", DataTable).focus()

    @staticmethod
    def _fill(table: DataTable[str | Text], columns: tuple[str, ...],
              rows: list[tuple[str, tuple[str | Text, ...]]]) -> None:
        row = table.cursor_row
        fill_table(table, columns, rows)
        if rows:
            table.move_cursor(row=min(max(row, 0), len(rows) - 1), animate=False)

    def highlighted_sweep(self) -> ScheduledSweep | None:
        """The planned collection under the cursor of the sweeps table, if that is one still to be made."""
        table = self.query_one("#cx-sweeps", DataTable)
        if self.reading is None or not self.reading.lines:
            return None
        line = self.reading.lines[min(max(table.cursor_row, 0), len(self.reading.lines) - 1)]
        return line.planned if line.planned and line.planned.status in (DUE, OVERDUE) else None

    def _sweep_or_say(self) -> ScheduledSweep | None:
        sweep = self.highlighted_sweep()
        if sweep is None:
            self.query_one("#cx-sweeps", DataTable).focus()
            self.say("Highlight a collection still due or overdue in the sweeps table first.", refused=True)
        return sweep

    @on(DataTable.RowSelected, "#cx-boxes")
    def _box_chosen(self, event: DataTable.RowSelected) -> None:
        self.action_dispatch({"box": str(event.row_key.value)})

    @on(DataTable.RowSelected, "#cx-sweeps")
    def _sweep_chosen(self, _event: DataTable.RowSelected) -> None:
        if (sweep := self._sweep_or_say()) is not None:
            self.action_sweep({"station": sweep.station_id, "by": sweep.collector}, planned=sweep)

    # --- sweeps -------------------------------------------------------------------------------

    def action_schedule(self, typed: dict[str, str] | None = None, problem: str = "") -> None:
        if self.reading is None:
            return

        def planned(filled: Filled | None) -> None:
            if filled is None:
                return
            station_id, due = filled.station("station") or "", filled.text("due")
            self.run(CommandJob(f"Plan a collection from station {station_id}",
                                f"Collection from station {station_id} planned for {due}",
                                command("sweep.schedule", station_id=station_id, due=due,
                                        collector=filled.text("collector"), note=filled.text("note"))),
                     lambda p: self.action_schedule(filled.typed, p))

        self.app.push_screen(ScheduleForm(self.reading.board, typed, problem), planned)

    def action_sweep(self, typed: dict[str, str] | None = None, problem: str = "",
                     planned: ScheduledSweep | None = None) -> None:
        if self.reading is None:
            return

        def recorded(filled: Filled | None) -> None:
            if filled is None:
                return
            station_id = filled.station("station") or ""
            count = filled.number("count")
            # Told which planned collection only while the form is still about its station.
            scheduled = planned.number if planned and planned.station_id == station_id else None
            self.run(CommandJob(f"Sweep at station {station_id}",
                                f"Sweep recorded: {count:,} postal votes from station {station_id}",
                                command("sweep.record", station_id=station_id, collected_by=filled.text("by"),
                                        packets=filled.number("packets"), count=count,
                                        time=filled.text("time") or None, note=filled.text("note"),
                                        scheduled=scheduled)),
                     lambda p: self.action_sweep(filled.typed, p, planned))

        self.app.push_screen(record_form(self.reading.board, typed, problem, planned), recorded)

    def action_reschedule(self, typed: dict[str, str] | None = None, problem: str = "",
                          sweep: ScheduledSweep | None = None) -> None:
        sweep = sweep or self._sweep_or_say()
        if sweep is None:
            return
        chosen = sweep

        def changed(filled: Filled | None) -> None:
            if filled is None:
                return
            where = f"{chosen.station_id} #{chosen.number}"
            self.run(CommandJob(f"Change collection {where}", f"Collection {where} changed",
                                command("sweep.reschedule", station_id=chosen.station_id, number=chosen.number,
                                        due=clock_text(filled.text("due")) or None,
                                        collector=filled.text("collector") or None,
                                        reason=filled.text("reason"))),
                     lambda p: self.action_reschedule(filled.typed, p, chosen))

        self.app.push_screen(reschedule_form(sweep, typed, problem), changed)

    def action_cancel_sweep(self, problem: str = "", sweep: ScheduledSweep | None = None) -> None:
        sweep = sweep or self._sweep_or_say()
        if sweep is None:
            return
        chosen = sweep

        def answered(reason: str | None) -> None:
            if reason is None:
                return
            where = f"{chosen.station_id} #{chosen.number}"
            self.run(CommandJob(f"Cancel collection {where}", f"Collection {where} cancelled",
                                command("sweep.cancel", station_id=chosen.station_id, number=chosen.number,
                                        reason=reason)),
                     lambda p: self.action_cancel_sweep(p, chosen))

        title = f"Cancel the {uk_time(sweep.due_at)} collection from {sweep.station_id} {sweep.station_name}"
        self.app.push_screen(ControlTextPrompt(title, "Why is it no longer needed?", problem=problem), answered)

    # --- boxes --------------------------------------------------------------------------------

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

        self.app.push_screen(DispatchForm(self.reading.board, self.reading.boxes, typed, problem), recorded)
