"""What every pollday screen shares: the header, the footer, going back, and live re-reading."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from pollday.tui.messages import ElectionDataChanged
from pollday.tui.widgets.header import PolldayHeader

ReadingT = TypeVar("ReadingT")


class PolldayScreen(Screen[None]):
    """Header on top, footer with the keys at the bottom, the screen's own body between."""

    def compose(self) -> ComposeResult:
        yield PolldayHeader()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError(f"{type(self).__name__} must define compose_body()")


class DeskScreen(PolldayScreen):
    """A screen opened from the home screen; Escape goes back to it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def action_back(self) -> None:
        self.app.pop_screen()


class LiveScreen(DeskScreen, Generic[ReadingT]):
    """A desk that shows data read from the election and re-reads it whenever it changes.

    Reads run in a thread worker because the store's lock may be held by a write (ours or
    a sign-in's) for as long as another terminal keeps the database busy; the event loop
    must keep drawing and taking keys meanwhile. One read runs at a time: changes that
    arrive during a read are folded into a single read after it, so a burst of changes
    costs two reads, not one thread each.
    """

    class Loaded(Message):
        def __init__(self, reading: object, problem: str) -> None:
            super().__init__()
            self.reading = reading
            self.problem = problem

    def __init__(self) -> None:
        super().__init__()
        self._reading_in_flight = False
        self._reread_wanted = False
        self.reads_shown = 0  # how many readings the screen has shown: lets tests wait for fresh data

    @property
    def is_up_to_date(self) -> bool:
        """True once a reading is shown and no newer one is pending."""
        return self.reads_shown > 0 and not self._reading_in_flight

    def make_reader(self) -> Callable[[], ReadingT]:
        """On the event loop: capture what the read needs and return the blocking read itself."""
        raise NotImplementedError(f"{type(self).__name__} must define make_reader()")

    def show_reading(self, reading: ReadingT) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define show_reading()")

    def show_read_problem(self, problem: str) -> None:
        self.app.bell()
        self.notify(problem, title="Could not read the election", severity="error", timeout=10)

    def reload(self) -> None:
        if self._reading_in_flight:
            self._reread_wanted = True
            return
        self._reading_in_flight = True
        self._reread_wanted = False
        read = self.make_reader()
        self.run_worker(lambda: self._read_and_post(read), thread=True, group="reload", exit_on_error=False)

    def _read_and_post(self, read: Callable[[], ReadingT]) -> None:
        """In a worker thread: read, and hand the result to the event loop as a message."""
        try:
            reading = read()
        except Exception as error:
            # Any failure (including sqlite errors the store does not translate) must reach the
            # screen as a message; otherwise the screen would wait for this read forever.
            self.post_message(self.Loaded(None, f"{type(error).__name__}: {error}"))
            return
        self.post_message(self.Loaded(reading, ""))

    def on_live_screen_loaded(self, message: Loaded) -> None:
        self._reading_in_flight = False
        if message.problem:
            self.show_read_problem(message.problem)
        else:
            self.show_reading(cast(ReadingT, message.reading))
            self.reads_shown += 1
        if self._reread_wanted:
            self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def on_election_data_changed(self, _message: ElectionDataChanged) -> None:
        self.reload()
