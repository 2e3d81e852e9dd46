"""The ballot box receipt log and the overdue and missing boxes report (reference §1.5).

The log has one row per box received, in order of arrival: when it was expected and when
it came, who delivered and who received it, the state of its seals and the packets the
station's checklist shows missing. The report lists every box not yet received, overdue
first, with the presiding officer's phone number so the control room can ring. Whether a
box is overdue depends on `now`, which the caller reads from its clock: a document never
reads the time itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout, load_document_layout
from pollday.documents.report_tables import (
    NONE,
    RenderedDocument,
    aware,
    clock,
    finish_document,
    full_name,
    landscape,
    moment,
    note,
    start_document,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table
from pollday.domain.commands.reception import PACKETS
from pollday.domain.ordering import natural_key
from pollday.services.election_service import ElectionService

TITLE = "Ballot box receipt log"
LOG_COLUMNS = (
    Column("Box", 9),
    Column("Polling station or postal ballot box", 52),
    Column("Poll", 24),
    Column("Expected", 18),
    Column("Arrived", 22),
    Column("Delivered by", 28),
    Column("Received by", 26),
    Column("Seals", 40),
    Column("Packets missing", 36),
)
AWAITED_COLUMNS = (
    Column("Box", 9),
    Column("Polling station or postal ballot box", 60),
    Column("Poll", 26),
    Column("Expected", 18),
    Column("Status", 34),
    Column("Presiding officer", 40),
    Column("Phone", 26),
)
MISSING_PACKET_COLUMNS = (
    Column("Station", 60),
    Column("Packet", 60),
    Column("What happened", 90),
    Column("Recorded", 40),
)


@dataclass(frozen=True)
class Box:
    box_id: str
    postal: bool
    station: dict[str, Any] | None
    label: str  # "Station 12 St Anne's Hall" or "Postal box P1 (opening session 1)"
    poll: str
    expected_arrival: str | None  # naive UK local time; postal boxes have none
    seals: tuple[str, ...]
    receipt: dict[str, Any] | None


def all_boxes(service: ElectionService) -> list[Box]:
    """Polling station boxes in box-number order, then postal ballot boxes."""
    view = service.store.view()
    contests = {c["contest_id"]: c["name"] for c in view.rows("contests")}
    stations = {s["station_id"]: s for s in view.rows("stations")}
    receipts = {r["box_id"]: r for r in view.rows("box_receipts")}
    boxes = []
    for box in sorted(view.rows("boxes"), key=lambda b: natural_key(b["box_id"])):
        station = stations.get(box["station_id"])
        label = f"Station {box['station_id']} {station['name'] if station else ''}".strip()
        boxes.append(Box(box["box_id"], False, station, label, contests.get(box["contest_id"], box["contest_id"]),
                         box["expected_arrival"], tuple(box["seals"]), receipts.get(box["box_id"])))
    for postal in sorted(view.rows("postal_boxes"), key=lambda b: natural_key(b["box_id"])):
        boxes.append(Box(postal["box_id"], True, None, f"Postal box {postal['box_id']} ({postal['session']})",
                         contests.get(postal["contest_id"], postal["contest_id"]), None, (),
                         receipts.get(postal["box_id"])))
    return boxes


def minutes_between(earlier: datetime, later: datetime) -> int:
    return int((later - earlier).total_seconds() // 60)


def duration(minutes: int) -> str:
    """'25 min', '2 h 05 min'."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def awaited(boxes: list[Box], now: datetime) -> list[tuple[Box, int | None]]:
    """Boxes not yet received with minutes overdue (negative: not yet due; None: no expected time),
    most overdue first."""
    waiting = [(b, minutes_between(aware(b.expected_arrival), now) if b.expected_arrival else None)
               for b in boxes if b.receipt is None]
    return sorted(waiting, key=lambda item: (item[1] is None, -(item[1] or 0), natural_key(item[0].box_id)))


