"""A row of choices picked by one key each: the control room's way to choose a severity, a status or a kind.

An operator on the phone should not have to arrow through a list: every option shows its
key, and pressing it picks (or, in a multiple choice, toggles) the option. Left/Right and
Space do the same for someone who prefers to move; Backspace clears a multiple choice.
The options are laid out by hand so one never breaks across two lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget


@dataclass(frozen=True)
class Choice:
    key: str  # the one key that picks it
    value: str
    label: str


class ChoiceStrip(Widget, can_focus=True):
    DEFAULT_CSS = """
    ChoiceStrip { height: auto; width: 1fr; }
    ChoiceStrip:focus { background: $boost; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous", show=False),
        Binding("right", "move(1)", "Next", show=False),
        Binding("space", "toggle", "Pick", show=False),
        Binding("backspace", "clear", "Clear", show=False),
    ]

    class Changed(Message):
        def __init__(self, strip: ChoiceStrip) -> None:
            super().__init__()
            self.strip = strip

        @property
        def control(self) -> ChoiceStrip:
            return self.strip

    class Picked(Message):
        """A single choice was made by its key: the form moves on, as after typing a field."""

        def __init__(self, strip: ChoiceStrip) -> None:
            super().__init__()
            self.strip = strip

        @property
        def control(self) -> ChoiceStrip:
            return self.strip

    def __init__(self, choices: Sequence[Choice], chosen: Iterable[str] = (), multiple: bool = True,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = tuple(choices)
        self.multiple = multiple
        self.chosen: frozenset[str] = frozenset(chosen)
        values = [c.value for c in self.choices]
        first = next((i for i, v in enumerate(values) if v in self.chosen), 0)
        self.cursor = first

    @property
    def value(self) -> str | None:
        """The single choice (None if nothing is chosen)."""
        return next((c.value for c in self.choices if c.value in self.chosen), None)

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width or 76))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def _lines(self, width: int) -> list[Text]:
        width = max(20, width)
        lines: list[Text] = [Text()]
        for index, choice in enumerate(self.choices):
            picked = choice.value in self.chosen
            mark = ("[x]" if picked else "[ ]") if self.multiple else ("(•)" if picked else "( )")
            piece = Text(f"{choice.key} {mark} {choice.label}")
            if picked:
                piece.stylize("bold yellow")
            if self.has_focus and index == self.cursor:
                piece.stylize("reverse")
            line = lines[-1]
            gap = 2 if line.cell_len else 0
            if line.cell_len and line.cell_len + gap + piece.cell_len > width:
                lines.append(Text())
                line, gap = lines[-1], 0
            line.append(" " * gap)
            line.append_text(piece)
        return lines

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        for index, choice in enumerate(self.choices):
            if event.character is not None and event.character.casefold() == choice.key.casefold():
                event.stop()
                event.prevent_default()
                self.cursor = index
                self._pick(choice.value)
                if not self.multiple:
                    self.post_message(self.Picked(self))
                return

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.choices)
        if not self.multiple:
            self._pick(self.choices[self.cursor].value)
        self.refresh()

    def action_toggle(self) -> None:
        self._pick(self.choices[self.cursor].value)

    def action_clear(self) -> None:
        if self.multiple:
            self.chosen = frozenset()
            self.refresh()
            self.post_message(self.Changed(self))

    def _pick(self, value: str) -> None:
        if not self.multiple:
            self.chosen = frozenset({value})
        elif value in self.chosen:
            self.chosen = self.chosen - {value}
        else:
            self.chosen = self.chosen | {value}
        self.refresh(layout=True)
        self.post_message(self.Changed(self))
