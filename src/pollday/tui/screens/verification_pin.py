"""Asking for the PIN again before signing off or reopening verification.

Being signed in is not enough for these: the terminal may have been left signed in, and
the statement carries the signer's name. The PIN is checked by the services (in the
desk's worker), never here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from pollday.tui.screens.verification_dialog_base import VerificationDialog
from pollday.tui.widgets.entry_field import EntryField


@dataclass(frozen=True)
class PinAnswer:
    pin: str = field(repr=False)
    reason: str  # empty unless the dialog asked for one


class PinDialog(VerificationDialog[PinAnswer]):
    def __init__(self, title: str, statement: str, who: str, ask_reason: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.statement = statement
        self.who = who
        self.ask_reason = ask_reason

    def compose(self) -> ComposeResult:
        with Vertical(id="vf-dialog"):
            yield Label(self.title_text, classes="vf-dialog-title", markup=False)
            yield Static(self.statement, markup=False)
            if self.ask_reason:
                yield Label("Reason (it goes on the record)", classes="vf-label")
                yield EntryField(id="vf-reason", focus_on_enter="#vf-pin")
            yield Label(f"PIN of {self.who}", classes="vf-label", markup=False)
            yield EntryField(id="vf-pin", password=True, clear_on_enter=True, placeholder="your PIN")
            yield self.problem_line()
            yield Static("Enter confirms · Esc cancels", classes="vf-hint")

    def on_mount(self) -> None:
        self.query_one("#vf-reason" if self.ask_reason else "#vf-pin", EntryField).focus()

    @on(EntryField.Entered, "#vf-pin")
    def answer(self, event: EntryField.Entered) -> None:
        event.stop()
        if not event.value:
            self.say_problem("type your PIN, then press Enter")
            return
        reason = self.query_one("#vf-reason", EntryField).value if self.ask_reason else ""
        self.dismiss(PinAnswer(event.value, reason))