def render_box_receipts(service: ElectionService, now: datetime,
                        layout: DocumentLayout | None = None) -> RenderedDocument:
    boxes = all_boxes(service)
    view = service.store.view()
    waiting = awaited(boxes, now)
    seals_open = [b for b in boxes if b.receipt is not None and not b.receipt["seals_done"]]
    # A log is final once nothing more can be added to it: every box in and every seal checked.
    facts = facts_from_service(service, TITLE, now, final=not waiting and not seals_open)
    doc = start_document(facts, landscape(layout or load_document_layout()))  # nine columns need the width
    poll_date = date.fromisoformat(service.election()["poll_date"])
    overdue = [item for item in waiting if item[1] is not None and item[1] > 0]

    received = [b for b in boxes if b.receipt is not None]
    postal_count = sum(1 for b in boxes if b.postal)
    doc.key_values([
        ("Boxes expected", f"{whole(len(boxes))} ({whole(len(boxes) - postal_count)} polling station, "
                           f"{whole(postal_count)} postal)"),
        ("Received", whole(len(received))),
        ("Not yet received", whole(len(waiting))),
        (f"Overdue at {moment(now.isoformat())}", whole(len(overdue))),
    ], key_width=70)

    doc.heading(f"Overdue and missing boxes at {moment(now.isoformat())}")
    if waiting:
        draw_table(doc, AWAITED_COLUMNS, [_awaited_row(box, late, poll_date) for box, late in waiting])
        note(doc, "Overdue: the expected arrival time has passed and the box has not been checked in. Postal ballot "
                  "boxes have no expected time: they are listed until they are checked in.")
    else:
        doc.paragraph("Every box has been received.")

    doc.heading("Receipt log")
    packets = _missing_packets(view)
    arrived = sorted(received, key=lambda b: (aware(b.receipt["arrived_at"]) if b.receipt else now,
                                              natural_key(b.box_id)))
    if arrived:
        draw_table(doc, LOG_COLUMNS, [_log_row(view, b, packets, poll_date) for b in arrived])
        note(doc, "Times are UK local time; a time on a later day shows its date. Seals are checked against the seal "
                  "numbers issued to the box: damaged, missing and unexpected seals are named. Packets missing are "
                  "those the station's checklist records as missing.")
    else:
        doc.paragraph("No box has been received yet.")

    missing_rows = [
        Row([_station_label(view, row["station_id"]), PACKETS.get(row["packet"], row["packet"]), row["note"],
             f"{clock(row['at'], poll_date)} by {full_name(view, row['by'])}"])
        for station_id in sorted(packets, key=natural_key) for row in packets[station_id]
    ]
    if missing_rows:
        doc.heading("Packets recorded missing")
        draw_table(doc, MISSING_PACKET_COLUMNS, missing_rows)
    return finish_document(doc)


def _awaited_row(box: Box, late: int | None, poll_date: date) -> Row:
    if late is None:
        status = "not received (no expected time)"
    elif late > 0:
        status = f"OVERDUE by {duration(late)}"
    else:
        status = f"due in {duration(-late)}" if late < 0 else "due now"
    station = box.station or {}
    return Row([box.box_id, box.label, box.poll, clock(box.expected_arrival, poll_date), status,
                station.get("presiding_officer") or NONE, station.get("presiding_officer_phone") or NONE],
               bold=late is not None and late > 0)


def _log_row(view: Any, box: Box, packets: dict[str, list[dict[str, Any]]], poll_date: date) -> Row:
    receipt = box.receipt or {}
    arrived = clock(receipt.get("arrived_at"), poll_date)
    if box.expected_arrival and receipt.get("arrived_at"):
        late = minutes_between(aware(box.expected_arrival), aware(receipt["arrived_at"]))
        if late > 0:
            arrived += f" ({duration(late)} late)"
    if box.postal:
        missing = ""
    else:
        station_packets = packets.get(box.station["station_id"], []) if box.station else []
        missing = "; ".join(PACKETS.get(p["packet"], p["packet"]) for p in station_packets)
    return Row([box.box_id, box.label, box.poll, clock(box.expected_arrival, poll_date), arrived,
                receipt.get("delivered_by") or NONE, full_name(view, receipt.get("received_by")),
                seal_summary(view, box), missing])


def seal_summary(view: Any, box: Box) -> str:
    """'3 intact' or '2 intact; damaged: KV-260822': the exceptions named, so they can be found on the box."""
    checks = view.rows("seal_checks", box_id=box.box_id)
    by_status: dict[str, list[dict[str, Any]]] = {}
    for check in sorted(checks, key=lambda c: c["seal"]):
        by_status.setdefault(check["status"], []).append(check)
    parts = []
    if by_status.get("intact"):
        parts.append(f"{len(by_status['intact'])} intact")
    for status in ("damaged", "missing", "unexpected"):
        if by_status.get(status):
            named = ", ".join(c["seal"] + (f" ({c['note']})" if status == "unexpected" and c["note"] else "")
                              for c in by_status[status])
            parts.append(f"{status}: {named}")
    receipt = box.receipt or {}
    if not receipt.get("seals_done"):
        parts.append("check not finished")
    if not parts:
        return "no seals issued" if not box.seals else NONE
    return "; ".join(parts)


def _missing_packets(view: Any) -> dict[str, list[dict[str, Any]]]:
    missing: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(view.rows("packets", status="missing"), key=lambda r: (natural_key(r["station_id"]), r["at"])):
        missing.setdefault(row["station_id"], []).append(row)
    return missing


def _station_label(view: Any, station_id: str) -> str:
    station = view.get("stations", (station_id,))
    return f"Station {station_id} {station['name'] if station else ''}".strip()
