"""Narrowing the incident list: the filter form (F) and the filter said in words above the list.

Status, severity and category are rows of one-key choices (the category keys are the ones
the incident form uses); station and assignee are typed, a station by number or name. The
free-text search is the desk's own box (/); the filter keeps whatever it holds. What the
list shows is always written above it, so nobody mistakes a filtered list for the whole.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from pollday.domain.control_room import CATEGORY_LABELS, INCIDENT_STATE_LABELS, Category, IncidentState, Severity
from pollday.services.control_room_records import IncidentFilter, StationBoardRow
from pollday.tui.screens.control_widgets import Choice, ChoiceStrip
from pollday.tui.screens.control_words import (
    CATEGORY_KEYS,
    CATEGORY_SHORT,
    ControlReading,
    find_station,
    matches_text,
)

OPEN = "open"  # the "any open state" choice: IncidentFilter.open_only
STATE_ORDER = (IncidentState.NEW, IncidentState.ACKNOWLEDGED, IncidentState.ASSIGNED, IncidentState.IN_PROGRESS,
               IncidentState.ESCALATED, IncidentState.ON_HOLD, IncidentState.REOPENED, IncidentState.RESOLVED,
               IncidentState.CLOSED)
STATE_CHOICES = (Choice("0", OPEN, "Open"),
                 *(Choice(str(i), s.value, INCIDENT_STATE_LABELS[s]) for i, s in enumerate(STATE_ORDER, start=1)))
SEVERITY_CHOICES = tuple(Choice(s.value[1], s.value, s.value) for s in Severity)
CATEGORY_CHOICES = tuple(Choice(key, c.value, CATEGORY_SHORT[c]) for key, c in CATEGORY_KEYS)
UNASSIGNED = "-"


def is_empty(where: IncidentFilter) -> bool:
    return where == IncidentFilter()


def filter_words(where: IncidentFilter, station_names: dict[str, str]) -> str:
    """The filter as the operator would say it: 'open, P1 or P2, at 2 Eastfield School, "fire"'."""
    parts = []
    if where.open_only:
        parts.append("open")
    if where.states:
        parts.append(" or ".join(INCIDENT_STATE_LABELS[s] for s in IncidentState if s in where.states))
    if where.severities:
        parts.append(" or ".join(s.value for s in Severity if s in where.severities))
    if where.categories:
        parts.append(" or ".join(CATEGORY_LABELS[c] for c in Category if c in where.categories))
    if where.station_id is not None:
        parts.append(f"at {where.station_id} {station_names.get(where.station_id, '')}".rstrip())
    if where.assignee is not None:
        parts.append(f"with {where.assignee}" if where.assignee else "not assigned")
    if where.text.strip():
        parts.append(f'"{where.text.strip()}"')
    return ", ".join(parts)


def filter_line(where: IncidentFilter, reading: ControlReading | None) -> str:
    """What the list above shows; the count only once a reading for this very filter has come."""
    if is_empty(where):
        return "all, newest first"
    names = {row.station_id: row.name for row in reading.board} if reading else {}
    fresh = reading is not None and reading.where == where
    count = f": {len(reading.incidents)} of {reading.total}" if fresh and reading else ""
    return f"only {filter_words(where, names)}{count} (Esc: all)"


def find_assignee(text: str, known: tuple[str, ...]) -> tuple[str | None, str]:
    """(assignee to filter by, or None for any; what the hint says). Matches ignore case, as people type."""
    wanted = text.strip()
    if not wanted:
        return None, "Anyone; - for incidents not assigned."
    if wanted == UNASSIGNED:
        return "", "Incidents not assigned to anyone."
    exact = [name for name in known if name.casefold() == wanted.casefold()]
    matches = exact or [name for name in known if wanted.casefold() in name.casefold()]
    if len(matches) == 1:
        return matches[0], f"= {matches[0]}"
    if matches:
        return wanted, "Several match: " + ", ".join(matches[:4])
    return wanted, f"Nobody called '{wanted}' has incidents yet."


class ControlFilterForm(ModalScreen[IncidentFilter | None]):
    """Tab between rows, a row's keys toggle its choices, Backspace clears a row, Enter shows the list."""

    CSS = """
    ControlFilterForm { align: center middle; }
    ControlFilterForm #ff-box { width: 78; max-width: 100%; height: auto; max-height: 100%;
                                border: thick $accent; background: $surface; padding: 0 1; }
    ControlFilterForm #ff-title { text-style: bold; color: yellow; }
    ControlFilterForm .ff-row { height: auto; }
    ControlFilterForm .ff-label { width: 10; color: #e0e0e0; }
    ControlFilterForm Input { width: 1fr; border: none; height: 1; padding: 0 1; }
    ControlFilterForm Input:focus { border: none; background: #4e4e00; }
    ControlFilterForm .ff-hint { color: #c0c0c0; height: auto; padding-left: 10; }
    ControlFilterForm #ff-problem { color: white; background: darkred; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "apply", "Show", priority=False),
    ]

    def __init__(self, where: IncidentFilter, board: tuple[StationBoardRow, ...], assignees: tuple[str, ...]) -> None:
        super().__init__()
        self.where = where
        self.board = board
        self.assignees = assignees

    def compose(self) -> ComposeResult:
        where = self.where
        states = {s.value for s in where.states} | ({OPEN} if where.open_only else set())
        assignee = UNASSIGNED if where.assignee == "" else (where.assignee or "")
        with Vertical(id="ff-box"):
            yield Static("Filter the incidents", id="ff-title", markup=False)
            yield from self._row("Status", ChoiceStrip(STATE_CHOICES, states, id="ff-states"))
            yield from self._row("Severity", ChoiceStrip(SEVERITY_CHOICES, {s.value for s in where.severities},
                                                          id="ff-severities"))
            yield from self._row("Category", ChoiceStrip(CATEGORY_CHOICES, {c.value for c in where.categories},
                                                          id="ff-categories"))
            yield from self._row("Station", Input(where.station_id or "", id="ff-station", compact=True,
                                                  placeholder="number or name; empty: any"))
            yield Static(self._station_hint(where.station_id or ""), id="ff-station-hint",
                         classes="ff-hint", markup=False)
            yield from self._row("With", Input(assignee, id="ff-assignee", compact=True,
                                               placeholder="inspector or desk; - : not assigned"))
            yield Static(find_assignee(assignee, self.assignees)[1], id="ff-assignee-hint", classes="ff-hint",
                         markup=False)
            yield Static("Tab: next row. A row's keys toggle it, Backspace clears it. Enter: show. Escape: cancel.",
                         classes="ff-hint", markup=False)
            yield Static("", id="ff-problem", markup=False)

    @staticmethod
    def _row(label: str, widget: ChoiceStrip | Input) -> ComposeResult:
        with Horizontal(classes="ff-row"):
            yield Label(label, classes="ff-label")
            yield widget

    def on_mount(self) -> None:
        self.query_one("#ff-problem", Static).display = False
        self.query_one("#ff-states", ChoiceStrip).focus()

    @on(Input.Changed, "#ff-station")
    def _station_changed(self, event: Input.Changed) -> None:
        self.query_one("#ff-station-hint", Static).update(self._station_hint(event.value))

    def _station_hint(self, text: str) -> str:
        return matches_text(text, self.board) if text.strip() else "Any station."

    @on(Input.Changed, "#ff-assignee")
    def _assignee_changed(self, event: Input.Changed) -> None:
        self.query_one("#ff-assignee-hint", Static).update(find_assignee(event.value, self.assignees)[1])

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    def action_apply(self) -> None:
        station_text = self.query_one("#ff-station", Input).value
        choice = find_station(station_text, self.board)
        if choice.problem:
            problem = self.query_one("#ff-problem", Static)
            problem.update(choice.problem)
            problem.display = True
            self.query_one("#ff-station", Input).focus()
            return
        states = self.query_one("#ff-states", ChoiceStrip).chosen
        assignee, _ = find_assignee(self.query_one("#ff-assignee", Input).value, self.assignees)
        self.dismiss(IncidentFilter(
            states=frozenset(IncidentState(s) for s in states if s != OPEN),
            severities=frozenset(Severity(s) for s in self.query_one("#ff-severities", ChoiceStrip).chosen),
            categories=frozenset(Category(c) for c in self.query_one("#ff-categories", ChoiceStrip).chosen),
            station_id=choice.station_id, assignee=assignee, text=self.where.text, open_only=OPEN in states,
        ))

    def action_cancel(self) -> None:
        self.dismiss(None)
