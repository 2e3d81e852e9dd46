"""Declaring a contest's result, confirmed with the declaring officer's PIN typed again.

The PIN is asked even though someone is signed in: the terminal may have been left signed
in, and the declaration is the one step that can never be undone (reference §4.1). The
services then refuse a declaration that is not due (an open recount request, a tie with
no lot drawn, no provisional result for the current round) or not theirs to make.
"""

from __future__ import annotations

from pollday.services.session import Session
from pollday.tui.count_readings import ContestCount
from pollday.tui.screens.count_commands import Step, step
from pollday.tui.screens.count_form import CommandForm, Field


class DeclareForm(CommandForm):
    def __init__(self, session: Session, contest: ContestCount) -> None:
        super().__init__(session)
        self.contest = contest
        self.title_text = f"Declare the result · {contest.name}"

    def intro(self) -> str:
        contest = self.contest
        latest = contest.latest
        lines = [f"Declaring as {self.session.full_name}, {self.session.role_label}."]
        if latest is None:
            lines.append("There is no provisional result yet.")
        else:
            figures = latest.figures
            lot = contest.lot or {}
            elected = [*figures["winners"], *lot.get("winners", [])]
            lines.append(f"From provisional result {latest.version} (round {latest.round}):")
            for candidate in contest.candidates:
                votes = figures["votes"][candidate.candidate_id] + (candidate.candidate_id in lot.get("winners", []))
                mark = "  ELECTED" if candidate.candidate_id in elected else ""
                lines.append(f"  {candidate.ballot_name:<28}{votes:>9,}{mark}")
            if figures["tied_for_last_seat"] and not lot:
                lines.append("A tie for the last seat has no lot drawn yet.")
        lines.append("Once declared the result is final: no further recount. Type your PIN to confirm.")
        return "\n".join(lines)

    def form_fields(self) -> list[Field]:
        return [Field("pin", "Your PIN", password=True)]

    def pin_of(self, values: dict[str, str]) -> str | None:
        return values["pin"]

    def build_step(self, values: dict[str, str]) -> Step | str:
        if not values["pin"]:
            return "type your PIN, then press Enter"
        return step("Declare the result", f"{self.contest.name}: result declared", "count.declare",
                    contest_id=self.contest.contest_id)
