"""Control room: the stations board and the incident list, and logging an incident in a few keys.

The top table is every polling station (status, presiding officer and phone, open
incidents), a late opening on red. The lower table is the incidents, newest first, red
while past a target; a P1 past target rings the bell once each time the desk re-reads.
N logs an incident (station by number or name, category by one key, description, Enter);
A acknowledges, S assigns, R resolves, C closes and T adds a note to the highlighted
incident. Commands run in a thread worker one after another; the rules and their reasons
are the services' (domain/commands/control_room.py). Other terminals' changes arrive as
ElectionDataChanged and the desk re-reads; it also re-reads each minute so ages move on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from pollday.domain.control_room import DESKS, IncidentState
from pollday.services.control_room_export import IncidentRecord
from pollday.services.session import Session
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.control_forms import ControlIncidentForm, ControlTextPrompt, IncidentDraft
from pollday.tui.screens.control_words import (
    ControlReading,
    attention_text,
    incident_cells,
    read_control_room,
    station_cells,
)
from pollday.tui.screens.verification_jobs import CommandJob, JobOutcome, command, run_job
from pollday.tui.shell import shell_of

AGE_REFRESH_SECONDS = 60.0
STATION_COLUMNS = ("Stn", "Station", "Status", "Open", "PO", "Phone")
INCIDENT_COLUMNS = ("No.", "Sev", "Stn", "Category", "State", "Age", "Description")


class ControlRoomScreen(LiveScreen[ControlReading]):
    AUTO_FOCUS = "#cr-incidents"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_incident", "New"),
        Binding("a", "acknowledge", "Ack"),
        Binding("s", "assign", "Assign"),
        Binding("r", "resolve", "Resolve"),
        Binding("c", "close_incident", "Close"),
        Binding("t", "note", "Note"),
        Binding("tab", "switch_table", "Table", show=False),
    ]

    CSS = """
    ControlRoomScreen #cr-body { padding: 0 1; height: 1fr; }
    ControlRoomScreen .cr-heading { height: 1; text-style: bold; color: yellow; }
    ControlRoomScreen #cr-stations { height: auto; max-height: 9; }
    ControlRoomScreen #cr-incidents { height: 1fr; }
    ControlRoomScreen #cr-attention { height: 1; text-style: bold; }
    ControlRoomScreen #cr-message { height: auto; max-height: 3; color: #e0e0e0; background: #1c1c1c; }
    ControlRoomScreen #cr-message.refused { color: white; background: darkred; }
    """

    class JobFinished(Message):
        def __init__(self, outcome: JobOutcome, draft: IncidentDraft | None) -> None:
            super().__init__()
            self.outcome = outcome
            self.draft = draft

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.reading: ControlReading | None = None
        self.bells = 0  # how many times the desk has rung for a P1 past target: lets tests see it
        self._jobs: deque[tuple[CommandJob, IncidentDraft | None]] = deque()
        self._job_running = False
        self._to_top = False  # after logging an incident: highlight the newest, at the top

    @property
    def busy(self) -> bool:
        return self._job_running or bool(self._jobs)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="cr-body"):
            yield Static("Polling stations", classes="cr-heading", markup=False)
            yield DataTable(id="cr-stations", cursor_type="row", zebra_stripes=True)
            yield Static("Incidents", classes="cr-heading", markup=False)
            yield DataTable(id="cr-incidents", cursor_type="row", zebra_stripes=True)
            yield Static("Reading the election…", id="cr-attention", markup=False)
            yield Static("N: log an incident.", id="cr-message", markup=False)

    def on_mount(self) -> None:
        self.query_one("#cr-stations", DataTable).add_columns(*STATION_COLUMNS)
        self.query_one("#cr-incidents", DataTable).add_columns(*INCIDENT_COLUMNS)
        self.query_one(Footer).compact = True
        self.set_interval(AGE_REFRESH_SECONDS, self.reload)

    # --- reading ---------------------------------------------------------------------------------

    def make_reader(self) -> Callable[[], ControlReading]:
        shell = shell_of(self)
        service, clock = shell.service, shell.clock
        return lambda: read_control_room(service, clock.now())

    def show_reading(self, reading: ControlReading) -> None:
        self.reading = reading
        self._show_stations(reading)
        self._show_incidents(reading)
        attention = self.query_one("#cr-attention", Static)
        attention.update(attention_text(reading))
        attention.styles.color = "red" if reading.attention else "green"
        if reading.red:
            self.bells += 1
            self.app.bell()

    def _show_stations(self, reading: ControlReading) -> None:
        table = self.query_one("#cr-stations", DataTable)
        row = table.cursor_row
        table.clear()
        for station in reading.board:
            table.add_row(*station_cells(station), key=station.station_id)
        if reading.board:
            table.move_cursor(row=min(row, len(reading.board) - 1), animate=False)

    def _show_incidents(self, reading: ControlReading) -> None:
        table = self.query_one("#cr-incidents", DataTable)
        keep = None if self._to_top else self.highlighted_number()
        self._to_top = False
        table.clear()
        for record in reading.incidents:
            table.add_row(*incident_cells(record, reading.now), key=str(record.number))
        if keep is None:
            table.move_cursor(row=0, animate=False)
        else:
            index = next((i for i, r in enumerate(reading.incidents) if r.number == keep), None)
            if index is not None:
                table.move_cursor(row=index, animate=False)

    def highlighted_number(self) -> int | None:
        table = self.query_one("#cr-incidents", DataTable)
        if self.reading is None or not self.reading.incidents or table.row_count == 0:
            return None
        row = min(max(table.cursor_row, 0), len(self.reading.incidents) - 1)
        return self.reading.incidents[row].number

    def highlighted_incident(self) -> IncidentRecord | None:
        number = self.highlighted_number()
        return self.reading.incident(number) if self.reading and number is not None else None

    def action_switch_table(self) -> None:
        stations = self.query_one("#cr-stations", DataTable)
        incidents = self.query_one("#cr-incidents", DataTable)
        (incidents if stations.has_focus else stations).focus()

    # --- actions ---------------------------------------------------------------------------------

    def action_new_incident(self, draft: IncidentDraft | None = None, problem: str = "") -> None:
        board = self.reading.board if self.reading else ()
        self.app.push_screen(ControlIncidentForm(board, draft, problem), self._incident_drafted)

    def _incident_drafted(self, draft: IncidentDraft | None) -> None:
        if draft is None:
            return
        args: dict[str, Any] = {"category": draft.category.value, "description": draft.description}
        if draft.station_id is not None:
            args["station_id"] = draft.station_id
        where = f" at station {draft.station_id}" if draft.station_id else ""
        self._queue(CommandJob("Log an incident", f"Incident logged{where}", command("incident.open", **args)),
                    draft)

    def _incident_or_say(self) -> IncidentRecord | None:
        incident = self.highlighted_incident()
        if incident is None:
            self.say("No incident highlighted: N logs one.", refused=True)
        return incident

    def action_acknowledge(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._queue(CommandJob(f"Acknowledge #{incident.number}", f"#{incident.number} acknowledged",
                                   command("incident.acknowledge", number=incident.number)))

    def action_assign(self) -> None:
        if (incident := self._incident_or_say()) is None:
            return
        number = incident.number

        def assigned(to: str | None) -> None:
            if to is not None:
                self._queue(CommandJob(f"Assign #{number}", f"#{number} assigned to {to.strip()}",
                                       command("incident.assign", number=number, to=to)))

        self.app.push_screen(ControlTextPrompt(f"Assign incident #{number}", "To (an inspector or a desk)",
                                               "Desks: " + ", ".join(DESKS)), assigned)

    def action_resolve(self) -> None:
        if (incident := self._incident_or_say()) is None:
            return
        number = incident.number

        def resolved(how: str | None) -> None:
            if how is not None:
                self._queue(CommandJob(f"Resolve #{number}", f"#{number} resolved",
                                       command("incident.set_state", number=number,
                                               state=IncidentState.RESOLVED.value, reason=how)))

        self.app.push_screen(ControlTextPrompt(f"Resolve incident #{number}", "How was it resolved?"), resolved)

    def action_close_incident(self) -> None:
        if (incident := self._incident_or_say()) is not None:
            self._queue(CommandJob(f"Close #{incident.number}", f"#{incident.number} closed",
                                   command("incident.set_state", number=incident.number,
                                           state=IncidentState.CLOSED.value)))

    def action_note(self) -> None:
        if (incident := self._incident_or_say()) is None:
            return
        number = incident.number

        def noted(text: str | None) -> None:
            if text is not None:
                self._queue(CommandJob(f"Note on #{number}", f"Note added to #{number}",
                                       command("incident.note", number=number, text=text)))

        self.app.push_screen(ControlTextPrompt(f"Note on incident #{number}", "Note"), noted)

    # --- running commands ------------------------------------------------------------------------

    def _queue(self, job: CommandJob, draft: IncidentDraft | None = None) -> None:
        self._jobs.append((job, draft))
        self._start_next_job()

    def _start_next_job(self) -> None:
        if self._job_running or not self._jobs:
            return
        job, draft = self._jobs.popleft()
        self._job_running = True
        self.say(f"{job.title}…")
        service, session = shell_of(self).service, self.session
        self.run_worker(lambda: self.post_message(self.JobFinished(run_job(service, session, job), draft)),
                        thread=True, group="control-room-command", exit_on_error=False)

    def on_control_room_screen_job_finished(self, message: JobFinished) -> None:
        self._job_running = False
        outcome, draft = message.outcome, message.draft
        job = outcome.job
        if not outcome.applied:
            self.app.bell()
            self.say(f"REFUSED: {job.title}: {outcome.reason}", refused=True)
            if draft is not None:
                # Put the form back with what was typed and the reason, rather than lose it.
                self.action_new_incident(draft, f"Refused: {outcome.reason}")
        else:
            self.say(f"{job.done}." + (f" Journal entry {outcome.result.seq}." if outcome.result else ""))
            if job.command["cmd"] == "incident.open":
                self._to_top = True
        self.reload()
        self._start_next_job()

    def say(self, text: str, refused: bool = False) -> None:
        message = self.query_one("#cr-message", Static)
        message.update(text)
        message.set_class(refused, "refused")
