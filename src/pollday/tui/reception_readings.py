"""What the reception desk, the box board and a box's history read, as small immutable read models.

Built only on the services' public API and the pure domain (reference §1.3-1.5). Every
function here may wait for the store's lock, so screens call them from thread workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pollday.domain.commands.reception import PACKETS
from pollday.domain.ordering import natural_key
from pollday.domain.stages import PollState
from pollday.domain.state import StateView
from pollday.domain.timefmt import UK, uk_time
from pollday.domain.verification import BPA_FIGURES, bpa_balance_problems, bpa_figures, effective_bpa
from pollday.services.election_service import ElectionService

# The BPA's figures as the presiding officer's form names them (reference §1.4, sections A to D).
FIGURE_LABELS: dict[str, str] = {
    "ordinary_received": "Ordinary papers received",
    "issued": "Issued to voters",
    "spoilt": "Spoilt",
    "unused": "Unused",
    "tendered_received": "Tendered papers received",
    "tendered_issued": "Tendered issued",
    "tendered_spoilt": "Tendered spoilt",
    "tendered_unused": "Tendered unused",
    "tendered_list_entries": "Tendered votes list entries",
    "postal_accepted": "Postal votes handed in: accepted",
    "postal_rejected": "Postal votes handed in: rejected",
    "postal_forms": "Postal vote return forms",
}
SEAL_PROBLEMS = ("damaged", "missing", "unexpected")
UNTICKED = "unticked"  # a packet nobody has recorded yet: not a status the domain stores


def aware(iso: str) -> datetime:
    """Stored times are aware; expected arrivals are naive UK local times."""
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UK)


@dataclass(frozen=True)
class BoxSummary:
    box_id: str
    postal: bool
    station_id: str | None
    place: str  # "Station 23 St Anne's Hall" or "Postal box P1 (opening session 1)"
    short_place: str  # "St Anne's Hall" or "Postal, opening session 1": for narrow tables beside the box number
    contest_id: str
    contest_name: str
    seals: tuple[str, ...]
    presiding_officer: str  # empty for a postal ballot box
    presiding_officer_phone: str
    expected_arrival: str | None  # naive UK local time; postal boxes have none
    arrived_at: str | None
    received_by: str  # full name; empty until received
    delivered_by: str
    seals_done: bool
    location: str

    @property
    def received(self) -> bool:
        return self.arrived_at is not None


@dataclass(frozen=True)
class SealLine:
    seal: str
    status: str  # "unchecked", "intact", "damaged", "missing" or "unexpected"
    note: str
    at: str | None
    by: str

    @property
    def problem(self) -> bool:
        return self.status in SEAL_PROBLEMS

    @property
    def text(self) -> str:
        if self.status == "unchecked":
            return f"{self.seal} not yet scanned"
        note = f" ({self.note})" if self.note else ""
        return f"{self.seal} {self.status.upper() if self.problem else self.status}{note}"


@dataclass(frozen=True)
class PacketLine:
    packet: str
    label: str
    status: str  # UNTICKED, or a PacketStatus value
    note: str
    at: str | None
    by: str


@dataclass(frozen=True)
class BpaKeying:
    keying: str  # "first", "second" or "agreed"
    figures: dict[str, int]
    source: str
    note: str
    at: str
    by: str  # full name
    by_username: str

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(bpa_balance_problems(self.figures))


@dataclass(frozen=True)
class FigureDifference:
    figure: str
    first: int
    second: int

    @property
    def label(self) -> str:
        return FIGURE_LABELS[self.figure]


@dataclass(frozen=True)
class BpaStatus:
    station_id: str
    contest_id: str
    first: BpaKeying | None
    second: BpaKeying | None
    agreed: BpaKeying | None
    effective: BpaKeying | None  # the one verification will use; None while keyings differ
    differences: tuple[FigureDifference, ...]

    @property
    def awaiting_supervisor(self) -> bool:
        return bool(self.differences) and self.agreed is None

    @property
    def keyings(self) -> tuple[BpaKeying, ...]:
        return tuple(k for k in (self.first, self.second, self.agreed) if k is not None)


@dataclass(frozen=True)
class BoxDetail:
    box: BoxSummary
    seals: tuple[SealLine, ...]  # the issued seals in issue order, then any unexpected ones
    packets: tuple[PacketLine, ...]  # the station's checklist; empty for a postal ballot box
    bpa: BpaStatus | None  # None for a postal ballot box: its BPA came from postal opening

    @property
    def seals_checked(self) -> int:
        return sum(1 for s in self.seals if s.status != "unchecked" and s.seal in self.box.seals)

    @property
    def unchecked_seals(self) -> tuple[str, ...]:
        return tuple(s.seal for s in self.seals if s.status == "unchecked")

    @property
    def seal_problems(self) -> tuple[SealLine, ...]:
        return tuple(s for s in self.seals if s.problem)

    @property
    def unticked_packets(self) -> tuple[PacketLine, ...]:
        return tuple(p for p in self.packets if p.status == UNTICKED)

    @property
    def missing_packets(self) -> tuple[PacketLine, ...]:
        return tuple(p for p in self.packets if p.status == "missing")

    def packet(self, packet: str) -> PacketLine | None:
        return next((p for p in self.packets if p.packet == packet), None)


@dataclass(frozen=True)
class ReceivedCount:
    received: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.received} of {self.total}"


@dataclass(frozen=True)
class ReceptionReading:
    token: int  # echoes the screen's command counter, so it knows the reading shows its last command
    election_id: str
    mode: str
    poll_state: str
    boxes: dict[str, BoxSummary]
    current: BoxDetail | None
    stations: ReceivedCount
    postal: ReceivedCount


def _names(view: StateView) -> dict[str, str]:
    return {u["username"]: u["full_name"] for u in view.rows("users")}


def read_box_summaries(view: StateView) -> dict[str, BoxSummary]:
    """Every box of the election: polling station boxes in box order, then postal ballot boxes."""
    names = _names(view)
    contests = {c["contest_id"]: c["name"] for c in view.rows("contests")}
    stations = {s["station_id"]: s for s in view.rows("stations")}
    receipts = {r["box_id"]: r for r in view.rows("box_receipts")}
    boxes: dict[str, BoxSummary] = {}

    def summary(box_id: str, postal: bool, station: dict[str, Any] | None, place: str, short_place: str,
                contest_id: str, seals: tuple[str, ...], expected: str | None) -> BoxSummary:
        receipt = receipts.get(box_id) or {}
        return BoxSummary(
            box_id=box_id, postal=postal, station_id=station["station_id"] if station else None, place=place,
            short_place=short_place, contest_id=contest_id, contest_name=contests.get(contest_id, contest_id),
            seals=seals,
            presiding_officer=station["presiding_officer"] if station else "",
            presiding_officer_phone=station["presiding_officer_phone"] if station else "",
            expected_arrival=expected, arrived_at=receipt.get("arrived_at"),
            received_by=names.get(receipt.get("received_by", ""), receipt.get("received_by", "")),
            delivered_by=receipt.get("delivered_by", ""), seals_done=bool(receipt.get("seals_done")),
            location=receipt.get("location", ""),
        )

    for box in sorted(view.rows("boxes"), key=lambda b: natural_key(b["box_id"])):
        station = stations.get(box["station_id"])
        place = f"Station {box['station_id']} {station['name'] if station else ''}".strip()
        short = station["name"] if station else box["station_id"]
        boxes[box["box_id"]] = summary(box["box_id"], False, station, place, short, box["contest_id"],
                                       tuple(box["seals"]), box["expected_arrival"])
    for postal in sorted(view.rows("postal_boxes"), key=lambda b: natural_key(b["box_id"])):
        place = f"Postal box {postal['box_id']} ({postal['session']})"
        boxes[postal["box_id"]] = summary(postal["box_id"], True, None, place, f"Postal, {postal['session']}",
                                          postal["contest_id"], (), None)
    return boxes


def _seal_lines(view: StateView, box: BoxSummary, names: dict[str, str]) -> tuple[SealLine, ...]:
    checks = {row["seal"]: row for row in view.rows("seal_checks", box_id=box.box_id)}
    lines = []
    for seal in box.seals:
        row = checks.pop(seal, None)
        if row is None:
            lines.append(SealLine(seal, "unchecked", "", None, ""))
        else:
            lines.append(SealLine(seal, row["status"], row["note"], row["at"], names.get(row["by"], row["by"])))
    # What is left was scanned on this box but never issued to it, in the order it was scanned.
    for row in sorted(checks.values(), key=lambda r: r["at"]):
        lines.append(SealLine(row["seal"], row["status"], row["note"], row["at"], names.get(row["by"], row["by"])))
    return tuple(lines)


def _packet_lines(view: StateView, station_id: str, names: dict[str, str]) -> tuple[PacketLine, ...]:
    recorded = {row["packet"]: row for row in view.rows("packets", station_id=station_id)}
    lines = []
    for packet, label in PACKETS.items():
        row = recorded.get(packet)
        if row is None:
            lines.append(PacketLine(packet, label, UNTICKED, "", None, ""))
        else:
            by = names.get(row["by"], row["by"])
            lines.append(PacketLine(packet, label, row["status"], row["note"], row["at"], by))
    return tuple(lines)


def _keying(row: dict[str, Any], names: dict[str, str]) -> BpaKeying:
    return BpaKeying(row["keying"], bpa_figures(row), row["source"], row["note"], row["at"],
                     names.get(row["by"], row["by"]), row["by"])


def read_bpa_status(view: StateView, station_id: str, contest_id: str, names: dict[str, str]) -> BpaStatus:
    keyings = {row["keying"]: _keying(row, names)
               for row in view.rows("bpas", station_id=station_id, contest_id=contest_id)}
    first, second, agreed = keyings.get("first"), keyings.get("second"), keyings.get("agreed")
    differences: tuple[FigureDifference, ...] = ()
    if first is not None and second is not None:
        differences = tuple(FigureDifference(name, first.figures[name], second.figures[name])
                            for name in BPA_FIGURES if first.figures[name] != second.figures[name])
    row, _differs = effective_bpa(view, station_id, contest_id)
    effective = keyings.get(row["keying"]) if row is not None else None
    return BpaStatus(station_id, contest_id, first, second, agreed, effective, differences)


def read_box_detail(view: StateView, box: BoxSummary) -> BoxDetail:
    names = _names(view)
    if box.postal or box.station_id is None:
        return BoxDetail(box, _seal_lines(view, box, names), (), None)
    return BoxDetail(box, _seal_lines(view, box, names), _packet_lines(view, box.station_id, names),
                     read_bpa_status(view, box.station_id, box.contest_id, names))


def _counts(boxes: dict[str, BoxSummary], postal: bool) -> ReceivedCount:
    chosen = [b for b in boxes.values() if b.postal == postal]
    return ReceivedCount(sum(1 for b in chosen if b.received), len(chosen))


def read_reception(service: ElectionService, current_box_id: str | None, token: int) -> ReceptionReading:
    view = service.store.view()
    election = service.election()
    boxes = read_box_summaries(view)
    current = boxes.get(current_box_id) if current_box_id else None
    return ReceptionReading(
        token=token, election_id=election["election_id"], mode=election["mode"], poll_state=election["poll_state"],
        boxes=boxes, current=read_box_detail(view, current) if current else None,
        stations=_counts(boxes, postal=False), postal=_counts(boxes, postal=True),
    )


# --- the box board -----------------------------------------------------------------------


class BoxCondition(StrEnum):
    EXPECTED = "expected"  # the poll is still open, or a postal box with no expected time
    IN_TRANSIT = "in_transit"
    OVERDUE = "overdue"
    RECEIVED = "received"


@dataclass(frozen=True)
class BoardRow:
    box: BoxSummary
    condition: BoxCondition
    minutes_late: int | None  # past the expected arrival (negative: still due); None without one
    exceptions: tuple[str, ...]
    short_exceptions: tuple[str, ...]  # the same, in a word or two each, for a table column

    @property
    def status_text(self) -> str:
        if self.condition == BoxCondition.RECEIVED:
            return f"in {uk_time(self.box.arrived_at)}"
        if self.condition == BoxCondition.OVERDUE:
            hours, minutes = divmod(self.minutes_late or 0, 60)
            return f"OVERDUE {hours}h{minutes:02d}" if hours else f"OVERDUE {minutes} min"
        if self.condition == BoxCondition.IN_TRANSIT:
            return "in transit"
        return "expected"


@dataclass(frozen=True)
class ContestBoxes:
    contest_id: str
    name: str
    stations: ReceivedCount
    postal: ReceivedCount

    @property
    def text(self) -> str:
        received = self.stations.received + self.postal.received
        total = self.stations.total + self.postal.total
        postal = f", postal {self.postal.received}/{self.postal.total}" if self.postal.total else ""
        return (f"{self.name}: {received} of {total} boxes received "
                f"(stations {self.stations.received}/{self.stations.total}{postal})")


@dataclass(frozen=True)
class BoardReading:
    rows: tuple[BoardRow, ...]  # overdue first, then in transit, expected, received with exceptions, received
    contests: tuple[ContestBoxes, ...]
    announcements: tuple[str, ...]
    now: datetime

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.condition == BoxCondition.OVERDUE)


# A word or two per packet, for the board's narrow exceptions column.
PACKET_SHORT = {
    "bpa": "BPA", "unused_spoilt": "unused/spoilt", "tendered_papers": "tendered papers",
    "tendered_votes_list": "tendered list", "marked_register": "marked register", "cnl": "CNL",
    "certificates_of_employment": "certificates", "lists_packet": "lists packet", "bprl": "BPRL",
    "videf": "VIDEF", "postal_accepted": "postal accepted", "postal_rejected": "postal rejected", "ps_log": "PS log",
}


def box_exceptions(detail: BoxDetail, short: bool = False) -> tuple[str, ...]:
    """What needs someone's attention about a received box; `short` gives a word or two for each."""
    found: list[str] = []
    if not detail.box.seals_done:
        found.append("seals open" if short else "seals not finished")
    for seal in detail.seal_problems:
        note = f" ({seal.note})" if seal.note else ""
        found.append(f"seal {seal.status}" if short else f"seal {seal.seal} {seal.status}{note}")
    for packet in detail.missing_packets:
        name = PACKET_SHORT.get(packet.packet, packet.packet) if short else packet.label
        found.append(f"{name} missing")
    bpa = detail.bpa
    if bpa is not None:
        if bpa.awaiting_supervisor:
            found.append("BPA differs" if short else f"BPA keyings differ in {len(bpa.differences)} figure(s)")
        elif bpa.effective is None:
            found.append("no BPA" if short else "no BPA yet")
        elif bpa.effective.problems:
            found.append("BPA unbalanced" if short else "BPA does not balance")
    return tuple(found)


