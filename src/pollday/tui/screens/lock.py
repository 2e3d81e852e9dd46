"""The idle lock: a terminal left alone stops accepting anything until its user's PIN is given again."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pollday.services.election_service import ElectionService, SignInRefused
from pollday.services.session import Session
from pollday.tui.widgets.entry_field import EntryField

UNLOCKED = "unlocked"
SIGN_OUT = "sign_out"


class LockScreen(ModalScreen[str]):
    """No Escape: only the signed-in person's PIN, or signing out, gets past it."""

    CSS = """
    LockScreen { align: center middle; background: black 90%; }
    #lock-box { width: 64; height: auto; border: heavy yellow; padding: 1 2; background: black; }
    #lock-title { text-style: bold; color: yellow; }
    #lock-problem { color: red; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "sign_out", "Sign out", priority=True)]

    def __init__(self, service: ElectionService, session: Session, idle_minutes: float) -> None:
        super().__init__()
        self.service = service
        self.session = session
        self.idle_minutes = idle_minutes

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Label("This terminal is locked", id="lock-title")
            yield Static(f"Nobody used it for {self.idle_minutes:g} minutes. {self.session.full_name}, enter your "
                         "PIN to carry on, or press ctrl+s to sign out.", markup=False)
            yield EntryField(id="lock-pin", password=True, clear_on_enter=True, placeholder="your PIN")
            yield Static("", id="lock-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one("#lock-pin", EntryField).focus()

    @on(EntryField.Entered, "#lock-pin")
    def check_pin(self, event: EntryField.Entered) -> None:
        event.stop()
        if event.value:
            self._check(event.value)

    @work(thread=True, exclusive=True, group="unlock")
    def _check(self, pin: str) -> None:
        try:
            self.service.sign_in(self.session.username, pin)  # journaled, like any sign-in
        except SignInRefused as refusal:
            self.app.call_from_thread(self._refused, refusal.reason)
            return
        self.app.call_from_thread(self.dismiss, UNLOCKED)

    def _refused(self, reason: str) -> None:
        self.app.bell()
        self.query_one("#lock-problem", Static).update(reason)

    def action_sign_out(self) -> None:
        self.dismiss(SIGN_OUT)
