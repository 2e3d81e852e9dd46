"""The ballot paper account form, with its arithmetic checked beside the figures as they are typed.

The sums are the domain's (bpa_balance_problems), asked one section at a time, so the
desk and verification can never disagree about whether an account adds up (reference §1.4).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from pollday.domain.verification import BPA_FIGURES, bpa_balance_problems
from pollday.tui.screens.reception_widgets import BAD, GOOD, QUIET
from pollday.tui.widgets.entry_field import EntryField

REQUIRED = ("ordinary_received", "issued", "spoilt", "unused")  # section A and B: every BPA has them
# The figures each live check looks at: it is shown once any of them has been typed.
SECTIONS: dict[str, tuple[str, ...]] = {
    "ordinary": ("ordinary_received", "issued", "spoilt", "unused"),
    "tendered": ("tendered_received", "tendered_issued", "tendered_spoilt", "tendered_unused"),
    "list": ("tendered_list_entries",),
}
# (row title, ((figure, short label), ...)) in the order the fields are typed, as on the paper form.
ROWS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Ordinary", (("ordinary_received", "Received"), ("issued", "Issued"), ("spoilt", "Spoilt"),
                  ("unused", "Unused"))),
    ("Tendered", (("tendered_received", "Received"), ("tendered_issued", "Issued"), ("tendered_spoilt", "Spoilt"),
                  ("tendered_unused", "Unused"))),
    ("", (("tendered_list_entries", "Tendered votes list entries"),)),
    ("Postal in", (("postal_accepted", "Accepted"), ("postal_rejected", "Rejected"),
                   ("postal_forms", "Return forms"))),
)
FIELD_ORDER = tuple(figure for _title, fields in ROWS for figure, _label in fields)
CHECK_AFTER_ROW = {0: "ordinary", 1: "tendered", 2: "list"}
MAX_DIGITS = 7


def figures_or_zero(values: dict[str, int | None]) -> dict[str, int]:
    return {name: values.get(name) or 0 for name in BPA_FIGURES}


def section_problems(values: dict[str, int | None], section: str) -> list[str]:
    """The domain's balance problems for one check alone.

    The other checks are made to balance (the tendered section and the tendered votes list
    share 'tendered issued'), so each line beside the fields names only its own problem.
    """
    figures = figures_or_zero(values)
    isolated = dict.fromkeys(BPA_FIGURES, 0)
    if section == "ordinary":
        isolated.update({name: figures[name] for name in SECTIONS["ordinary"]})
    elif section == "tendered":
        isolated.update({name: figures[name] for name in SECTIONS["tendered"]})
        isolated["tendered_list_entries"] = figures["tendered_issued"]
    else:
        issued = figures["tendered_issued"]
        isolated.update(tendered_received=issued, tendered_issued=issued,
                        tendered_list_entries=figures["tendered_list_entries"])
    return bpa_balance_problems(isolated)


def section_check(values: dict[str, int | None], section: str) -> Text:
    figures = figures_or_zero(values)
    if all(values.get(name) is None for name in SECTIONS[section]):
        return Text("")
    problems = section_problems(values, section)
    if problems:
        return Text("✗ " + "; ".join(problems), style=BAD)
    if section == "list":
        return Text(f"✓ list entries = tendered issued ({figures['tendered_issued']})", style=GOOD)
    prefix = "tendered_" if section == "tendered" else ""
    issued = figures[f"{prefix}issued"]
    received = figures["tendered_received" if prefix else "ordinary_received"]
    total = issued + figures[f"{prefix}spoilt"] + figures[f"{prefix}unused"]
    return Text(f"✓ issued + spoilt + unused = {total:,} = received {received:,}", style=GOOD)


class BpaForm(Widget):
    """Twelve figures typed in order: Enter moves to the next, Enter on the last submits the form.

    In settling mode a reason field follows the figures and Enter on it submits.
    """

    class Submitted(Message):
        def __init__(self, values: dict[str, int | None], reason: str) -> None:
            super().__init__()
            self.values = values
            self.reason = reason

    DEFAULT_CSS: ClassVar[str] = "BpaForm { height: auto; }"

    def compose(self) -> ComposeResult:
        yield Static("", id="bpa-title", markup=False)
        with Vertical(id="bpa-rows"):
            for number, (title, fields) in enumerate(ROWS):
                with Horizontal(classes="bpa-row"):
                    yield Label(title, classes="bpa-row-title")
                    for figure, label in fields:
                        yield Label(label, classes="bpa-label")
                        yield EntryField(id=f"bpa-{figure}", classes="bpa-field", restrict=r"[0-9]*",
                                         max_length=MAX_DIGITS)
                if number in CHECK_AFTER_ROW:
                    yield Static("", id=f"bpa-check-{CHECK_AFTER_ROW[number]}", classes="bpa-check")
            with Horizontal(classes="bpa-row", id="bpa-reason-row"):
                yield Label("Reason", classes="bpa-row-title")
                yield EntryField(id="bpa-reason", classes="bpa-reason")
        yield Static("", id="bpa-summary")

    def on_mount(self) -> None:
        self.query_one("#bpa-reason-row").display = False

    @property
    def settling(self) -> bool:
        return bool(self.query_one("#bpa-reason-row").display)

    def start(self, title: str, values: dict[str, int | None] | None = None, settling: bool = False) -> None:
        """Show an empty (or prefilled) form and put the cursor on its first empty figure."""
        self.query_one("#bpa-title", Static).update(title)
        for figure in FIELD_ORDER:
            value = (values or {}).get(figure)
            self._field(figure).value = "" if value is None else str(value)
        self.query_one("#bpa-reason-row").display = settling
        self.query_one("#bpa-reason", EntryField).value = ""
        self._chain_fields(settling)
        self._refresh_checks()
        first_empty = next((f for f in FIELD_ORDER if not self._field(f).value), FIELD_ORDER[0])
        self.screen.set_focus(self._field(first_empty))

    def _chain_fields(self, settling: bool) -> None:
        """Where Enter goes from each field: the next one, or when settling the next one left blank.

        A supervisor settling two keyings types only the figures they disagreed on; the
        others are filled in and Enter skips them, ending on the reason.
        """
        for index, figure in enumerate(FIELD_ORDER):
            later = FIELD_ORDER[index + 1:]
            if settling:
                following = next((f for f in later if not self._field(f).value), None)
                self._field(figure).focus_on_enter = f"#bpa-{following}" if following else "#bpa-reason"
            else:
                self._field(figure).focus_on_enter = f"#bpa-{later[0]}" if later else None

    def values(self) -> dict[str, int | None]:
        return {figure: int(self._field(figure).value) if self._field(figure).value else None
                for figure in FIELD_ORDER}

    def blank_required(self) -> str | None:
        return next((figure for figure in REQUIRED if not self._field(figure).value), None)

    def focus_figure(self, figure: str) -> None:
        self.screen.set_focus(self._field(figure))

    def problems(self) -> list[str]:
        return bpa_balance_problems(figures_or_zero(self.values()))

    def _field(self, figure: str) -> EntryField:
        return self.query_one(f"#bpa-{figure}", EntryField)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._refresh_checks()

    def on_entry_field_entered(self, event: EntryField.Entered) -> None:
        event.stop()
        # Every other field already handed the focus on when Enter was pressed (see _chain_fields).
        if event.field.id == "bpa-reason":
            self.post_message(self.Submitted(self.values(), event.value))
        elif event.field.id == f"bpa-{FIELD_ORDER[-1]}" and not self.settling:
            self.post_message(self.Submitted(self.values(), ""))

    def _refresh_checks(self) -> None:
        values = self.values()
        for section in ("ordinary", "tendered", "list"):
            self.query_one(f"#bpa-check-{section}", Static).update(section_check(values, section))
        blank = sum(1 for figure in REQUIRED if values[figure] is None)
        summary = self.query_one("#bpa-summary", Static)
        if blank:
            summary.update(Text(f"{blank} of the ordinary figures still to type; blank tendered and postal "
                                "figures count as 0.", style=QUIET))
        elif self.problems():
            summary.update(Text("The account does not add up: check the figures against the paper.", style=BAD))
        else:
            summary.update(Text("The account adds up.", style=GOOD))
