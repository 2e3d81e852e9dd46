"""The pollday terminal app: sign-in, the desks, and live updates from other terminals."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from pollday.services.clock import Clock
from pollday.services.election_service import ElectionService
from pollday.services.session import Session
from pollday.tui.desks import DESKS_BY_KEY, Desk, desks_for
from pollday.tui.messages import ElectionDataChanged, StoreChecked
from pollday.tui.readings import StoreMark, read_identity, read_store_mark
from pollday.tui.screens.administration import AdministrationScreen
from pollday.tui.screens.base import DeskScreen
from pollday.tui.screens.future_desk import FutureDeskScreen
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.sign_in import SignInScreen
from pollday.tui.screens.status import StatusScreen

# Textual's default screen plus the sign-in or home screen: what the stack holds with no desk open.
BASE_STACK_DEPTH = 2


class PolldayApp(App[None]):
    """One terminal of a count centre or control room, working on one election database.

    Other terminals' changes show up on their own: every `poll_interval` seconds a thread
    worker reads the database's data version and journal head, and when either moved the
    current screen is told to re-read (shared/design/architecture.md, section 4).
    """

    CSS_PATH = "pollday.tcss"
    TITLE = "pollday"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    # Set by the scanner reader when one is attached; every header shows it.
    scanner_status: reactive[str] = reactive("no scanner")

    def __init__(
        self,
        service: ElectionService,
        clock: Clock,
        session: Session | None = None,
        poll_interval: float = 0.5,
    ) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self.session = session
        self.poll_interval = poll_interval
        # Read once, before any worker can hold the store: the name and mode never change.
        self.identity = read_identity(service)
        self._last_mark: StoreMark | None = None
        self._check_in_flight = False
        self._last_check_problem = ""

    # --- screens -------------------------------------------------------------------

    def on_mount(self) -> None:
        # Pushed over Textual's blank default screen, which cannot be switched away from:
        # signing in and out then switch this one screen, and the stack never grows.
        self.push_screen(SignInScreen() if self.session is None else HomeScreen(self.session))
        self.set_interval(self.poll_interval, self._check_for_changes)

    def begin_session(self, session: Session) -> None:
        """Called by the sign-in screen once the PIN was accepted."""
        self.session = session
        self.switch_screen(HomeScreen(session))

    async def action_sign_out(self) -> None:
        # Signing out is local to this terminal: the services record sign-ins, not sign-outs.
        self.session = None
        while len(self.screen_stack) > BASE_STACK_DEPTH:
            await self.pop_screen()
        await self.switch_screen(SignInScreen())

    def open_desk(self, desk_key: str) -> None:
        desk = DESKS_BY_KEY[desk_key]
        if self.session is None or not desk.open_to(self.session):
            self.bell()
            self.notify(f"You may not open the {desk.title} desk.", severity="error")
            return
        screen = self._screen_for(desk, self.session)
        # From one desk straight to another (via the command palette): replace, so Escape still goes home.
        if isinstance(self.screen, DeskScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @staticmethod
    def _screen_for(desk: Desk, session: Session) -> Screen[None]:
        if desk.key == "status":
            return StatusScreen()
        if desk.key == "administration":
            return AdministrationScreen(session)
        return FutureDeskScreen(desk)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if self.session is not None:
            for desk in desks_for(self.session):
                yield SystemCommand(f"Open {desk.title}", desk.purpose_sentence, partial(self.open_desk, desk.key))
            yield SystemCommand("Sign out", "Sign out of this terminal", self.action_sign_out)
        yield from super().get_system_commands(screen)

    # --- live updates ----------------------------------------------------------------

    def _check_for_changes(self) -> None:
        # One check at a time: if the database is held by a long write, checks must not pile up in threads.
        if self._check_in_flight:
            return
        self._check_in_flight = True
        service = self.service
        self.run_worker(lambda: self._read_mark_and_post(service), thread=True, group="change-check",
                        exit_on_error=False)

    def _read_mark_and_post(self, service: ElectionService) -> None:
        """In a worker thread: read the database's mark and post it to the app."""
        try:
            mark = read_store_mark(service)
        except Exception as error:
            # Whatever went wrong, the app must hear back, or it would never check again.
            self.post_message(StoreChecked(None, f"{type(error).__name__}: {error}"))
            return
        self.post_message(StoreChecked(mark))

    def on_store_checked(self, message: StoreChecked) -> None:
        self._check_in_flight = False
        if message.mark is None:
            if message.problem != self._last_check_problem:  # say it once, not twice a second
                self.notify(message.problem, title="Cannot check the database for changes", severity="error",
                            timeout=15)
            self._last_check_problem = message.problem
            return
        self._last_check_problem = ""
        if message.mark != self._last_mark:
            self._last_mark = message.mark
            # A check can answer after quitting has already removed every screen: then there is no one to tell.
            if self.screen_stack:
                self.screen.post_message(ElectionDataChanged())


def run_tui(service: ElectionService, session: Session | None = None) -> None:
    """Run the TUI in this terminal until the user quits (used by the CLI and the demo)."""
    PolldayApp(service, service.clock, session).run()
