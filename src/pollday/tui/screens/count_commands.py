"""Running one count command off the event loop and saying what became of it.

Every count, adjudication, recount and declaration step goes through the services in a
thread worker (the store's lock may be held by another terminal) and comes back as a
`CommandFinished` message to the screen that asked. A step that must be confirmed with
the PIN checks it first, through the same sign-in the terminal uses, in the same worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.screen import Screen

from pollday.services.election_service import ElectionService, Result, SignInRefused
from pollday.services.session import Session
from pollday.tui.shell import shell_of
from pollday.tui.widgets.outcome_panel import OutcomePanel


@dataclass(frozen=True)
class Step:
    title: str  # "Enter table T3's figures": the refusal heading
    done: str  # "Table T3 entered": the heading when applied
    command: dict[str, Any]  # the command's JSON form


def step(title: str, done: str, name: str, **args: Any) -> Step:
    return Step(title, done, {"cmd": name, "args": args})


class CommandFinished(Message):
    """Posted from the command worker: the service's Result, or why there is none."""

    def __init__(self, step: Step, result: Result | None, problem: str) -> None:
        super().__init__()
        self.step = step
        self.result = result
        self.problem = problem

    @property
    def applied(self) -> bool:
        return self.result is not None and self.result.applied

    @property
    def reason(self) -> str:
        return self.result.reason if self.result is not None else self.problem


def run_step(screen: Screen[Any], session: Session, step: Step, pin: str | None = None) -> None:
    """Run `step` as `session` in a thread worker; `screen` gets a CommandFinished."""
    service = shell_of(screen).service
    screen.run_worker(lambda: _execute_and_post(screen, service, session, step, pin),
                      thread=True, group="command", exit_on_error=False)


def _execute_and_post(screen: Screen[Any], service: ElectionService, session: Session, step: Step,
                      pin: str | None) -> None:
    """In a worker thread: check the PIN if asked, run the command, post the answer back."""
    try:
        if pin is not None:
            # The PIN is asked again whoever is signed in: the person declaring must be the account holder.
            service.sign_in(session.username, pin)
        result = service.execute(session, step.command)
    except SignInRefused as refusal:
        screen.post_message(CommandFinished(step, None, f"PIN not accepted: {refusal.reason}"))
    except Exception as error:
        # A busy or failing database must still answer the person at the keyboard.
        screen.post_message(CommandFinished(step, None, f"nothing was saved: {type(error).__name__}: {error}"))
    else:
        screen.post_message(CommandFinished(step, result, ""))


def show_finished(panel: OutcomePanel, finished: CommandFinished) -> None:
    """Green with the journal entry when applied, red with the service's reason when not."""
    if finished.applied and finished.result is not None:
        panel.show_applied(finished.step.done, f"Recorded as journal entry {finished.result.seq}.")
    else:
        panel.show_refused(f"REFUSED: {finished.step.title}", finished.reason)
        panel.app.bell()
