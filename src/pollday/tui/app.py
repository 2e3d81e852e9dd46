"""The pollday terminal app: sign-in, the desks, and live updates from other terminals."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial
from typing import ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen

from pollday.devices.profiles import ScannerProfile
from pollday.devices.serial_reader import ScannerState
from pollday.domain.roles import Permission
from pollday.services.backups import backup_summary, read_backup_status
from pollday.services.clock import Clock
from pollday.services.election_service import ElectionService
from pollday.services.session import Session
from pollday.tui.desk_claims import DeskKeeper, lost_desk_message
from pollday.tui.desks import DESKS_BY_KEY, Desk, desks_for
from pollday.tui.messages import ElectionDataChanged, ScanReceived, StoreChecked
from pollday.tui.readings import StoreMark, read_identity, read_store_mark
from pollday.tui.scanning import (
    ScannerBridge,
    ScannerConfig,
    SerialFrameRead,
    SerialStatusChanged,
    status_text,
    takes_scans,
)
from pollday.tui.screens.administration import AdministrationScreen
from pollday.tui.screens.audit import AuditScreen
from pollday.tui.screens.base import DeskScreen
from pollday.tui.screens.box_board import BoxBoardScreen
from pollday.tui.screens.control_room import ControlRoomScreen
from pollday.tui.screens.count import CountScreen
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.lock import SIGN_OUT, LockScreen
from pollday.tui.screens.postal_desk import PostalDeskScreen
from pollday.tui.screens.reception import ReceptionScreen
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.screens.ro_desk import RoDeskScreen
from pollday.tui.screens.scanner_setup import ScannerSetupScreen
from pollday.tui.screens.sign_in import SignInScreen
from pollday.tui.screens.status import StatusScreen
from pollday.tui.screens.verification import VerificationScreen

# Textual's default screen plus the sign-in or home screen: what the stack holds with no desk open.
BASE_STACK_DEPTH = 2


DEFAULT_IDLE_LOCK_MINUTES = 10.0
BACKUP_CHECK_SECONDS = 5.0


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
    # "none", "keyboard", or a ScannerState value: the header colours the status by it.
    scanner_state: reactive[str] = reactive("none")
    # Serial frames received so far: the scanner setup screen watches it to show new ones.
    scanner_reads: reactive[int] = reactive(0)
    # The age of the last verified backup, from the status file `pollday backup` keeps beside the database.
    backup_text: reactive[str] = reactive("")
    backup_level: reactive[str] = reactive("ok")

    def __init__(
        self,
        service: ElectionService,
        clock: Clock,
        session: Session | None = None,
        poll_interval: float = 0.5,
        scanner: ScannerConfig | None = None,
        idle_lock_minutes: float | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.clock = clock
        self.session = session
        self.poll_interval = poll_interval
        self.scanner = scanner
        self.scanner_bridge: ScannerBridge | None = None
        # Read once, before any worker can hold the store: the name and mode never change.
        self.identity = read_identity(service)
        self._last_mark: StoreMark | None = None
        self._check_in_flight = False
        self._last_check_problem = ""
        self.idle_lock_minutes = idle_lock_minutes  # None or 0: never lock
        self._last_activity = clock.now()
        self._locked = False
        self.desks = DeskKeeper(self)
        # Read once here (a small file) so the very first frame already shows it; a worker keeps it current.
        text, level = backup_summary(read_backup_status(service.store.path), clock.now())
        self.set_reactive(PolldayApp.backup_level, level)
        self.set_reactive(PolldayApp.backup_text, text)

    # --- screens -------------------------------------------------------------------

    def on_mount(self) -> None:
        # Pushed over Textual's blank default screen, which cannot be switched away from:
        # signing in and out then switch this one screen, and the stack never grows.
        self.push_screen(SignInScreen() if self.session is None else HomeScreen(self.session))
        self.set_interval(self.poll_interval, self._check_for_changes)
        self.set_interval(BACKUP_CHECK_SECONDS, self._check_backup)
        self._start_scanner()

    def begin_session(self, session: Session) -> None:
        """Called by the sign-in screen once the PIN was accepted."""
        self.session = session
        self._last_activity = self.clock.now()
        self.switch_screen(HomeScreen(session))

    async def action_sign_out(self) -> None:
        if self.session is not None:
            self.desks.forget()
            self._record_sign_out(self.session)
        self.session = None
        while len(self.screen_stack) > BASE_STACK_DEPTH:
            await self.pop_screen()
        await self.switch_screen(SignInScreen())

    async def _back_home(self) -> None:
        while len(self.screen_stack) > BASE_STACK_DEPTH:
            await self.pop_screen()

    def open_desk(self, desk_key: str) -> None:
        desk = DESKS_BY_KEY[desk_key]
        if self.session is None or not desk.open_to(self.session):
            self.bell()
            self.notify(f"You may not open the {desk.title} desk.", severity="error")
            return
        self.desks.claim(desk, self.session)

    def show_desk(self, desk: Desk, session: Session) -> None:
        """Called once the desk is held here (or needs no holding)."""
        self._show(self._screen_for(desk, session))

    def desk_left(self) -> None:
        """The home screen is showing again: whatever desk was open is free for this person elsewhere."""
        if self.session is not None:
            self.desks.release(self.session)

    @work(thread=True, group="sign-out")
    def _record_sign_out(self, session: Session) -> None:
        try:
            self.service.sign_out(session)
        except Exception as error:
            self.call_from_thread(self.notify, f"Sign-out not recorded: {error}", severity="warning")

    @staticmethod
    def _screen_for(desk: Desk, session: Session) -> Screen[None]:
        screens: dict[str, Callable[[], Screen[None]]] = {
            "reception": lambda: ReceptionScreen(session),
            "verification": lambda: VerificationScreen(session),
            "count": lambda: CountScreen(session),
            "ro_desk": lambda: RoDeskScreen(session),
            "control_room": lambda: ControlRoomScreen(session),
            "postal": lambda: PostalDeskScreen(session),
            "administration": lambda: AdministrationScreen(session),
            "status": StatusScreen,
        }
        return screens[desk.key]()

    def _show(self, screen: Screen[None]) -> None:
        # From one desk straight to another (via the command palette): replace, so Escape still goes home.
        if isinstance(self.screen, DeskScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def open_scanner_setup(self) -> None:
        self._show(ScannerSetupScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if self.session is not None:
            for desk in desks_for(self.session):
                yield SystemCommand(f"Open {desk.title}", desk.purpose_sentence, partial(self.open_desk, desk.key))
            yield SystemCommand("Scanner setup", "See whether the scanner is connected and what it reads",
                                self.open_scanner_setup)
            yield SystemCommand("Box board", "Every ballot box: overdue, in transit, received, exceptions",
                                lambda: self._show(BoxBoardScreen()))
            yield SystemCommand("Results", "Provisional and declared results, with bars and turnout",
                                lambda: self._show(ResultsScreen()))
            if self.session.may(Permission.MANAGE_USERS) or self.session.may(Permission.REOPEN_FIGURES):
                yield SystemCommand("Audit trail", "Refused commands, sign-offs, corrections and sign-ins",
                                    lambda: self._show(AuditScreen()))
            yield SystemCommand("Sign out", "Sign out of this terminal", self.action_sign_out)
        yield from super().get_system_commands(screen)

    # --- the scanner ---------------------------------------------------------------------

    @property
    def wedge_profile(self) -> ScannerProfile | None:
        """The keyboard-wedge profile every ScanField times keys by (None: the default timing)."""
        return self.scanner.wedge_profile if self.scanner else None

    def _start_scanner(self) -> None:
        config = self.scanner
        if config is None:
            return
        if not config.is_serial:
            self.scanner_state = "keyboard"
            self.scanner_status = f"keyboard scanner ({config.profile.name})"
            return
        self.scanner_status = f"scanner starting on {config.port_url}"
        self.scanner_bridge = ScannerBridge(config, self)
        self.scanner_bridge.start()

    def on_unmount(self) -> None:
        if self.scanner_bridge is not None:
            self.scanner_bridge.stop()
        if self.session is not None:
            self.desks.release_now(self.session)

    def on_serial_status_changed(self, message: SerialStatusChanged) -> None:
        status = message.status
        was_connected = self.scanner_state == ScannerState.CONNECTED
        self.scanner_state = status.state.value
        self.scanner_status = status_text(status)
        # The header is narrow; the full instruction goes in a notification that stays a while.
        if status.state == ScannerState.ERROR:
            self.bell()
            self.notify(status.detail, title="Scanner error", severity="error", timeout=30)
        elif status.state == ScannerState.RECONNECTING and was_connected:
            self.bell()
            self.notify(status.detail, title="Scanner disconnected", severity="warning", timeout=15)

    def on_serial_frame_read(self, message: SerialFrameRead) -> None:
        frame = message.frame
        if self.scanner_bridge is not None:
            self.scanner_bridge.record(frame)
        self.scanner_reads += 1
        if not frame.ok:
            self.bell()
            self.notify(str(frame.error), title="Scan not read: scan it again", severity="warning", timeout=15)
            return
        # A read can arrive while quitting has already removed every screen: then nobody is there.
        if not self.screen_stack:
            return
        screen = self.screen
        if takes_scans(screen):
            screen.post_message(ScanReceived(frame.text, "serial"))
        else:
            self.bell()
            self.notify(f"scan ignored: open a scanning desk ({frame.text})", severity="warning")

    # --- live updates ----------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_activity = self.clock.now()
        await super().on_event(event)

    @work(thread=True, exclusive=True, group="backup-check", exit_on_error=False)
    def _check_backup(self) -> None:
        text, level = backup_summary(read_backup_status(self.service.store.path), self.clock.now())
        self.call_from_thread(self._show_backup, text, level)

    def _show_backup(self, text: str, level: str) -> None:
        self.backup_level = level
        self.backup_text = text

    def _lock_if_idle(self) -> None:
        if self.session is None or self._locked or not self.idle_lock_minutes:
            return
        if self.clock.now() - self._last_activity < timedelta(minutes=self.idle_lock_minutes):
            return
        self._locked = True
        self.push_screen(LockScreen(self.service, self.session, self.idle_lock_minutes), self._after_lock)

    async def _after_lock(self, outcome: str | None) -> None:
        self._locked = False
        self._last_activity = self.clock.now()
        if outcome == SIGN_OUT:
            await self.action_sign_out()

    def _check_for_changes(self) -> None:
        self._lock_if_idle()
        # One check at a time: if the database is held by a long write, checks must not pile up in threads.
        if self._check_in_flight:
            return
        self._check_in_flight = True
        service = self.service
        watched = self.desks.watched(self.session)
        self.run_worker(lambda: self._read_mark_and_post(service, watched), thread=True, group="change-check",
                        exit_on_error=False)

    def _read_mark_and_post(self, service: ElectionService, watched: tuple[str, str] | None) -> None:
        """In a worker thread: read the database's mark (and the desk held here) and post it to the app."""
        try:
            mark = read_store_mark(service)
            desk_row = service.desk_session(*watched) if watched else None
        except Exception as error:
            # Whatever went wrong, the app must hear back, or it would never check again.
            self.post_message(StoreChecked(None, f"{type(error).__name__}: {error}"))
            return
        self.post_message(StoreChecked(mark, watched=watched, desk_row=desk_row))

    def on_store_checked(self, message: StoreChecked) -> None:
        self._check_in_flight = False
        if message.mark is None:
            if message.problem != self._last_check_problem:  # say it once, not twice a second
                self.notify(message.problem, title="Cannot check the database for changes", severity="error",
                            timeout=15)
            self._last_check_problem = message.problem
            return
        self._last_check_problem = ""
        lost = self.desks.lost(message.watched, message.desk_row)
        if lost is not None:
            self.desks.forget()
            self.bell()
            self.notify(lost_desk_message(lost, message.desk_row), title="Desk taken over", severity="warning",
                        timeout=30)
            self.run_worker(self._back_home(), group="back-home")
        if message.mark != self._last_mark:
            self._last_mark = message.mark
            # A check can answer after quitting has already removed every screen: then there is no one to tell.
            if self.screen_stack:
                self.screen.post_message(ElectionDataChanged())


def run_tui(service: ElectionService, session: Session | None = None, scanner: ScannerConfig | None = None) -> None:
    """Run the TUI in this terminal until the user quits (used by the CLI and the demo)."""
    PolldayApp(service, service.clock, session, scanner=scanner, idle_lock_minutes=idle_lock_minutes()).run()


def idle_lock_minutes() -> float | None:
    """POLLDAY_IDLE_LOCK_MINUTES (default 10; 0 turns the lock off)."""
    raw = os.environ.get("POLLDAY_IDLE_LOCK_MINUTES", str(DEFAULT_IDLE_LOCK_MINUTES))
    try:
        minutes = float(raw)
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES
    return minutes if minutes > 0 else None
