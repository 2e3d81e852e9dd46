"""The control room desk's small forms: logging an incident, and one line of text for an incident.

The forms only gather what was typed: the commands decide, and the desk shows their
reasons. The one thing the incident form settles itself is which station was meant, because
the operator types a number or part of a name and the command needs the number.

The incident's severity is the category's default unless the operator changes it on the
severity row (Shift+Tab from the description, or Tab from the station, then 1-4): the
quick path (station, Enter, category key, description, Enter) never passes through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pollday.domain.control_room import CATEGORY_LABELS, DEFAULT_SEVERITY, Category, Severity, default_severity
from pollday.services.control_room_records import StationBoardRow
from pollday.tui.screens.control_widgets import Choice, ChoiceStrip
from pollday.tui.screens.control_words import CATEGORY_KEYS, CATEGORY_SHORT, find_station, matches_text

SEVERITY_CHOICES = tuple(Choice(str(index), severity.value, severity.value)
                         for index, severity in enumerate(Severity, start=1))


@dataclass(frozen=True)
class IncidentDraft:
    """What the operator typed: kept so a refused incident can be put back in front of them."""

    station_text: str = ""
    station_id: str | None = None
    category: Category = Category.OPENING
    description: str = ""
    severity: Severity | None = None  # None: the category's default, as the command decides it


FORM_CSS = """
ControlIncidentForm, ControlTextPrompt { align: center middle; }
ControlIncidentForm #cf-box, ControlTextPrompt #cf-box {
    width: 76; height: auto; border: thick $accent; background: $surface; padding: 0 1;
}
ControlIncidentForm #cf-title, ControlTextPrompt #cf-title { text-style: bold; color: yellow; }
ControlIncidentForm .cf-hint, ControlTextPrompt .cf-hint { color: #c0c0c0; height: auto; }
ControlIncidentForm #cf-categories { height: auto; }
ControlIncidentForm #cf-severity { height: 1; }
ControlIncidentForm #cf-problem, ControlTextPrompt #cf-problem { color: white; background: darkred; height: auto; }
"""


def _category_lines(chosen: Category) -> str:
    cells = []
    for key, category in CATEGORY_KEYS:
        mark = ">" if category == chosen else " "
        cells.append(f"{mark}{key} {CATEGORY_LABELS[category][:20]:<20}")
    rows = [" ".join(cells[i:i + 3]) for i in range(0, len(cells), 3)]
    return "\n".join(rows)


class ControlIncidentForm(ModalScreen[IncidentDraft | None]):
    """Station (number or name), category (one key), description, Enter: logs the incident."""

    CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, board: tuple[StationBoardRow, ...], draft: IncidentDraft | None = None,
                 problem: str = "", now: datetime | None = None) -> None:
        super().__init__()
        self.board = board
        self.draft = draft or IncidentDraft()
        self.category = self.draft.category
        self.problem = problem
        self.now = now  # a queue late in the day defaults to P1: the row shows what the command will choose
        self.severity = self.draft.severity  # None until the operator picks one

    def default_severity(self) -> Severity:
        return default_severity(self.category, self.now) if self.now else DEFAULT_SEVERITY[self.category]

    def shown_severity(self) -> Severity:
        return self.severity or self.default_severity()

    def _severity_label(self) -> str:
        default = self.default_severity()
        said = (f"{self.severity.value}, changed from {default.value}" if self.severity and self.severity != default
                else f"{default.value}, the default for {CATEGORY_SHORT[self.category]}")
        return f"Severity (Shift+Tab, then 1-4): {said}"

    def compose(self) -> ComposeResult:
        with Vertical(id="cf-box"):
            yield Static("Log an incident", id="cf-title", markup=False)
            yield Label("Station")
            yield Input(self.draft.station_text, id="cf-station", placeholder="number or name")
            yield Static(matches_text(self.draft.station_text, self.board), id="cf-matches", classes="cf-hint",
                         markup=False)
            yield Label("Category (press its key here)")
            yield Static(_category_lines(self.category), id="cf-categories", markup=False)
            yield Label(self._severity_label(), id="cf-severity-label")
            yield ChoiceStrip(SEVERITY_CHOICES, [self.shown_severity().value], multiple=False, id="cf-severity")
            yield Label("Description")
            yield Input(self.draft.description, id="cf-description", placeholder="what has happened")
            yield Static("Enter: next field, Enter on the description logs it. Escape: cancel.", classes="cf-hint",
                         markup=False)
            yield Static(self.problem, id="cf-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one("#cf-problem", Static).display = bool(self.problem)
        # Put the operator back where they were refused: most often the description.
        target = "#cf-description" if self.draft.station_text or self.draft.description else "#cf-station"
        self.query_one(target, Input).focus()

    @on(Input.Changed, "#cf-station")
    def _station_changed(self, event: Input.Changed) -> None:
        self.query_one("#cf-matches", Static).update(matches_text(event.value, self.board))

    def on_key(self, event: events.Key) -> None:
        """Category keys act while the station field has the focus and its text is a complete choice,
        or while the focus is on neither field; typed into the description they are just letters."""
        focused = self.focused
        if focused is not None and focused.id in ("cf-description", "cf-station", "cf-severity"):
            return
        self._pick(event)

    def _pick(self, event: events.Key) -> None:
        for key, category in CATEGORY_KEYS:
            if event.character == key:
                event.stop()
                event.prevent_default()
                self.category = category
                self.query_one("#cf-categories", Static).update(_category_lines(category))
                self._show_severity()
                self.query_one("#cf-description", Input).focus()
                return

    def _show_severity(self) -> None:
        """Set the row without posting a change: only the operator's own pick overrides the default."""
        strip = self.query_one("#cf-severity", ChoiceStrip)
        strip.chosen = frozenset({self.shown_severity().value})
        strip.refresh()
        self.query_one("#cf-severity-label", Label).update(self._severity_label())

    @on(ChoiceStrip.Changed, "#cf-severity")
    def _severity_changed(self, event: ChoiceStrip.Changed) -> None:
        event.stop()
        if event.strip.value is not None:
            self.severity = Severity(event.strip.value)
            self.query_one("#cf-severity-label", Label).update(self._severity_label())

    @on(ChoiceStrip.Picked, "#cf-severity")
    def _severity_picked(self, event: ChoiceStrip.Picked) -> None:
        event.stop()
        self.query_one("#cf-description", Input).focus()  # back to where the operator was

    @on(Input.Submitted, "#cf-station")
    def _station_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        choice = find_station(event.value, self.board)
        if choice.problem:
            self._say(choice.problem)
            return
        self._say("")
        # The station field now moves aside: the next key chooses the category.
        self.set_focus(None)

    @on(Input.Submitted, "#cf-description")
    def _description_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        station_text = self.query_one("#cf-station", Input).value
        choice = find_station(station_text, self.board)
        if choice.problem:
            self._say(choice.problem)
            self.query_one("#cf-station", Input).focus()
            return
        self.dismiss(IncidentDraft(station_text, choice.station_id, self.category, event.value, self.severity))

    def _say(self, problem: str) -> None:
        line = self.query_one("#cf-problem", Static)
        line.update(problem)
        line.display = bool(problem)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ControlTextPrompt(ModalScreen[str | None]):
    """One line of text about an incident (a note, who to assign it to, how it was resolved)."""

    CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, label: str, hint: str = "", value: str = "", problem: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.label_text = label
        self.hint = hint
        self.value = value
        self.problem = problem  # after a refusal: why, above what was typed

    def compose(self) -> ComposeResult:
        with Vertical(id="cf-box"):
            yield Static(self.title_text, id="cf-title", markup=False)
            yield Label(self.label_text)
            yield Input(self.value, id="cf-text")
            yield Static(self.hint or "Enter: save. Escape: cancel.", classes="cf-hint", markup=False)
            yield Static(self.problem, id="cf-problem", markup=False)

    def on_mount(self) -> None:
        self.query_one("#cf-problem", Static).display = bool(self.problem)
        self.query_one("#cf-text", Input).focus()

    @on(Input.Submitted, "#cf-text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
