"""The control room's commands, one at a time in a thread worker, in the order they were asked for.

The desk owns the one queue of its terminal; the screens it opens queue through it, so a
return typed on the turnout screen straight after an incident logged on the desk is
journaled second. The worker only runs the command and posts `JobFinished`; the screen
that owns the queue handles it on the event loop, then calls `done()` to start the next.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from textual.message import Message
from textual.screen import Screen

from pollday.services.session import Session
from pollday.tui.screens.control_base import Reply
from pollday.tui.screens.verification_jobs import CommandJob, JobOutcome, run_job
from pollday.tui.shell import shell_of


class JobFinished(Message):
    def __init__(self, outcome: JobOutcome, reply: Reply | None) -> None:
        super().__init__()
        self.outcome = outcome
        self.reply = reply


class JobQueue:
    def __init__(self, screen: Screen[None], session: Session, starting: Callable[[CommandJob], None]) -> None:
        self.screen = screen
        self.session = session
        self.starting = starting  # says "Log an incident…" while it runs
        self._jobs: deque[tuple[CommandJob, Reply | None]] = deque()
        self._running = False

    @property
    def busy(self) -> bool:
        return self._running or bool(self._jobs)

    def add(self, job: CommandJob, reply: Reply | None = None) -> None:
        self._jobs.append((job, reply))
        self._start_next()

    def done(self) -> None:
        """The owner has shown a JobFinished: run the next job, if any."""
        self._running = False
        self._start_next()

    def _start_next(self) -> None:
        if self._running or not self._jobs:
            return
        job, reply = self._jobs.popleft()
        self._running = True
        self.starting(job)
        screen = self.screen
        service, session = shell_of(screen).service, self.session
        screen.run_worker(lambda: screen.post_message(JobFinished(run_job(service, session, job), reply)),
                          thread=True, group="control-room-command", exit_on_error=False)
