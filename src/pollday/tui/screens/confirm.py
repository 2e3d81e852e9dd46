"""Asking "are you sure?" before a step that cannot be undone."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Y confirms; N or Escape cancels. Dismisses with True only on a clear yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, consequence: str) -> None:
        super().__init__()
        self.question = question
        self.consequence = consequence

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            yield Static(self.consequence, id="confirm-consequence", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button("Yes (y)", id="confirm-yes", variant="success")
                yield Button("No (n)", id="confirm-no", variant="error")

    def on_mount(self) -> None:
        # Focus on No: an Enter pressed out of habit must not open or close a poll.
        self.set_focus(self.query_one("#confirm-no", Button))

    def action_answer(self, confirmed: bool) -> None:
        self.dismiss(confirmed)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")
