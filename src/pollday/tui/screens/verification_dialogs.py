"""The verification desk's forms: choose a contest, explain, group, move papers.

Names and labels are shown as rich Text, never as markup: a station or contest name may hold brackets.

Each form only gathers what its command needs and hands it back; the command decides
(a supervisor's permission, a net of zero, a note given) and the desk shows its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from pollday.domain.verification import EXPLANATIONS
from pollday.tui.screens.verification_dialog_base import VerificationDialog
from pollday.tui.screens.verification_words import variance_text
from pollday.tui.verification_readings import AccountLine, ContestSummary
from pollday.tui.widgets.entry_field import EntryField


def contest_prompt(contest: ContestSummary) -> str:
    signed = ", signed off" if contest.signed_off else ""
    return f"{contest.name}: {contest.accounts_verified} of {contest.accounts_total} verified{signed}"


class ContestChooser(VerificationDialog[str]):
    """Which contest's accounts the desk shows (combined polls are verified side by side)."""

    def __init__(self, contests: tuple[ContestSummary, ...], current: str) -> None:
        super().__init__()
        self.contests = contests
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="vf-dialog"):
            yield Label("Which contest?", classes="vf-dialog-title")
            options = (Option(Text(contest_prompt(c)), id=c.contest_id) for c in self.contests)
            yield OptionList(*options, id="vf-contests")
            yield Static("↑ ↓ and Enter · Esc keeps the current one", classes="vf-hint")

    def on_mount(self) -> None:
        options = self.query_one("#vf-contests", OptionList)
        options.highlighted = next((i for i, c in enumerate(self.contests) if c.contest_id == self.current), 0)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


@dataclass(frozen=True)
class ExplainRequest:
    reason_code: str
    note: str


class ExplainDialog(VerificationDialog[ExplainRequest]):
    """A reason from the domain's list, and a note saying what shows it (e.g. the log entry)."""

    def __init__(self, line: AccountLine) -> None:
        super().__init__()
        self.line = line

    def compose(self) -> ComposeResult:
        account = self.line.account
        with Vertical(id="vf-dialog"):
            yield Label(f"Explain the variance of {account.label}: {variance_text(account.variance)}",
                        classes="vf-dialog-title", markup=False)
            yield Label("Reason (↑ ↓, Enter)", classes="vf-label")
            yield OptionList(*(Option(Text(text), id=code) for code, text in EXPLANATIONS.items()), id="vf-reasons")
            yield Label("Note: what shows it", classes="vf-label")
            yield EntryField(id="vf-note", placeholder="e.g. voter left with a ballot paper, PS log entry 14")
            yield self.problem_line()
            yield Static("Enter records it · Esc cancels · supervisors only: the services check", classes="vf-hint")

    def on_mount(self) -> None:
        reasons = self.query_one("#vf-reasons", OptionList)
        reasons.highlighted = 0
        reasons.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#vf-note", EntryField).focus()

    @on(EntryField.Entered, "#vf-note")
    def answer(self, event: EntryField.Entered) -> None:
        event.stop()
        reasons = self.query_one("#vf-reasons", OptionList)
        if reasons.highlighted is None:
            self.say_problem("choose a reason first")
            return
        code = reasons.get_option_at_index(reasons.highlighted).id or ""
        self.dismiss(ExplainRequest(code, event.value))


@dataclass(frozen=True)
class GroupRequest:
    account_ids: tuple[str, ...]
    note: str


def net_text(lines: list[AccountLine]) -> str:
    if not lines:
        return "Tick two or more stations."
    variances = [line.account.variance or 0 for line in lines]
    terms = " ".join(f"{v:+d}" for v in variances)
    return f"Net of the ticked stations: {terms} = {variance_text(sum(variances))} (only a net of 0 is accepted)"


