"""A desk that is not built yet says so plainly, and what it will do, instead of pretending."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, Static

from pollday.tui.desks import Desk
from pollday.tui.screens.base import DeskScreen


def future_desk_sentence(desk: Desk) -> str:
    return f"The {desk.title} desk arrives in a later release; here is what it will do: {desk.purpose}"


class FutureDeskScreen(DeskScreen):
    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk

    def compose_body(self) -> ComposeResult:
        with Vertical(id="future-desk-body"):
            yield Label(self.desk.title, classes="screen-title", markup=False)
            yield Static(future_desk_sentence(self.desk), id="future-desk-text", markup=False)
            yield Static("Press Escape to go back.", classes="hint")
