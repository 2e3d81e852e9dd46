"""The turnout report (reference §6.5): ballot papers issued at each reporting time, per polling
station and overall, against the labelled base, the stations that have not reported, and a chart
of turnout through the day.

Every figure is `ControlRoomView.turnout`'s: the cumulative papers issued each presiding
officer reported, each station's turnout from the domain's `turnout_percent`, and the overall
line over the stations that reported for that time (a station that has not reported is left
out rather than counted as nobody voting).
"""

from __future__ import annotations

from datetime import datetime

from pollday.documents.control_room_pages import MEASURED_NOTE, as_at, require_control_room, turnout
from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout, load_document_layout
from pollday.documents.report_tables import (
    NONE,
    RenderedDocument,
    finish_document,
    landscape,
    note,
    start_document,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table, keep_together, table_height
from pollday.documents.turnout_chart import CHART_HEIGHT_MM, draw_turnout_chart
from pollday.domain.control_room import turnout_percent
from pollday.services.control_room_export import ControlRoomView
from pollday.services.control_room_records import StationBoardRow, TurnoutRow, TurnoutTable
from pollday.services.election_service import ElectionService

TITLE = "Turnout report"
COUNT = "R"
SERIES_COLUMNS = (Column("Reporting time", 24), Column("Stations reported", 24, COUNT),
                  Column("Ballot papers issued", 28, COUNT),
                  Column("In-person electorate of those stations", 40, COUNT), Column("Turnout", 18, COUNT))
MISSING_COLUMNS = (Column("Station", 60), Column("Presiding officer", 36), Column("Phone", 24),
                   Column("Inspector", 36), Column("Last return", 40))


def render_turnout_report(service: ElectionService, now: datetime, at: datetime | None = None,
                          layout: DocumentLayout | None = None) -> RenderedDocument:
    """`now` is the generated-at time; which return is due is judged at `at` (default `now`)."""
    view = service.store.view()
    require_control_room(view, TITLE)
    at = at or now
    room = ControlRoomView.load(view)
    table = room.turnout(at)
    # Final once the last return of the day is due and every station has made it.
    complete = table.latest_due == table.times[-1] and not table.not_reported
    facts = facts_from_service(service, TITLE, now, final=complete)
    doc = start_document(facts, landscape(layout or load_document_layout()))  # a column per reporting time

    latest = next((p for p in table.series if p.slot == table.latest_due), None)
    doc.key_values([
        ("Returns due measured at", as_at(at)),
        ("Turnout base", f"ballot papers issued {table.base}"),
        ("In-person electorate", f"{whole(table.electorate_total)} at {whole(len(table.rows))} polling stations"),
        ("Reporting times", ", ".join(table.times)),
        ("Latest return due", table.latest_due or "none yet"),
        ("Turnout at that time", f"{turnout(latest.percent)} ({whole(latest.issued)} of "
                                 f"{whole(latest.electorate_reporting)}, {whole(latest.stations_reported)} of "
                                 f"{whole(latest.stations_total)} stations reported)" if latest else NONE),
        ("Stations not reported", whole(len(table.not_reported))),
    ], key_width=62)
    note(doc, MEASURED_NOTE)

    keep_together(doc, CHART_HEIGHT_MM + 12)
    doc.heading("Turnout through the day")
    draw_turnout_chart(doc, table)
    note(doc, "The chart starts at 07:00, when no ballot paper has been issued. The black line is turnout over the "
              "stations that reported for each time; each grey line is one station.")
    series = [Row([p.slot, f"{whole(p.stations_reported)} of {whole(p.stations_total)}", whole(p.issued),
                   whole(p.electorate_reporting), turnout(p.percent)]) for p in table.series]
    keep_together(doc, table_height(doc, SERIES_COLUMNS, series))
    draw_table(doc, SERIES_COLUMNS, series)

    doc.heading("Turnout by polling station")
    draw_table(doc, _station_columns(table), [*(_station_row(row, table) for row in table.rows), _total_row(table)])
    note(doc, "Each figure is the cumulative number of ballot papers issued, as reported by the presiding officer, "
              "with the turnout it makes. The all-stations line adds up the stations that reported for that time. "
              "Queue: people waiting at the latest return.")

    doc.heading(f"Stations not reported for {table.latest_due}" if table.latest_due else "Stations not reported")
    if not table.latest_due:
        doc.paragraph("No return is due yet.")
    elif table.not_reported:
        board = {row.station_id: row for row in room.board(at)}
        draw_table(doc, MISSING_COLUMNS, [_missing_row(board[s]) for s in table.not_reported])
    else:
        doc.paragraph(f"Every station has reported for {table.latest_due}.")
    return finish_document(doc)


def _station_columns(table: TurnoutTable) -> tuple[Column, ...]:
    return (Column("Station", 60), Column("Electorate", 18, COUNT),
            *(Column(slot, 26, COUNT) for slot in table.times), Column("Queue", 12, COUNT),
            Column("Latest turnout", 18, COUNT))


def issued_text(issued: int | None, electorate: int) -> str:
    """'1,234 (21.6%)', or a dash when the station made no return for that time."""
    if issued is None:
        return NONE
    return f"{whole(issued)} ({turnout(turnout_percent(issued, electorate))})"


def _station_row(row: TurnoutRow, table: TurnoutTable) -> Row:
    queue = row.queue.get(row.latest_slot) if row.latest_slot else None
    missing = row.station_id in table.not_reported
    return Row([f"{row.station_id} {row.name}" + (" (not reported)" if missing else ""), whole(row.electorate),
                *(issued_text(row.issued.get(slot), row.electorate) for slot in table.times),
                whole(queue) if queue else "", turnout(row.percent)], bold=missing)


def _total_row(table: TurnoutTable) -> Row:
    points = {p.slot: p for p in table.series}
    cells = [f"{whole(points[s].issued)} ({turnout(points[s].percent)})" if points[s].stations_reported else NONE
             for s in table.times]
    latest = points.get(table.latest_due or "")
    return Row(["All stations", whole(table.electorate_total), *cells, "",
                turnout(latest.percent) if latest else NONE], bold=True, rule_above=True)


def _missing_row(row: StationBoardRow) -> Row:
    last = f"{row.latest_slot}: {whole(row.latest_issued)} issued" if row.latest_slot else "no return today"
    return Row([f"{row.station_id} {row.name}", row.presiding_officer, row.phone, row.inspector or NONE, last])
