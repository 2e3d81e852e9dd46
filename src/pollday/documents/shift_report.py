"""The shift report as a section of the control room summary: what the operator coming on takes over.

The same `ShiftReport` as `pollday control shift-report` prints as text: open incidents by
severity, those past a target, postal vote collections overdue, what else happened since the
last handover, and every change to an incident or a station since `since`, in time order.
"""

from __future__ import annotations

from datetime import date

from pollday.documents.base import PolldayDocument
from pollday.documents.control_room_pages import minutes, station_text
from pollday.documents.report_tables import NONE, clock, moment, whole
from pollday.documents.tables import Column, Row, draw_table, keep_together, table_height
from pollday.domain.control_room import Severity
from pollday.services.control_room_records import ShiftReport

OPEN_COLUMNS = (Column("No.", 10, "R"), Column("Sev.", 11), Column("State", 22), Column("Station", 38),
                Column("Category", 37), Column("Description", 57), Column("With", 24))
ATTENTION_COLUMNS = (Column("No.", 10, "R"), Column("Sev.", 11), Column("Missed", 30), Column("Due", 14),
                     Column("Late by", 18, "R"), Column("Station", 38), Column("Description", 70))
CHANGE_COLUMNS = (Column("Time", 14), Column("What happened", 190))
SWEEP_COLUMNS = (Column("Due", 14), Column("Station", 60), Column("Collector", 50), Column("Late by", 18, "R"))


def draw_shift_report(doc: PolldayDocument, report: ShiftReport, poll_date: date) -> None:
    doc.add_page()  # the handover is read on its own: it starts a page
    doc.heading(f"Shift report: handover at {moment(report.now)}")
    doc.key_values([
        ("Changes since", moment(report.since)),
        ("Open incidents", " · ".join(f"{s.value} {whole(report.open_by_severity.get(s.value, 0))}" for s in Severity)
         + f" (total {whole(sum(report.open_by_severity.values()))})"),
        ("Past a target", whole(len(report.attention))),
        ("Postal vote sweeps overdue", whole(len(report.overdue_sweeps))),
        *((what.capitalize() + " since then", whole(n)) for what, n in report.counts_since.items()),
        (f"Not reported for {report.latest_due or 'any time yet'}", ", ".join(report.not_reported) or "none"),
        ("Stations not open", ", ".join(r.station_id for r in report.stations_not_open) or "none"),
    ], key_width=62)

    doc.heading("Open incidents")
    if report.open_incidents:
        draw_table(doc, OPEN_COLUMNS, [
            Row([str(r.number), r.severity, r.state_label, station_text(r.station_id, r.station_name),
                 r.category_label, " ".join(r.description.split()), r.assigned_to or NONE],
                bold=r.attention == "red") for r in report.open_incidents])
    else:
        doc.paragraph("No incident is open.")

    rows = [Row([str(a.number), a.severity, a.what, clock(a.due_at, poll_date), minutes(a.late_minutes),
                 station_text(a.station_id, a.station_name), " ".join(a.description.split())],
                bold=a.level == "red") for a in report.attention]
    keep_together(doc, 12 + table_height(doc, ATTENTION_COLUMNS, rows[:6]))
    doc.heading("Past a target")
    if rows:
        draw_table(doc, ATTENTION_COLUMNS, rows)
    else:
        doc.paragraph("No open incident is past a target.")

    if report.overdue_sweeps:  # a collection not made is not an incident, but the next shift has to chase it
        rows = [Row([clock(s.due_at, poll_date), station_text(s.station_id, s.station_name), s.collector or NONE,
                     minutes(s.late_minutes)]) for s in report.overdue_sweeps]
        keep_together(doc, 12 + table_height(doc, SWEEP_COLUMNS, rows[:6]))
        doc.heading("Postal vote sweeps overdue")
        draw_table(doc, SWEEP_COLUMNS, rows)

    doc.heading(f"Changes since {clock(report.since, poll_date)} ({whole(len(report.changes))})")
    if report.changes:
        draw_table(doc, CHANGE_COLUMNS, [Row([clock(c.at, poll_date), c.what]) for c in report.changes])
    else:
        doc.paragraph("Nothing has changed since then.")
