"""What the postal desk shows besides checking: the session chooser (F2) and the RO's queue (F3).

Kept apart from the checking itself (postal_desk.py) so each file says one thing. The
chooser's keys ask for a form or a confirmation here; what comes back is a PostalJob,
run with every other command of the desk (`run_job`), in order, in a worker thread.
"""

from __future__ import annotations

from textual import events, on
from textual.widgets import Static

from pollday.domain.roles import Permission
from pollday.services.session import Session
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.postal_chooser_forms import CountBatchForm, OpenBoxForm
from pollday.tui.screens.postal_jobs import PostalJob, box_sealed, papers, session_closed
from pollday.tui.screens.postal_queue import AdjudicationPanel
from pollday.tui.screens.postal_session import SessionPanel
from pollday.tui.screens.postal_session_forms import OpenSessionForm
from pollday.tui.screens.postal_words import PostalReading, status_text
from pollday.tui.shell import shell_of
from pollday.tui.widgets.scan_banner import ScanBanner
from pollday.tui.widgets.scan_field import ScanField

IDLE = "Scan a PVS, or type its ballot paper number and press Enter."
CHOOSER_IDLE = "Sessions, batches and boxes: the keys are below. A scan goes straight back to checking."
QUEUE, CHOOSER = "-queue", "-session"


