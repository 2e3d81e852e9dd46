"""The station's paperwork at the reception desk: the packet checklist and the ballot paper account.

A missing packet needs a note (the command refuses one without it, and the desk asks);
a BPA that does not add up is confirmed before it is recorded as written; two keyings
that differ wait for a supervisor, who types only the figures they disagree on.
"""

from __future__ import annotations

from typing import Any

from pollday.domain.commands.reception import PACKETS, PacketStatus
from pollday.domain.roles import Permission
from pollday.services.election_service import Result
from pollday.tui.reception_readings import FIGURE_LABELS
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.reception_bpa import BpaForm, figures_or_zero
from pollday.tui.screens.reception_desk import ReceptionDesk
from pollday.tui.screens.reception_flow import BPA_STEPS, Step, next_step
from pollday.tui.screens.reception_widgets import PacketChecklist


class PaperworkDesk(ReceptionDesk):
    def on_packet_checklist_marked(self, message: PacketChecklist.Marked) -> None:
        message.stop()
        packet, status = message.packet, message.status
        self.enqueue(lambda: self._mark_packet(packet, status))

    def on_bpa_form_submitted(self, message: BpaForm.Submitted) -> None:
        message.stop()
        values, reason = message.values, message.reason
        self.enqueue(lambda: self._submit_bpa(values, reason))

    def action_settle(self) -> None:
        self.enqueue(self._settle)

    # --- packets ------------------------------------------------------------------------

    def _mark_packet(self, packet: str, status: PacketStatus) -> None:
        if self.step != Step.PACKETS:
            return
        if status == PacketStatus.MISSING:
            self.missing_packet = packet
            self.banner.show_warning(f"Missing: {PACKETS[packet]}",
                                     "Type what happened (who was phoned, when it will come) and press Enter.")
            self._refresh_view()
            return
        self._record_packet(packet, status, "")

    def _record_missing(self, note: str) -> None:
        if self.missing_packet is not None:
            self._record_packet(self.missing_packet, PacketStatus.MISSING, note)

    def _record_packet(self, packet: str, status: PacketStatus, note: str) -> None:
        box = self.box
        if box is None or box.station_id is None:
            return

        def then(result: Result | None, problem: str) -> None:
            label = PACKETS[packet]
            if result is None or not result.applied:
                # The missing-packet question stays open: the refusal says what the note needs.
                self.banner.show_refused(f"{label}: not recorded", result.reason if result else problem)
                return
            if status == PacketStatus.MISSING:
                self.missing_packet = None
                self.banner.show_warning(f"{label}: recorded MISSING", note)
                self.query_one(PacketChecklist).move_past(packet)
                self._refresh_view()
            else:
                self.banner.show_accepted(f"{label}: {status.value.replace('_', ' ')}")

        self.run_command("box.packet", {"station_id": box.station_id, "packet": packet, "status": status.value,
                                        "note": note}, then)

    # --- the ballot paper account -------------------------------------------------------

    def _submit_bpa(self, values: dict[str, int | None], reason: str) -> None:
        detail = self.detail
        if self.step not in BPA_STEPS or detail is None or detail.bpa is None:
            return
        form = self.query_one(BpaForm)
        blank = form.blank_required()
        if blank is not None:
            self.banner.show_warning(f"{FIGURE_LABELS[blank]} is blank", "Type it from the paper BPA.")
            form.focus_figure(blank)
            return
        figures = figures_or_zero(values)
        bpa = detail.bpa
        args: dict[str, Any] = {"station_id": bpa.station_id, "contest_id": bpa.contest_id, **figures}
        if self.step == Step.BPA_SETTLE:
            self.run_command("bpa.resolve", {**args, "reason": reason}, self._bpa_settled)
            return
        args["keying"] = "second" if self.step == Step.BPA_SECOND else "first"
        problems = form.problems()
        if not problems:
            self.run_command("bpa.record", args, self._bpa_recorded)
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed:
                self.enqueue(lambda: self.run_command("bpa.record", args, self._bpa_recorded))
            else:
                form.focus_figure("ordinary_received")

        self.app.push_screen(ConfirmScreen("The account does not add up. Record it as written on the paper?",
                                           "; ".join(problems)), callback=answered)

    def _bpa_recorded(self, result: Result | None, problem: str) -> None:
        if result is None or not result.applied:
            self.banner.show_refused("BPA not recorded", result.reason if result else problem)
            return
        detail = self.detail
        bpa = detail.bpa if detail is not None else None
        if bpa is None:
            return
        if bpa.differences:
            self.banner.show_warning(f"Second keying DIFFERS from the first in {len(bpa.differences)} figure(s)",
                                     "; ".join(f"{d.label}: {d.first:,} then {d.second:,}" for d in bpa.differences))
        elif bpa.second is not None:
            self.banner.show_accepted("Second keying matches the first", "The BPA goes to verification.")
        elif bpa.first is not None and bpa.first.problems:
            self.banner.show_warning("BPA recorded as written: it does not add up", "; ".join(bpa.first.problems))
        else:
            self.banner.show_accepted(f"BPA recorded for station {bpa.station_id}", "The account adds up.")

    def _settle(self) -> None:
        if self.step == Step.BPA_DIFFERENCES and self.session.may(Permission.SUPERVISE_VERIFICATION):
            self.settling = True
            detail = self.detail
            if detail is not None:
                self.step = next_step(detail, self.session.username, frozenset(self.skipped), self.settling)
            self._refresh_view()

    def _bpa_settled(self, result: Result | None, problem: str) -> None:
        if result is None or not result.applied:
            self.banner.show_refused("BPA not settled", result.reason if result else problem)
            return
        self.settling = False
        self.banner.show_accepted("BPA settled", "The agreed figures go to verification.")
