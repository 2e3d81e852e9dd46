"""A read-only progress board for a wall screen, or for candidates and agents in a browser.

No sign-in and no actions: it shows boxes received, verification progress, announcements
and declared results, and refreshes itself when any terminal changes the election.
"""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from pollday.services.clock import Clock
from pollday.services.election_service import ElectionService
from pollday.services.progress_board import ProgressBoard, read_progress_board
from pollday.store.errors import StoreError

CSS = """
Screen { background: black; color: white; }
#title { text-style: bold; padding: 0 1; }
#badge { background: yellow; color: black; text-style: bold; width: auto; padding: 0 1; }
#contests { height: auto; margin: 1 0; }
.heading { text-style: bold; margin-top: 1; padding: 0 1; }
#announcements, #results { padding: 0 1; }
"""


class BoardRead(Message):
    def __init__(self, board: ProgressBoard | None, problem: str) -> None:
        super().__init__()
        self.board = board
        self.problem = problem


class ProgressBoardApp(App[None]):
    CSS = CSS
    TITLE = "pollday progress board"
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def __init__(self, service: ElectionService, clock: Clock, poll_interval: float = 1.0) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self.poll_interval = poll_interval
        self._seen: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="badge")
        yield Static("", id="title")
        with VerticalScroll():
            table: DataTable[str] = DataTable(id="contests", cursor_type="none", zebra_stripes=True)
            table.add_columns("Contest", "Stage", "Boxes in", "Verified", "Papers verified")
            yield table
            yield Static("Announcements", classes="heading")
            yield Static("", id="announcements")
            yield Static("Declared results", classes="heading")
            yield Static("", id="results")
        yield Footer()

    def on_mount(self) -> None:
        self.check_for_changes()
        self.set_interval(self.poll_interval, self.check_for_changes)

    @work(thread=True, exclusive=True, group="board")
    def check_for_changes(self) -> None:
        try:
            mark = (self.service.store.data_version(), self.service.store.journal_head()[0])
            if mark == self._seen:
                return
            self._seen = mark
            self.post_message(BoardRead(read_progress_board(self.service), ""))
        except (StoreError, OSError) as error:
            self.post_message(BoardRead(None, str(error)))

    def on_board_read(self, message: BoardRead) -> None:
        if message.board is None:
            self.query_one("#announcements", Static).update(f"The board cannot read the election: {message.problem}")
            return
        board = message.board
        badge = self.query_one("#badge", Static)
        badge.update("REHEARSAL" if board.rehearsal else "OFFICIAL")
        badge.display = True
        self.query_one("#title", Static).update(board.election_name)
        table = self.query_one("#contests", DataTable)
        table.clear()
        for contest in board.contests:
            papers = f"{contest.verified_total:,}" if contest.verified_total is not None else "-"
            table.add_row(contest.name, contest.stage, f"{contest.boxes_received} of {contest.boxes_total}",
                          f"{contest.accounts_verified} of {contest.accounts_total}", papers)
        self.query_one("#announcements", Static).update(
            "\n".join(f"• {a}" for a in board.announcements) or "No announcements yet.")
        results = []
        for contest in board.contests:
            if not contest.declared:
                continue
            results.append(f"[b]{contest.name}[/b]")
            for line in contest.declared:
                elected = "  ELECTED" if line.elected else ""
                results.append(f"  {line.name:<32} {line.party:<28} {line.votes:>8,}{elected}")
        self.query_one("#results", Static).update(
            "\n".join(results) or "No result has been declared yet.")
