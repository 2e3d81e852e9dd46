"""Choosing which contest a count, RO or results screen shows: ↑ ↓ and Enter, or Escape to keep it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class ChooseContestScreen(ModalScreen[str | None]):
    # CSS, not DEFAULT_CSS: the app's own stylesheet (a black Screen, bordered Inputs) must give way here.
    SCOPED_CSS = False
    CSS = """
    ChooseContestScreen {
        align: center middle;
        background: black 70%;
    }
    ChooseContestScreen #choose-dialog {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: #1c1c1c;
        border: heavy yellow;
    }
    ChooseContestScreen #choose-title {
        text-style: bold;
        color: yellow;
    }
    ChooseContestScreen OptionList {
        background: black;
        height: auto;
        max-height: 16;
    }
    ChooseContestScreen OptionList > .option-list--option-highlighted {
        background: yellow;
        color: black;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", "Keep this contest")]

    def __init__(self, choices: list[tuple[str, str]], current: str | None) -> None:
        """`choices`: (contest ID, what to show for it), in the election's order."""
        super().__init__()
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="choose-dialog"):
            yield Static("Choose a contest (↑ ↓, Enter)", id="choose-title", markup=False)
            yield OptionList(*(Option(label, id=contest_id) for contest_id, label in self.choices), id="contests")

    def on_mount(self) -> None:
        options = self.query_one("#contests", OptionList)
        ids = [contest_id for contest_id, _label in self.choices]
        if ids:
            options.highlighted = ids.index(self.current) if self.current in ids else 0
        self.set_focus(options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_keep(self) -> None:
        self.dismiss(None)
