"""A contest's result on the whole screen: bars, votes, shares, who is elected or tied, and every version.

Everyone signed in may see it (the VIEW permission). p and n step through the provisional
versions, each beside the one before it, so what a recount moved is plain; once declared,
the declared figures and the note of any lot replace the final version's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from pollday.domain.election import CONTEST_KIND_LABELS
from pollday.services.election_service import ElectionService
from pollday.tui.count_readings import ContestCount, read_all_counts
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.count_choose import ChooseContestScreen
from pollday.tui.screens.count_view import gate
from pollday.tui.screens.results_model import ResultView, result_views
from pollday.tui.screens.results_render import candidate_table, summary
from pollday.tui.shell import shell_of


@dataclass(frozen=True)
class ResultsReading:
    contest: ContestCount
    choices: tuple[tuple[str, str], ...]  # every contest (ID, name), for choosing another


def read_results(service: ElectionService, contest_id: str | None) -> ResultsReading:
    """One contest's count; with no contest named, the first with a result (else the first of all)."""
    counts = read_all_counts(service)
    if contest_id is None and counts:
        contest: ContestCount | None = next((c for c in counts if c.versions), counts[0])
    else:
        contest = next((c for c in counts if c.contest_id == contest_id), None)
    if contest is None:
        raise KeyError(f"'{contest_id}' is not a contest of this election")
    return ResultsReading(contest, tuple((c.contest_id, f"{c.name} · {c.stage_label}") for c in counts))


class ResultsScreen(LiveScreen[ResultsReading]):
    DEFAULT_CSS = """
    ResultsScreen #results-body {
        padding: 0 1;
    }
    ResultsScreen #results-title {
        text-style: bold;
        color: yellow;
    }
    ResultsScreen #results-heading {
        text-style: bold;
        padding: 0 1;
        background: #5f5f00;
    }
    ResultsScreen #results-heading.declared {
        background: #005f00;
    }
    ResultsScreen #results-candidates, ResultsScreen #results-summary {
        margin-top: 1;
    }
    ResultsScreen #results-lot {
        margin-top: 1;
        text-style: bold;
        color: #80ff80;
    }
    ResultsScreen #results-versions {
        margin-top: 1;
        color: #c0c0c0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "step_version(-1)", "Previous version"),
        Binding("n", "step_version(1)", "Next version"),
        Binding("c", "choose_contest", "Contest"),
    ]

    def __init__(self, contest_id: str | None = None) -> None:
        """`contest_id` None (as from the command palette): the first contest with a result."""
        super().__init__()
        self.contest_id = contest_id
        self.reading: ResultsReading | None = None
        self.version: int | None = None  # the version shown; None follows the latest as results come in

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="results-body"):
            yield Static("Results: reading…", id="results-title", markup=False)
            yield Static("", id="results-heading", markup=False)
            yield Static("", id="results-candidates", markup=False)
            yield Static("", id="results-lot", markup=False)
            yield Static("", id="results-summary", markup=False)
            yield Static("", id="results-versions", markup=False)

    def make_reader(self) -> Callable[[], ResultsReading]:
        service, contest_id = shell_of(self).service, self.contest_id
        return lambda: read_results(service, contest_id)

    def show_reading(self, reading: ResultsReading) -> None:
        self.reading = reading
        self.contest_id = reading.contest.contest_id
        self._redraw()

    @property
    def shown(self) -> ResultView | None:
        """The version on screen."""
        if self.reading is None:
            return None
        views = result_views(self.reading.contest)
        if not views:
            return None
        return next((v for v in views if v.version == self.version), views[-1])

    def _redraw(self) -> None:
        if self.reading is None:
            return
        contest = self.reading.contest
        kind = CONTEST_KIND_LABELS[contest.kind]
        self.query_one("#results-title", Static).update(f"Results · {contest.name} · {kind} · {contest.seats_text}")
        view = self.shown
        heading = self.query_one("#results-heading", Static)
        lot = self.query_one("#results-lot", Static)
        if view is None:
            heading.update("No provisional result yet")
            heading.set_classes("")
            self.query_one("#results-candidates", Static).update(gate(contest)[1])
            lot.display = False
            self.query_one("#results-summary", Static).update("")
            self.query_one("#results-versions", Static).update("")
            return
        heading.update(view.heading)
        heading.set_classes("declared" if view.declared else "")
        width = max(self.size.width or self.app.size.width, 40) - 3  # the body's padding and scrollbar
        self.query_one("#results-candidates", Static).update(candidate_table(contest, view, width))
        lot.update(view.lot_note or "")
        lot.display = view.lot_note is not None
        self.query_one("#results-summary", Static).update(summary(contest, view))
        self.query_one("#results-versions", Static).update(self._versions_line(contest, view))

    @staticmethod
    def _versions_line(contest: ContestCount, view: ResultView) -> str:
        listed = ", ".join(
            f"[{v.version}]" if v.version == view.version else str(v.version) for v in contest.versions)
        changes = (f" Changes are against provisional result {view.previous_version}."
                   if view.previous_version is not None else "")
        return f"Provisional results: {listed} (p previous, n next).{changes}"

    def on_resize(self, _event: events.Resize) -> None:
        self._redraw()

    def action_step_version(self, step: int) -> None:
        if self.reading is None:
            return
        numbers = [v.version for v in self.reading.contest.versions]
        view = self.shown
        if view is None:
            return
        index = min(max(numbers.index(view.version) + step, 0), len(numbers) - 1)
        # Back at the latest, follow new versions again as recounts produce them.
        self.version = None if index == len(numbers) - 1 else numbers[index]
        self._redraw()

    def action_choose_contest(self) -> None:
        if self.reading is not None:
            self.app.push_screen(ChooseContestScreen(list(self.reading.choices), self.contest_id),
                                 callback=self._chosen)

    def _chosen(self, contest_id: str | None) -> None:
        if contest_id is not None and contest_id != self.contest_id:
            self.contest_id = contest_id
            self.version = None
            self.reload()
