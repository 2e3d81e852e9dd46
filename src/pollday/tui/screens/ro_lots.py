"""Recording the drawing of lots for a tie that decides a seat (reference §3.6).

The RO announces the method beforehand and draws in front of the candidates, agents and
observers; this records how, who watched and who won, by ballot number. The winner of the
lot is treated as having one more vote, and the declaration carries the note.
"""

from __future__ import annotations

from pollday.services.session import Session
from pollday.tui.count_readings import ContestCount
from pollday.tui.screens.count_commands import Step, step
from pollday.tui.screens.count_form import Check, CommandForm, Field


class LotsForm(CommandForm):
    def __init__(self, session: Session, contest: ContestCount) -> None:
        super().__init__(session)
        self.contest = contest
        self.title_text = f"Draw lots · {contest.name}"

    @property
    def seats_left(self) -> int:
        latest = self.contest.latest
        if latest is None:
            return 0
        return int(latest.figures["seats"]) - len(latest.figures["winners"])

    def intro(self) -> str:
        tied = self.contest.tied
        if not tied:
            return "The current provisional result shows no tie that decides a seat."
        lines = [f"Tied for the last {'seat' if self.seats_left == 1 else f'{self.seats_left} seats'}:"]
        lines += [f"  {self._ballot_number(c):>2}  {self.contest.name_of(c)}" for c in tied]
        lines.append("Type the ballot number of each winner of the lot (e.g. 4, or 4, 7).")
        return "\n".join(lines)

    def _ballot_number(self, candidate_id: str) -> int:
        return next(c.ballot_order for c in self.contest.candidates if c.candidate_id == candidate_id)

    def form_fields(self) -> list[Field]:
        return [
            Field("method", "How the lot was drawn", placeholder="e.g. names sealed in envelopes, one drawn"),
            Field("witnesses", "Witnessed by", placeholder="e.g. the candidates, their agents, EC observer"),
            Field("winners", "Winner(s) of the lot: ballot number", restrict=r"[0-9, ]*"),
        ]

    def winners(self, typed: str) -> list[str] | None:
        """The candidate IDs for the ballot numbers typed; None if a number is not a candidate's."""
        by_number = {str(c.ballot_order): c.candidate_id for c in self.contest.candidates}
        numbers = [n for n in typed.replace(",", " ").split() if n]
        if any(n not in by_number for n in numbers):
            return None
        return [by_number[n] for n in numbers]

    def checks(self, values: dict[str, str]) -> list[Check]:
        winners = self.winners(values["winners"])
        if not values["winners"].strip():
            return [Check(None, "winner: type a ballot number")]
        if winners is None:
            return [Check(False, "that is not the ballot number of a candidate")]
        names = ", ".join(self.contest.name_of(w) for w in winners)
        untied = [w for w in winners if w not in self.contest.tied]
        if untied:
            return [Check(False, f"not tied: {', '.join(self.contest.name_of(w) for w in untied)}")]
        return [Check(True, f"the lot's extra vote goes to {names}")]

    def build_step(self, values: dict[str, str]) -> Step | str:
        winners = self.winners(values["winners"])
        if not winners:
            return "type the ballot number of each winner of the lot"
        return step("Record the drawing of lots", "Lots drawn and recorded", "count.draw_lots",
                    contest_id=self.contest.contest_id, method=values["method"], witnesses=values["witnesses"],
                    winners=winners)
