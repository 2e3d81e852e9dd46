"""The checks a count table's figures must pass, worked out as they are typed (reference §3.1, §3.2).

The services check the same rules when the figures are sent (`count.record_table`); these
only let the person at the table see a slip before sending, in the same arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass

from pollday.tui.count_readings import CandidateLine
from pollday.tui.screens.count_form import Check


@dataclass(frozen=True)
class TypedTable:
    """A table's figures as typed: None where a field is blank or not a number."""

    seats: int
    papers_given: int | None
    votes: dict[str, int | None]
    doubtful: int | None
    valid_papers: int | None  # typed for multi-seat contests only

    @property
    def blanks(self) -> int:
        figures = [self.papers_given, self.doubtful, *self.votes.values()]
        if self.seats > 1:
            figures.append(self.valid_papers)
        return sum(1 for figure in figures if figure is None)

    @property
    def total_votes(self) -> int:
        return sum(v or 0 for v in self.votes.values())


def table_checks(typed: TypedTable, candidates: tuple[CandidateLine, ...]) -> list[Check]:
    checks: list[Check] = []
    if typed.blanks:
        checks.append(Check(None, f"{typed.blanks} figure(s) still blank"))
    given = typed.papers_given
    doubtful = typed.doubtful or 0
    if typed.seats == 1:
        papers = typed.total_votes + doubtful
        checks.append(Check(
            None if given is None else papers == given,
            f"votes {typed.total_votes:,} + doubtful {doubtful:,} = {papers:,}; papers given "
            f"{'?' if given is None else f'{given:,}'}{_gap(papers, given)}",
        ))
        return checks
    valid = typed.valid_papers
    if valid is None:
        checks.append(Check(None, "valid papers: type how many papers had at least one vote counted"))
        return checks
    papers = valid + doubtful
    checks.append(Check(
        None if given is None else papers == given,
        f"valid papers {valid:,} + doubtful {doubtful:,} = {papers:,}; papers given "
        f"{'?' if given is None else f'{given:,}'}{_gap(papers, given)}",
    ))
    allowed = typed.seats * valid
    checks.append(Check(typed.total_votes <= allowed,
                        f"votes {typed.total_votes:,} ≤ {typed.seats} × {valid:,} valid papers = {allowed:,}"))
    over = [c.ballot_name for c in candidates if (typed.votes.get(c.candidate_id) or 0) > valid]
    checks.append(Check(not over, f"more votes than valid papers: {', '.join(over)}" if over
                        else "no candidate has more votes than there are valid papers"))
    return checks


def _gap(papers: int, given: int | None) -> str:
    if given is None or papers == given:
        return ""
    return f" ({papers - given:+,})"
