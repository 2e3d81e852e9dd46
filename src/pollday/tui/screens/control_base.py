"""What the control room's own screens share: the desk's command queue, a message line, the desk kept awake.

Turnout, sweeps and boxes, voter ID and an incident's detail open over the control room desk.
Their commands go through the desk's one queue, so everything typed at this terminal is
journaled in the order it was typed, whichever screen it was typed on. While one of them
is on top the desk is still there underneath: a change from another terminal is passed
down to it, so a newly late P1 still rings the bell wherever the operator is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Protocol, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from pollday.tui.messages import ElectionDataChanged
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.verification_jobs import CommandJob, JobOutcome

ReadingT = TypeVar("ReadingT")
Reply = Callable[[JobOutcome], None]
Retry = Callable[[str], None]  # open the form again with this problem
REFRESH_SECONDS = 60.0


class JobDesk(Protocol):
    """The control room desk as its screens see it."""

    def queue_job(self, job: CommandJob, reply: Reply | None = None) -> None: ...

    def reload(self) -> None: ...


SUB_SCREEN_CSS = """
ControlSubScreen .cr-body { padding: 0 1; height: 1fr; }
ControlSubScreen .cr-heading { height: 1; text-style: bold; color: yellow; }
ControlSubScreen .cr-line { height: auto; max-height: 3; }
ControlSubScreen DataTable { height: 1fr; }
ControlSubScreen #cs-message { height: auto; max-height: 3; color: #e0e0e0; background: #1c1c1c; padding: 0 1; }
ControlSubScreen #cs-message.refused { color: white; background: darkred; }
"""


def fill_table(table: DataTable[Any], columns: Sequence[str],
               rows: Iterable[tuple[str | None, Sequence[str | Text]]]) -> None:
    """Replace a table's columns and rows, each column as wide as its widest cell.

    The widths are measured here rather than left to DataTable, which measures them when it
    is next idle: a table drawn before then keeps cells cut to the width of their heading.
    """
    table.clear(columns=True)
    rows = list(rows)
    widths = [Text(label).cell_len for label in columns]
    for _, cells in rows:
        for index, cell in enumerate(cells):
            widths[index] = max(widths[index], cell.cell_len if isinstance(cell, Text) else Text(cell).cell_len)
    for label, width in zip(columns, widths, strict=True):
        table.add_column(label, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)


def outcome_text(outcome: JobOutcome) -> str:
    if outcome.applied:
        seq = f" Journal entry {outcome.result.seq}." if outcome.result else ""
        return f"{outcome.job.done}.{seq}"
    return f"REFUSED: {outcome.job.title}: {outcome.reason}"


class ControlSubScreen(LiveScreen[ReadingT]):
    # Unscoped, so the shared rules (written for ControlSubScreen) reach every subclass's widgets.
    SCOPED_CSS = False
    BINDINGS: ClassVar[list[BindingType]] = [Binding("tab", "switch_table", "Table", show=False)]

    def __init__(self, desk: JobDesk) -> None:
        super().__init__()
        self.desk = desk

    def message_line(self, text: str) -> ComposeResult:
        yield Static(text, id="cs-message", markup=False)

    def on_mount(self) -> None:
        self.query_one(Footer).compact = True
        self.set_interval(REFRESH_SECONDS, self.reload)  # what is due or overdue moves on with the clock

    def on_election_data_changed(self, message: ElectionDataChanged) -> None:
        super().on_election_data_changed(message)
        self.desk.reload()

    def run(self, job: CommandJob, retry: Retry | None = None, done: Reply | None = None) -> None:
        """Queue a command on the desk; say how it went here, and on a refusal put the form back."""
        self.say(f"{job.title}…")

        def reply(outcome: JobOutcome) -> None:
            self.say(outcome_text(outcome), refused=not outcome.applied)
            if outcome.applied and done is not None:
                done(outcome)
            if not outcome.applied and retry is not None:
                retry(f"Refused: {outcome.reason}")
            self.reload()

        self.desk.queue_job(job, reply)

    def say(self, text: str, refused: bool = False) -> None:
        message = self.query_one("#cs-message", Static)
        message.update(text)
        message.set_class(refused, "refused")

    def action_switch_table(self) -> None:
        self.focus_next()
