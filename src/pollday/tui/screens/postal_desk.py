"""Postal opening: check each covering envelope's postal voting statement (docs/postal.md).

The desk shows the open session and the batch being opened. Staff scan the PVS barcode
(or type the ballot paper number), type the date of birth as written and press m/d/b/w
for the signature (y/n first only when something is missing from the envelope):
`postal.check_pvs` records it and the banner says what the system proposes, in words:
accept, or reject with the statutory reason(s), or refer (e.g. day and month swapped)
for the RO. Refusals (a PVS scanned twice, a number not on the list, a cancelled pack,
a date that is not a date) come back from the services with their reason; the desk
never decides.

F2 shows the session chooser (postal_session.py): open or close a session, count a
batch of covering envelopes and choose the batch being opened, open and seal postal
ballot boxes. F3 shows the RO's queue. Every command, from any of them, joins one queue
run in a worker thread, in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from pollday.domain.payloads import PayloadKind, ScanVerdict, read_scan
from pollday.services.session import Session
from pollday.tui.messages import ScanReceived
from pollday.tui.screens.postal_chooser import CHOOSER, IDLE, ChooserScreen
from pollday.tui.screens.postal_footer import SteadyFooter
from pollday.tui.screens.postal_form import PvsEntry, PvsForm
from pollday.tui.screens.postal_jobs import PostalJob, PostalOutcome, run_job
from pollday.tui.screens.postal_queue import AdjudicationPanel
from pollday.tui.screens.postal_session import SessionPanel
from pollday.tui.screens.postal_words import PostalReading, read_postal, status_text
from pollday.tui.shell import shell_of
from pollday.tui.widgets.header import PolldayHeader
from pollday.tui.widgets.scan_banner import ScanBanner, sentence
from pollday.tui.widgets.scan_field import ScanField


class PvsScanField(ScanField):
    """Hands each line to the desk at once, in the Enter key's own handler.

    Then the form has the focus before the keys typed after the scan are handled, so a
    scan and the answers arriving in one burst all land in the right place.
    """

    def post_message(self, message: Message) -> bool:
        screen = self.screen if self.is_attached else None
        if isinstance(message, ScanReceived) and isinstance(screen, PostalDeskScreen):
            screen.take_scan(message.text)
            return True
        return super().post_message(message)


class PostalDeskScreen(ChooserScreen):
    AUTO_FOCUS = "#pd-scan"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_chooser", "Session", key_display="F2"),
        Binding("f3", "toggle_queue", "RO queue", key_display="F3"),
    ]

    CSS = """
    PostalDeskScreen #pd-body { padding: 0 1; height: 1fr; }
    PostalDeskScreen #pd-title { height: 1; text-style: bold; color: yellow; }
    PostalDeskScreen #pd-status { height: auto; color: #e0e0e0; }
    PostalDeskScreen #pd-scan { width: 1fr; }
    PostalDeskScreen #pd-queue, PostalDeskScreen #pd-session { display: none; }
    PostalDeskScreen.-queue #pd-queue, PostalDeskScreen.-session #pd-session { display: block; }
    PostalDeskScreen.-queue #pd-scan, PostalDeskScreen.-queue #pd-form { display: none; }
    PostalDeskScreen.-session #pd-scan, PostalDeskScreen.-session #pd-form { display: none; }
    PostalDeskScreen.-session #pd-status { display: none; }
    """

    class CheckFinished(Message):
        def __init__(self, outcome: PostalOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._jobs: deque[PostalJob] = deque()
        self._job_running = False
        self._awaiting_envelope_a: PvsEntry | None = None  # numbers did not match: the next scan is envelope A's
        self.checks_answered = 0  # every command answered (checks, decisions, the chooser's): tests wait on it

    @property
    def busy(self) -> bool:
        return self._job_running or bool(self._jobs)

    def compose(self) -> ComposeResult:
        # PolldayScreen's layout, with a footer that does not rebuild itself at every focus change.
        yield PolldayHeader()
        yield from self.compose_body()
        yield SteadyFooter()

    def compose_body(self) -> ComposeResult:
        with Vertical(id="pd-body"):
            yield Static("Postal opening · checking PVSs", id="pd-title", markup=False)
            yield Static("Reading the election…", id="pd-status", markup=False)
            yield PvsScanField(id="pd-scan", placeholder="scan the PVS, or type the ballot paper number, Enter")
            yield PvsForm(id="pd-form", submit=self.take_entry, scan_field="#pd-scan")
            yield AdjudicationPanel(id="pd-queue")
            yield SessionPanel(id="pd-session", on_scan_key=self.scan_key_in_chooser)
            yield ScanBanner(id="pd-banner", idle_text=IDLE)

    # --- reading ------------------------------------------------------------------------

    def make_reader(self) -> Callable[[], PostalReading]:
        service, with_queue = shell_of(self).service, self.may_adjudicate
        return lambda: read_postal(service.store.view(), with_queue)

    def show_reading(self, reading: PostalReading) -> None:
        first = self.reading is None
        self.reading = reading
        title = f"Postal opening · {reading.session_name}" if reading.session_id else "Postal opening"
        self.query_one("#pd-title", Static).update(title)
        self.query_one("#pd-status", Static).update(status_text(reading, self.current_batch))
        self.show_panels(reading)
        if first and not reading.session_id:
            self.show_mode(CHOOSER)  # nothing can be checked yet: start where a session is opened

    # --- scanning -------------------------------------------------------------------------

    def on_scan_received(self, message: ScanReceived) -> None:
        """A label read by the serial scanner (keyboard scans and typing come through take_scan)."""
        message.stop()
        self.take_scan(message.text)

    def take_scan(self, text: str) -> None:
        if self.showing_queue or self.showing_chooser:
            self.show_mode("")  # a scan means the next envelope: back to checking
        number = self._ballot_number(text)
        if number is None:
            return
        waiting, self._awaiting_envelope_a = self._awaiting_envelope_a, None
        if waiting is not None:
            self.take_entry(replace(waiting, envelope_a_number=number))
            return
        form = self.query_one("#pd-form", PvsForm)
        form.clear(number)
        self.query_one("#pd-banner", ScanBanner).show_idle(
            f"Ballot paper {number}: what was in the covering envelope?")
        self.set_focus(form)

    def _ballot_number(self, text: str) -> str | None:
        banner = self.query_one("#pd-banner", ScanBanner)
        identity = shell_of(self).identity
        mode = "rehearsal" if identity.is_rehearsal else "official"
        reading = read_scan(text, identity.election_id, mode)
        if reading.verdict == ScanVerdict.NOT_A_PAYLOAD:
            number = text.strip().upper()
            if not number or " " in number:
                banner.show_refused(f"Not a ballot paper number: {text.strip()}",
                                    "Scan the PVS barcode, or type the number printed on it.")
                return None
            return number
        if not banner.show_for_reading(reading):
            return None
        assert reading.payload is not None
        if reading.payload.kind != PayloadKind.POSTAL_STATEMENT:
            banner.show_refused("Not a postal voting statement",
                                f"That label is a {reading.payload.kind.name.lower().replace('_', ' ')}: "
                                "scan the barcode on the PVS.")
            return None
        return reading.payload.body

    # --- recording -------------------------------------------------------------------------

    @on(PvsForm.Problem)
    def _form_problem(self, message: PvsForm.Problem) -> None:
        message.stop()
        self.query_one("#pd-banner", ScanBanner).show_warning("Not recorded yet", message.text)

    @on(PvsForm.Submitted)
    def _form_submitted(self, message: PvsForm.Submitted) -> None:
        message.stop()
        self.take_entry(message.entry)

    def take_entry(self, entry: PvsEntry) -> None:
        reading = self.reading
        batch = self.current_batch
        banner = self.query_one("#pd-banner", ScanBanner)
        if reading is None or not reading.session_id or not batch:
            banner.show_refused("Not recorded: no batch to open",
                                status_text(reading) if reading else "Still reading the election.")
            return
        form = self.query_one("#pd-form", PvsForm)
        if entry.pvs_present and entry.envelope_a_present and not entry.numbers_match and not entry.envelope_a_number:
            self._awaiting_envelope_a = entry
            form.clear()
            self.set_focus(self.query_one("#pd-scan", ScanField))
            banner.show_idle(f"Ballot paper {entry.ballot_number}: the numbers do not match. Scan or type the "
                             "number on envelope A, Enter.")
            return
        command = {"cmd": "postal.check_pvs",
                   "args": {"session_id": reading.session_id, "batch": batch, **entry.command_args()}}
        form.clear()
        self.set_focus(self.query_one("#pd-scan", ScanField))
        self.run_job(PostalJob(command, entry.ballot_number, entry=entry))

    def run_job(self, job: PostalJob) -> None:
        """Queue a command: they run one at a time, in order, in a worker thread."""
        self._jobs.append(job)
        self._start_next()

    def _start_next(self) -> None:
        if self._job_running or not self._jobs:
            return
        job = self._jobs.popleft()
        self._job_running = True
        self.query_one("#pd-banner", ScanBanner).show_pending(f"Recording {job.subject}…")
        service, session = shell_of(self).service, self.session
        self.run_worker(lambda: self.post_message(self.CheckFinished(run_job(service, session, job))),
                        thread=True, group="postal-check", exit_on_error=False)

    def on_postal_desk_screen_check_finished(self, message: CheckFinished) -> None:
        self._job_running = False
        outcome = message.outcome
        banner = self.query_one("#pd-banner", ScanBanner)
        if not outcome.applied:
            banner.show_refused(f"REFUSED: {outcome.job.subject}", sentence(outcome.reason))
        elif outcome.words is not None:
            words = outcome.words
            if words.tone == "accepted":
                banner.show_accepted(words.heading, words.detail)
            else:
                banner.show_warning(words.heading, words.detail)
        if outcome.applied and outcome.job.command["cmd"] == "postal.count_envelopes":
            self.after_count(outcome.job.command["args"])
        self.checks_answered += 1
        self.reload()
        self._start_next()
