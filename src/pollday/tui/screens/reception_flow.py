"""The reception desk's rules of the road, kept free of widgets so they can be tested on their own.

What a scanned or typed code means depends on where the clerk is with the current box:
a seal number is only a seal number while that box's seals are open, and a box label
scanned then is a mistake (reference §1.5). What the clerk should do next follows from
what the store says about the box, so the screen recomputes it after every reading and
the desk picks up where another terminal, or a restart, left the box.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from pollday.domain.payloads import KIND_LABELS, CommandCard, PayloadKind, ScanVerdict, read_scan
from pollday.tui.reception_readings import BoxDetail, BoxSummary, ReceptionReading


class Step(StrEnum):
    NEXT_BOX = "next_box"  # nothing open: scan a box label
    DELIVERED_BY = "delivered_by"  # a label was scanned: who brought the box?
    SEALS = "seals"
    PACKETS = "packets"
    BPA_FIRST = "bpa_first"
    BPA_SECOND = "bpa_second"
    BPA_DIFFERENCES = "bpa_differences"  # two keyings disagree: shown until someone moves on
    BPA_SETTLE = "bpa_settle"  # a supervisor enters the agreed figures
    DONE = "done"


# Steps whose work the clerk may leave for later: what was not done stays on the exceptions.
SKIPPABLE = frozenset({Step.PACKETS, Step.BPA_FIRST, Step.BPA_SECOND, Step.BPA_DIFFERENCES, Step.BPA_SETTLE})
BPA_STEPS = frozenset({Step.BPA_FIRST, Step.BPA_SECOND, Step.BPA_SETTLE})
CARD_NAMES = {
    CommandCard.SEALS_INTACT: "Seals intact",
    CommandCard.SEAL_DAMAGED: "Seal damaged",
    CommandCard.UNDO_LAST: "Undo",
    CommandCard.NEXT_BOX: "Next",
    CommandCard.CONFIRM: "Confirm",
}


def next_step(detail: BoxDetail, username: str, skipped: frozenset[Step], settling: bool = False) -> Step:
    """Where the reception of a checked-in box stands for this clerk."""
    if not detail.box.received:
        return Step.DELIVERED_BY
    if not detail.box.seals_done:
        return Step.SEALS
    if detail.unticked_packets and Step.PACKETS not in skipped:
        return Step.PACKETS
    bpa = detail.bpa
    if bpa is None or bpa.agreed is not None:
        return Step.DONE
    if bpa.first is None:
        bpa_packet = detail.packet("bpa")
        # A BPA recorded missing is given by phone to a supervisor, not keyed at the desk.
        if (bpa_packet is not None and bpa_packet.status == "missing") or Step.BPA_FIRST in skipped:
            return Step.DONE
        return Step.BPA_FIRST
    if bpa.second is None:
        # The second keying is the optional cross-check (reference §2.2): never by the first keyer.
        if bpa.first.by_username != username and Step.BPA_SECOND not in skipped:
            return Step.BPA_SECOND
        return Step.DONE
    if bpa.awaiting_supervisor and Step.BPA_DIFFERENCES not in skipped:
        return Step.BPA_SETTLE if settling else Step.BPA_DIFFERENCES
    return Step.DONE


def box_name(box: BoxSummary) -> str:
    return f"box {box.box_id}"


def seal_progress(detail: BoxDetail) -> str:
    return f"{detail.seals_checked} of {len(detail.box.seals)} done"


def prompt_for(step: Step, box: BoxSummary | None, detail: BoxDetail | None, next_seal_damaged: bool = False,
               opening: bool = False) -> str:
    """The one sentence that tells the clerk what to do now."""
    if opening:
        return "Scan or type the box to open: its reception goes on where it stopped (Esc cancels)"
    if step == Step.NEXT_BOX or box is None:
        return "Scan the next box label"
    station = f"station {box.station_id}" if box.station_id else box.place
    if step == Step.DELIVERED_BY:
        if not box.presiding_officer:
            return f"Who delivered {box_name(box)}? Type the name and press Enter"
        return (f"Who delivered {box_name(box)}? Enter (or its first seal) for {box.presiding_officer}, "
                "the presiding officer; or type the collector's name")
    if step == Step.SEALS:
        if next_seal_damaged:
            return f"Scan the DAMAGED seal on {box_name(box)}: it is recorded as damaged"
        progress = f" ({seal_progress(detail)})" if detail is not None else ""
        return f"Scan each seal on {box_name(box)}{progress}, then the 'Seals intact' card (F2)"
    if step == Step.PACKETS:
        return f"Tick the packets for {station}: Space present, m missing, n not applicable; F4 when done"
    if step == Step.BPA_FIRST:
        return f"Enter the ballot paper account for {station}: Enter moves on, Enter on the last figure records it"
    if step == Step.BPA_SECOND:
        return f"Key the ballot paper account for {station} a second time, from the paper (F4 skips)"
    if step == Step.BPA_DIFFERENCES:
        return f"The two keyings of {station}'s BPA differ: a supervisor settles them. Scan the next box label"
    if step == Step.BPA_SETTLE:
        return "Enter the agreed figures from the paper BPA and the reason; Enter on the reason records them"
    return f"{box_name(box).capitalize()} done. Scan the next box label"


class ScanKind(StrEnum):
    BOX = "box"
    CARD = "card"
    SEAL = "seal"
    REFUSED = "refused"
    NOTHING = "nothing"  # an empty line: a stray Enter


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    value: str = ""  # the box number, the card or the seal number
    heading: str = ""  # for a refusal: what went wrong, in a few words
    reason: str = ""  # for a refusal: why, and what to do


REFUSAL_HEADINGS = {
    ScanVerdict.BAD_CHECK: "Check character wrong",
    ScanVerdict.OTHER_MODE: "Label of the other database",
    ScanVerdict.OTHER_ELECTION: "Label of another election",
}


def issued_seal(text: str, box: BoxSummary | None) -> str | None:
    """The issued spelling of a seal typed in any case, so 'he-1001' matches HE-1001."""
    if box is None:
        return None
    return next((seal for seal in box.seals if seal.upper() == text.upper()), None)


def _typed_box(text: str, reading: ReceptionReading) -> str | None:
    """A box number typed from a label whose barcode will not read."""
    return next((box_id for box_id in reading.boxes if box_id.upper() == text.upper()), None)


def code_not_name(raw: str, reading: ReceptionReading, box: BoxSummary) -> Scan | None:
    """A code that landed in the delivered-by field (a scanner types wherever the focus is).

    Returns what it is, or None when it may well be a person's name.
    """
    seal = issued_seal(raw.strip(), box)
    if seal is not None:
        return Scan(ScanKind.SEAL, seal)
    if read_scan(raw, reading.election_id, reading.mode).verdict == ScanVerdict.NOT_A_PAYLOAD:
        return None
    return classify(raw, reading, None)


def classify(raw: str, reading: ReceptionReading, seals_of: BoxSummary | None) -> Scan:
    """What one code means at this desk; `seals_of` is the box whose seals are open, if any."""
    text = raw.strip()
    if not text:
        return Scan(ScanKind.NOTHING)
    scan = read_scan(text, reading.election_id, reading.mode)
    payload = scan.payload
    if scan.valid and payload is not None:
        if payload.kind == PayloadKind.BOX:
            return Scan(ScanKind.BOX, payload.body)
        if payload.kind == PayloadKind.SEAL:
            return Scan(ScanKind.SEAL, issued_seal(payload.body, seals_of) or payload.body)
        if payload.kind == PayloadKind.COMMAND and payload.body in set(CommandCard):
            return Scan(ScanKind.CARD, payload.body)
        return Scan(ScanKind.REFUSED, text, f"Not for this desk: {KIND_LABELS[payload.kind]}",
                    f"a {KIND_LABELS[payload.kind]} ({payload.body}) is not used at reception: "
                    "scan a box label, a seal or a reception command card")
    if scan.verdict == ScanVerdict.NOT_A_PAYLOAD:
        if seals_of is not None:
            return Scan(ScanKind.SEAL, issued_seal(text, seals_of) or text.upper())
        typed = _typed_box(text, reading)
        if typed is not None:
            return Scan(ScanKind.BOX, typed)
        return Scan(ScanKind.REFUSED, text, "Not a box label",
                    f"'{text}' is not a box label or a box number of this election: scan the box label, "
                    "or type the number printed on it")
    if scan.verdict == ScanVerdict.BAD_CHECK and issued_seal(text, seals_of) is not None:
        # A maker's seal number can happen to look like a pollday code; it is still this box's seal.
        return Scan(ScanKind.SEAL, issued_seal(text, seals_of) or text)
    return Scan(ScanKind.REFUSED, text, REFUSAL_HEADINGS.get(scan.verdict, "Not accepted"), scan.reason)
