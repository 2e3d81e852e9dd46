"""A desk screen about one contest's count, re-read whenever the election changes."""

from __future__ import annotations

from collections.abc import Callable

from pollday.services.session import Session
from pollday.tui.count_readings import ContestCount, read_one_count
from pollday.tui.screens.base import LiveScreen
from pollday.tui.shell import shell_of


class OneContestScreen(LiveScreen[ContestCount]):
    """The RO's screens for one contest (adjudication, the recount register) read it the same way."""

    def __init__(self, session: Session, contest_id: str) -> None:
        super().__init__()
        self.session = session
        self.contest_id = contest_id
        self.contest: ContestCount | None = None

    def make_reader(self) -> Callable[[], ContestCount]:
        service, contest_id = shell_of(self).service, self.contest_id
        return lambda: read_one_count(service, contest_id)