class GroupDialog(VerificationDialog[GroupRequest]):
    """Stations of one polling place whose variances cancel out: voters used the wrong box (reference §2.3)."""

    def __init__(self, place_name: str, candidates: tuple[AccountLine, ...], ticked: str) -> None:
        super().__init__()
        self.place_name = place_name
        self.candidates = candidates
        self.ticked = ticked

    def compose(self) -> ComposeResult:
        with Vertical(id="vf-dialog"):
            yield Label(f"Compensating variances in {self.place_name}", classes="vf-dialog-title", markup=False)
            yield Label("Stations with a variance (Space ticks)", classes="vf-label")
            yield SelectionList[str](
                *((Text(f"{line.account.label}  {variance_text(line.account.variance)}"), line.account.account_id,
                   line.account.account_id == self.ticked) for line in self.candidates),
                id="vf-group",
            )
            yield Static("", id="vf-net", markup=False)
            yield Label("Note", classes="vf-label")
            yield EntryField(id="vf-note", placeholder="e.g. voters put papers in the neighbouring station's box")
            yield Static("Tab to the note, Enter records it · Esc cancels", classes="vf-hint")

    def on_mount(self) -> None:
        self._show_net()
        stations = self.query_one("#vf-group", SelectionList)
        stations.highlighted = 0
        stations.focus()

    def _ticked(self) -> list[AccountLine]:
        chosen = set(self.query_one("#vf-group", SelectionList).selected)
        return [line for line in self.candidates if line.account.account_id in chosen]

    def _show_net(self) -> None:
        self.query_one("#vf-net", Static).update(net_text(self._ticked()))

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self._show_net()

    @on(EntryField.Entered, "#vf-note")
    def answer(self, event: EntryField.Entered) -> None:
        event.stop()
        self.dismiss(GroupRequest(tuple(line.account.account_id for line in self._ticked()), event.value))


@dataclass(frozen=True)
class MoveRequest:
    box_id: str
    to_contest_id: str
    papers: int
    note: str


class MovePapersDialog(VerificationDialog[MoveRequest]):
    """Papers of another poll found in a box at combined polls go to that poll's account (reference §2.6)."""

    def __init__(self, box_id: str, contests: tuple[ContestSummary, ...]) -> None:
        super().__init__()
        self.box_id = box_id
        self.contests = contests

    def compose(self) -> ComposeResult:
        with Vertical(id="vf-dialog"):
            yield Label("Papers of another poll found in a box", classes="vf-dialog-title")
            yield Label("Box", classes="vf-label")
            yield EntryField(id="vf-move-box", value=self.box_id, focus_on_enter="#vf-move-to")
            yield Label("They belong to (↑ ↓, Enter)", classes="vf-label")
            yield OptionList(*(Option(Text(c.name), id=c.contest_id) for c in self.contests), id="vf-move-to")
            # Papers and note share a row, so the form fits a 24-line terminal with a problem shown.
            with Horizontal(classes="vf-row"):
                yield Label("Papers")
                yield EntryField(id="vf-move-papers", type="integer", focus_on_enter="#vf-note")
                yield Label("Note")
                yield EntryField(id="vf-note", placeholder="e.g. PCC papers in the ward box")
            yield self.problem_line()
            yield Static("Enter moves on; Enter in the note records it · Esc cancels", classes="vf-hint")

    def on_mount(self) -> None:
        self.query_one("#vf-move-to", OptionList).highlighted = 0
        self.query_one("#vf-move-box", EntryField).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#vf-move-papers", EntryField).focus()

    @on(EntryField.Entered, "#vf-note")
    def answer(self, event: EntryField.Entered) -> None:
        event.stop()
        box_id = self.query_one("#vf-move-box", EntryField).value.strip()
        target = self.query_one("#vf-move-to", OptionList)
        papers_text = self.query_one("#vf-move-papers", EntryField).value.strip()
        if not box_id or target.highlighted is None or not papers_text.lstrip("-").isdigit():
            self.say_problem("fill in the box, the contest and the number of papers")
            return
        to_contest = target.get_option_at_index(target.highlighted).id or ""
        self.dismiss(MoveRequest(box_id, to_contest, int(papers_text), event.value))
