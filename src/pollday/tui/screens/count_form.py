"""A form of one-line fields over a desk that records one command, and stays open if it is refused.

Enter moves to the next field and, on the last field, records; ↑ ↓ move between fields;
Escape cancels. The form runs its own command so a refusal (say, figures that do not add
up) leaves everything typed in place beside the reason, ready to be corrected. On success
it closes and hands the CommandFinished to the desk underneath.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from pollday.services.session import Session
from pollday.tui.screens.count_commands import CommandFinished, Step, run_step, show_finished
from pollday.tui.widgets.entry_field import EntryField
from pollday.tui.widgets.outcome_panel import OutcomePanel

WHOLE_NUMBER = r"[0-9,]*"


@dataclass(frozen=True)
class Field:
    key: str  # the field's id within the form, and the key of its value
    label: str
    value: str = ""
    restrict: str | None = None  # a regular expression every keystroke must keep the value matching
    password: bool = False
    placeholder: str = ""


@dataclass(frozen=True)
class Check:
    """One live check shown under the fields: met, broken, or not yet known (None)."""

    ok: bool | None
    text: str


def whole(text: str) -> int | None:
    """A typed figure ('1,000' or '1000') as an int; None when blank or not a number."""
    digits = text.replace(",", "").strip()
    return int(digits) if digits.isdigit() else None


class CommandForm(ModalScreen[CommandFinished | None]):
    """Subclasses give the fields, build the step from the typed values, and may add live checks."""

    # CSS, not DEFAULT_CSS: the app's own stylesheet (a black Screen, bordered Inputs) must give way here.
    SCOPED_CSS = False
    CSS = """
    CommandForm {
        align: center middle;
        background: black 70%;
    }
    CommandForm #form-dialog {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: #1c1c1c;
        border: heavy yellow;
    }
    CommandForm #form-title {
        text-style: bold;
        color: yellow;
    }
    CommandForm .form-intro {
        color: #e0e0e0;
    }
    CommandForm .field-row {
        height: 1;
        margin-top: 0;
    }
    CommandForm .field-row Label {
        width: 36;
        color: #d0d0d0;
    }
    CommandForm .field-row:focus-within Label {
        color: yellow;
        text-style: bold;
    }
    CommandForm .field-row EntryField {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: #303030;
    }
    CommandForm .field-row EntryField:focus {
        border: none;
        background: #5f5f00;
        text-style: bold;
    }
    CommandForm #form-checks {
        margin-top: 1;
    }
    CommandForm #form-hint {
        color: #c0c0c0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "app.focus_next", "Next field", show=False),
        Binding("up", "app.focus_previous", "Previous field", show=False),
    ]

    title_text = "Record"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.sending = False

    # --- what a subclass provides ---------------------------------------------------

    def intro(self) -> str:
        """Context shown above the fields (who, what, what differs)."""
        return ""

    def form_fields(self) -> list[Field]:
        raise NotImplementedError(f"{type(self).__name__} must define form_fields()")

    def build_step(self, values: dict[str, str]) -> Step | str:
        """The step to run, or the reason the typed values cannot be sent yet."""
        raise NotImplementedError(f"{type(self).__name__} must define build_step()")

    def checks(self, values: dict[str, str]) -> list[Check]:
        return []

    def pin_of(self, values: dict[str, str]) -> str | None:
        """The PIN to check before running the step, for steps that need it."""
        return None

    def first_focus(self) -> str:
        return self.form_fields()[0].key

    # --- the form --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        specs = self.form_fields()
        with VerticalScroll(id="form-dialog"):
            yield Static(self.title_text, id="form-title", markup=False)
            intro = self.intro()
            if intro:
                yield Static(intro, classes="form-intro", markup=False)
            for number, spec in enumerate(specs):
                following = f"#{specs[number + 1].key}" if number + 1 < len(specs) else None
                with Horizontal(classes="field-row"):
                    yield Label(spec.label, markup=False)
                    yield EntryField(id=spec.key, value=spec.value, restrict=spec.restrict, password=spec.password,
                                     placeholder=spec.placeholder, focus_on_enter=following,
                                     clear_on_enter=spec.password)
            yield Static("", id="form-checks")
            yield OutcomePanel(id="form-outcome")
            yield Static("Enter: next field, and records on the last one · ↑ ↓ move · Escape cancels",
                         id="form-hint", markup=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(f"#{self.first_focus()}", EntryField))
        self._show_checks()

    def values(self) -> dict[str, str]:
        return {spec.key: self.query_one(f"#{spec.key}", EntryField).value for spec in self.form_fields()}

    @on(EntryField.Changed)
    def _typed(self) -> None:
        self._show_checks()

    def _show_checks(self) -> None:
        found = self.checks(self.values())
        text = Text()
        for number, check in enumerate(found):
            if number:
                text.append("\n")
            mark, style = {True: ("✓ ", "bold #80ff80"), False: ("✗ ", "bold #ff8080"), None: ("· ", "#c0c0c0")}[
                check.ok]
            text.append(mark, style=style)
            text.append(check.text, style=style if check.ok is False else "")
        checks = self.query_one("#form-checks", Static)
        checks.update(text)
        checks.display = bool(found)

    @on(EntryField.Entered)
    def _entered(self, event: EntryField.Entered) -> None:
        event.stop()
        if event.field.id == self.form_fields()[-1].key:
            self.submit(event.value)

    def submit(self, last_value: str | None = None) -> None:
        """Build the step from what is typed and run it (the last field's value as it was at Enter)."""
        if self.sending:
            return
        values = self.values()
        if last_value is not None:
            values[self.form_fields()[-1].key] = last_value
        built = self.build_step(values)
        outcome = self.query_one("#form-outcome", OutcomePanel)
        if isinstance(built, str):
            outcome.show_refused("Not sent", built)
            self.app.bell()
            self.call_after_refresh(outcome.scroll_visible)
            return
        self.sending = True
        outcome.show_pending(f"{built.title}…")
        run_step(self, self.session, built, self.pin_of(values))

    def on_command_finished(self, finished: CommandFinished) -> None:
        self.sending = False
        if finished.applied:
            self.dismiss(finished)
            return
        outcome = self.query_one("#form-outcome", OutcomePanel)
        show_finished(outcome, finished)
        # On a long form the answer is below the fields: bring the reason into view.
        self.call_after_refresh(outcome.scroll_visible)

    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(None)
