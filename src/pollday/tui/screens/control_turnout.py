"""Turnout: every station at each reporting time against the labelled base, the whole area, who has not
reported, a chart of the day, and taking a return from a phone call in a few keys.

N takes a return: station by number or name, Enter, the time (the one being phoned in now is
already there), Enter, papers issued, Enter. Enter on a station's row does the same with the
station filled in. A return the command refuses (fewer papers than at an earlier time, a
second return for a time) comes back in the form with the reason, so a reason can be added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Static

from pollday.domain.control_room import EARLY_RETURN_ALLOWANCE, parse_clock, poll_moment, turnout_percent
from pollday.services.control_room_export import ControlRoomView
from pollday.services.control_room_records import StationBoardRow, TurnoutRow, TurnoutTable
from pollday.services.election_service import ElectionService
from pollday.tui.screens.control_base import SUB_SCREEN_CSS, ControlSubScreen, JobDesk, fill_table
from pollday.tui.screens.control_chart import legend, turnout_chart
from pollday.tui.screens.control_modal import ControlForm, Field, Filled
from pollday.tui.screens.control_words import short
from pollday.tui.screens.verification_jobs import CommandJob, JobOutcome, command
from pollday.tui.shell import shell_of

SHORT_SCREEN = 30  # rows: below this the chart is three rows tall, not six


@dataclass(frozen=True)
class TurnoutReading:
    now: datetime
    table: TurnoutTable
    board: tuple[StationBoardRow, ...]
    phoning_slot: str | None  # the reporting time a return phoned in now is for


def read_turnout(service: ElectionService, now: datetime) -> TurnoutReading:
    room = ControlRoomView.load(service.store.view())
    table = room.turnout(now)
    return TurnoutReading(now, table, tuple(room.board(now)), phoning_slot(table.times, room, now))


def phoning_slot(times: tuple[str, ...], room: ControlRoomView, now: datetime) -> str | None:
    """The latest time whose return may be phoned in by now (a little early is allowed)."""
    if room.poll_date is None:
        return None
    open_slots = [t for t in times if (clock := parse_clock(t)) is not None
                  and poll_moment(room.poll_date, clock) - EARLY_RETURN_ALLOWANCE <= now]
    return open_slots[-1] if open_slots else None


def settle_slot(text: str, times: tuple[str, ...]) -> tuple[str, str]:
    """'13', '1300' or '13:00' -> '13:00' when it is a reporting time; else the text and what is wrong."""
    wanted = text.strip().replace(".", ":")
    if wanted in times:
        return wanted, ""
    digits = wanted.replace(":", "")
    if digits.isdigit() and len(digits) <= 4:
        candidate = f"{int(digits):02d}:00" if len(digits) <= 2 else f"{int(digits[:-2]):02d}:{digits[-2:]}"
        if candidate in times:
            return candidate, ""
    return text, f"'{text.strip()}' is not a reporting time: the times are {', '.join(times)}"


def overall_text(table: TurnoutTable) -> Text:
    if table.latest_due is None:
        first = table.times[0] if table.times else "-"
        return Text(f"No return is due yet: the first is at {first}.")
    point = next(p for p in table.series if p.slot == table.latest_due)
    share = "-" if point.percent is None else f"{point.percent:.1f}%"
    return Text(f"Latest due {point.slot}: {share} overall, {point.stations_reported} of {point.stations_total} "
                f"stations reported ({point.issued:,} issued of {point.electorate_reporting:,}).", style="bold")


def missing_text(table: TurnoutTable, names: dict[str, str]) -> Text:
    if table.latest_due is None:
        return Text("")
    if not table.not_reported:
        return Text(f"Every station has reported for {table.latest_due}.", style="green")
    shown = ", ".join(f"{s} {names.get(s, '')}".strip() for s in table.not_reported[:6])
    more = f" and {len(table.not_reported) - 6} more" if len(table.not_reported) > 6 else ""
    return Text(f"Not reported for {table.latest_due} ({len(table.not_reported)}): {shown}{more}", style="bold red")


def row_cells(row: TurnoutRow, table: TurnoutTable) -> tuple[str | Text, ...]:
    due = table.times.index(table.latest_due) if table.latest_due in table.times else -1
    cells: list[str | Text] = [row.station_id, short(row.name, 24), f"{row.electorate:,}"]
    for index, slot in enumerate(table.times):
        if slot in row.issued:
            percent = turnout_percent(row.issued[slot], row.electorate)
            cells.append("-" if percent is None else f"{percent:.1f}%")
        else:
            cells.append(Text("missing", style="bold red") if index <= due else "")
    return tuple(cells)


def station_line(row: TurnoutRow, table: TurnoutTable) -> str:
    figures = [f"{slot} {row.issued[slot]:,}" + (f" (queue {row.queue[slot]})" if row.queue.get(slot) else "")
               for slot in table.times if slot in row.issued]
    return (f"{row.station_id} {row.name}, electorate {row.electorate:,}: "
            + ("; ".join(figures) + " issued" if figures else "no returns yet"))


class TurnoutForm(ControlForm):
    def __init__(self, reading: TurnoutReading, typed: dict[str, str] | None = None, problem: str = "") -> None:
        times = reading.table.times
        super().__init__("Record a turnout return", (
            Field("station", "Station", placeholder="number or name", station=True, required=True),
            Field("slot", "Time", value=reading.phoning_slot or (times[0] if times else ""),
                  hint="Times: " + ", ".join(times)),
            Field("issued", "Papers issued", placeholder="so far today, from the CNL", number=True, required=True,
                  submits=True),
            Field("queue", "Queue", placeholder="people waiting (optional)", number=True, submits=True),
            Field("reason", "Reason", placeholder="only to correct a return, or for an unusual figure",
                  submits=True),
        ), board=reading.board, typed=typed, problem=problem,
            help_text="Enter: next; Enter on the figure records it. Tab: queue and reason. Escape: cancel.")
        self.times = times

    @on(Input.Submitted, "#cm-slot")
    def _slot_submitted(self, event: Input.Submitted) -> None:
        slot, problem = settle_slot(event.value, self.times)
        if problem:
            event.prevent_default()
            event.stop()
            self.say(problem)
            return
        event.input.value = slot

    def check(self, typed: dict[str, str]) -> str:
        slot, problem = settle_slot(typed["slot"], self.times)
        typed["slot"] = slot
        return problem


class ControlTurnoutScreen(ControlSubScreen[TurnoutReading]):
    AUTO_FOCUS = "#ct-table"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "record", "Record a return")]
    CSS = SUB_SCREEN_CSS + """
    ControlTurnoutScreen #ct-chart { height: auto; }
    ControlTurnoutScreen #ct-station { height: 1; color: #e0e0e0; }
    """

    def __init__(self, desk: JobDesk) -> None:
        super().__init__(desk)
        self.reading: TurnoutReading | None = None
        self._go_to: str | None = None  # after a return: that station's row

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="cr-body"):
            yield Static("Turnout", id="ct-title", classes="cr-heading", markup=False)
            yield Static("", id="ct-overall", classes="cr-line")
            yield Static("", id="ct-missing", classes="cr-line")
            yield Static("", id="ct-chart")
            yield DataTable(id="ct-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="ct-station", markup=False)
        yield from self.message_line("N: record a return (Enter on a station: for that station). Escape: back.")

    def make_reader(self) -> Callable[[], TurnoutReading]:
        shell = shell_of(self)
        service, clock = shell.service, shell.clock
        return lambda: read_turnout(service, clock.now())

    def show_reading(self, reading: TurnoutReading) -> None:
        self.reading = reading
        table = reading.table
        self.query_one("#ct-title", Static).update(f"Turnout, as % {table.base}")
        self.query_one("#ct-overall", Static).update(overall_text(table))
        self.query_one("#ct-missing", Static).update(missing_text(table, {r.station_id: r.name for r in table.rows}))
        grid = self.query_one("#ct-table", DataTable)
        keep = self._go_to or self._highlighted_id()
        self._go_to = None
        # The columns follow the reporting times, which can be changed during the day.
        fill_table(grid, ("Stn", "Station", "Elect.", *table.times),
                   ((row.station_id, row_cells(row, table)) for row in table.rows))
        index = next((i for i, r in enumerate(table.rows) if r.station_id == keep), 0)
        if table.rows:
            grid.move_cursor(row=index, animate=False)
        self._show_station()

    def _highlighted_id(self) -> str | None:
        row = self._highlighted_row()
        return row.station_id if row else None

    def _highlighted_row(self) -> TurnoutRow | None:
        grid = self.query_one("#ct-table", DataTable)
        if self.reading is None or not self.reading.table.rows or grid.row_count == 0:
            return None
        return self.reading.table.rows[min(max(grid.cursor_row, 0), len(self.reading.table.rows) - 1)]

    def _show_station(self) -> None:
        if self.reading is None:
            return
        table = self.reading.table
        row = self._highlighted_row()
        area = [p.percent for p in table.series]
        station = None
        if row is not None:
            station = [turnout_percent(row.issued[s], row.electorate) if s in row.issued else None
                       for s in table.times]
        height = 3 if self.app.size.height < SHORT_SCREEN else 6
        chart = turnout_chart(table.times, area, station, height, max(40, self.size.width - 4))
        name = short(f"{row.station_id} {row.name}", 30) if row else None
        self.query_one("#ct-chart", Static).update(Text("\n").join([chart, legend(name)]))
        self.query_one("#ct-station", Static).update(station_line(row, table) if row else "")

    @on(DataTable.RowHighlighted, "#ct-table")
    def _row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_station()

    @on(DataTable.RowSelected, "#ct-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_record({"station": str(event.row_key.value)})

    def on_resize(self, _event: events.Resize) -> None:
        self._show_station()

    def action_record(self, typed: dict[str, str] | None = None, problem: str = "") -> None:
        if self.reading is None:
            return
        self.app.push_screen(TurnoutForm(self.reading, typed, problem), self._recorded)

    def _recorded(self, filled: Filled | None) -> None:
        if filled is None or self.reading is None:
            return
        station_id = filled.station("station") or ""
        slot = filled.text("slot")
        issued = filled.number("issued", default=-1)
        electorate = next((r.electorate for r in self.reading.board if r.station_id == station_id), 0)
        percent = turnout_percent(issued, electorate)
        share = f" ({percent:.1f}%)" if percent is not None and issued >= 0 else ""
        job = CommandJob(f"Turnout return for station {station_id} at {slot}",
                         f"Station {station_id}: {slot} return recorded, {issued:,} issued{share}",
                         command("turnout.record", station_id=station_id, slot=slot, issued=issued,
                                 queue_length=filled.number("queue"), reason=filled.text("reason")))

        def shown(_outcome: JobOutcome) -> None:
            self._go_to = station_id

        self.run(job, lambda p: self.action_record(filled.typed, p), shown)
