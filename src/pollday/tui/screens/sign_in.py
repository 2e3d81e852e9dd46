"""Signing in with a username and PIN."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.message import Message
from textual.widgets import Label, Static

from pollday.services.election_service import ElectionService, SignInRefused
from pollday.services.session import Session
from pollday.tui.screens.base import PolldayScreen
from pollday.tui.shell import shell_of
from pollday.tui.widgets.entry_field import EntryField
from pollday.tui.widgets.outcome_panel import OutcomePanel


class SignInScreen(PolldayScreen):
    """Username, Enter, PIN, Enter.

    The PIN check runs in a thread worker: hashing is deliberately slow and the attempt is
    written to the journal, which may wait for another terminal's transaction.
    """

    class Finished(Message):
        """Posted from the sign-in worker: a session, or the reason it was refused."""

        def __init__(self, session: Session | None, refusal: str) -> None:
            super().__init__()
            self.session = session
            self.refusal = refusal

    def __init__(self) -> None:
        super().__init__()
        self.checking = False

    def compose_body(self) -> ComposeResult:
        with Center(id="sign-in-centre"), Vertical(id="sign-in-form"):
            yield Label("Sign in", id="sign-in-title")
            yield Label("Username", classes="field-label")
            yield EntryField(id="username", placeholder="your username", focus_on_enter="#pin")
            yield Label("PIN", classes="field-label")
            yield EntryField(id="pin", placeholder="your PIN", password=True, clear_on_enter=True)
            yield Static("Type your username, Enter, then your PIN, Enter.", id="sign-in-hint")
            yield OutcomePanel(id="sign-in-outcome")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#username", EntryField))

    @on(EntryField.Entered, "#pin")
    def sign_in(self, event: EntryField.Entered) -> None:
        event.stop()
        if self.checking:
            return  # an Enter pressed again while the PIN is being checked
        username = self.query_one("#username", EntryField).value.strip()
        if not username:
            self._refuse("type your username first")
            self.set_focus(self.query_one("#username", EntryField))
            return
        if not event.value:
            self._refuse("type your PIN, then press Enter")
            return
        self.checking = True
        self.query_one("#sign-in-outcome", OutcomePanel).show_pending("Checking your PIN…")
        service = shell_of(self).service
        pin = event.value
        self.run_worker(
            lambda: self._sign_in_and_post(service, username, pin), thread=True, group="sign-in", exit_on_error=False
        )

    def _sign_in_and_post(self, service: ElectionService, username: str, pin: str) -> None:
        """In a worker thread: check the PIN and post the answer back to the screen."""
        try:
            session = service.sign_in(username, pin)
        except SignInRefused as refusal:
            self.post_message(self.Finished(None, refusal.reason))
        except Exception as error:
            # A busy or failing database must still answer the person at the keyboard.
            self.post_message(self.Finished(None, f"the sign-in could not be recorded ({error})"))
        else:
            self.post_message(self.Finished(session, ""))

    def on_sign_in_screen_finished(self, message: Finished) -> None:
        self.checking = False
        if message.session is None:
            self._refuse(message.refusal)
            return
        shell_of(self).begin_session(message.session)

    def _refuse(self, reason: str) -> None:
        self.query_one("#sign-in-outcome", OutcomePanel).show_refused("SIGN-IN REFUSED", reason)
        self.app.bell()
        pin = self.query_one("#pin", EntryField)
        pin.value = ""
        if self.query_one("#username", EntryField).value.strip():
            self.set_focus(pin)