class ChooserScreen(LiveScreen[PostalReading]):
    """The modes of the postal desk and the chooser's actions; the desk itself checks PVSs."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.reading: PostalReading | None = None
        self._chosen: tuple[str, str] = ("", "")  # (session, batch) the operator chose to work on
        self._queue_shown: tuple[tuple[str, str], ...] | None = None  # what the RO's table holds now

    def run_job(self, job: PostalJob) -> None:
        raise NotImplementedError(f"{type(self).__name__} must define run_job()")

    @property
    def banner(self) -> ScanBanner:
        return self.query_one("#pd-banner", ScanBanner)

    @property
    def current_batch(self) -> str:
        """The batch being opened: the one chosen in this session, else the first with envelopes left."""
        reading = self.reading
        if reading is None:
            return ""
        session_id, batch = self._chosen
        if session_id == reading.session_id and reading.batch_row(batch) is not None:
            return batch
        return reading.batch

    def show_panels(self, reading: PostalReading) -> None:
        """After each reading: the panel on show, and the RO's queue the first time."""
        if self.may_adjudicate and (self.showing_queue or self._queue_shown is None):
            self._show_queue(reading)
        if self.showing_chooser:
            self.query_one("#pd-session", SessionPanel).show(reading, self.current_batch)

    def _show_queue(self, reading: PostalReading) -> None:
        # Rebuilding the RO's table costs the event loop a row each: only when the queue changed.
        shown = tuple((r["pvs_number"], r["proposal"]) for r in reading.queue)
        if shown != self._queue_shown:
            self._queue_shown = shown
            self.query_one("#pd-queue", AdjudicationPanel).show_queue(list(reading.queue))

    # --- modes --------------------------------------------------------------------------------

    @property
    def may_adjudicate(self) -> bool:
        return self.session.may(Permission.POSTAL_ADJUDICATE)

    @property
    def showing_queue(self) -> bool:
        return self.has_class(QUEUE)

    @property
    def showing_chooser(self) -> bool:
        return self.has_class(CHOOSER)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_queue":
            return self.may_adjudicate
        return True

    def show_mode(self, mode: str) -> None:
        """QUEUE, CHOOSER, or "" for checking PVSs."""
        self.remove_class(QUEUE, CHOOSER)
        if mode == QUEUE:
            self.add_class(QUEUE)
            if self.reading is not None:
                self._show_queue(self.reading)
            self.set_focus(self.query_one("#pd-queue", AdjudicationPanel).table)
        elif mode == CHOOSER:
            self.add_class(CHOOSER)
            if self.banner.kind == "idle":
                self.banner.show_idle(CHOOSER_IDLE)
            panel = self.query_one("#pd-session", SessionPanel)
            if self.reading is not None:
                panel.show(self.reading, self.current_batch)
            panel.focus_tables()
        else:
            if self.banner.kind == "idle" and self.banner.text.endswith(CHOOSER_IDLE):
                self.banner.show_idle(IDLE)
            # At once, not focus()'s next turn: keys already queued (a label being scanned) must follow it.
            self.set_focus(self.query_one("#pd-scan", ScanField))

    def action_toggle_queue(self) -> None:
        self.show_mode("" if self.showing_queue else QUEUE)

    def action_toggle_chooser(self) -> None:
        self.show_mode("" if self.showing_chooser else CHOOSER)

    def action_back(self) -> None:
        if self.showing_queue or self.showing_chooser:
            self.show_mode("")  # Escape leaves the panel first, then the desk
            return
        super().action_back()

    def scan_key_in_chooser(self, event: events.Key) -> None:
        """A keyboard-wedge scan typed while the chooser has the keys: back to checking, the label with it."""
        self.show_mode("")
        self.query_one("#pd-scan", ScanField).post_message(events.Key(event.key, event.character))

    # --- what the panels ask ----------------------------------------------------------------

    @on(AdjudicationPanel.Decided)
    def _decided(self, message: AdjudicationPanel.Decided) -> None:
        message.stop()
        decision = message.decision
        self.run_job(PostalJob(decision.command(), decision.ballot_number, decision=decision))

    @on(SessionPanel.Asked)
    def _asked(self, message: SessionPanel.Asked) -> None:
        message.stop()
        reading = self.reading
        if reading is None:
            return
        if message.action == "new_session":
            if reading.session_id:
                self.banner.show_refused(f"{reading.session_name} ({reading.session_id}) is open",
                                         "Close it (x) before opening another: one session is open at a time.")
                return
            self.app.push_screen(OpenSessionForm(reading, shell_of(self).clock.now()), self._form_done)
        elif not reading.session_id:
            self.banner.show_refused("No opening session is open", "Press n to open one first.")
        elif message.action == "choose":
            self._chosen = (reading.session_id, message.target)
            self.show_mode("")
            self.query_one("#pd-status", Static).update(status_text(reading, self.current_batch))
            self.banner.show_idle(f"Opening batch {message.target}. {IDLE}")
        elif message.action == "count":
            self.app.push_screen(CountBatchForm(reading, self.current_batch), self._form_done)
        elif message.action == "open_box":
            self.app.push_screen(OpenBoxForm(reading), self._form_done)
        elif message.action == "seal":
            self._ask_to_seal(reading, message.target)
        elif message.action == "close":
            self._ask_to_close(reading)

    def _ask_to_seal(self, reading: PostalReading, box_id: str) -> None:
        box = next((b for b in reading.box_rows if b.box_id == box_id), None)
        if box is None or box.state != "open":
            self.banner.show_refused("No open box highlighted",
                                     "Move to an open postal ballot box in the right-hand table (Tab), then s.")
            return
        job = PostalJob({"cmd": "postal.seal_box", "args": {"box_id": box_id}}, title=f"sealing box {box_id}",
                        words=box_sealed(box_id))
        consequence = (f"It holds {papers(box.papers)}: its postal ballot paper account will be {box.papers}, and "
                       "verification counts the box against it. Sealing cannot be undone.")
        if box.papers == 0:
            consequence = "It is empty, so it is withdrawn: no account, nothing to verify."
        self.app.push_screen(ConfirmScreen(f"Seal postal ballot box {box_id} ({box.contest})?", consequence),
                             lambda yes: self._confirmed(job, yes))

    def _ask_to_close(self, reading: PostalReading) -> None:
        sid = reading.session_id
        job = PostalJob({"cmd": "postal.close_session", "args": {"session_id": sid}}, title=f"closing session {sid}",
                        words=session_closed(sid))
        self.app.push_screen(ConfirmScreen(f"Close {reading.session_name} ({sid})?",
                                           "Refused while a box is open, a PVS awaits the RO, or counted envelopes "
                                           "are not all opened."),
                             lambda yes: self._confirmed(job, yes))

    def _confirmed(self, job: PostalJob, yes: bool | None) -> None:
        if yes:
            self.run_job(job)

    def _form_done(self, job: PostalJob | None) -> None:
        if job is not None:
            self.run_job(job)

    def after_count(self, args: dict[str, str]) -> None:
        """A batch just counted is the one to open next, unless the one being opened still has envelopes."""
        reading = self.reading
        current = reading.batch_row(self.current_batch) if reading is not None else None
        if current is None or current.complete:
            self._chosen = (args["session_id"], args["batch"])
