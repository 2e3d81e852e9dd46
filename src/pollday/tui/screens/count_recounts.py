"""The recount register of one contest: who asked, when, for what, and what the RO decided and why.

Opened from the count desk (where a supervisor records requests) and from the RO desk
(where they are decided). Every key is offered to both: the services refuse, with the
reason, whoever lacks the permission, and the refusal is journaled like any other.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from pollday.tui.count_readings import ContestCount, RecountLine
from pollday.tui.screens.count_commands import CommandFinished, show_finished
from pollday.tui.screens.count_recount_forms import DecideRecountForm, RequestRecountForm
from pollday.tui.screens.one_contest import OneContestScreen
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.widgets.outcome_panel import OutcomePanel

REGISTER_COLUMNS = ("No.", "Asked at", "Asked by", "Scope", "Decision", "Round")


def register_state(contest: ContestCount) -> str:
    if contest.declared is not None:
        return "Declared: the result is final and there can be no further recount."
    latest = contest.latest
    lines = [f"Latest provisional result: {latest.version} (round {latest.round})." if latest
             else "No provisional result yet: requests are made when a count or recount finishes."]
    for request in contest.pending_recounts:
        lines.append(f"Request {request.number} awaits the RO's decision (g grant, f refuse).")
    running = contest.recount_in_progress
    if running is not None:
        lines.append(f"Recount in progress: round {running.round_opened} (request {running.number}).")
    return " ".join(lines)


def request_detail(request: RecountLine) -> Text:
    text = Text()
    text.append(f"Request {request.number}", style="bold")
    text.append(f", recorded at {request.asked_at} by {request.recorded_by}\n")
    text.append(f"Asked by {request.requested_by} ({request.capacity_text}): {request.scope_text}\n")
    if request.note:
        text.append(f"Note: {request.note}\n")
    if request.decision == "pending":
        text.append("Awaiting the RO's decision.", style="bold yellow")
    else:
        text.append(f"{request.decision.upper()} at {request.decided_at} by {request.decided_by}: ", style="bold")
        text.append(request.reason)
        if request.round_opened is not None:
            text.append(f"\nOpened count round {request.round_opened}.")
    return text


class RecountScreen(OneContestScreen):
    DEFAULT_CSS = """
    RecountScreen #recount-body {
        padding: 0 1;
    }
    RecountScreen #recount-title {
        text-style: bold;
        color: yellow;
    }
    RecountScreen #recount-table, RecountScreen #recount-detail {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_request", "New request"),
        Binding("g", "decide(True)", "Grant"),
        Binding("f", "decide(False)", "Refuse"),
        Binding("v", "results", "Results"),
    ]
    AUTO_FOCUS = "#recount-table"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="recount-body"):
            yield Static("Recount register: reading…", id="recount-title", markup=False)
            yield Static("", id="recount-state", markup=False)
            yield OutcomePanel(id="recount-outcome")
            yield DataTable(id="recount-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="recount-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#recount-table", DataTable).add_columns(*REGISTER_COLUMNS)

    def show_reading(self, reading: ContestCount) -> None:
        self.contest = reading
        self.query_one("#recount-title", Static).update(f"Recount register · {reading.name}")
        self.query_one("#recount-state", Static).update(register_state(reading))
        table = self.query_one("#recount-table", DataTable)
        row = table.cursor_row
        table.clear()
        for request in reading.recounts:
            table.add_row(str(request.number), request.asked_at, request.requested_by, request.scope_text,
                          request.decision, "" if request.round_opened is None else str(request.round_opened),
                          key=str(request.number))
        if reading.recounts:
            # Land on the request awaiting a decision, if any: that is what the RO came for.
            pending = [n for n, r in enumerate(reading.recounts) if r.decision == "pending"]
            table.move_cursor(row=pending[0] if pending else min(row, len(reading.recounts) - 1))
        self._show_detail()

    @property
    def highlighted_request(self) -> RecountLine | None:
        table = self.query_one("#recount-table", DataTable)
        if self.contest is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.contest.recounts if str(r.number) == key), None)

    def _show_detail(self) -> None:
        request = self.highlighted_request
        self.query_one("#recount-detail", Static).update(
            request_detail(request) if request is not None else "No recount has been asked for.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    def action_new_request(self) -> None:
        if self.contest is not None:
            self.app.push_screen(RequestRecountForm(self.session, self.contest), callback=self._form_closed)

    def action_decide(self, granted: bool) -> None:
        request = self.highlighted_request
        if self.contest is None:
            return
        if request is None or request.decision != "pending":
            self.query_one("#recount-outcome", OutcomePanel).show_refused(
                "Nothing to decide", "highlight a request that awaits a decision (↑ ↓)")
            self.app.bell()
            return
        self.app.push_screen(DecideRecountForm(self.session, self.contest, request, granted),
                             callback=self._form_closed)

    def _form_closed(self, finished: CommandFinished | None) -> None:
        if finished is not None:
            show_finished(self.query_one("#recount-outcome", OutcomePanel), finished)
            self.reload()

    def action_results(self) -> None:
        self.app.push_screen(ResultsScreen(self.contest_id))
