"""The versions of a contest's result as the results screen shows them (reference §3.5, §3.6, §4.1).

One view per provisional result, in order; each knows the version before it, so a recount's
effect shows as a change beside every figure. When the contest is declared, the view of the
declared version carries the declared figures instead: the lot's extra vote, the elected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pollday.domain.timefmt import uk_time
from pollday.tui.count_readings import ContestCount, lot_note


@dataclass(frozen=True)
class ResultView:
    version: int
    round: int
    heading: str
    declared: bool
    figures: dict[str, Any]  # the stored snapshot: votes, valid_papers, rejected, winners, turnouts, ...
    previous: dict[str, Any] | None  # the previous version's figures, for the change beside each figure
    previous_version: int | None
    lot_note: str | None
    lot_winners: tuple[str, ...]

    def marker(self, candidate_id: str) -> str:
        """ELECTED once declared; before that who the provisional figures put in and who is tied."""
        if self.declared:
            return "ELECTED" if candidate_id in self.figures.get("elected", ()) else ""
        if candidate_id in self.figures["winners"]:
            return "would win"
        if candidate_id in self.lot_winners:
            return "wins by lot"
        if candidate_id in self.figures["tied_for_last_seat"]:
            return "TIED"
        return ""

    def change(self, now: int, before: int | None) -> str:
        if self.previous is None or before is None:
            return ""
        return "0" if now == before else f"{now - before:+,}"


def result_views(contest: ContestCount) -> tuple[ResultView, ...]:
    views = []
    total = len(contest.versions)
    declared = contest.declared
    for number, version in enumerate(contest.versions):
        previous = contest.versions[number - 1] if number else None
        is_declared = declared is not None and declared["version"] == version.version
        figures = declared["figures"] if is_declared and declared is not None else version.figures
        lot = figures.get("lot") if is_declared else (contest.lot if number == total - 1 else None)
        winners = tuple(lot["winners"]) if lot else ()
        if is_declared and declared is not None:
            heading = (f"DECLARED at {uk_time(declared['at'])} · from provisional result {version.version} of "
                       f"{total} · round {version.round}")
        else:
            heading = (f"PROVISIONAL RESULT {version.version} of {total} · round {version.round} · prepared at "
                       f"{version.at} by {version.by}")
        views.append(ResultView(
            version=version.version, round=version.round, heading=heading, declared=is_declared, figures=figures,
            previous=previous.figures if previous else None, previous_version=previous.version if previous else None,
            lot_note=lot_note(contest, winners) if winners else None, lot_winners=winners,
        ))
    return tuple(views)
