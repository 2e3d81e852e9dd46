"""Verification: count every box against its ballot paper account, resolve variances, sign off.

The desk shows one contest at a time (F2 chooses another at combined polls). Staff
scan a box label or type its number, type the count, Enter: the count is journaled
with who made it and the account's new state is said in words, amber while a variance
needs explaining, grouping or recounting. Supervisors explain and group; the RO or a
deputy with the verification power signs off with their PIN, which locks the figures
until the RO reopens them. Every rule is the services' (domain/commands/verification.py):
the desk shows their reasons, it never decides.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Label, Static

from pollday.domain.payloads import ScanVerdict, read_scan
from pollday.domain.roles import Permission
from pollday.domain.verification import postal_account_id, station_account_id
from pollday.services.session import Session
from pollday.tui.messages import ScanReceived
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.verification_forms import VerificationForms
from pollday.tui.screens.verification_jobs import CommandJob, JobOutcome, count_job, run_job
from pollday.tui.screens.verification_widgets import AccountsTable, VerdictPanel
from pollday.tui.screens.verification_words import (
    Tone,
    Verdict,
    account_detail,
    account_verdict,
    box_prompt,
    lock_text,
    progress_text,
    totals_text,
)
from pollday.tui.shell import shell_of
from pollday.tui.verification_readings import AccountLine, VerificationReading, box_from_code, read_verification
from pollday.tui.widgets.entry_field import EntryField

BOX_HINT = "Scan a box label or type its number, Enter; then the count, Enter. Tab: the table of accounts."


class VerificationScreen(VerificationForms, LiveScreen[VerificationReading]):
    AUTO_FOCUS = "#vf-box"

    # Function keys, because the box and count fields hold the focus and take every letter typed.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "choose_contest", "Contest", key_display="F2"),
        Binding("f3", "explain", "Explain", key_display="F3"),
        Binding("f4", "group", "Group", key_display="F4"),
        Binding("f5", "move_papers", "Move", key_display="F5"),
        Binding("f6", "sign_off", "Sign off", key_display="F6"),
        Binding("f7", "reopen", "Reopen", key_display="F7"),
    ]

    # CSS, not DEFAULT_CSS: it must win over pollday.tcss (e.g. its DataTable height); every rule names this screen.
    CSS = """
    VerificationScreen #vf-body { padding: 0 1; height: 1fr; }
    VerificationScreen #vf-title-row { height: 1; }
    VerificationScreen #vf-title { width: 1fr; text-style: bold; color: yellow; text-wrap: nowrap;
                                   text-overflow: ellipsis; }
    VerificationScreen #vf-progress { width: auto; text-style: bold; padding-left: 1; }
    VerificationScreen #vf-totals { height: auto; color: #e0e0e0; }
    VerificationScreen #vf-lock { height: auto; text-style: bold; background: #ffd700; color: black; padding: 0 1; }
    VerificationScreen #vf-entry { height: 3; }
    VerificationScreen #vf-entry Label { width: auto; padding: 1 1 0 0; text-style: bold; }
    VerificationScreen #vf-box { width: 14; }
    VerificationScreen #vf-count { width: 12; }
    VerificationScreen #vf-box-prompt { width: 1fr; height: 3; padding-left: 1; }
    VerificationScreen #vf-accounts { height: 1fr; max-height: 100%; }
    VerificationScreen #vf-detail { height: auto; max-height: 4; color: #e0e0e0; background: #1c1c1c; }
    """

    class JobFinished(Message):
        def __init__(self, outcome: JobOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, session: Session, contest_id: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.contest_id = contest_id
        self.reading: VerificationReading | None = None
        self.current_box = ""  # the box the count field is for
        self._follow_account = ""  # highlight this account once the next reading shows it
        self._jobs: deque[CommandJob] = deque()
        self._job_running = False

    @property
    def busy(self) -> bool:
        """True while a command runs or waits its turn: lets tests wait for the outcome."""
        return self._job_running or bool(self._jobs)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="vf-body"):
            with Horizontal(id="vf-title-row"):
                yield Static("Verification", id="vf-title", markup=False)
                yield Static("", id="vf-progress", markup=False)
            yield Static("Reading the election…", id="vf-totals", markup=False)
            yield Static("", id="vf-lock", markup=False)
            with Horizontal(id="vf-entry"):
                yield Label("Box")
                yield EntryField(id="vf-box", placeholder="box no.", clear_on_enter=True, focus_on_enter="#vf-count")
                yield Label("Count")
                yield EntryField(id="vf-count", placeholder="papers", clear_on_enter=True, focus_on_enter="#vf-box")
                yield Static(BOX_HINT, id="vf-box-prompt", markup=False)
            yield VerdictPanel(id="vf-verdict")
            yield AccountsTable(id="vf-accounts")
            yield Static("", id="vf-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#vf-lock", Static).display = False
        # Up to seven keys, and every one must be readable at 80 columns.
        self.query_one(Footer).compact = True

    # --- reading -------------------------------------------------------------------

    def make_reader(self) -> Callable[[], VerificationReading]:
        service, contest_id = shell_of(self).service, self.contest_id
        return lambda: read_verification(service, contest_id)

    def show_reading(self, reading: VerificationReading) -> None:
        self.reading = reading
        if self.contest_id is None:
            # Only the first reading chooses: a later one may be for a contest the desk has just left.
            self.contest_id = reading.contest_id
        self.query_one("#vf-title", Static).update(f"Verification · {reading.contest_name}")
        self.query_one("#vf-progress", Static).update(progress_text(reading))
        self.query_one("#vf-totals", Static).update(totals_text(reading))
        lock = self.query_one("#vf-lock", Static)
        lock.update(lock_text(reading))
        lock.display = reading.sign_off is not None
        table = self.query_one("#vf-accounts", AccountsTable)
        table.show_lines(reading.lines, self.size.width)
        if self._follow_account and reading.line_of(self._follow_account) is not None:
            table.highlight(self._follow_account)
            self._follow_account = ""
        self._show_detail()
        self._show_box_prompt()
        self.refresh_bindings()

    def on_resize(self, _event: events.Resize) -> None:
        # The state column takes whatever width the short columns leave.
        if self.reading is not None:
            self.query_one("#vf-accounts", AccountsTable).show_lines(self.reading.lines, self.size.width)

    def highlighted_line(self) -> AccountLine | None:
        account_id = self.query_one("#vf-accounts", AccountsTable).highlighted_account_id
        if self.reading is None or account_id is None:
            return None
        return self.reading.line_of(account_id)

    def _show_detail(self) -> None:
        line = self.highlighted_line()
        self.query_one("#vf-detail", Static).update(account_detail(line) if line else "")

    def _show_box_prompt(self) -> None:
        prompt = BOX_HINT
        reading = self.reading
        if self.current_box and reading is not None:
            line = reading.line_of_box(self.current_box)
            place = reading.box_place(self.current_box)
            if line is None and place is not None and place.contest_id != reading.contest_id:
                prompt = f"Box {self.current_box}: showing its contest…"  # until the reading for it arrives
            else:
                prompt = box_prompt(line, self.current_box)
        elif self.current_box:
            prompt = box_prompt(None, self.current_box)
        self.query_one("#vf-box-prompt", Static).update(prompt)

    @on(DataTable.RowHighlighted, "#vf-accounts")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail()

    @on(DataTable.RowSelected, "#vf-accounts")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an account: count its next box without typing the number."""
        event.stop()
        line = self.highlighted_line()
        if line is None:
            return
        box = next((b for b in line.boxes if not b.attempts), line.boxes[0])
        self._take_box_id(box.box_id)
        self.query_one("#vf-count", EntryField).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        reading = self.reading
        several = reading is not None and len(reading.contests) > 1
        if action in ("choose_contest", "move_papers"):
            return several
        if action == "sign_off":
            return self.session.may(Permission.SIGN_OFF_VERIFICATION) and reading is not None \
                and not reading.signed_off
        if action == "reopen":
            return self.session.may(Permission.REOPEN_FIGURES) and reading is not None and reading.signed_off
        return True

    # --- boxes and counts ------------------------------------------------------------

    def on_scan_received(self, message: ScanReceived) -> None:
        """A label read by the serial scanner (keyboard-wedge scans arrive as typing in the box field)."""
        message.stop()
        if self._take_code(message.text):
            self.query_one("#vf-count", EntryField).focus()

    @on(EntryField.Entered, "#vf-box")
    def _box_entered(self, event: EntryField.Entered) -> None:
        event.stop()
        # An Enter on an empty field is nothing to refuse; either way the box field keeps the focus.
        if not event.value.strip() or not self._take_code(event.value):
            self.query_one("#vf-box", EntryField).focus()

    def _take_code(self, code: str) -> bool:
        identity = shell_of(self).identity
        mode = "rehearsal" if identity.is_rehearsal else "official"
        box_ids = self.reading.box_ids if self.reading else {}
        found = box_from_code(code, box_ids, identity.election_id, mode)
        if found.problem:
            self.refuse("Not a box", found.problem)
            self.current_box = ""
            self._show_box_prompt()
            return False
        self._take_box_id(found.box_id)
        return True

    def _take_box_id(self, box_id: str) -> None:
        self.current_box = box_id
        place = self.reading.box_place(box_id) if self.reading else None
        if place is not None:
            account_id = station_account_id(place.station_id, place.contest_id) if place.station_id \
                else postal_account_id(place.box_id)
            self._follow(account_id, place.contest_id)
        self._show_box_prompt()

    def _follow(self, account_id: str, contest_id: str) -> None:
        """Highlight an account, switching to its contest first if the desk shows another."""
        if contest_id != self.contest_id:
            self.contest_id = contest_id
            self._follow_account = account_id
            self.reload()
            return
        self.query_one("#vf-accounts", AccountsTable).highlight(account_id)

    @on(EntryField.Entered, "#vf-count")
    def _count_entered(self, event: EntryField.Entered) -> None:
        event.stop()
        text = event.value.strip()
        if self._is_label(text):
            # A scanner's second read of the label (or the next box's label) landed here: it is a box, not a count.
            if self._take_code(text):
                self.query_one("#vf-count", EntryField).focus()
            return
        box = self.current_box
        if not box:
            self.refuse("No box yet", "scan the box label or type its number first, then the count")
            self.query_one("#vf-box", EntryField).focus()
            return
        if not text:
            self.query_one("#vf-count", EntryField).focus()
            return
        try:
            count = int(text)
        except ValueError:
            self.refuse(f"Box {box}: not a count", f"'{text}' is not a number of papers: type the count in figures")
            self.query_one("#vf-count", EntryField).focus()
            return
        self.current_box = ""
        self._show_box_prompt()
        self._queue(count_job(box, count))

    def _is_label(self, text: str) -> bool:
        identity = shell_of(self).identity
        mode = "rehearsal" if identity.is_rehearsal else "official"
        return read_scan(text, identity.election_id, mode).verdict != ScanVerdict.NOT_A_PAYLOAD

    # --- running commands ------------------------------------------------------------------

    def _queue(self, job: CommandJob) -> None:
        self._jobs.append(job)
        self._start_next_job()

    def queue_from_form(self, job: CommandJob) -> None:
        """After a form, start again from a box: a number typed next must not be taken as a count."""
        self.current_box = ""
        self._show_box_prompt()
        self.query_one("#vf-box", EntryField).focus()
        self._queue(job)

    def _start_next_job(self) -> None:
        if self._job_running or not self._jobs:
            return
        job = self._jobs.popleft()
        self._job_running = True
        self.query_one("#vf-verdict", VerdictPanel).show_pending(f"{job.title}…")
        service, session = shell_of(self).service, self.session
        self.run_worker(lambda: self.post_message(self.JobFinished(run_job(service, session, job))),
                        thread=True, group="verification-command", exit_on_error=False)

    def on_verification_screen_job_finished(self, message: JobFinished) -> None:
        self._job_running = False
        outcome = message.outcome
        job = outcome.job
        if not outcome.applied:
            self.refuse(f"REFUSED: {job.title}", outcome.reason)
        elif outcome.line is not None:
            self.query_one("#vf-verdict", VerdictPanel).show(account_verdict(outcome.line, job.box_id))
            self._follow(outcome.line.account.account_id, outcome.line.account.contest_id)
            self._follow_account = outcome.line.account.account_id
        else:
            seq = f"Recorded as journal entry {outcome.result.seq}." if outcome.result else ""
            detail = f"{job.done_detail} {seq}".strip()
            self.query_one("#vf-verdict", VerdictPanel).show(Verdict(Tone.GOOD, job.done, detail))
        self.reload()
        self._start_next_job()

    def refuse(self, heading: str, reason: str) -> None:
        self.app.bell()
        self.query_one("#vf-verdict", VerdictPanel).show(Verdict(Tone.REFUSED, heading, reason))
