"""The verification desk's F-key forms: choose a contest, explain, group, move papers, sign off, reopen.

A mixin of VerificationScreen, kept apart so each module stays small. Each action opens
a form over the desk; its answer becomes a job (verification_jobs.py) that the screen
runs and reports. The services decide everything: these only check that there is
something to act on (an account with a variance) before asking anyone to type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pollday.services.session import Session
from pollday.tui.screens.verification_dialogs import (
    ContestChooser,
    ExplainDialog,
    ExplainRequest,
    GroupDialog,
    GroupRequest,
    MovePapersDialog,
    MoveRequest,
)
from pollday.tui.screens.verification_jobs import CommandJob, explain_job, group_job, move_job, reopen_job, sign_off_job
from pollday.tui.screens.verification_pin import PinAnswer, PinDialog
from pollday.tui.screens.verification_words import lock_text, progress_text, totals_text
from pollday.tui.verification_readings import AccountLine, VerificationReading

if TYPE_CHECKING:
    from textual.app import App


class VerificationForms:
    if TYPE_CHECKING:
        # Provided by VerificationScreen; declared only for type checkers, so nothing here shadows them.
        session: Session
        reading: VerificationReading | None
        contest_id: str | None
        current_box: str

        @property
        def app(self) -> App[object]: ...

        def reload(self) -> None: ...

        def highlighted_line(self) -> AccountLine | None: ...

        def queue_from_form(self, job: CommandJob) -> None: ...

        def refuse(self, heading: str, reason: str) -> None: ...

    # --- contests ----------------------------------------------------------------------

    def action_choose_contest(self) -> None:
        if self.reading is None:
            return
        self.app.push_screen(ContestChooser(self.reading.contests, self.reading.contest_id),
                             callback=self._contest_chosen)

    def _contest_chosen(self, contest_id: str | None) -> None:
        if contest_id and contest_id != self.contest_id:
            self.contest_id = contest_id
            self.reload()

    # --- resolving variances -------------------------------------------------------------

    def _line_with_variance(self, what: str) -> AccountLine | None:
        """The highlighted account if it has a variance; otherwise say why nothing opens."""
        line = self.highlighted_line()
        if line is None:
            return None
        variance = line.account.variance
        if variance is None or variance == 0:
            why = "has no variance yet" if variance is None else "matches its BPA"
            self.refuse(f"Nothing to {what}", f"{line.account.label} {why}: highlight an account with a variance "
                                               "(Tab to the table, ↑ ↓)")
            return None
        return line

    def action_explain(self) -> None:
        line = self._line_with_variance("explain")
        if line is not None:
            self.app.push_screen(ExplainDialog(line), callback=lambda answer: self._explained(line, answer))

    def _explained(self, line: AccountLine, answer: ExplainRequest | None) -> None:
        if answer is not None:
            self.queue_from_form(explain_job(line, answer.reason_code, answer.note))

    def action_group(self) -> None:
        line = self._line_with_variance("group")
        if line is None or self.reading is None:
            return
        if line.is_postal:
            self.refuse("Nothing to group", "a postal ballot box has no neighbouring station: explain or recount it")
            return
        candidates = self.reading.stations_with_variance_beside(line)
        if len(candidates) < 2:
            self.refuse("Nothing to group", f"no other station in {line.place_name} has a variance in this contest: "
                                             "explain or recount instead")
            return
        self.app.push_screen(GroupDialog(line.place_name, candidates, line.account.account_id),
                             callback=lambda answer: self._grouped(line, answer))

    def _grouped(self, line: AccountLine, answer: GroupRequest | None) -> None:
        if answer is not None:
            self.queue_from_form(group_job(line, answer.account_ids, answer.note))

    def action_move_papers(self) -> None:
        if self.reading is None:
            return
        line = self.highlighted_line()
        box_id = self.current_box or (line.boxes[0].box_id if line else "")
        place = self.reading.box_place(box_id)
        others = tuple(c for c in self.reading.contests if place is None or c.contest_id != place.contest_id)
        self.app.push_screen(MovePapersDialog(box_id, others), callback=self._move_answered)

    def _move_answered(self, answer: MoveRequest | None) -> None:
        if answer is None or self.reading is None:
            return
        place = self.reading.box_place(answer.box_id)
        station_id = place.station_id if place else None
        self.queue_from_form(move_job(answer.box_id, station_id, answer.to_contest_id, answer.papers, answer.note))

    # --- signing off and reopening -------------------------------------------------------

    def action_sign_off(self) -> None:
        reading = self.reading
        if reading is None:
            return
        statement = f"{progress_text(reading)}. {totals_text(reading)}"
        if not reading.progress.complete:
            statement += " Not every account is verified: the services will refuse the sign-off."
        contest_id, name = reading.contest_id, reading.contest_name
        self.app.push_screen(
            PinDialog(f"Sign off the verification of {name}", statement, self.session.full_name),
            callback=lambda answer: self._sign_off_answered(contest_id, name, answer),
        )

    def _sign_off_answered(self, contest_id: str, name: str, answer: PinAnswer | None) -> None:
        if answer is not None:
            self.queue_from_form(sign_off_job(contest_id, name, answer.pin))

    def action_reopen(self) -> None:
        reading = self.reading
        if reading is None:
            return
        contest_id, name = reading.contest_id, reading.contest_name
        self.app.push_screen(
            PinDialog(f"Reopen the verification of {name}", f"{lock_text(reading)} Reopening unlocks the figures "
                      "and is journaled with your reason.", self.session.full_name, ask_reason=True),
            callback=lambda answer: self._reopen_answered(contest_id, name, answer),
        )

    def _reopen_answered(self, contest_id: str, name: str, answer: PinAnswer | None) -> None:
        if answer is not None:
            self.queue_from_form(reopen_job(contest_id, name, answer.reason, answer.pin))
