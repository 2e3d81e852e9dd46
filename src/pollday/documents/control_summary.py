"""The control room's summary of the day (reference §6, §9.4 item 5), ending with the shift report
for a handover.

One moment `at` for every figure: polling stations by status with the late openings, incidents by
severity, category and state with the targets they missed, turnout through the day, voter ID
refusals split by greeter (counts only: the refusal list is confidential, §6.4), the postal vote
sweeps as planned against those made (done, late, overdue) and the ballot boxes not yet at the
count. The shift report then lists what is open and what changed since `since`, for the
operator coming on. Everything is read from `ControlRoomView`, as the TUI desk,
`pollday control shift-report` and the exports read it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from pollday.documents.base import PolldayDocument
from pollday.documents.control_room_pages import (
    MEASURED_NOTE,
    as_at,
    minutes,
    poll_date_of,
    require_control_room,
    station_text,
    turnout,
)
from pollday.documents.facts import facts_from_service
from pollday.documents.incident_log import TARGET_WORDS
from pollday.documents.layouts import DocumentLayout, load_document_layout
from pollday.documents.report_tables import NONE, RenderedDocument, clock, finish_document, note, start_document, whole
from pollday.documents.shift_report import draw_shift_report
from pollday.documents.tables import Column, Row, draw_table, keep_together, table_height
from pollday.domain.control_room import (
    CATEGORY_LABELS,
    INCIDENT_STATE_LABELS,
    REFUSAL_REASONS,
    STATION_STATE_LABELS,
    Severity,
)
from pollday.services.control_room_export import ControlRoomView, since_default, target_breaches
from pollday.services.control_room_records import IncidentRecord, ShiftReport, TurnoutTable, VoterIdSummary
from pollday.services.control_sweeps import CANCELLED, DONE, DUE, GRACE_MINUTES, ScheduledSweep, SweepSchedule
from pollday.services.election_service import ElectionService

TITLE = "Control room summary"
COUNT = "R"


def render_control_summary(service: ElectionService, now: datetime, at: datetime | None = None,
                           since: datetime | None = None, layout: DocumentLayout | None = None) -> RenderedDocument:
    """`now` is the generated-at time; every figure is measured at `at` (default `now`) and the shift report
    covers changes from `since` (default 06:00 on polling day) to `at`."""
    view = service.store.view()
    require_control_room(view, TITLE)
    at = at or now
    poll_date = poll_date_of(view)
    since = since or since_default(poll_date)
    if since > at:
        raise ValueError(f"the shift report cannot start at {as_at(since)}, after the report time {as_at(at)}")
    room = ControlRoomView.load(view)
    records = list(reversed(room.incidents(at)))
    table = room.turnout(at)
    shift = room.shift_report(at, since)
    sweeps = room.sweeps(at)
    voter_id = room.voter_id_summary()
    facts = facts_from_service(service, TITLE, now)  # a snapshot of a day still moving: never final
    doc = start_document(facts, layout or load_document_layout())

    doc.key_values(_key_figures(room, records, table, shift, sweeps, voter_id, at), key_width=62)
    note(doc, MEASURED_NOTE)
    _stations(doc, room, shift, at, poll_date)
    _incidents(doc, records, at)
    _turnout(doc, table)
    _voter_id(doc, voter_id, len(room.stations))
    _sweeps(doc, sweeps, poll_date)
    _boxes(doc, shift, poll_date)
    draw_shift_report(doc, shift, poll_date)
    return finish_document(doc)


def _key_figures(room: ControlRoomView, records: list[IncidentRecord], table: TurnoutTable, shift: ShiftReport,
                 sweeps: SweepSchedule, voter_id: VoterIdSummary, at: datetime) -> list[tuple[str, str]]:
    latest = next((p for p in reversed(table.series) if p.stations_reported), None)
    turnout_line = (f"{turnout(latest.percent)} at {latest.slot} ({whole(latest.stations_reported)} of "
                    f"{whole(latest.stations_total)} stations reported)" if latest else "no return yet")
    refusals = voter_id.with_greeter.refusals + voter_id.without_greeter.refusals
    issued = voter_id.with_greeter.refused_then_issued + voter_id.without_greeter.refused_then_issued
    overdue = sum(1 for b in shift.in_transit if b.overdue)
    return [
        ("Lateness measured at", as_at(at)),
        ("Polling stations", whole(len(room.stations))),
        ("Incidents reported", f"{whole(len(records))}; open {whole(sum(1 for r in records if r.is_open))}; "
                               f"open and past a target {whole(len(shift.attention))}"),
        ("Turnout", turnout_line),
        ("Voter ID refusals", f"{whole(refusals)}; later issued a ballot paper {whole(issued)}"),
        ("Postal vote sweeps planned", _plan_line(sweeps)),
        ("Postal votes collected", f"{whole(len(sweeps.collections))} collection(s): {whole(sweeps.packets)} "
                                   f"packets, {whole(sweeps.envelopes)} envelopes"),
        ("Boxes not yet at the count", f"{whole(len(shift.in_transit))}; overdue {whole(overdue)}"),
    ]


def _section(doc: PolldayDocument, heading: str, columns: tuple[Column, ...], rows: list[Row]) -> None:
    """A heading kept with its table (a short table is never split from it)."""
    keep_together(doc, 12 + table_height(doc, columns, rows[:12]))
    doc.heading(heading)
    draw_table(doc, columns, rows)


def _stations(doc: PolldayDocument, room: ControlRoomView, shift: ShiftReport, at: datetime,
              poll_date: date) -> None:
    board = room.board(at)
    states = Counter(row.state for row in board)
    rows = [Row([label, whole(states[state.value])]) for state, label in STATION_STATE_LABELS.items()]
    rows.append(Row(["All stations", whole(len(board))], bold=True, rule_above=True))
    _section(doc, "Polling stations by status", (Column("Status", 60), Column("Stations", 20, COUNT)), rows)
    late = [row for row in board if row.late_minutes is not None]
    columns = (Column("Station", 60), Column("Presiding officer", 34), Column("Opened", 16),
               Column("Late by", 18, COUNT))
    if late:
        _section(doc, "Late openings (07:00)", columns, [
            Row([station_text(r.station_id, r.name), r.presiding_officer,
                 clock(r.opened_at, poll_date) if r.opened_at else "not open", minutes(r.late_minutes)],
                bold=r.opened_at is None) for r in late])
    else:
        doc.heading("Late openings (07:00)")
        doc.paragraph("Every station opened on time.")
    if shift.stations_suspended:
        _section(doc, "Suspended now", (Column("Station", 60), Column("Since", 16), Column("Reason", 60)), [
            Row([station_text(r.station_id, r.name), clock(r.since, poll_date), r.reason])
            for r in shift.stations_suspended])


def _incidents(doc: PolldayDocument, records: list[IncidentRecord], at: datetime) -> None:
    missed = {r.number: {b.target for b in target_breaches(r, at)} for r in records}
    columns = (Column("Severity", 22), Column("Reported", 16, COUNT), Column("Open", 12, COUNT),
               Column("Past target now", 20, COUNT),
               *(Column(f"{TARGET_WORDS[t].capitalize()} late", 20, COUNT) for t in TARGET_WORDS))
    rows = []
    for severity in (*Severity, None):
        chosen = [r for r in records if severity is None or r.severity == severity]
        cells = [severity.value if severity else "All", whole(len(chosen)), whole(sum(1 for r in chosen if r.is_open)),
                 whole(sum(1 for r in chosen if r.attention)),
                 *(whole(sum(1 for r in chosen if t in missed[r.number])) for t in TARGET_WORDS)]
        rows.append(Row(cells, bold=severity is None, rule_above=severity is None))
    _section(doc, "Incidents by severity", columns, rows)

    columns = (Column("Category", 48), *(Column(s.value, 9, COUNT) for s in Severity), Column("All", 10, COUNT),
               Column("Open", 10, COUNT), Column("Missed a target", 20, COUNT))
    rows = []
    for category, label in (*CATEGORY_LABELS.items(), (None, "All categories")):
        chosen = [r for r in records if category is None or r.category == category]
        if category is not None and not chosen:
            continue
        rows.append(Row([label, *(whole(sum(1 for r in chosen if r.severity == s)) for s in Severity),
                         whole(len(chosen)), whole(sum(1 for r in chosen if r.is_open)),
                         whole(sum(1 for r in chosen if missed[r.number]))],
                        bold=category is None, rule_above=category is None))
    _section(doc, "Incidents by category", columns, rows)

    states = Counter(r.state for r in records)
    rows = [Row([label, whole(states[state.value])]) for state, label in INCIDENT_STATE_LABELS.items()]
    rows.append(Row(["All incidents", whole(len(records))], bold=True, rule_above=True))
    _section(doc, "Incidents by state", (Column("State", 60), Column("Incidents", 20, COUNT)), rows)
    note(doc, "Late: the target was met late, or is still not met. Categories with no incident are left out.")


def _turnout(doc: PolldayDocument, table: TurnoutTable) -> None:
    columns = (Column("Reporting time", 22), Column("Stations reported", 22, COUNT),
               Column("Ballot papers issued", 26, COUNT), Column("Electorate of those stations", 30, COUNT),
               Column("Turnout", 16, COUNT))
    rows = [Row([p.slot, f"{whole(p.stations_reported)} of {whole(p.stations_total)}", whole(p.issued),
                 whole(p.electorate_reporting), turnout(p.percent)]) for p in table.series]
    _section(doc, "Turnout through the day", columns, rows)
    due = table.latest_due or "no return due yet"
    missing = ", ".join(table.not_reported) if table.not_reported else "none"
    note(doc, f"Turnout is ballot papers issued {table.base}, over the stations that reported for that time. "
              f"Stations not reported for {due}: {missing}.")


def _voter_id(doc: PolldayDocument, summary: VoterIdSummary, stations: int) -> None:
    groups = (summary.with_greeter, summary.without_greeter)

    def line(label: str, value: str | int, bold: bool = False) -> Row:
        figures = [getattr(g, value) if isinstance(value, str) else g.refusals_by_reason[value] for g in groups]
        return Row([label, *(whole(f) for f in figures), whole(sum(figures))], bold=bold)

    rows = [line("Stations", "stations"), line("Refusals (ballot paper refusal list)", "refusals", bold=True),
            *(line(f"  reason {code}: {text}", code) for code, text in REFUSAL_REASONS.items()),
            line("Refused, came back and were issued a paper", "refused_then_issued"),
            line("Not issued a paper: no accepted ID (VIDEF)", "not_issued_no_id"),
            line("Came back with ID and were issued (VIDEF)", "returned_with_id"),
            line("Voter Authority Certificates used", "vac_used"),
            line("Anonymous Elector's Documents used", "aed_used"),
            line("ID checked in private", "private_checks")]
    columns = (Column("", 70), Column("Greeter at the door", 22, COUNT), Column("No greeter", 18, COUNT),
               Column("All stations", 18, COUNT))
    _section(doc, "Voter ID", columns, rows)
    note(doc, f"Counts only: the refusal list itself may be disclosed only to the person refused or under a court "
              f"order. VIDEF tallies received from {whole(summary.stations_reported)} of {whole(stations)} stations.")


def _plan_line(sweeps: SweepSchedule) -> str:
    done = sweeps.with_status(DONE)
    return (f"{whole(len(sweeps.planned))}: done {whole(len(done))} (late {whole(len(sweeps.done_late))}), "
            f"overdue {whole(len(sweeps.overdue))}, still due {whole(len(sweeps.with_status(DUE)))}, "
            f"cancelled {whole(len(sweeps.with_status(CANCELLED)))}")


def _sweep_status(sweep: ScheduledSweep) -> str:
    if sweep.overdue:
        return f"Overdue, {minutes(sweep.late_minutes)}"
    if sweep.status == DONE and sweep.late_minutes:
        return f"Done, {minutes(sweep.late_minutes)} late"
    return sweep.status_label


def _sweeps(doc: PolldayDocument, sweeps: SweepSchedule, poll_date: date) -> None:
    if not sweeps.planned and not sweeps.collections:
        doc.heading("Postal vote sweeps")
        doc.paragraph("No postal vote collection from a polling station has been planned or made.")
        return
    columns = (Column("Due", 16), Column("Station", 36), Column("Collector", 28), Column("Status", 28),
               Column("Collected", 24), Column("Packets", 20, COUNT), Column("Envelopes", 26, COUNT),
               Column("Note", 38))
    rows = [Row([clock(s.due_at, poll_date), station_text(s.station_id, s.station_name),
                 s.collected_by or s.collector or NONE, _sweep_status(s),
                 clock(s.collected_at, poll_date) if s.collected_at else NONE, whole(s.packets), whole(s.envelopes),
                 s.remark], bold=bool(s.late_minutes)) for s in sweeps.planned]
    rows += [Row([NONE, station_text(s.station_id, s.station_name), s.collected_by, "Unscheduled",
                  clock(s.collected_at, poll_date), whole(s.packets), whole(s.envelopes), s.note])
             for s in sweeps.unscheduled]
    rows.append(Row(["Total", f"{whole(len(sweeps.collections))} collection(s)", "", "", "", whole(sweeps.packets),
                     whole(sweeps.envelopes), ""], bold=True, rule_above=True))
    _section(doc, "Postal vote sweeps", columns, rows)
    note(doc, f"Planned {_plan_line(sweeps)}; unscheduled collections {whole(len(sweeps.unscheduled))}. A "
              f"collection is late, and a planned one overdue, more than {GRACE_MINUTES} minutes after its time. "
              "Late and overdue collections are in bold. The note is the reason a collection was moved or "
              "cancelled, or what the collector noted.")


def _boxes(doc: PolldayDocument, shift: ShiftReport, poll_date: date) -> None:
    moving = [b for b in shift.in_transit if b.dispatched or b.overdue]
    waiting = len(shift.in_transit) - len(moving)
    doc.heading("Ballot boxes not yet at the count")
    doc.key_values([("Not yet checked in", whole(len(shift.in_transit))),
                    ("Dispatched, on the way", whole(sum(1 for b in shift.in_transit if b.dispatched))),
                    ("Overdue", whole(sum(1 for b in shift.in_transit if b.overdue))),
                    ("Still at the station, not yet due", whole(waiting))], key_width=70)
    if not moving:
        return
    columns = (Column("Box", 10), Column("Station", 54), Column("Left", 14), Column("Collector", 34),
               Column("Due", 16), Column("Late by", 18, COUNT))
    draw_table(doc, columns, [
        Row([b.box_id, station_text(b.station_id, b.station_name), clock(b.left_at, poll_date) if b.left_at
             else "not dispatched", b.collector or NONE, clock(b.due_at, poll_date),
             minutes(b.late_minutes) if b.overdue else NONE], bold=b.overdue) for b in moving])
