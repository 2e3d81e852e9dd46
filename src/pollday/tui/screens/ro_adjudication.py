"""The adjudication queue of one contest: the doubtful papers each table set aside, and the decisions so far.

Only the RO, or a deputy authorised in writing, decides (reference §3.3); the services
refuse anyone else, with the reason, and the refusal shows here. With the queue
highlighted, a, x and p decide the table's next undecided paper; Tab to the decisions and
the same keys reconsider the highlighted one (as during a recount).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from pollday.tui.count_readings import (
    ContestCount,
    DecisionLine,
    TableLine,
    decision_short,
    decision_text,
)
from pollday.tui.screens.count_commands import CommandFinished, show_finished
from pollday.tui.screens.one_contest import OneContestScreen
from pollday.tui.screens.ro_decision import DecisionScreen
from pollday.tui.widgets.outcome_panel import OutcomePanel

QUEUE_COLUMNS = ("Table", "Doubtful", "Decided", "Awaiting")
DECISION_COLUMNS = ("Paper", "Decision", "At", "By")


def queue_state(contest: ContestCount) -> str:
    waiting = contest.pending_doubtful
    round_text = f"round {contest.position.round}"
    if contest.declared is not None:
        return f"Declared: the decisions are final ({round_text})."
    if waiting:
        return f"{waiting} doubtful paper(s) await a decision ({round_text})."
    return f"No doubtful paper awaits a decision ({round_text})."


class AdjudicationScreen(OneContestScreen):
    DEFAULT_CSS = """
    AdjudicationScreen #adjudication-body {
        padding: 0 1;
    }
    AdjudicationScreen #adjudication-title {
        text-style: bold;
        color: yellow;
    }
    AdjudicationScreen #adjudication-queue, AdjudicationScreen #adjudication-decision {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('allowed')", "Allow"),
        Binding("x", "decide('rejected')", "Reject"),
        Binding("p", "decide('rejected_in_part')", "Reject in part"),
    ]
    AUTO_FOCUS = "#adjudication-queue"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="adjudication-body"):
            yield Static("Adjudication: reading…", id="adjudication-title", markup=False)
            yield Static("", id="adjudication-state", markup=False)
            yield OutcomePanel(id="adjudication-outcome")
            yield DataTable(id="adjudication-queue", cursor_type="row", zebra_stripes=True)
            yield Label("Decisions this round (Tab here; a, x or p reconsiders the highlighted paper)",
                        classes="section-title", markup=False)
            yield DataTable(id="adjudication-decisions", cursor_type="row", zebra_stripes=True)
            yield Static("", id="adjudication-decision", markup=False)

    def on_mount(self) -> None:
        self.query_one("#adjudication-queue", DataTable).add_columns(*QUEUE_COLUMNS)
        self.query_one("#adjudication-decisions", DataTable).add_columns(*DECISION_COLUMNS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decide" and parameters == ("rejected_in_part",):
            # Only multi-member local contests know "rejected in part": elsewhere the key is not offered.
            return self.contest is None or self.contest.allows_rejected_in_part
        return True

    def show_reading(self, reading: ContestCount) -> None:
        self.contest = reading
        self.query_one("#adjudication-title", Static).update(f"Adjudication · {reading.name}")
        self.query_one("#adjudication-state", Static).update(queue_state(reading))
        queue = self.query_one("#adjudication-queue", DataTable)
        row = queue.cursor_row
        queue.clear()
        for table in self._queue_tables(reading):
            status = table.status
            doubtful = status.effective["doubtful"] if status.effective else 0
            awaiting = status.pending_doubtful
            queue.add_row(table.table_id, str(doubtful), str(status.decided), str(awaiting) if awaiting else "",
                          key=table.table_id)
        if queue.row_count:
            waiting = [n for n, t in enumerate(self._queue_tables(reading)) if t.status.pending_doubtful > 0]
            # Stay where the RO was while that table still has papers; otherwise go to the next that has.
            keep = row < queue.row_count and self._queue_tables(reading)[row].status.pending_doubtful > 0
            queue.move_cursor(row=row if keep or not waiting else waiting[0])
        decisions = self.query_one("#adjudication-decisions", DataTable)
        decided_row = decisions.cursor_row
        decisions.clear()
        for decision in reading.decisions:
            decisions.add_row(decision.paper_ref, decision_short(reading, decision), decision.at, decision.by,
                              key=decision.paper_ref)
        if reading.decisions:
            decisions.move_cursor(row=min(decided_row, len(reading.decisions) - 1))
        self._show_decision()
        self.refresh_bindings()

    def _show_decision(self) -> None:
        """The highlighted decision in the words of the rejection statement, with who decided it."""
        contest = self.contest
        paper = self._highlighted("#adjudication-decisions")
        decision = next((d for d in contest.decisions if d.paper_ref == paper), None) if contest else None
        self.query_one("#adjudication-decision", Static).update(
            "" if decision is None or contest is None
            else f"{decision.paper_ref} (table {decision.table_id}): {decision_text(contest, decision)}; "
                 f"decided by {decision.by} at {decision.at}")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.data_table.id == "adjudication-decisions":
            self._show_decision()

    @staticmethod
    def _queue_tables(contest: ContestCount) -> list[TableLine]:
        """Tables with doubtful papers, decided or not; a table whose keyings differ has none to decide yet."""
        return [t for t in contest.tables if t.status.effective and t.status.effective["doubtful"] > 0]

    def _highlighted(self, selector: str) -> str | None:
        table = self.query_one(selector, DataTable)
        if table.row_count == 0:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    def action_decide(self, mode: str) -> None:
        contest = self.contest
        if contest is None:
            return
        outcome = self.query_one("#adjudication-outcome", OutcomePanel)
        reconsider: DecisionLine | None = None
        if self.focused is self.query_one("#adjudication-decisions", DataTable):
            paper = self._highlighted("#adjudication-decisions")
            reconsider = next((d for d in contest.decisions if d.paper_ref == paper), None)
            table_id = reconsider.table_id if reconsider is not None else None
        else:
            table_id = self._highlighted("#adjudication-queue")
        if table_id is None:
            outcome.show_refused("Nothing to decide", "no table has set doubtful papers aside in this round")
            self.app.bell()
            return
        self.app.push_screen(DecisionScreen(self.session, contest, table_id, mode, reconsider),
                             callback=self._decided)

    def _decided(self, finished: CommandFinished | None) -> None:
        if finished is not None:
            show_finished(self.query_one("#adjudication-outcome", OutcomePanel), finished)
            self.reload()
