"""Election status: where every contest stands, the poll, and the journal. Read-only."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from pollday.services.status import ContestStatus
from pollday.tui.readings import StatusReading, read_status
from pollday.tui.screens.base import LiveScreen
from pollday.tui.shell import shell_of

# The contest ID is last: it is long, and at 80 columns the figures matter more.
CONTEST_COLUMNS = ("Contest", "Stage", "Boxes in", "BPAs verified", "Papers verified", "ID")


def accounts_verified_text(contest: ContestStatus) -> str:
    signed = ", signed off" if contest.verification_signed_off else ""
    return f"{contest.accounts_verified} of {contest.accounts_total}{signed}"


def papers_verified_text(contest: ContestStatus) -> str:
    # Only a whole contest's papers mean anything: until every account is verified there is no total.
    return f"{contest.verified_total:,}" if contest.verified_total is not None else "not yet"


class StatusScreen(LiveScreen[StatusReading]):
    # The table takes the keys: at 80 columns ← → scroll to the contest ID.
    AUTO_FOCUS = "#contests"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="status-body"):
            yield Label("Election status", classes="screen-title")
            yield Static("Reading the election…", id="election-line", markup=False)
            yield Static("", id="poll-state", classes="poll-state", markup=False)
            yield Static("", id="journal-line", markup=False)
            yield DataTable(id="contests", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#contests", DataTable).add_columns(*CONTEST_COLUMNS)

    def make_reader(self) -> Callable[[], StatusReading]:
        service = shell_of(self).service
        return lambda: read_status(service)

    def show_reading(self, reading: StatusReading) -> None:
        status = reading.status
        self.query_one("#election-line", Static).update(
            f"{status.name} · {status.authority} · poll on {status.poll_date} · {status.mode.upper()}"
        )
        poll_state = self.query_one("#poll-state", Static)
        poll_state.update(reading.poll_state_text)
        poll_state.set_classes(f"poll-state {status.poll_state}")
        self.query_one("#journal-line", Static).update(reading.journal_text)
        table = self.query_one("#contests", DataTable)
        cursor_row = table.cursor_row  # a refresh must not throw the reader back to the top
        table.clear()
        for contest in status.contests:
            table.add_row(
                contest.name,
                contest.stage_label,
                f"{contest.boxes_received} of {contest.boxes_total}",
                accounts_verified_text(contest),
                papers_verified_text(contest),
                contest.contest_id,
                key=contest.contest_id,
            )
        if status.contests:
            table.move_cursor(row=min(cursor_row, len(status.contests) - 1))
