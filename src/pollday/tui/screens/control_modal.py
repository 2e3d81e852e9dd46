"""One small form for every control-room entry that is not an incident: fields in a column, Enter to go on.

Each field is a one-line box (an 80x24 terminal holds five of them with their hints) or a
row of one-key choices. Enter moves to the next field, and records from the fields marked
`submits`, so the common case (station, time, figure) is three Enters. The form settles
only what the operator meant (which station, whether a figure is a number); whether it is
allowed is the command's to say, and after a refusal the screen opens the form again with
what was typed and the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from pollday.services.control_room_records import StationBoardRow
from pollday.tui.screens.control_widgets import Choice, ChoiceStrip
from pollday.tui.screens.control_words import find_station, matches_text


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    hint: str = ""  # shown under the field; a station field shows its matches instead
    submits: bool = False  # Enter here records the form; elsewhere it moves to the next field
    station: bool = False  # a station by number or (part of) its name
    number: bool = False  # a whole number, 0 or more
    required: bool = False  # the form will not close without it (the command's default would mislead)
    choices: tuple[Choice, ...] = ()  # one-key choices instead of a text box


@dataclass(frozen=True)
class Filled:
    typed: dict[str, str]  # exactly what was in each field: put back after a refusal
    stations: dict[str, str | None] = field(default_factory=dict)  # station fields, as station IDs

    def text(self, key: str) -> str:
        return self.typed.get(key, "").strip()

    def number(self, key: str, default: int = 0) -> int:
        text = self.text(key).replace(",", "")
        return int(text) if text else default

    def station(self, key: str) -> str | None:
        return self.stations.get(key)


class ControlForm(ModalScreen[Filled | None]):
    SCOPED_CSS = False  # the rules are written for ControlForm and must reach its subclasses too
    CSS = """
    ControlForm { align: center middle; }
    ControlForm #cm-frame { width: 78; max-width: 100%; height: auto; max-height: 100%;
                          border: thick $accent; background: $surface; padding: 0 1; }
    ControlForm #cm-title { text-style: bold; color: yellow; }
    ControlForm .cm-row { height: auto; }
    ControlForm .cm-label { width: 19; color: #e0e0e0; }
    ControlForm Input { width: 1fr; border: none; height: 1; padding: 0 1; }
    ControlForm Input:focus { border: none; background: #4e4e00; }
    ControlForm .cm-hint { color: #c0c0c0; height: auto; padding-left: 19; }
    ControlForm #cm-help { color: #c0c0c0; height: auto; }
    ControlForm #cm-problem { color: white; background: darkred; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "choice_made", "Next", show=False),  # a text box takes its own Enter first
    ]

    def __init__(self, title: str, fields: Sequence[Field], board: tuple[StationBoardRow, ...] = (),
                 typed: dict[str, str] | None = None, problem: str = "", help_text: str = "",
                 start: str | None = None) -> None:
        super().__init__()
        self.start = start
        self.title_text = title
        self.fields = tuple(fields)
        self.board = board
        self.typed = typed or {}
        self.problem = problem
        self.help_text = help_text or "Enter: next field, and records on the last one. Escape: cancel."

    def compose(self) -> ComposeResult:
        with Vertical(id="cm-frame"):
            yield Static(self.title_text, id="cm-title", markup=False)
            for spec in self.fields:
                value = self.typed.get(spec.key, spec.value)
                with Horizontal(classes="cm-row"):
                    yield Label(spec.label, classes="cm-label")
                    if spec.choices:
                        yield ChoiceStrip(spec.choices, [value] if value else [], multiple=False,
                                          id=f"cm-{spec.key}")
                    else:
                        yield Input(value, id=f"cm-{spec.key}", placeholder=spec.placeholder, compact=True)
                hint = self._station_hint(value) if spec.station else spec.hint
                if hint or spec.station:
                    yield Static(hint, id=f"cm-{spec.key}-hint", classes="cm-hint", markup=False)
            yield Static(self.help_text, id="cm-help", markup=False)
            yield Static(self.problem, id="cm-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one("#cm-problem", Static).display = bool(self.problem)
        self._widget(self._first_to_fill()).focus()

    def _first_to_fill(self) -> str:
        """The form's chosen start, or the first empty text field (after a refusal: what is still missing)."""
        if self.start is not None and not self.problem:
            return self.start
        keys = [spec.key for spec in self.fields]
        # The commands' refusals say "give a reason" when one would let the entry through.
        if self.problem and "reason" in self.problem and "reason" in keys:
            return "reason"
        for spec in self.fields:
            if not self.typed.get(spec.key, spec.value) and not spec.choices and (spec.required or not self.problem):
                return spec.key
        return keys[0]

    def _widget(self, key: str) -> Widget:
        return self.query_one(f"#cm-{key}")

    def value_of(self, key: str) -> str:
        widget = self._widget(key)
        if isinstance(widget, ChoiceStrip):
            return widget.value or ""
        return widget.value if isinstance(widget, Input) else ""

    def set_hint(self, key: str, text: str) -> None:
        self.query_one(f"#cm-{key}-hint", Static).update(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        spec = self._spec_of(event.input.id)
        if spec is not None and spec.station:
            self.set_hint(spec.key, self._station_hint(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        spec = self._spec_of(event.input.id)
        if spec is None:
            return
        if spec.station:
            problem = find_station(event.value, self.board).problem
            if problem:
                self.say(problem)
                return
        self.say("")
        if spec.submits:
            self.submit()
        else:
            self._next_after(spec.key)

    @on(ChoiceStrip.Picked)
    def _picked(self, event: ChoiceStrip.Picked) -> None:
        event.stop()
        spec = self._spec_of(event.strip.id)
        if spec is not None:
            self._next_after(spec.key)

    def _station_hint(self, text: str) -> str:
        return matches_text(text, self.board) if text.strip() else "Its number, or part of its name."

    def action_choice_made(self) -> None:
        """Enter on a row of choices keeps the choice shown and moves on, as Enter does in a text box."""
        focused = self.focused
        spec = self._spec_of(focused.id) if isinstance(focused, ChoiceStrip) else None
        if spec is not None:
            self._next_after(spec.key)

    def _spec_of(self, widget_id: str | None) -> Field | None:
        return next((s for s in self.fields if f"cm-{s.key}" == widget_id), None)

    def _next_after(self, key: str) -> None:
        keys = [s.key for s in self.fields]
        index = keys.index(key)
        if index + 1 < len(keys):
            self._widget(keys[index + 1]).focus()
        else:
            self.submit()

    def submit(self) -> None:
        typed = {spec.key: self.value_of(spec.key) for spec in self.fields}
        stations: dict[str, str | None] = {}
        for spec in self.fields:
            text = typed[spec.key].strip()
            if spec.station:
                choice = find_station(text, self.board)
                if choice.problem:
                    self._refuse(spec.key, choice.problem)
                    return
                stations[spec.key] = choice.station_id
            if spec.required and not text:
                self._refuse(spec.key, f"{spec.label}: give it before recording")
                return
            if spec.number and text and not text.replace(",", "").isdigit():
                self._refuse(spec.key, f"{spec.label}: '{text}' is not a whole number")
                return
        problem = self.check(typed)
        if problem:
            self.say(problem)
            return
        self.dismiss(Filled(typed, stations))

    def check(self, typed: dict[str, str]) -> str:
        """A form's own last look before it closes (e.g. a time slot it can settle); '' when fine."""
        return ""

    def _refuse(self, key: str, problem: str) -> None:
        self.say(problem)
        self._widget(key).focus()

    def say(self, problem: str) -> None:
        line = self.query_one("#cm-problem", Static)
        line.update(problem)
        line.display = bool(problem)

    def action_cancel(self) -> None:
        self.dismiss(None)