def _condition(box: BoxSummary, poll_state: str, now: datetime) -> tuple[BoxCondition, int | None]:
    late = int((now - aware(box.expected_arrival)).total_seconds() // 60) if box.expected_arrival else None
    if box.received:
        return BoxCondition.RECEIVED, late
    if box.postal or poll_state != PollState.CLOSED:
        return BoxCondition.EXPECTED, late
    if late is not None and late > 0:
        return BoxCondition.OVERDUE, late
    return BoxCondition.IN_TRANSIT, late


def _board_order(row: BoardRow) -> tuple[Any, ...]:
    rank = {BoxCondition.OVERDUE: 0, BoxCondition.IN_TRANSIT: 1, BoxCondition.EXPECTED: 2}
    if row.condition == BoxCondition.RECEIVED:
        return (3 if row.exceptions else 4, natural_key(row.box.box_id))
    return (rank[row.condition], -(row.minutes_late or 0), natural_key(row.box.box_id))


def read_board(service: ElectionService, now: datetime) -> BoardReading:
    view = service.store.view()
    poll_state = service.election()["poll_state"]
    boxes = read_box_summaries(view)
    rows = []
    for box in boxes.values():
        condition, late = _condition(box, poll_state, now)
        detail = read_box_detail(view, box) if box.received else None
        exceptions = box_exceptions(detail) if detail else ()
        rows.append(BoardRow(box, condition, late, exceptions, box_exceptions(detail, short=True) if detail else ()))
    contests = []
    for contest in sorted(view.rows("contests"), key=lambda c: c["position"]):
        own = {k: b for k, b in boxes.items() if b.contest_id == contest["contest_id"]}
        contests.append(ContestBoxes(contest["contest_id"], contest["name"], _counts(own, postal=False),
                                     _counts(own, postal=True)))
    stations, postal = _counts(boxes, postal=False), _counts(boxes, postal=True)
    announcements = []
    if stations.total and stations.received == stations.total:
        announcements.append("All polling station ballot boxes have been received.")
    if postal.total and postal.received == postal.total:
        announcements.append("All postal ballot boxes have been received.")
    return BoardReading(tuple(sorted(rows, key=_board_order)), tuple(contests), tuple(announcements), now)


# --- one box's history ---------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEvent:
    at: str
    what: str
    by: str


@dataclass(frozen=True)
class BoxHistory:
    detail: BoxDetail
    events: tuple[HistoryEvent, ...]  # in time order


def read_box_history(service: ElectionService, box_id: str) -> BoxHistory | None:
    """Everything recorded about one box, as one timeline; None if the election has no such box."""
    view = service.store.view()
    box = read_box_summaries(view).get(box_id)
    if box is None:
        return None
    detail = read_box_detail(view, box)
    names = _names(view)
    events = [HistoryEvent(row["at"], _custody_text(row), names.get(row["by"], row["by"]))
              for row in view.rows("custody_events", box_id=box_id)]
    events += [HistoryEvent(s.at, f"Seal {s.text}", s.by) for s in detail.seals if s.at]
    events += [HistoryEvent(p.at, f"Packet {p.label}: {p.status.replace('_', ' ')}"
                            + (f" ({p.note})" if p.note else ""), p.by)
               for p in detail.packets if p.at]
    if detail.bpa is not None:
        events += [HistoryEvent(k.at, _keying_text(k), k.by) for k in detail.bpa.keyings]
    return BoxHistory(detail, tuple(sorted(events, key=lambda e: aware(e.at))))


def _custody_text(row: dict[str, Any]) -> str:
    where = {"reception": "Checked in at reception"}.get(row["location"], f"Moved to {row['location']}")
    return f"{where}: {row['note']}" if row["note"] else where


def _keying_text(keying: BpaKeying) -> str:
    kind = {"first": "BPA keyed (first keying)", "second": "BPA keyed a second time",
            "agreed": "BPA settled by a supervisor"}.get(keying.keying, f"BPA {keying.keying}")
    balance = "; does not balance" if keying.problems else ""
    note = f": {keying.note}" if keying.note else ""
    return f"{kind}, issued {keying.figures['issued']:,}{balance}{note}"
