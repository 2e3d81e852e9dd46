"""The reception desk: scan a box label, check its seals, tick its packets, key its ballot paper account.

Everything arrives as a ScanReceived (serial scanner, keyboard wedge or typed in the scan
field) or as a key; each is handled in turn by reception_queue, and what it means is
decided by reception_flow from the last reading of the store (reference §1.3-1.5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType

from pollday.domain.commands.reception import Location, PacketStatus, SealCondition
from pollday.domain.payloads import CommandCard
from pollday.domain.roles import Permission
from pollday.domain.timefmt import uk_time
from pollday.services.election_service import Result
from pollday.tui.messages import ScanReceived
from pollday.tui.reception_readings import BoxSummary
from pollday.tui.screens.box_board import BoxBoardScreen
from pollday.tui.screens.box_history import BoxHistoryScreen
from pollday.tui.screens.reception_bpa import BpaForm
from pollday.tui.screens.reception_flow import (
    BPA_STEPS,
    SKIPPABLE,
    ScanKind,
    Step,
    classify,
    code_not_name,
    issued_seal,
    next_step,
    prompt_for,
)
from pollday.tui.screens.reception_paperwork import PaperworkDesk
from pollday.tui.screens.reception_views import seal_result
from pollday.tui.screens.reception_widgets import PacketChecklist
from pollday.tui.widgets.entry_field import EntryField


class ReceptionScreen(PaperworkDesk):
    """ReceptionScreen(session): the desk the lead routes the "reception" desk key to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("f2", "card('SEALS-OK')", "Seals intact"),
        Binding("f3", "card('SEAL-BAD')", "Seal damaged"),
        Binding("f4", "card('NEXT')", "Next step"),
        Binding("f5", "open_box", "Open box"),
        Binding("f6", "history", "History"),
        Binding("f7", "board", "Board"),
        Binding("f8", "to_verification", "To verification"),
        Binding("f9", "settle", "Settle BPA"),
    ]

    # --- what comes in ---------------------------------------------------------------

    def on_scan_received(self, message: ScanReceived) -> None:
        message.stop()
        text = message.text
        self.enqueue(lambda: self._handle_scan(text))

    def on_entry_field_entered(self, event: EntryField.Entered) -> None:
        # The scan field posts ScanReceived itself; these are the desk's own questions.
        event.stop()
        value = event.value
        if event.field.id == "delivered-field":
            self.enqueue(lambda: self._delivered_by_entered(value))
        elif event.field.id == "note-field":
            self.enqueue(lambda: self._record_missing(value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only the keys that do something now are in the footer: at 80 columns it holds five or six.
        seals_open = self.step == Step.SEALS
        between_boxes = self.step in (Step.NEXT_BOX, Step.DONE, Step.BPA_DIFFERENCES)
        shown = {
            "card": seals_open if parameters and parameters[0] != "NEXT" else self.step in SKIPPABLE,
            "history": self.box_id is not None or self.last_refused_box is not None,
            "open_box": between_boxes,
            "to_verification": between_boxes and self.box is not None and self.box.seals_done,
            "settle": self.step == Step.BPA_DIFFERENCES and self.session.may(Permission.SUPERVISE_VERIFICATION),
        }
        return shown.get(action, True)

    def action_card(self, card: str) -> None:
        self.enqueue(lambda: self._handle_card(CommandCard(card)))

    def action_open_box(self) -> None:
        self.enqueue(self._start_opening)

    def action_to_verification(self) -> None:
        self.enqueue(self._to_verification)

    def action_history(self) -> None:
        box_id = self.box_id or self.last_refused_box
        if box_id is not None:
            self.app.push_screen(BoxHistoryScreen(box_id))

    def action_board(self) -> None:
        self.app.push_screen(BoxBoardScreen())

    def action_back(self) -> None:
        # Escape first closes whatever question is open; only then does it leave the desk.
        if self.missing_packet is not None:
            self.missing_packet = None
        elif self.step == Step.DELIVERED_BY:
            self.banner.show_idle(f"Box {self.box_id} not checked in. Scan the next box label.")
            self._forget_box()
        elif self.opening:
            self.opening = False
        else:
            self.app.pop_screen()
            return
        self._refresh_view()

    # --- scans -------------------------------------------------------------------------

    def _handle_scan(self, text: str) -> None:
        if self.reading is None:
            return
        box = self.box
        if self.step == Step.DELIVERED_BY and box is not None and box.presiding_officer:
            seal = issued_seal(text.strip(), box)
            if seal is not None:
                # The first seal scanned says the presiding officer brought the box: the fastest check-in.
                self._check_in(box.presiding_officer, then_seal=seal)
                return
        detail = self.detail
        scan = classify(text, self.reading, detail.box if self.step == Step.SEALS and detail else None)
        if scan.kind == ScanKind.REFUSED:
            self.banner.show_refused(scan.heading, scan.reason)
        elif scan.kind == ScanKind.CARD:
            self._handle_card(CommandCard(scan.value))
        elif scan.kind == ScanKind.SEAL:
            if self.step == Step.SEALS:
                self._record_seal(scan.value)
            else:
                self.banner.show_refused("No seals are being checked",
                                         f"Seal {scan.value}: scan the box label first, then its seals.")
        elif scan.kind == ScanKind.BOX:
            self._handle_box(scan.value)

    def _handle_box(self, box_id: str) -> None:
        assert self.reading is not None
        box = self.reading.boxes.get(box_id)
        if box is None:
            self.banner.show_refused("Unknown box", f"box {box_id} is not a box of this election: "
                                                    "check the label, or ask the count manager")
            return
        current = self.detail
        if self.step == Step.SEALS and current is not None:
            if box_id == self.box_id:
                self.banner.show_warning(f"Box {box_id} is open already", "Scan its seals, then 'Seals intact'.")
            else:
                self.banner.show_refused(
                    f"Finish box {self.box_id} first",
                    f"Its seals are open ({current.seals_checked} of {len(current.box.seals)} scanned): scan the "
                    f"rest, then the 'Seals intact' card. Then scan box {box_id} again.")
            return
        if self.opening:
            self._open_box(box)
        elif box.received:
            self._refuse_second_check_in(box)
        else:
            self._take_box(box)

    def _take_box(self, box: BoxSummary) -> None:
        left = self._unfinished_work()
        self._forget_box()
        self.box_id = box.box_id
        self.step = Step.DELIVERED_BY
        self.banner.show_pending(f"Box {box.box_id} label read: who delivered it?{left}")
        self.after_fresh_reading()

    def _unfinished_work(self) -> str:
        detail = self.detail
        if detail is None or not detail.box.received:
            return ""
        undone = []
        if detail.unticked_packets:
            undone.append(f"{len(detail.unticked_packets)} packet(s) not ticked")
        if detail.bpa is not None and detail.bpa.first is None:
            undone.append("no BPA keyed")
        return f"\nLeft on box {detail.box.box_id}: {', '.join(undone)} (F5 opens it)" if undone else ""

    def _refuse_second_check_in(self, box: BoxSummary) -> None:
        # The command gives the reason (when and by whom), and the attempt is journaled like any other.
        def then(result: Result | None, problem: str) -> None:
            self.last_refused_box = box.box_id
            reason = result.reason if result is not None else problem
            self.banner.show_refused(f"Box {box.box_id} already checked in", f"{reason}. F5 opens it to continue.")
            self.refresh_bindings()

        self.run_command("box.check_in", {"box_id": box.box_id, "delivered_by": box.delivered_by or "not asked"},
                         then)

    def _delivered_by_entered(self, value: str) -> None:
        box, reading = self.box, self.reading
        if self.step != Step.DELIVERED_BY or box is None or reading is None:
            return
        code = code_not_name(value, reading, box)
        if code is None:
            self._check_in(value)
        elif code.kind == ScanKind.SEAL and box.presiding_officer:
            self._check_in(box.presiding_officer, then_seal=code.value)
        elif code.kind == ScanKind.CARD and code.value == CommandCard.CONFIRM:
            self._check_in(box.presiding_officer)
        else:
            self.query_one("#delivered-field", EntryField).value = box.presiding_officer
            self.banner.show_warning(f"That was a code, not a name: {value.strip()}",
                                     f"Who delivered box {box.box_id}? Press Enter, or type the name.")

    def _check_in(self, delivered_by: str, then_seal: str | None = None) -> None:
        box = self.box
        if self.step != Step.DELIVERED_BY or box is None:
            return

        def then(result: Result | None, problem: str) -> None:
            if result is not None and result.applied:
                seals = f"Now scan its {len(box.seals)} seals." if box.seals else "It has no seals to check."
                self.banner.show_accepted(f"Box {box.box_id} checked in",
                                          f"Delivered by {delivered_by.strip()}. {seals}")
                if then_seal is not None:
                    self.enqueue_first(lambda: self._handle_scan(then_seal))
                return
            self.banner.show_refused(f"Box {box.box_id} not checked in", result.reason if result else problem)
            self.check_in_sent = None
            if self.detail is not None and self.detail.box.received:
                self._forget_box()  # someone else's check-in won: the box is not this desk's to continue
            self._refresh_view()

        self.check_in_sent = box.box_id
        self.run_command("box.check_in", {"box_id": box.box_id, "delivered_by": delivered_by}, then)

    # --- command cards and their keys ----------------------------------------------------

    def _handle_card(self, card: CommandCard) -> None:
        handlers: dict[CommandCard, Callable[[], None]] = {
            CommandCard.SEALS_INTACT: self._seals_intact,
            CommandCard.SEAL_DAMAGED: self._seal_damaged,
            CommandCard.NEXT_BOX: self._next,
            CommandCard.UNDO_LAST: self._undo,
            CommandCard.CONFIRM: self._confirm,
        }
        handlers[card]()

    def _seals_intact(self) -> None:
        detail = self.detail
        if self.step != Step.SEALS or detail is None:
            self.banner.show_warning("No seals are open", "'Seals intact' finishes a box's seals: scan a box first.")
            return
        unchecked = detail.unchecked_seals
        if unchecked and not self.finish_warned:
            self.finish_warned = True
            self.banner.show_warning(
                f"{len(unchecked)} seal(s) of box {detail.box.box_id} not scanned: {', '.join(unchecked)}",
                "Scan them, or press 'Seals intact' again to record them MISSING.")
            return
        box_id = detail.box.box_id

        def then(result: Result | None, problem: str) -> None:
            if result is None or not result.applied:
                self.banner.show_refused(f"Seals of box {box_id} not finished", result.reason if result else problem)
                return
            after = self.detail
            problems = after.seal_problems if after is not None else ()
            if problems:
                # Recorded, not refused: amber on the banner, red in the seal list.
                self.banner.show_warning(f"Box {box_id}: SEAL PROBLEMS recorded",
                                         "; ".join(p.text for p in problems))
            else:
                self.banner.show_accepted(f"Box {box_id}: all {len(detail.box.seals)} seals intact")

        self.run_command("box.seals_done", {"box_id": box_id}, then)

    def _seal_damaged(self) -> None:
        if self.step != Step.SEALS:
            self.banner.show_warning("No seals are open", "'Seal damaged' marks the next seal scanned on a box.")
            return
        self.next_seal_damaged = True
        self.banner.show_warning("Next seal: DAMAGED", "Scan the damaged seal now.")
        self._refresh_view()

    def _record_seal(self, seal: str) -> None:
        box_id = self.box_id
        condition = SealCondition.DAMAGED if self.next_seal_damaged else SealCondition.INTACT
        self.next_seal_damaged = False
        self.finish_warned = False

        def then(result: Result | None, problem: str) -> None:
            if result is None or not result.applied:
                self.banner.show_refused(f"Seal {seal} not recorded", result.reason if result else problem)
                return
            detail = self.detail
            line = next((s for s in detail.seals if s.seal == seal), None) if detail else None
            if line is None or detail is None:
                return
            heading, note, good = seal_result(line, detail)
            (self.banner.show_accepted if good else self.banner.show_warning)(heading, note)

        self.run_command("box.seal", {"box_id": box_id, "seal": seal, "condition": condition.value}, then)

    def _next(self) -> None:
        if self.step == Step.SEALS:
            self.banner.show_warning("Finish the seals first", "Scan each seal, then 'Seals intact' (F2).")
            return
        if self.step == Step.DELIVERED_BY:
            self.action_back()
            return
        if self.step not in SKIPPABLE:
            return
        detail = self.detail
        if self.step == Step.PACKETS and detail is not None and detail.unticked_packets:
            self.banner.show_warning(f"{len(detail.unticked_packets)} packet(s) not ticked",
                                     "They stay on the exceptions list for this station.")
        self.skipped.add(self.step)
        if detail is not None:
            self.step = next_step(detail, self.session.username, frozenset(self.skipped), self.settling)
        self._refresh_view()

    def _undo(self) -> None:
        if self.next_seal_damaged:
            self.next_seal_damaged = False
            self.banner.show_idle("Damaged mark cancelled: the next seal is recorded as intact.")
            self._refresh_view()
        elif self.step == Step.DELIVERED_BY or self.missing_packet is not None:
            self.action_back()
        else:
            self.banner.show_warning("Nothing to undo here",
                                     "What is recorded stays in the journal: a supervisor records any correction.")

    def _confirm(self) -> None:
        if self.step == Step.DELIVERED_BY:
            self._check_in(self.query_one("#delivered-field", EntryField).value)
        elif self.step == Step.SEALS and self.finish_warned:
            self._seals_intact()
        elif self.step == Step.PACKETS and self.missing_packet is None:
            self.query_one(PacketChecklist).action_mark(PacketStatus.PRESENT.value)
        elif self.step in BPA_STEPS:
            form = self.query_one(BpaForm)
            reason = self.query_one("#bpa-reason", EntryField).value
            self._submit_bpa(form.values(), reason)
        else:
            self.banner.show_warning("Nothing to confirm", prompt_for(self.step, self.box, self.detail))

    # --- opening a box again, and moving it on ---------------------------------------------

    def _start_opening(self) -> None:
        if self.step == Step.SEALS:
            self.banner.show_warning(f"Finish box {self.box_id} first", "Its seals are open.")
            return
        refused = self.reading.boxes.get(self.last_refused_box or "") if self.reading else None
        if refused is not None:
            self.last_refused_box = None
            self._open_box(refused)
            return
        self.opening = True
        self._refresh_view()

    def _open_box(self, box: BoxSummary) -> None:
        self.opening = False
        if not box.received:
            self.banner.show_warning(f"Box {box.box_id} has not been checked in",
                                     "Scan its label to check it in.")
            self._refresh_view()
            return
        self._forget_box()
        self.box_id = box.box_id
        self.step = Step.DONE  # until the box's own reading says where it stands
        self.banner.show_accepted(f"Box {box.box_id} opened",
                                  f"Checked in at {uk_time(box.arrived_at)} by {box.received_by}.")
        self.after_fresh_reading()

    def _to_verification(self) -> None:
        box = self.box
        if box is None or not box.received:
            return

        def then(result: Result | None, problem: str) -> None:
            if result is not None and result.applied:
                self.banner.show_accepted(f"Box {box.box_id} sent to verification", "Recorded in its custody history.")
            else:
                self.banner.show_refused(f"Box {box.box_id} not moved", result.reason if result else problem)

        self.run_command("box.move", {"box_id": box.box_id, "location": Location.VERIFICATION.value,
                                      "note": "from reception"}, then)
