"""Deciding one doubtful paper, by keys alone: ballot numbers for candidates, a to d for the head.

The RO holds the paper up to the agents and decides; the screen must keep up with the
hand. Digits toggle the candidates the paper counts for (↑ ↓ and space as well, for long
ballots), letters choose the statutory head, o records that an agent objected to the
rejection, Enter records. The services check the decision, and a refusal stays on screen
beside what was chosen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import set_cell_size
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from pollday.services.session import Session
from pollday.tui.count_readings import ContestCount, DecisionLine, decision_text
from pollday.tui.screens.count_commands import CommandFinished, Step, run_step, show_finished, step
from pollday.tui.widgets.outcome_panel import OutcomePanel

MODE_TITLES = {"allowed": "Allow", "rejected": "Reject", "rejected_in_part": "Reject in part"}
DIGIT_KEYS = "1234567890"  # 0 stands for the tenth candidate
NAME_WIDTH = 26


class DecisionScreen(ModalScreen[CommandFinished | None]):
    # CSS, not DEFAULT_CSS: the app's own stylesheet (a black Screen, bordered Inputs) must give way here.
    SCOPED_CSS = False
    CSS = """
    DecisionScreen {
        align: center middle;
        background: black 70%;
    }
    DecisionScreen #decision-dialog {
        width: 84;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: #1c1c1c;
        border: heavy yellow;
    }
    DecisionScreen #decision-title {
        text-style: bold;
        color: yellow;
    }
    DecisionScreen #decision-hint {
        color: #c0c0c0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"pick({n})", show=False) for n, key in enumerate(DIGIT_KEYS)),
        *(Binding(head.lower(), f"head('{head}')", show=False) for head in "ABCD"),
        Binding("o", "objected", "Objected", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("space", "toggle_cursor", show=False),
        Binding("enter", "record", "Record"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, session: Session, contest: ContestCount, table_id: str, mode: str,
                 reconsider: DecisionLine | None = None) -> None:
        super().__init__()
        self.session = session
        self.contest = contest
        self.table_id = table_id
        self.mode = mode
        self.reconsider = reconsider
        self.chosen: list[str] = []  # candidate IDs, in the order chosen
        self.head = ""
        self.objected = False
        self.cursor = 0
        self.sending = False

    @property
    def wants_candidates(self) -> bool:
        return self.mode in ("allowed", "rejected_in_part")

    @property
    def wants_head(self) -> bool:
        return self.mode in ("rejected", "rejected_in_part")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="decision-dialog"):
            yield Static(self._title(), id="decision-title", markup=False)
            yield Static("", id="decision-state", markup=False)
            yield OutcomePanel(id="decision-outcome")
            yield Static(self._hint(), id="decision-hint", markup=False)

    def on_mount(self) -> None:
        self._show()

    def _title(self) -> str:
        if self.reconsider is not None:
            return (f"{MODE_TITLES[self.mode]}: reconsider paper {self.reconsider.paper_ref} (now "
                    f"{decision_text(self.contest, self.reconsider)})")
        return f"{MODE_TITLES[self.mode]}: the next doubtful paper from table {self.table_id} · {self.contest.name}"

    def _hint(self) -> str:
        parts = []
        if self.wants_candidates:
            parts.append("ballot number (or ↑ ↓ space): candidate")
        if self.wants_head:
            parts.append("a–d: head · o: rejection objected to")
        parts.append("Enter records · Escape cancels")
        return " · ".join(parts)

    def _show(self) -> None:
        text = Text()
        if self.wants_candidates:
            seats = self.contest.seats
            text.append("Counts for " + ("one candidate" if seats == 1 else f"up to {seats} candidates") + ":\n",
                        style="bold")
            for index, candidate in enumerate(self.contest.candidates):
                mark = "[x]" if candidate.candidate_id in self.chosen else "[ ]"
                key = DIGIT_KEYS[index] if index < len(DIGIT_KEYS) else " "
                style = "bold black on yellow" if index == self.cursor else ""
                name = set_cell_size(candidate.ballot_name, NAME_WIDTH)
                text.append(f" {mark} {key}  {name}  {candidate.description}\n", style=style)
        if self.wants_head:
            label = "Head for the void part:" if self.mode == "rejected_in_part" else "Rejected under head:"
            text.append(label + "\n", style="bold")
            for head, words in self.contest.heads.items():
                mark = "(•)" if head == self.head else "( )"
                text.append(f" {mark} {head.lower()}  {words}\n", style="bold yellow" if head == self.head else "")
            text.append(f" [{'x' if self.objected else ' '}] o  Rejection objected to\n")
        text.rstrip()
        self.query_one("#decision-state", Static).update(text)

    # --- choosing -------------------------------------------------------------------

    def action_pick(self, index: int) -> None:
        if self.wants_candidates and index < len(self.contest.candidates):
            self.cursor = index
            self._toggle(self.contest.candidates[index].candidate_id)

    def action_toggle_cursor(self) -> None:
        if self.wants_candidates and self.contest.candidates:
            self._toggle(self.contest.candidates[self.cursor].candidate_id)

    def _toggle(self, candidate_id: str) -> None:
        if candidate_id in self.chosen:
            self.chosen.remove(candidate_id)
        elif self.contest.seats == 1:
            self.chosen = [candidate_id]  # one vote: choosing another candidate replaces the first
        else:
            self.chosen.append(candidate_id)
        self._show()

    def action_move(self, step: int) -> None:
        if self.wants_candidates and self.contest.candidates:
            self.cursor = min(max(self.cursor + step, 0), len(self.contest.candidates) - 1)
            self._show()

    def action_head(self, head: str) -> None:
        if self.wants_head and head in self.contest.heads:
            self.head = head
            self._show()

    def action_objected(self) -> None:
        if self.wants_head:
            self.objected = not self.objected
            self._show()

    # --- recording ------------------------------------------------------------------

    def build_step(self) -> Step:
        order = [c.candidate_id for c in self.contest.candidates]
        candidates = sorted(self.chosen, key=order.index) if self.wants_candidates else []
        paper = self.reconsider.paper_ref if self.reconsider is not None else ""
        what = f"paper {paper}" if paper else f"a doubtful paper from table {self.table_id}"
        return step(f"{MODE_TITLES[self.mode]} {what}", f"{MODE_TITLES[self.mode]}: {what} decided",
                    "count.adjudicate", contest_id=self.contest.contest_id, table_id=self.table_id,
                    decision=self.mode, candidate_ids=candidates, head=self.head if self.wants_head else "",
                    objected=self.objected and self.wants_head, paper_ref=paper)

    def action_record(self) -> None:
        if self.sending:
            return
        self.sending = True
        decision = self.build_step()
        self.query_one("#decision-outcome", OutcomePanel).show_pending(f"{decision.title}…")
        run_step(self, self.session, decision)

    def on_command_finished(self, finished: CommandFinished) -> None:
        self.sending = False
        if finished.applied:
            self.dismiss(finished)
        else:
            show_finished(self.query_one("#decision-outcome", OutcomePanel), finished)

    def action_cancel(self) -> None:
        if not self.sending:
            self.dismiss(None)
