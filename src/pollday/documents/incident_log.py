"""The incident log (reference §6.3, §9.4 item 5): every incident, its times, the targets it missed
and its timeline, for the polling station log file and the Returning Officer's review after the poll.

First a register, one line per incident, then each incident in full: who reported it and how,
when it was acknowledged, first acted on, resolved and closed, how long each took against its
severity's targets, and every event of its timeline in order. The filters of the CSV export
(open only, one station, some severities) make the per-station log. The records are the
export's (`ControlRoomView.incidents`, oldest first), so the log and the CSV agree line for line.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from fpdf.enums import XPos, YPos

from pollday.documents.base import PolldayDocument
from pollday.documents.control_room_pages import (
    as_at,
    fact_grid,
    minutes,
    poll_date_of,
    require_control_room,
    require_station,
    station_text,
)
from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout, load_document_layout
from pollday.documents.report_tables import (
    NONE,
    RenderedDocument,
    clock,
    finish_document,
    landscape,
    note,
    start_document,
    whole,
)
from pollday.documents.tables import HEADER_SHADE, Column, Row, draw_table, keep_together, table_height
from pollday.documents.typography import FAMILY, line_height
from pollday.domain.control_room import INCIDENT_STATE_LABELS, SEVERITY_TARGETS, IncidentState, Severity
from pollday.services.control_room_export import ControlRoomView, TargetBreach, target_breaches
from pollday.services.control_room_records import IncidentFilter, IncidentRecord
from pollday.services.election_service import ElectionService

TITLE = "Incident log"
REGISTER_COLUMNS = (
    Column("No.", 8, "R"),
    Column("Station", 42),
    Column("Category", 30),
    Column("Sev.", 11),
    Column("State", 19),
    Column("Reported", 18),
    Column("Acknowledged", 28),
    Column("Resolved", 25),
    Column("Assigned to", 32),
    Column("Targets missed", 46),
)
TIMELINE_COLUMNS = (Column("Time", 12), Column("By", 30), Column("Event", 20), Column("State", 34),
                    Column("Detail", 150))
CHANNELS = {"psi_visit": "PSI visit", "in_person": "in person", "app": "app", "email": "email"}
TARGET_WORDS = {"acknowledge": "acknowledge", "act": "first action", "resolve": "resolve"}


def render_incident_log(service: ElectionService, now: datetime, at: datetime | None = None,
                        where: IncidentFilter | None = None, layout: DocumentLayout | None = None) -> RenderedDocument:
    """`now` is the generated-at time; targets are measured at `at` (default `now`)."""
    view = service.store.view()
    require_control_room(view, TITLE)
    where = where or IncidentFilter()
    require_station(view, where.station_id)
    at = at or now
    room = ControlRoomView.load(view)
    records = list(reversed(room.incidents(at, where)))  # oldest first, as the export gives them
    missed = {r.number: target_breaches(r, at) for r in records}
    # Final once nothing more can happen to any incident it lists: the poll over and every one closed.
    settled = room.election.get("poll_state") == "closed" and all(r.state == IncidentState.CLOSED for r in records)
    facts = facts_from_service(service, TITLE, now, final=settled)
    doc = start_document(facts, landscape(layout or load_document_layout()))  # ten columns need the width
    poll_date = poll_date_of(view)

    doc.key_values(_summary(room, records, missed, where, at), key_width=62)
    if not records:
        doc.paragraph("No incident has been recorded." if where == IncidentFilter()
                      else "No incident matches this selection.")
        return finish_document(doc)
    doc.heading("Register")
    draw_table(doc, REGISTER_COLUMNS, [_register_row(r, missed[r.number], poll_date) for r in records])
    note(doc, "Times are UK local time; a time on a later day shows its date. Minutes are counted from the time "
              f"the incident was reported. Targets: {targets_text()}. An incident on hold is not measured against "
              "its resolve target until it is worked on again.")
    for index, record in enumerate(records):
        _incident(doc, room, record, missed[record.number], poll_date,
                  heading="Each incident with its timeline" if index == 0 else None)
    return finish_document(doc)


def targets_text() -> str:
    """'P1 acknowledge 5 min, first action 15 min, resolve 1 h 00 min; ...; P4 acknowledge 1 h 00 min'."""
    parts = []
    for severity, target in SEVERITY_TARGETS.items():
        limits = [(what, limit) for what, limit in zip(TARGET_WORDS.values(),
                                                      (target.acknowledge, target.act, target.resolve), strict=True)
                  if limit is not None]
        parts.append(f"{severity.value} " + ", ".join(f"{what} {minutes(int(limit.total_seconds() // 60))}"
                                                      for what, limit in limits))
    return "; ".join(parts)


def _summary(room: ControlRoomView, records: list[IncidentRecord], missed: dict[int, list[TargetBreach]],
             where: IncidentFilter, at: datetime) -> list[tuple[str, str]]:
    states = Counter(r.state for r in records)
    severities = Counter(r.severity for r in records)
    breaches = Counter(b.target for found in missed.values() for b in found)
    late = sum(1 for found in missed.values() if found)
    return [
        ("Selection", selection_text(room, where)),
        ("Incidents", whole(len(records))),
        ("By state", " · ".join(f"{label} {whole(states[s.value])}" for s, label in INCIDENT_STATE_LABELS.items()
                                if states[s.value]) or NONE),
        ("By severity", " · ".join(f"{s.value} {whole(severities[s.value])}" for s in Severity)),
        ("Still open", whole(sum(1 for r in records if r.is_open))),
        ("Missed a target", f"{whole(late)} incident(s): " + ", ".join(
            f"{TARGET_WORDS[t]} {whole(breaches[t])}" for t in TARGET_WORDS)),
        ("Open and past a target", whole(sum(1 for r in records if r.attention))),
        ("Targets measured at", as_at(at)),
    ]


def selection_text(room: ControlRoomView, where: IncidentFilter) -> str:
    parts = ["open incidents only" if where.open_only else "every incident"]
    if where.station_id is not None:
        parts.append(f"station {station_text(where.station_id, room.station_name(where.station_id))}")
    if where.severities:
        parts.append("severity " + ", ".join(sorted(s.value for s in where.severities)))
    return "; ".join(parts)


def breach_text(breaches: list[TargetBreach]) -> str:
    """'acknowledge 3 min late; resolve 45 min late (not yet resolved)', or 'none'."""
    if not breaches:
        return "none"
    return "; ".join(f"{TARGET_WORDS[b.target]} {minutes(b.late_minutes)} late"
                     + (" (not yet done)" if b.taken_minutes is None else "") for b in breaches)


def _after(iso: str | None, taken: int | None, poll_date: date) -> str:
    return NONE if iso is None else f"{clock(iso, poll_date)} ({minutes(taken)})"


def _register_row(record: IncidentRecord, missed: list[TargetBreach], poll_date: date) -> Row:
    assigned = record.assigned_to or NONE
    if record.escalated_to:
        assigned += f"; escalated to {record.escalated_to}"
    return Row([str(record.number), station_text(record.station_id, record.station_name), record.category_label,
                record.severity, record.state_label, clock(record.reported_at, poll_date),
                _after(record.acknowledged_at, record.minutes_to_acknowledge, poll_date),
                _after(record.resolved_at, record.minutes_to_resolve, poll_date), assigned, breach_text(missed)],
               bold=record.attention == "red")


def _incident(doc: PolldayDocument, room: ControlRoomView, record: IncidentRecord, missed: list[TargetBreach],
              poll_date: date, heading: str | None = None) -> None:
    rows = [_timeline_row(event, poll_date) for event in room.timeline(record.number)]
    body = line_height(doc.layout.fonts.body_pt)
    # Title, description and facts never sit apart from the start of the timeline.
    facts_height = 5 * line_height(doc.layout.fonts.small_pt)
    keep_together(doc, body * (6 if heading else 4) + facts_height + table_height(doc, TIMELINE_COLUMNS, rows[:2]))
    if heading:
        doc.heading(heading)
    title = f"Incident {record.number} · {record.severity} · {record.category_label} · {record.state_label}"
    if record.attention:
        title += " · PAST TARGET"
    doc.set_font(FAMILY, "B", doc.layout.fonts.body_pt)
    with doc.local_context(fill_color=HEADER_SHADE):
        doc.cell(0, body * 1.2, title, fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(body * 0.2)
    doc.set_font(FAMILY, "", doc.layout.fonts.body_pt)
    doc.multi_cell(0, body, " ".join(record.description.split()), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(body * 0.2)
    fact_grid(doc, _facts(room, record, missed, poll_date), per_row=3)
    draw_table(doc, TIMELINE_COLUMNS, rows)


def _facts(room: ControlRoomView, record: IncidentRecord, missed: list[TargetBreach],
           poll_date: date) -> list[tuple[str, str]]:
    reporter = ", ".join(p for p in (record.reporter_name, record.reporter_role, record.reporter_phone) if p)
    escalated = (f"to {record.escalated_to} at {clock(record.escalated_at, poll_date)}" if record.escalated_to
                 else NONE)
    closed = (f"{clock(record.closed_at, poll_date)} by {room.name_of(record.closed_by)}" if record.closed_at
              else NONE)
    return [
        ("Station", station_text(record.station_id, record.station_name)),
        ("Reported", f"{clock(record.reported_at, poll_date)} by {CHANNELS.get(record.channel, record.channel)}"),
        ("Reported by", reporter or NONE),
        ("Logged by", room.name_of(record.reported_by)),
        ("Voters affected", whole(record.voters_affected)),
        ("Acknowledged", _after(record.acknowledged_at, record.minutes_to_acknowledge, poll_date)),
        ("First action", clock(record.acted_at, poll_date)),
        ("Assigned to", record.assigned_to or NONE),
        ("Escalated", escalated),
        ("Resolved", _after(record.resolved_at, record.minutes_to_resolve, poll_date)),
        ("Closed", closed),
        ("Linked records", "; ".join(record.links) or NONE),
        ("Resolution", record.resolution or NONE),
        ("Targets missed", breach_text(missed)),
    ]


def _timeline_row(event: dict[str, Any], poll_date: date) -> Row:
    change = ""
    if event["to_state"]:
        to = INCIDENT_STATE_LABELS[IncidentState(event["to_state"])]
        change = f"{INCIDENT_STATE_LABELS[IncidentState(event['from_state'])]} → {to}" if event["from_state"] else to
    return Row([clock(event["at"], poll_date), event["by_name"], event["kind"].replace("_", " ").capitalize(), change,
                event["text"]])
