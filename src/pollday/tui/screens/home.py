"""The home screen: the desks this user may open, by number key or arrow keys and Enter."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from pollday.services.session import Session
from pollday.tui.desks import DESKS, DESKS_BY_KEY, Desk, desks_for
from pollday.tui.screens.base import PolldayScreen
from pollday.tui.shell import shell_of


def desk_prompt(desk: Desk) -> str:
    return f"{desk.number}  {desk.title}"


class HomeScreen(PolldayScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Every desk keeps its number on every terminal; check_action hides the ones this user may not open.
        *(Binding(str(desk.number), f"open_desk('{desk.key}')", desk.title, show=False) for desk in DESKS),
        Binding("s", "app.sign_out", "Sign out"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.desks = desks_for(session)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="home-body"):
            yield Label(f"Choose a desk, {self.session.full_name}", id="home-title", markup=False)
            yield Static("Press the desk's number, or move with ↑ ↓ and press Enter.", classes="hint")
            yield OptionList(*(Option(desk_prompt(desk), id=desk.key) for desk in self.desks), id="desks")
            yield Static("", id="desk-purpose", markup=False)

    def on_mount(self) -> None:
        desk_list = self.query_one("#desks", OptionList)
        if self.desks:
            desk_list.highlighted = 0
        self.set_focus(desk_list)

    def on_screen_resume(self) -> None:
        shell_of(self).desk_left()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_desk":
            return parameters[0] in {desk.key for desk in self.desks}
        return True

    def action_open_desk(self, desk_key: str) -> None:
        shell_of(self).open_desk(desk_key)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            shell_of(self).open_desk(event.option.id)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        desk = DESKS_BY_KEY.get(event.option.id or "")
        if desk is not None:
            self.query_one("#desk-purpose", Static).update(f"{desk.title}: {desk.purpose_sentence}")
