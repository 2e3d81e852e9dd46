"""Control room: the stations board and the incident list, and logging an incident in a few keys.

The stations board shows status, PO and phone and open incidents, a late opening on red;
Enter on a station shows its incidents. The incidents are newest first, red while past a
target. N logs one (station by number or name, category by one key, description, Enter; a
severity row off that path overrides the default); Enter opens its detail and the incident
keys (control_actions.py) act on it. / searches and F filters; the filter is written above
the list and Escape clears it. U, B and I open turnout, sweeps and boxes (overdue sweeps are
named on the attention line), and voter ID. Commands run one after another in a thread
worker (control_jobs.py); the rules and reasons are the services'. The desk re-reads on other
terminals' changes, each minute, and when the next target falls due (control_alerts.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from pollday.services.control_room_records import IncidentFilter, IncidentRecord
from pollday.services.session import Session
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.control_actions import INCIDENT_BINDINGS, IncidentActions, LinkHints, hints_for
from pollday.tui.screens.control_alerts import BreachWatch
from pollday.tui.screens.control_base import JobDesk, Reply, Retry, fill_table, outcome_text
from pollday.tui.screens.control_filter import ControlFilterForm, filter_line, is_empty
from pollday.tui.screens.control_forms import ControlIncidentForm, IncidentDraft
from pollday.tui.screens.control_incident import ControlIncidentScreen
from pollday.tui.screens.control_jobs import JobFinished, JobQueue
from pollday.tui.screens.control_transit import ControlTransitScreen
from pollday.tui.screens.control_turnout import ControlTurnoutScreen
from pollday.tui.screens.control_voter_id import ControlVoterIdScreen
from pollday.tui.screens.control_words import (
    ControlReading,
    attention_text,
    incident_cells,
    read_control_room,
    station_cells,
)
from pollday.tui.screens.verification_jobs import CommandJob, JobOutcome, command
from pollday.tui.shell import shell_of

AGE_REFRESH_SECONDS = 60.0
WIDE = 100  # columns: narrower than this, the stations board shortens names
STATION_COLUMNS = ("Stn", "Station", "Status", "Open", "PO", "Phone")
INCIDENT_COLUMNS = ("No.", "Sev", "Stn", "Category", "State", "Age", "Description")
KEYS_HELP = "Enter: detail. E escalate, P severity, H hold, O reopen, L link, C close, T note."
SCREENS: dict[str, Callable[[JobDesk], Screen[None]]] = {
    "turnout": ControlTurnoutScreen, "transit": ControlTransitScreen, "voter_id": ControlVoterIdScreen,
}


class ControlRoomScreen(IncidentActions, LiveScreen[ControlReading]):
    AUTO_FOCUS = "#cr-incidents"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_incident", "New"),
        *(replace(b, show=b.key in ("a", "s", "r")) for b in INCIDENT_BINDINGS),
        Binding("slash", "search", "Search"),
        Binding("f", "filter", "Filter"),
        Binding("u", "open('turnout')", "Turnout", show=False),
        Binding("b", "open('transit')", "Sweeps and boxes", show=False),
        Binding("i", "open('voter_id')", "Voter ID", show=False),
        Binding("tab", "switch_table", "Table", show=False),
    ]

    CSS = """
    ControlRoomScreen #cr-body { padding: 0 1; height: 1fr; }
    ControlRoomScreen .cr-bar { height: 1; }
    ControlRoomScreen .cr-heading { height: 1; width: auto; text-style: bold; color: yellow; }
    ControlRoomScreen .cr-aside { height: 1; width: 1fr; color: #c0c0c0; padding-left: 2;
                                  text-wrap: nowrap; text-overflow: ellipsis; }
    ControlRoomScreen #cr-filter.filtered { color: black; background: yellow; text-style: bold; }
    ControlRoomScreen #cr-search { width: 24; border: none; height: 1; padding: 0 1; }
    ControlRoomScreen #cr-search:focus { border: none; background: #4e4e00; }
    ControlRoomScreen #cr-stations { height: auto; max-height: 9; }
    ControlRoomScreen #cr-incidents { height: 1fr; }
    ControlRoomScreen #cr-attention { height: 1; text-style: bold; }
    ControlRoomScreen #cr-message { height: auto; max-height: 3; color: #e0e0e0; background: #1c1c1c; }
    ControlRoomScreen #cr-message.refused { color: white; background: darkred; }
    """

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.reading: ControlReading | None = None
        self.where = IncidentFilter()
        self.watch = BreachWatch(self)
        self.jobs = JobQueue(self, session, lambda job: self.say(f"{job.title}…"))
        self._to_top = False  # after logging an incident: highlight the newest, at the top

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    @property
    def bells(self) -> int:
        """How many times the desk has rung for a newly late P1: lets tests see it."""
        return self.watch.bells

    def compose_body(self) -> ComposeResult:
        with Vertical(id="cr-body"):
            with Horizontal(classes="cr-bar"):
                yield Static("Polling stations", classes="cr-heading", markup=False)
                yield Static("U turnout · B sweeps and boxes · I voter ID", classes="cr-aside", markup=False)
            yield DataTable(id="cr-stations", cursor_type="row", zebra_stripes=True)
            with Horizontal(classes="cr-bar"):
                yield Static("Incidents", classes="cr-heading", markup=False)
                yield Static("all, newest first", id="cr-filter", classes="cr-aside", markup=False)
                yield Input(id="cr-search", placeholder="/ search", compact=True)
            yield DataTable(id="cr-incidents", cursor_type="row", zebra_stripes=True)
            yield Static("Reading the election…", id="cr-attention", markup=False)
            yield Static(f"N: log an incident. {KEYS_HELP}", id="cr-message", markup=False)

    def on_mount(self) -> None:
        self.query_one(Footer).compact = True
        self.set_interval(AGE_REFRESH_SECONDS, self.reload)

    # --- reading ---------------------------------------------------------------------------------

    def make_reader(self) -> Callable[[], ControlReading]:
        shell = shell_of(self)
        service, clock, where = shell.service, shell.clock, self.where
        return lambda: read_control_room(service, clock.now(), where)

    def show_reading(self, reading: ControlReading) -> None:
        self.reading = reading
        self._show_stations(reading)
        self._show_incidents(reading)
        self._show_filter()
        attention = self.query_one("#cr-attention", Static)
        attention.update(attention_text(reading))
        attention.styles.color = "red" if reading.attention or reading.overdue_sweeps else "green"
        self.watch.check(reading.attention, reading.next_due, reading.now, self.reload)

    def _show_stations(self, reading: ControlReading) -> None:
        table = self.query_one("#cr-stations", DataTable)
        row = table.cursor_row
        narrow = self.app.size.width < WIDE
        fill_table(table, STATION_COLUMNS, ((s.station_id, station_cells(s, narrow)) for s in reading.board))
        if reading.board:
            table.move_cursor(row=min(row, len(reading.board) - 1), animate=False)

    def _show_incidents(self, reading: ControlReading) -> None:
        table = self.query_one("#cr-incidents", DataTable)
        keep = None if self._to_top else self.highlighted_number()
        self._to_top = False
        # The description has what the other columns, as wide as their widest cell, leave.
        measured = [incident_cells(r, reading.now) for r in reading.incidents]
        fixed = sum(max([len(label), *(len(str(cells[i])) for cells in measured)])
                    for i, label in enumerate(INCIDENT_COLUMNS[:-1]))
        width = self.app.size.width - fixed - 2 * len(INCIDENT_COLUMNS) - 4  # cell padding, body padding, scrollbar
        fill_table(table, INCIDENT_COLUMNS,
                   ((str(r.number), incident_cells(r, reading.now, width)) for r in reading.incidents))
        index = next((i for i, r in enumerate(reading.incidents) if r.number == keep), 0)
        table.move_cursor(row=index, animate=False)

    def _show_filter(self) -> None:
        line = self.query_one("#cr-filter", Static)
        line.update(filter_line(self.where, self.reading))
        line.set_class(not is_empty(self.where), "filtered")

    def highlighted_number(self) -> int | None:
        table = self.query_one("#cr-incidents", DataTable)
        if self.reading is None or not self.reading.incidents or table.row_count == 0:
            return None
        row = min(max(table.cursor_row, 0), len(self.reading.incidents) - 1)
        return self.reading.incidents[row].number

    def current_incident(self) -> IncidentRecord | None:
        number = self.highlighted_number()
        return self.reading.incident(number) if self.reading and number is not None else None

    def link_hints(self, incident: IncidentRecord) -> LinkHints:
        return hints_for(incident, self.reading.boxes.get(incident.station_id or "", ()) if self.reading else ())

    # --- moving about ----------------------------------------------------------------------------

    def action_switch_table(self) -> None:
        stations = self.query_one("#cr-stations", DataTable)
        incidents = self.query_one("#cr-incidents", DataTable)
        (incidents if stations.has_focus else stations).focus()

    @on(DataTable.RowSelected, "#cr-incidents")
    def _incident_chosen(self, _event: DataTable.RowSelected) -> None:
        if (incident := self._incident_or_say()) is not None:
            self.app.push_screen(ControlIncidentScreen(self, incident.number))

    @on(DataTable.RowSelected, "#cr-stations")
    def _station_chosen(self, event: DataTable.RowSelected) -> None:
        self._set_filter(replace(self.where, station_id=event.row_key.value))
        self.query_one("#cr-incidents", DataTable).focus()

    def action_open(self, name: str) -> None:
        self.app.push_screen(SCREENS[name](self))

    # --- filter and search -----------------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#cr-search", Input).focus()

    def action_filter(self) -> None:
        board = self.reading.board if self.reading else ()
        assignees = self.reading.assignees if self.reading else ()

        def chosen(where: IncidentFilter | None) -> None:
            if where is not None:
                self._set_filter(where)

        self.app.push_screen(ControlFilterForm(self.where, board, assignees), chosen)

    @on(Input.Changed, "#cr-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.where.text:
            self._set_filter(replace(self.where, text=event.value))

    @on(Input.Submitted, "#cr-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#cr-incidents", DataTable).focus()

    def _set_filter(self, where: IncidentFilter) -> None:
        self.where = where
        search = self.query_one("#cr-search", Input)
        if search.value != where.text:
            search.value = where.text
        self._show_filter()
        self.reload()

    def action_back(self) -> None:
        """Escape clears a filter or leaves the search box before it leaves the desk."""
        if not is_empty(self.where):
            self._set_filter(IncidentFilter())
            self.query_one("#cr-incidents", DataTable).focus()
            self.say("Filter cleared: every incident, newest first.")
        elif self.query_one("#cr-search", Input).has_focus:
            self.query_one("#cr-incidents", DataTable).focus()
        else:
            super().action_back()

    # --- logging an incident ---------------------------------------------------------------------

    def action_new_incident(self, draft: IncidentDraft | None = None, problem: str = "") -> None:
        board = self.reading.board if self.reading else ()
        now = self.reading.now if self.reading else None
        self.app.push_screen(ControlIncidentForm(board, draft, problem, now), self._incident_drafted)

    def _incident_drafted(self, draft: IncidentDraft | None) -> None:
        if draft is None:
            return
        args: dict[str, Any] = {"category": draft.category.value, "description": draft.description}
        if draft.station_id is not None:
            args["station_id"] = draft.station_id
        if draft.severity is not None:
            args["severity"] = draft.severity.value
        where = f" at station {draft.station_id}" if draft.station_id else ""

        def logged(outcome: JobOutcome) -> None:
            if outcome.applied:
                self._to_top = True
            else:
                # Put the form back with what was typed and the reason, rather than lose it.
                self.action_new_incident(draft, f"Refused: {outcome.reason}")

        self.queue_job(CommandJob("Log an incident", f"Incident logged{where}", command("incident.open", **args)),
                       logged)

    # --- running commands ------------------------------------------------------------------------

    def run(self, job: CommandJob, retry: Retry | None = None) -> None:
        def reply(outcome: JobOutcome) -> None:
            if not outcome.applied and retry is not None:
                retry(f"Refused: {outcome.reason}")

        self.queue_job(job, reply)

    def queue_job(self, job: CommandJob, reply: Reply | None = None) -> None:
        self.jobs.add(job, reply)

    def on_job_finished(self, message: JobFinished) -> None:
        outcome = message.outcome
        if not outcome.applied:
            self.app.bell()
        self.say(outcome_text(outcome), refused=not outcome.applied)
        if message.reply is not None:
            message.reply(outcome)
        self.reload()
        self.jobs.done()

    def say(self, text: str, refused: bool = False) -> None:
        message = self.query_one("#cr-message", Static)
        message.update(text)
        message.set_class(refused, "refused")
