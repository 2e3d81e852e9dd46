"""The RO desk: per contest, what waits for the Returning Officer, each one key away.

Enter does what the highlighted line says; a, r, l, d and v do that thing for the
highlighted line's contest whatever the line says, so the RO can always try, and hear from
the services why not (an open recount request, a tie with no lot drawn, a missing power).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from pollday.services.session import Session
from pollday.tui.count_readings import ContestCount, read_all_counts
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.count_commands import CommandFinished, show_finished
from pollday.tui.screens.count_recounts import RecountScreen
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.screens.ro_adjudication import AdjudicationScreen
from pollday.tui.screens.ro_declare import DeclareForm
from pollday.tui.screens.ro_lots import LotsForm
from pollday.tui.screens.ro_tasks import RoTask, ro_tasks
from pollday.tui.shell import shell_of
from pollday.tui.widgets.outcome_panel import OutcomePanel

TASK_COLUMNS = ("Key", "Contest", "Waiting for you")


class RoDeskScreen(LiveScreen[tuple[ContestCount, ...]]):
    DEFAULT_CSS = """
    RoDeskScreen #ro-body {
        padding: 0 1;
    }
    RoDeskScreen #ro-title {
        text-style: bold;
        color: yellow;
    }
    RoDeskScreen #ro-tasks {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "act('adjudicate')", "Adjudicate"),
        Binding("r", "act('recounts')", "Recounts"),
        Binding("l", "act('lots')", "Lots"),
        Binding("d", "act('declare')", "Declare"),
        Binding("v", "act('results')", "Results"),
    ]
    AUTO_FOCUS = "#ro-tasks"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.contests: tuple[ContestCount, ...] = ()
        self.tasks: list[RoTask] = []

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="ro-body"):
            yield Static(f"RO desk · {self.session.full_name}, {self.session.role_label}", id="ro-title",
                         markup=False)
            yield Static("Enter does the highlighted line; the letters act on its contest.", classes="hint",
                         markup=False)
            yield OutcomePanel(id="ro-outcome")
            yield DataTable(id="ro-tasks", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#ro-tasks", DataTable).add_columns(*TASK_COLUMNS)

    def make_reader(self) -> Callable[[], tuple[ContestCount, ...]]:
        service = shell_of(self).service
        return lambda: read_all_counts(service)

    def show_reading(self, reading: tuple[ContestCount, ...]) -> None:
        self.contests = reading
        table = self.query_one("#ro-tasks", DataTable)
        row = table.cursor_row
        table.clear()
        self.tasks = [task for contest in reading for task in ro_tasks(contest)]
        for number, task in enumerate(self.tasks):
            table.add_row(task.key, task.contest_name, task.text, key=str(number))
        if self.tasks:
            table.move_cursor(row=min(row, len(self.tasks) - 1))

    @property
    def highlighted_task(self) -> RoTask | None:
        table = self.query_one("#ro-tasks", DataTable)
        if not self.tasks or table.row_count == 0:
            return None
        return self.tasks[min(table.cursor_row, len(self.tasks) - 1)]

    def contest(self, contest_id: str) -> ContestCount | None:
        return next((c for c in self.contests if c.contest_id == contest_id), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        task = self.highlighted_task
        if task is not None and task.action:
            self.action_act(task.action)

    def action_act(self, action: str) -> None:
        task = self.highlighted_task
        contest = self.contest(task.contest_id) if task is not None else None
        if contest is None:
            return
        if action == "adjudicate":
            self.app.push_screen(AdjudicationScreen(self.session, contest.contest_id))
        elif action == "recounts":
            self.app.push_screen(RecountScreen(self.session, contest.contest_id))
        elif action == "lots":
            self.app.push_screen(LotsForm(self.session, contest), callback=self._form_closed)
        elif action == "declare":
            self.app.push_screen(DeclareForm(self.session, contest), callback=self._declared)
        elif action == "results":
            self.app.push_screen(ResultsScreen(contest.contest_id))

    def _form_closed(self, finished: CommandFinished | None) -> None:
        if finished is not None:
            show_finished(self.query_one("#ro-outcome", OutcomePanel), finished)
            self.reload()

    def _declared(self, finished: CommandFinished | None) -> None:
        self._form_closed(finished)
        if finished is not None and finished.applied:
            # The declared result, with the note of any lot, is what the RO reads out next.
            self.app.push_screen(ResultsScreen(finished.step.command["args"]["contest_id"]))
