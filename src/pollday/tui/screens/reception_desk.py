"""The reception desk's screen itself: its layout, what it reads, and how each step is laid out.

The steps' handlers are in reception_paperwork (packets, BPA) and reception (scans,
seals, cards); this part knows where the clerk is and shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Label, Static

from pollday.domain.timefmt import uk_time
from pollday.services.session import Session
from pollday.tui.reception_readings import BoxDetail, BoxSummary, ReceptionReading, read_reception
from pollday.tui.screens.reception_bpa import BpaForm
from pollday.tui.screens.reception_flow import BPA_STEPS, Step, next_step, prompt_for
from pollday.tui.screens.reception_queue import CommandQueueScreen
from pollday.tui.screens.reception_style import RECEPTION_CSS
from pollday.tui.screens.reception_views import box_line, done_text, idle_text
from pollday.tui.screens.reception_widgets import PacketChecklist, differences_text, exceptions_text, seal_text
from pollday.tui.shell import shell_of
from pollday.tui.widgets.entry_field import EntryField
from pollday.tui.widgets.scan_banner import ScanBanner
from pollday.tui.widgets.scan_field import ScanField

WORK_VIEWS = {Step.SEALS: "work-seals", Step.PACKETS: "work-packets", Step.BPA_FIRST: "work-bpa",
              Step.BPA_SECOND: "work-bpa", Step.BPA_SETTLE: "work-bpa", Step.BPA_DIFFERENCES: "work-differences",
              Step.DELIVERED_BY: "work-seals"}


class ReceptionDesk(CommandQueueScreen[ReceptionReading]):
    CSS = RECEPTION_CSS
    AUTO_FOCUS = "#scan-field"

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.reading: ReceptionReading | None = None
        self.box_id: str | None = None  # the box being received at this desk
        self.step = Step.NEXT_BOX
        self.skipped: set[Step] = set()  # steps of this box the clerk chose to leave for later
        self.settling = False
        self.next_seal_damaged = False
        self.finish_warned = False  # 'Seals intact' pressed once with seals not yet scanned
        self.opening = False  # F5: the next box scanned is opened, not checked in
        self.last_refused_box: str | None = None  # a box scanned again: F5 opens it
        self.missing_packet: str | None = None  # the packet whose note is being asked for
        self.check_in_sent: str | None = None  # the box this desk asked to check in
        self._laid_out: tuple[str | None, Step, str | None] | None = None

    # --- layout --------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Vertical(id="reception-body"):
            yield Static("Reading the election…", id="reception-next", markup=False)
            yield ScanBanner(id="reception-banner", idle_text="Scan a box label, or type its code or number.")
            with Horizontal(classes="reception-row"):
                yield Label("Scan:", classes="reception-row-label")
                yield ScanField(id="scan-field", classes="reception-entry")
            with Horizontal(classes="reception-row", id="delivered-row"):
                yield Label("Delivered by:", classes="reception-row-label")
                yield EntryField(id="delivered-field", classes="reception-entry")
            with Horizontal(classes="reception-row", id="note-row"):
                yield Label("What happened:", classes="reception-row-label")
                yield EntryField(id="note-field", classes="reception-entry", clear_on_enter=True,
                                 placeholder="e.g. PO phoned, bringing it at 00:30")
            yield Static("", id="reception-box")
            with ContentSwitcher(id="reception-work", initial="work-idle"):
                yield Static("", id="work-idle")
                yield Static("", id="work-seals")
                with Vertical(id="work-packets"):
                    yield PacketChecklist(typing_goes_to="#scan-field", id="packets-list")
                    yield Static("", id="packets-exceptions")
                yield BpaForm(id="work-bpa")
                yield Static("", id="work-differences")

    def on_mount(self) -> None:
        self.query_one("#delivered-row").display = False
        self.query_one("#note-row").display = False

    @property
    def banner(self) -> ScanBanner:
        return self.query_one("#reception-banner", ScanBanner)

    @property
    def box(self) -> BoxSummary | None:
        if self.reading is None or self.box_id is None:
            return None
        return self.reading.boxes.get(self.box_id)

    @property
    def detail(self) -> BoxDetail | None:
        """The current box as last read; None while the reading still shows another box."""
        current = self.reading.current if self.reading is not None else None
        return current if current is not None and current.box.box_id == self.box_id else None

    # --- reading ---------------------------------------------------------------------

    def make_reader(self) -> Callable[[], ReceptionReading]:
        service, box_id, token = shell_of(self).service, self.box_id, self.reading_token
        return lambda: read_reception(service, box_id, token)

    def show_reading(self, reading: ReceptionReading) -> None:
        self.reading = reading
        detail = self.detail
        if detail is not None:
            if self.step == Step.DELIVERED_BY and detail.box.received and self.check_in_sent != detail.box.box_id:
                # Nobody here checked it in: another terminal did, while this desk asked who brought it.
                self.banner.show_warning(f"Box {detail.box.box_id} was checked in at another terminal",
                                         f"at {uk_time(detail.box.arrived_at)} by {detail.box.received_by}")
                self._forget_box()
            elif self.step != Step.DELIVERED_BY or detail.box.received:
                self.step = next_step(detail, self.session.username, frozenset(self.skipped), self.settling)
        self._refresh_view()
        self.reading_shown(reading.token)

    def _refresh_view(self) -> None:
        box, detail = self.box, self.detail
        self.query_one("#reception-next", Static).update(
            prompt_for(self.step, box, detail, self.next_seal_damaged, self.opening))
        box_static = self.query_one("#reception-box", Static)
        box_static.update(box_line(box) if box else "")
        # The checklist and the BPA form need the room at 80x24; their prompt already names the station.
        box_static.display = self.step not in BPA_STEPS and self.step != Step.PACKETS
        view = WORK_VIEWS.get(self.step, "work-idle") if detail is not None else "work-idle"
        self.query_one("#reception-work", ContentSwitcher).current = view
        if view == "work-idle" and self.reading is not None:
            text = done_text(detail) if detail is not None and self.step == Step.DONE else idle_text(self.reading)
            self.query_one("#work-idle", Static).update(text)
        if detail is not None:
            self.query_one("#work-seals", Static).update(seal_text(detail.seals))
            self.query_one("#packets-list", PacketChecklist).show_packets(detail.packets)
            self.query_one("#packets-exceptions", Static).update(exceptions_text(detail))
            if detail.bpa is not None:
                self.query_one("#work-differences", Static).update(differences_text(detail.bpa))
        self.query_one("#delivered-row").display = self.step == Step.DELIVERED_BY
        self.query_one("#note-row").display = self.missing_packet is not None
        laid_out = (self.box_id, self.step, self.missing_packet)
        if laid_out != self._laid_out:
            # Focus and forms change only when the step does: a re-read must not wipe what is being typed.
            self._laid_out = laid_out
            self._enter_step(box, detail)
            self.refresh_bindings()

    def _enter_step(self, box: BoxSummary | None, detail: BoxDetail | None) -> None:
        if self.step == Step.DELIVERED_BY and box is not None:
            field = self.query_one("#delivered-field", EntryField)
            field.value = box.presiding_officer or box.delivered_by
            self.set_focus(field)
        elif self.step == Step.PACKETS:
            checklist = self.query_one(PacketChecklist)
            if self.missing_packet is None:
                checklist.highlight_first_unticked()
            self.set_focus(self.query_one("#note-field") if self.missing_packet else checklist)
        elif self.step in BPA_STEPS and detail is not None and detail.bpa is not None:
            self._start_bpa_form(detail)
        else:
            self.set_focus(self.query_one("#scan-field"))

    def _start_bpa_form(self, detail: BoxDetail) -> None:
        bpa, box = detail.bpa, detail.box
        assert bpa is not None
        what = {Step.BPA_FIRST: "first keying", Step.BPA_SECOND: "second keying, from the paper",
                Step.BPA_SETTLE: "settling the differences"}[self.step]
        title = f"Ballot paper account · station {box.station_id} · {box.contest_name} · {what}"
        prefill: dict[str, int | None] | None = None
        if self.step == Step.BPA_SETTLE and bpa.first is not None:
            # Figures both keyings agree on are filled in; the ones that differ are typed from the paper.
            differing = {d.figure for d in bpa.differences}
            prefill = {k: (None if k in differing else v) for k, v in bpa.first.figures.items()}
        self.query_one(BpaForm).start(title, prefill, settling=self.step == Step.BPA_SETTLE)

    def _forget_box(self) -> None:
        self.box_id = None
        self.step = Step.NEXT_BOX
        self.skipped = set()
        self.settling = False
        self.next_seal_damaged = False
        self.finish_warned = False
        self.missing_packet = None
        self.check_in_sent = None
