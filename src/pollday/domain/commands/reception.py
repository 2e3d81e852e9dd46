"""Receiving ballot boxes at the count: check-in, seals, packets, custody (reference §1.5)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, register
from pollday.domain.commands.election import the_election
from pollday.domain.roles import Permission
from pollday.domain.stages import BoxState, PollState
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time


class SealCondition(StrEnum):
    INTACT = "intact"
    DAMAGED = "damaged"


class Location(StrEnum):
    RECEPTION = "reception"
    VERIFICATION = "verification"
    COUNT = "count"
    STORAGE = "storage"


class PacketStatus(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


# The packets a presiding officer makes up at close of poll (reference §1.3), as checked at reception.
PACKETS: dict[str, str] = {
    "bpa": "Ballot paper account",
    "unused_spoilt": "Unused and spoilt ballot papers",
    "tendered_papers": "Tendered ballot papers (do not open)",
    "tendered_votes_list": "Tendered votes list",
    "marked_register": "Marked copy of the register and proxy list (do not open)",
    "cnl": "Corresponding number list (do not open)",
    "certificates_of_employment": "Certificates of employment on duty (do not open)",
    "lists_packet": "Packet of lists (assisted voters, PO-marked votes, alterations)",
    "bprl": "Ballot paper refusal list",
    "videf": "Voter ID evaluation form",
    "postal_accepted": "Postal votes handed in: accepted",
    "postal_rejected": "Postal votes handed in: rejected (do not open)",
    "ps_log": "Polling station log",
}


def person_name(view: StateView, username: str) -> str:
    user = view.get("users", (username,))
    return user["full_name"] if user else username


def box_or_refuse(view: StateView, box_id: str) -> dict[str, Any]:
    """A polling station box or a postal ballot box, as one shape; refused if unknown."""
    box = view.get("boxes", (box_id,))
    if box is not None:
        return {"box_id": box_id, "contest_id": box["contest_id"], "station_id": box["station_id"],
                "seals": box["seals"], "postal": False}
    postal = view.get("postal_boxes", (box_id,))
    if postal is not None:
        return {"box_id": box_id, "contest_id": postal["contest_id"], "station_id": None, "seals": [],
                "postal": True}
    raise Refused(f"box {box_id} is not a box of this election: check the label, or ask the count manager")


def receipt_or_refuse(view: StateView, box_id: str) -> dict[str, Any]:
    receipt = view.get("box_receipts", (box_id,))
    if receipt is None:
        raise Refused(f"box {box_id} has not been checked in yet: check it in at reception first")
    return receipt


def refuse_if_signed_off(view: StateView, contest_id: str) -> None:
    signed = view.get("contest_verification", (contest_id,))
    if signed is not None and signed["signed_off"]:
        raise Refused(
            f"verification of {contest_id} was signed off at {uk_time(signed['signed_off_at'])} by "
            f"{person_name(view, signed['signed_off_by'] or '')}: its figures are locked until the RO reopens it"
        )


def custody_event(view: StateView, ctx: CommandContext, box_id: str, location: Location, note: str) -> Change:
    number = view.count("custody_events", box_id=box_id) + 1
    return Put("custody_events", {
        "box_id": box_id, "number": number, "location": location.value, "note": note,
        "at": ctx.at.isoformat(), "by": ctx.actor,
    })


@register
@dataclass(frozen=True)
class CheckInBox(Command):
    name: ClassVar[str] = "box.check_in"
    summary: ClassVar[str] = "Check in a ballot box"
    permission: ClassVar[Permission | None] = Permission.RECEIVE_BOXES

    box_id: str
    delivered_by: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box = box_or_refuse(view, self.box_id)
        if the_election(view)["poll_state"] != PollState.CLOSED and not box["postal"]:
            raise Refused("the poll has not been closed yet: polling station boxes are checked in after 22:00")
        receipt = view.get("box_receipts", (self.box_id,))
        if receipt is not None:
            raise Refused(
                f"box {self.box_id} already checked in at {uk_time(receipt['arrived_at'])} by "
                f"{person_name(view, receipt['received_by'])}"
            )
        if not self.delivered_by.strip():
            raise Refused("say who delivered the box (the presiding officer or collector)")
        changes: list[Change] = [
            Put("box_receipts", {
                "box_id": self.box_id, "arrived_at": ctx.at.isoformat(), "received_by": ctx.actor,
                "delivered_by": self.delivered_by.strip(), "seals_done": not box["seals"],
                "location": Location.RECEPTION.value, "location_at": ctx.at.isoformat(),
            }),
            custody_event(view, ctx, self.box_id, Location.RECEPTION, f"delivered by {self.delivered_by.strip()}"),
        ]
        if box["postal"]:
            changes.append(Patch("postal_boxes", (self.box_id,), {"state": BoxState.RECEIVED.value}))
        else:
            changes.append(Patch("boxes", (self.box_id,), {"state": BoxState.RECEIVED.value}))
        return changes


@register
@dataclass(frozen=True)
class RecordSeal(Command):
    name: ClassVar[str] = "box.seal"
    summary: ClassVar[str] = "Record a seal on a box"
    permission: ClassVar[Permission | None] = Permission.RECEIVE_BOXES

    box_id: str
    seal: str
    condition: SealCondition = SealCondition.INTACT

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box = box_or_refuse(view, self.box_id)
        receipt = receipt_or_refuse(view, self.box_id)
        seal = self.seal.strip()
        if not seal:
            raise Refused("the seal number is empty: scan or type it")
        if receipt["seals_done"]:
            raise Refused(f"the seals of box {self.box_id} were already finished; record a problem as a note")
        previous = view.get("seal_checks", (self.box_id, seal))
        if previous is not None:
            raise Refused(f"seal {seal} is already recorded on box {self.box_id} ({previous['status']})")
        note = ""
        if seal in box["seals"]:
            status = self.condition.value
        else:
            status = "unexpected"
            owner = next((b["box_id"] for b in view.rows("boxes") if seal in b["seals"]), None)
            note = f"issued to box {owner}" if owner else "not issued to any box"
            if self.condition == SealCondition.DAMAGED:
                note += ", damaged"
        return [Put("seal_checks", {
            "box_id": self.box_id, "seal": seal, "status": status, "note": note,
            "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class FinishSeals(Command):
    name: ClassVar[str] = "box.seals_done"
    summary: ClassVar[str] = "Finish checking a box's seals"
    permission: ClassVar[Permission | None] = Permission.RECEIVE_BOXES

    box_id: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box = box_or_refuse(view, self.box_id)
        receipt = receipt_or_refuse(view, self.box_id)
        if receipt["seals_done"]:
            raise Refused(f"the seals of box {self.box_id} are already finished")
        seen = {row["seal"] for row in view.rows("seal_checks", box_id=self.box_id)}
        changes: list[Change] = [
            Put("seal_checks", {
                "box_id": self.box_id, "seal": seal, "status": "missing", "note": "not found on the box at reception",
                "at": ctx.at.isoformat(), "by": ctx.actor,
            })
            for seal in box["seals"] if seal not in seen
        ]
        changes.append(Patch("box_receipts", (self.box_id,), {"seals_done": True}))
        return changes


@register
@dataclass(frozen=True)
class RecordPacket(Command):
    name: ClassVar[str] = "box.packet"
    summary: ClassVar[str] = "Tick a packet on the station checklist"
    permission: ClassVar[Permission | None] = Permission.RECEIVE_BOXES

    station_id: str
    packet: str
    status: PacketStatus
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        if view.get("stations", (self.station_id,)) is None:
            raise Refused(f"station {self.station_id} is not a polling station of this election")
        if self.packet not in PACKETS:
            raise Refused(f"'{self.packet}' is not a packet on the checklist; the packets are: {', '.join(PACKETS)}")
        if self.status == PacketStatus.MISSING and not self.note.strip():
            raise Refused("say what happened to the missing packet (e.g. 'PO phoned, bringing it at 00:30')")
        return [Put("packets", {
            "station_id": self.station_id, "packet": self.packet, "status": self.status.value,
            "note": self.note.strip(), "at": ctx.at.isoformat(), "by": ctx.actor,
        })]


@register
@dataclass(frozen=True)
class MoveBox(Command):
    name: ClassVar[str] = "box.move"
    summary: ClassVar[str] = "Record where a box is"
    permission: ClassVar[Permission | None] = Permission.RECEIVE_BOXES

    box_id: str
    location: Location
    note: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        box = box_or_refuse(view, self.box_id)
        receipt = receipt_or_refuse(view, self.box_id)
        if receipt["location"] == self.location:
            raise Refused(f"box {self.box_id} is already at {self.location.value}")
        if self.location == Location.COUNT:
            signed = view.get("contest_verification", (box["contest_id"],))
            if signed is None or not signed["signed_off"]:
                raise Refused(
                    f"box {self.box_id} belongs to {box['contest_id']}, whose verification is not signed off: "
                    "it goes to verification, not the count"
                )
        return [
            Patch("box_receipts", (self.box_id,), {"location": self.location.value, "location_at": ctx.at.isoformat()}),
            custody_event(view, ctx, self.box_id, self.location, self.note.strip()),
        ]
