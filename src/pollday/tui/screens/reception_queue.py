"""One thing at a time: scans, keys and commands handled in order, each seeing the state the last one left.

A scanner can deliver the next seal before the last one is committed. What a scan means
depends on what the previous command did (a check-in opens the seals), so work waits
in a queue while a command runs in its thread worker and until a reading that includes
the command's effect is on the screen; then the next piece of work runs.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from textual.message import Message

from pollday.services.election_service import ElectionService, Result
from pollday.services.session import Session
from pollday.tui.screens.base import LiveScreen
from pollday.tui.shell import shell_of

ReadingT = TypeVar("ReadingT")
Work = Callable[[], None]
AfterCommand = Callable[[Result | None, str], None]  # (the Result, or None and why there is none)


class CommandQueueScreen(LiveScreen[ReadingT]):
    class CommandFinished(Message):
        """Posted from the command worker with the service's Result, or the problem that stopped it."""

        def __init__(self, result: Result | None, problem: str, then: AfterCommand) -> None:
            super().__init__()
            self.result = result
            self.problem = problem
            self.then = then

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._work: deque[Work] = deque()
        self._token = 0  # moves whenever the screen needs a reading newer than any it has asked for
        self._command_in_flight = False
        self._waiting_for_reading = True  # nothing is handled before the first reading is shown
        self._after_reading: Work | None = None

    @property
    def busy(self) -> bool:
        return self._command_in_flight or self._waiting_for_reading

    @property
    def quiet(self) -> bool:
        """Nothing running and nothing waiting: what tests wait for between steps."""
        return not self.busy and not self._work

    @property
    def reading_token(self) -> int:
        """Captured by make_reader and echoed back by the reading."""
        return self._token

    def enqueue(self, work: Work) -> None:
        self._work.append(work)
        self._pump()

    def enqueue_first(self, work: Work) -> None:
        """Work that belongs before anything already waiting (the rest of what the last scan meant)."""
        self._work.appendleft(work)
        self._pump()

    def _pump(self) -> None:
        while self._work and not self.busy:
            self._work.popleft()()

    def run_command(self, cmd: str, args: dict[str, Any], then: AfterCommand) -> None:
        """Run one command in a thread worker; `then` runs once a reading shows its effect."""
        self._command_in_flight = True
        service, session = shell_of(self).service, self.session
        command = {"cmd": cmd, "args": args}
        self.run_worker(lambda: self._execute(service, session, command, then), thread=True, group="command",
                        exit_on_error=False)

    def _execute(self, service: ElectionService, session: Session, command: dict[str, Any],
                 then: AfterCommand) -> None:
        """In a worker thread: the command through the services, and its Result back as a message."""
        try:
            result = service.execute(session, command)
        except Exception as error:
            # A busy or failing database must still answer the clerk, or the desk would wait forever.
            self.post_message(self.CommandFinished(None, f"{type(error).__name__}: {error}", then))
        else:
            self.post_message(self.CommandFinished(result, "", then))

    def on_command_queue_screen_command_finished(self, message: CommandFinished) -> None:
        self._command_in_flight = False
        result, problem, then = message.result, message.problem, message.then
        self.after_fresh_reading(lambda: then(result, problem))

    def after_fresh_reading(self, then: Work | None = None) -> None:
        """Hold the queue until a reading taken from now on is shown, then run `then`."""
        self._token += 1
        self._waiting_for_reading = True
        self._after_reading = then
        self.reload()

    def reading_shown(self, token: int) -> None:
        """Called by the screen at the end of show_reading with the token its reading carried."""
        if self._command_in_flight or not self._waiting_for_reading or token != self._token:
            return
        self._waiting_for_reading = False
        then, self._after_reading = self._after_reading, None
        if then is not None:
            then()
        self._pump()

    def show_read_problem(self, problem: str) -> None:
        super().show_read_problem(problem)
        # Without a reading the announcement cannot be made, but the desk must not freeze.
        if not self._command_in_flight:
            self._waiting_for_reading = False
            self._after_reading = None
            self._pump()
