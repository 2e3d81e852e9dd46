"""The count desk: table figures keyed once and checked, differences settled, and the reconciliation gate.

One contest at a time (c chooses another). The tables list shows each table's figures that
count and what still waits; under it, the highlighted table's keyings side by side. Above,
the gate says in the services' own words what stops a provisional result, so nobody
presses p and wonders why it was refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Static

from pollday.domain.roles import Permission
from pollday.domain.stages import ContestStage
from pollday.services.session import Session
from pollday.tui.count_readings import ContestCount, TableLine, read_all_counts
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.count_choose import ChooseContestScreen
from pollday.tui.screens.count_commands import CommandFinished, run_step, show_finished, step
from pollday.tui.screens.count_entry import EntryMode, TableEntryForm
from pollday.tui.screens.count_recounts import RecountScreen
from pollday.tui.screens.count_view import contest_line, gate, table_cells, table_detail
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.shell import shell_of
from pollday.tui.widgets.outcome_panel import OutcomePanel

TABLE_COLUMNS = ("Table", "Given", "Valid", "Doubtful", "Awaiting RO", "State")
# Actions only a count supervisor (or above) can take: not offered to count assistants.
SUPERVISOR_ACTIONS = {"settle", "provisional"}


class CountScreen(LiveScreen[tuple[ContestCount, ...]]):
    DEFAULT_CSS = """
    CountScreen #count-body {
        padding: 0 1;
    }
    CountScreen #count-contest {
        text-style: bold;
        color: yellow;
    }
    CountScreen .gate {
        padding: 0 1;
        margin-top: 1;
    }
    CountScreen .gate.blocked {
        background: #5f0000;
    }
    CountScreen .gate.ready {
        background: #005f00;
        text-style: bold;
    }
    CountScreen .gate.done, CountScreen .gate.closed {
        background: #303030;
    }
    CountScreen #count-tables {
        margin-top: 1;
    }
    CountScreen #count-detail {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Named in the contest line instead of the footer, which has no room for it at 80 columns.
        Binding("c", "choose_contest", "Contest", show=False),
        Binding("e", "enter_table", "Enter"),
        Binding("k", "key_again", "Again"),
        Binding("s", "settle", "Settle"),
        Binding("p", "provisional", "Provisional"),
        Binding("r", "recounts", "Recounts"),
        Binding("v", "results", "Results"),
    ]
    AUTO_FOCUS = "#count-tables"

    def __init__(self, session: Session, contest_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.contest_id = contest_id
        self.contests: tuple[ContestCount, ...] = ()
        self.command_in_flight = False

    @property
    def contest(self) -> ContestCount | None:
        return next((c for c in self.contests if c.contest_id == self.contest_id), None)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="count-body"):
            yield Static("Count: reading the election…", id="count-contest", markup=False)
            yield Static("", id="count-gate", classes="gate", markup=False)
            yield OutcomePanel(id="count-outcome")
            yield DataTable(id="count-tables", cursor_type="row", zebra_stripes=True)
            yield Static("", id="count-detail", markup=False)

    def on_mount(self) -> None:
        # Seven keys must fit in 80 columns.
        self.query_one(Footer).compact = True
        self.query_one("#count-tables", DataTable).add_columns(*TABLE_COLUMNS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SUPERVISOR_ACTIONS:
            return self.session.may(Permission.SUPERVISE_COUNT)
        return True

    # --- reading -------------------------------------------------------------------

    def make_reader(self) -> Callable[[], tuple[ContestCount, ...]]:
        service = shell_of(self).service
        return lambda: read_all_counts(service)

    def show_reading(self, reading: tuple[ContestCount, ...]) -> None:
        self.contests = reading
        if self.contest is None and reading:
            # Start where the work is: the first contest still being counted, else the first.
            open_ones = [c for c in reading if c.signed_off and c.stage != ContestStage.DECLARED]
            self.contest_id = (open_ones or list(reading))[0].contest_id
        self._show_contest()

    def _show_contest(self) -> None:
        contest = self.contest
        if contest is None:
            self.query_one("#count-contest", Static).update("Count: this election has no contests")
            return
        self.query_one("#count-contest", Static).update(f"Count · {contest_line(contest)} · c: contest")
        kind, text = gate(contest)
        gate_widget = self.query_one("#count-gate", Static)
        gate_widget.update(text)
        gate_widget.set_classes(f"gate {kind}")
        table = self.query_one("#count-tables", DataTable)
        highlighted = self.highlighted_table
        table.clear()
        for line in contest.tables:
            table.add_row(*table_cells(line), key=line.table_id)
        ids = [t.table_id for t in contest.tables]
        if highlighted is not None and highlighted.table_id in ids:
            table.move_cursor(row=ids.index(highlighted.table_id))
        self._show_detail()

    def _show_detail(self) -> None:
        contest, line = self.contest, self.highlighted_table
        detail = self.query_one("#count-detail", Static)
        if contest is None or line is None:
            detail.update("No table has entered figures in this round yet: press e to enter one.")
            return
        detail.update(table_detail(contest, line))

    @property
    def highlighted_table(self) -> TableLine | None:
        contest = self.contest
        table = self.query_one("#count-tables", DataTable)
        if contest is None or not contest.tables or table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return next((t for t in contest.tables if t.table_id == row_key.value), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    # --- choosing a contest --------------------------------------------------------

    def action_choose_contest(self) -> None:
        choices = [(c.contest_id, f"{c.name} · {c.stage_label}") for c in self.contests]
        self.app.push_screen(ChooseContestScreen(choices, self.contest_id), callback=self._chosen)

    def _chosen(self, contest_id: str | None) -> None:
        if contest_id is not None and contest_id != self.contest_id:
            self.contest_id = contest_id
            self.query_one("#count-tables", DataTable).clear()
            self.query_one("#count-outcome", OutcomePanel).clear()
            self._show_contest()

    # --- entering and settling tables ----------------------------------------------

    def action_enter_table(self) -> None:
        self._open_form(EntryMode.FIRST)

    def action_key_again(self) -> None:
        self._open_form(EntryMode.SECOND)

    def action_settle(self) -> None:
        self._open_form(EntryMode.SETTLE)

    def _open_form(self, mode: EntryMode) -> None:
        contest = self.contest
        if contest is None:
            return
        line = self.highlighted_table
        if mode != EntryMode.FIRST and line is None:
            self.query_one("#count-outcome", OutcomePanel).show_refused(
                "No table chosen", "highlight a table in the list (↑ ↓) first")
            self.app.bell()
            return
        self.app.push_screen(TableEntryForm(self.session, contest, mode, line), callback=self._form_closed)

    def _form_closed(self, finished: CommandFinished | None) -> None:
        if finished is not None:
            show_finished(self.query_one("#count-outcome", OutcomePanel), finished)
            self.reload()

    # --- the provisional result -----------------------------------------------------

    def action_provisional(self) -> None:
        contest = self.contest
        if contest is None or self.command_in_flight:
            return
        self.command_in_flight = True
        self.query_one("#count-outcome", OutcomePanel).show_pending("Preparing the provisional result…")
        run_step(self, self.session, step("Prepare the provisional result", f"Provisional result for {contest.name}",
                                          "count.provisional", contest_id=contest.contest_id))

    def on_command_finished(self, finished: CommandFinished) -> None:
        self.command_in_flight = False
        show_finished(self.query_one("#count-outcome", OutcomePanel), finished)
        self.reload()

    # --- elsewhere ------------------------------------------------------------------

    def action_recounts(self) -> None:
        if self.contest_id is not None:
            self.app.push_screen(RecountScreen(self.session, self.contest_id))

    def action_results(self) -> None:
        if self.contest_id is not None:
            self.app.push_screen(ResultsScreen(self.contest_id))
