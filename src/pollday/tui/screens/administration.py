"""Administration: opening and closing the poll, and the user accounts (read-only for now)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, DataTable, Label, Static

from pollday.domain.roles import Permission
from pollday.services.election_service import ElectionService, Result
from pollday.services.session import Session
from pollday.tui.readings import AdministrationReading, read_administration
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.shell import shell_of
from pollday.tui.widgets.outcome_panel import OutcomePanel

USER_COLUMNS = ("Username", "Full name", "Role", "Active", "Locked")


@dataclass(frozen=True)
class PollStep:
    command: str
    title: str  # e.g. "Open the poll": the confirmation question and the refusal heading
    done: str  # e.g. "Poll opened": the heading when it was applied


OPEN_POLL = PollStep("poll.open", "Open the poll", "Poll opened")
CLOSE_POLL = PollStep("poll.close", "Close the poll", "Poll closed")


class AdministrationScreen(LiveScreen[AdministrationReading]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "run_poll_step('open')", "Open poll"),
        Binding("c", "run_poll_step('close')", "Close poll"),
    ]

    class CommandFinished(Message):
        """Posted from the command worker: the service's Result, or why there is none."""

        def __init__(self, step: PollStep, result: Result | None, problem: str) -> None:
            super().__init__()
            self.step = step
            self.result = result
            self.problem = problem

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.command_in_flight = False

    @property
    def may_run_election(self) -> bool:
        return self.session.may(Permission.RUN_ELECTION)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="admin-body"):
            yield Label("Administration", classes="screen-title")
            yield Static("Reading the election…", id="poll-state", classes="poll-state", markup=False)
            if self.may_run_election:
                with Horizontal(id="poll-buttons"):
                    yield Button("Open poll (o)", id="open-poll", variant="success")
                    yield Button("Close poll (c)", id="close-poll", variant="error")
            else:
                yield Static("Opening and closing the poll needs the Run election permission.", classes="hint")
            yield OutcomePanel(id="command-outcome")
            yield Label("Users", classes="section-title")
            yield DataTable(id="users", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#users", DataTable).add_columns(*USER_COLUMNS)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_poll_step":
            return self.may_run_election
        return True

    # --- reading -------------------------------------------------------------------

    def make_reader(self) -> Callable[[], AdministrationReading]:
        shell = shell_of(self)
        service, clock = shell.service, shell.clock
        return lambda: read_administration(service, clock.now())

    def show_reading(self, reading: AdministrationReading) -> None:
        poll_state = self.query_one("#poll-state", Static)
        poll_state.update(reading.poll_state_text)
        poll_state.set_classes(f"poll-state {reading.poll_state}")
        table = self.query_one("#users", DataTable)
        cursor_row = table.cursor_row
        table.clear()
        for user in reading.users:
            table.add_row(
                user.username,
                user.full_name,
                user.role_label,
                "yes" if user.active else "NO",
                user.locked_until_text,
                key=user.username,
            )
        if reading.users:
            table.move_cursor(row=min(cursor_row, len(reading.users) - 1))

    # --- opening and closing the poll ----------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "open-poll":
            self.action_run_poll_step("open")
        elif event.button.id == "close-poll":
            self.action_run_poll_step("close")

    def action_run_poll_step(self, which: str) -> None:
        if self.command_in_flight or not self.may_run_election:
            return
        step = OPEN_POLL if which == "open" else CLOSE_POLL
        current = self.query_one("#poll-state", Static).content
        self.app.push_screen(
            ConfirmScreen(f"{step.title} now?", f"Now: {current}. This is journaled and cannot be undone."),
            callback=lambda confirmed: self._confirmed(step, bool(confirmed)),
        )

    def _confirmed(self, step: PollStep, confirmed: bool) -> None:
        if not confirmed or self.command_in_flight:
            return
        self.command_in_flight = True
        self.query_one("#command-outcome", OutcomePanel).show_pending(f"{step.title}…")
        service, session = shell_of(self).service, self.session
        command: dict[str, Any] = {"cmd": step.command, "args": {}}
        self.run_worker(
            lambda: self._execute_and_post(service, session, step, command),
            thread=True, group="command", exit_on_error=False,
        )

    def _execute_and_post(self, service: ElectionService, session: Session, step: PollStep,
                          command: dict[str, Any]) -> None:
        """In a worker thread: run the command through the services and post the Result back."""
        try:
            result = service.execute(session, command)
        except Exception as error:
            # The database may be busy or failing; the operator must still get an answer.
            self.post_message(self.CommandFinished(step, None, f"{type(error).__name__}: {error}"))
        else:
            self.post_message(self.CommandFinished(step, result, ""))

    def on_administration_screen_command_finished(self, message: CommandFinished) -> None:
        self.command_in_flight = False
        outcome = self.query_one("#command-outcome", OutcomePanel)
        result = message.result
        if result is not None and result.applied:
            outcome.show_applied(message.step.done, f"Recorded as journal entry {result.seq}.")
        else:
            reason = result.reason if result is not None else f"nothing was saved: {message.problem}"
            outcome.show_refused(f"REFUSED: {message.step.title}", reason)
            self.app.bell()
        self.reload()
