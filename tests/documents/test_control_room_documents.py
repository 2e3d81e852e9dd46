"""The control room's PDFs read back as text: every figure as the read models and the CSV give it."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pollday.documents.control_room_pages import minutes, turnout
from pollday.documents.control_summary import render_control_summary
from pollday.documents.errors import DocumentError
from pollday.documents.facts import DocumentStatus
from pollday.documents.incident_log import render_incident_log
from pollday.documents.report_tables import NotReady, RenderedDocument
from pollday.documents.turnout_report import render_turnout_report
from pollday.domain.control_room import INCIDENT_STATE_LABELS, STATION_STATE_LABELS, Severity, turnout_percent
from pollday.domain.election import ElectionMode
from pollday.domain.timefmt import uk_time
from pollday.services.clock import ManualClock
from pollday.services.control_room_export import ControlRoomView, incident_records, incidents_csv, target_breaches
from pollday.services.control_room_records import IncidentFilter
from pollday.services.election_service import ElectionService
from tests.conftest import DemoCopy
from tests.documents.pdf_tools import pdf_text
from tests.documents.report_text import assert_furniture, flowing_text, layout_text, whole
from tests.domain.test_control_room_commands import uk
from tests.factories import small_election

AT = uk("22:30")  # after the close of poll, before any box is due at the count
NOW = uk("23:59")  # the generated-at time: kept apart from AT so a mix-up shows


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Iterator[ElectionService]:
    service = ElectionService.open(demo_copy("polling-day", tmp_path_factory.mktemp("day") / "day.db"))
    yield service
    service.close()


@pytest.fixture(scope="module")
def room(day: ElectionService) -> ControlRoomView:
    return ControlRoomView.load(day.store.view())


@pytest.fixture(scope="module")
def log(day: ElectionService) -> RenderedDocument:
    return render_incident_log(day, NOW, AT)


@pytest.fixture(scope="module")
def summary(day: ElectionService) -> RenderedDocument:
    return render_control_summary(day, NOW, AT, since=uk("20:00"))


@pytest.fixture(scope="module")
def turnout_doc(day: ElectionService) -> RenderedDocument:
    return render_turnout_report(day, NOW, AT)


def one_line(text: str, pattern: str) -> str:
    found = [line for line in text.splitlines() if re.search(pattern, line)]
    assert len(found) == 1, (pattern, found)
    return found[0]


def figures_in_order(line: str, *figures: str) -> bool:
    return re.search(r"\s+".join(map(re.escape, figures)), line) is not None


def in_order(line: str, *parts: str) -> bool:
    """Each part further along the line than the one before, whatever lies between."""
    return re.search(".*".join(map(re.escape, parts)), line) is not None


# --- incident log ---------------------------------------------------------------------------------


def test_every_incident_is_in_the_register_as_the_export_gives_it(day: ElectionService, log: RenderedDocument) -> None:
    records = incident_records(day.store.view(), AT)
    assert len(records) == 26  # the demo's polling day
    text = layout_text(log.pdf)
    for record in records:
        station = record["station_id"] or "(no station)"
        line = one_line(text, rf"^\s*{record['number']}\s+{re.escape(station)}\s")
        cells = [record["severity"], record["state_label"], record["reported_at"][11:16]]
        if record["acknowledged_at"]:
            cells.append(f"{record['acknowledged_at'][11:16]} ({minutes(record['minutes_to_acknowledge'])})")
        assert figures_in_order(line, *cells), (cells, line)
        if record["resolved_at"]:
            assert f"{record['resolved_at'][11:16]} ({minutes(record['minutes_to_resolve'])})" in line


def test_counts_by_state_and_severity_match_the_csv(day: ElectionService, log: RenderedDocument) -> None:
    rows = list(csv.DictReader(io.StringIO(incidents_csv(incident_records(day.store.view(), AT)))))
    states = Counter(row["state"] for row in rows)
    severities = Counter(row["severity"] for row in rows)
    text = flowing_text(log.pdf)
    by_state = " · ".join(f"{label} {states[label]}" for label in INCIDENT_STATE_LABELS.values() if states[label])
    assert f"By state {by_state} " in text
    assert "By severity " + " · ".join(f"{s} {severities[s]}" for s in Severity) in text
    assert f"Incidents {len(rows)} " in text
    assert f"Still open {sum(1 for r in rows if r['state'] not in ('Resolved', 'Closed'))} " in text


def test_every_timeline_event_is_printed(day: ElectionService, room: ControlRoomView, log: RenderedDocument) -> None:
    text = layout_text(log.pdf)
    events = [e for record in room.incidents(AT) for e in room.timeline(record.number)]
    printed = sum(1 for line in text.splitlines()
                  if re.match(r"^\s*\d\d:\d\d\s+\S.*\s(Opened|Assigned|Reassigned|Acknowledged|Escalated|Note|State|"
                              r"Severity|Linked)\s", line))
    assert printed == len(events) == 132
    flowing = flowing_text(log.pdf)
    for event in events:
        if event["kind"] == "note":
            assert " ".join(event["text"].split()) in flowing


def test_missed_targets_are_the_read_models(room: ControlRoomView, log: RenderedDocument) -> None:
    text = flowing_text(log.pdf)
    records = room.incidents(AT)
    late = [r for r in records if target_breaches(r, AT)]
    assert f"Missed a target {len(late)} incident(s)" in text
    # Every open incident the desk shows past target is a missed target in the log, just as late.
    for item in room.attention(AT):
        record = next(r for r in records if r.number == item.number)
        assert any(b.late_minutes == item.late_minutes and b.taken_minutes is None
                   for b in target_breaches(record, AT)), item
        assert f"{minutes(item.late_minutes)} late (not yet done)" in text


def test_a_filtered_log_is_the_filtered_export(day: ElectionService) -> None:
    where = IncidentFilter(station_id="58", severities=frozenset({Severity.P2}))
    document = render_incident_log(day, NOW, AT, where)
    expected = [r["number"] for r in incident_records(day.store.view(), AT, where)]
    assert expected == [23, 24]
    text = layout_text(document.pdf)
    assert [int(n) for n in re.findall(r"^\s*(\d+)\s+58 Larkham", text, re.MULTILINE)] == expected
    assert "Selection every incident; station 58 Larkham Women's Institute Hall; severity P2" in flowing_text(
        document.pdf)
    with pytest.raises(DocumentError, match="station 77 is not a polling station"):
        render_incident_log(day, NOW, AT, IncidentFilter(station_id="77"))


def test_each_document_carries_the_furniture_on_every_page(log: RenderedDocument, summary: RenderedDocument,
                                                           turnout_doc: RenderedDocument) -> None:
    for document in (log, summary, turnout_doc):
        assert_furniture(document)
        assert document.facts.generated_at == NOW


def test_the_same_moment_gives_the_same_bytes(day: ElectionService, turnout_doc: RenderedDocument) -> None:
    assert render_turnout_report(day, NOW, AT).pdf == turnout_doc.pdf


# --- summary --------------------------------------------------------------------------------------


def test_summary_stations_and_incidents(room: ControlRoomView, summary: RenderedDocument) -> None:
    text = layout_text(summary.pdf)
    board = room.board(AT)
    states = Counter(row.state for row in board)
    for state, label in STATION_STATE_LABELS.items():
        one_line(text, rf"^\s*{re.escape(label)}\s+{states[state.value]}$")
    late = [row for row in board if row.late_minutes is not None]
    assert [row.station_id for row in late] == ["38"]
    assert figures_in_order(one_line(text, r"^\s*38 Oakwick"), "07:12", minutes(late[0].late_minutes))
    records = room.incidents(AT)
    for severity in Severity:
        chosen = [r for r in records if r.severity == severity]
        line = one_line(text, rf"^\s*{severity.value}\s+\d")
        assert figures_in_order(line, str(len(chosen)), str(sum(1 for r in chosen if r.is_open)),
                                str(sum(1 for r in chosen if r.attention))), line
    incident_states = Counter(r.state for r in records)
    for state, label in INCIDENT_STATE_LABELS.items():
        one_line(text, rf"^\s*{re.escape(label)}\s+{incident_states[state.value]}$")


def test_summary_turnout_voter_id_sweeps_and_boxes(day: ElectionService, room: ControlRoomView,
                                                   summary: RenderedDocument) -> None:
    text = layout_text(summary.pdf)
    table = room.turnout(AT)
    for point in table.series:
        line = one_line(text, rf"^\s*{point.slot}\s+\d+ of")
        assert figures_in_order(line, f"{point.stations_reported} of {point.stations_total}", whole(point.issued),
                                whole(point.electorate_reporting), turnout(point.percent)), line
    voter_id = room.voter_id_summary()
    refusals = (voter_id.with_greeter.refusals, voter_id.without_greeter.refusals)
    assert figures_in_order(one_line(text, r"Refusals \(ballot paper refusal list\)"), *map(str, refusals),
                            str(sum(refusals)))
    assert sum(refusals) == 25
    flowing = flowing_text(summary.pdf)
    schedule = room.sweeps(AT)
    assert (len(schedule.planned), len(schedule.collections), len(schedule.done_late)) == (27, 27, 1)
    assert "Postal vote sweeps planned 27: done 27 (late 1), overdue 0, still due 0, cancelled 0 " in flowing
    assert (f"Postal votes collected 27 collection(s): {whole(schedule.packets)} packets, "
            f"{whole(schedule.envelopes)} envelopes") in flowing
    for sweep in schedule.planned:  # every planned collection, with who made it, when and what it brought
        line = one_line(text, rf"^\s*{uk_time(sweep.due_at)}\s+{sweep.station_id}\s")
        assert in_order(line, "PSI", "Done, 25" if sweep.late_minutes else "Done", uk_time(sweep.collected_at)), line
        assert figures_in_order(line, uk_time(sweep.collected_at), str(sweep.packets), str(sweep.envelopes)), line
    assert figures_in_order(one_line(text, r"^\s*Total\s+27 collection"), whole(schedule.packets),
                            whole(schedule.envelopes))
    assert f"Not yet checked in {len(room.in_transit(AT))} " in flowing


def test_summary_ends_with_the_shift_report(room: ControlRoomView, summary: RenderedDocument) -> None:
    shift = room.shift_report(AT, uk("20:00"))
    text = flowing_text(summary.pdf)
    assert f"Changes since 20:00 ({len(shift.changes)})" in text
    assert "Shift report: handover at 7 May 2026 22:30 BST" in text
    assert [r.number for r in shift.open_incidents] == [23, 24, 26]
    for change in shift.changes:
        assert " ".join(change.what.split()) in text


# --- turnout --------------------------------------------------------------------------------------


def test_every_station_figure_at_every_time(room: ControlRoomView, turnout_doc: RenderedDocument) -> None:
    table = room.turnout(AT)
    text, _, missing = layout_text(turnout_doc.pdf).partition("Stations not reported for 21:00")
    for row in table.rows:
        line = one_line(text, rf"^\s*{row.station_id}\s+\D")
        figures = [f"{whole(row.issued[s])} ({turnout(turnout_percent(row.issued[s], row.electorate))})"
                   if s in row.issued else "—" for s in table.times]
        assert figures_in_order(line, whole(row.electorate), *figures), (figures, line)
        assert line.rstrip().endswith(turnout(row.percent))
    total = one_line(text, r"^\s*All stations\s+\d")
    assert figures_in_order(total, whole(table.electorate_total),
                            *(f"{whole(p.issued)} ({turnout(p.percent)})" for p in table.series))
    assert table.not_reported == ("58",)
    assert re.search(r"^\s*58 Larkham Women's Institute Hall\s+Simon Pritchard", missing, re.MULTILINE)


def test_the_chart_is_on_the_first_page_with_every_overall_point(room: ControlRoomView,
                                                                 turnout_doc: RenderedDocument) -> None:
    first_page = pdf_text(turnout_doc.pdf, page=1)
    for point in room.turnout(AT).series:
        assert turnout(point.percent) in first_page
    assert "07:00" in first_page and "22:00" in first_page


def test_before_the_first_return_nothing_is_due(day: ElectionService) -> None:
    document = render_turnout_report(day, NOW, uk("09:00"))
    text = flowing_text(document.pdf)
    assert "Latest return due none yet" in text and "No return is due yet." in text


# --- refusals and status --------------------------------------------------------------------------


def test_no_control_room_documents_before_polling_day(tmp_path: Path, demo_copy: DemoCopy) -> None:
    service = ElectionService.open(demo_copy("setup", tmp_path / "setup.db"))
    try:
        for render in (render_incident_log, render_control_summary, render_turnout_report):
            with pytest.raises(NotReady, match="nothing has been recorded in the control room"):
                render(service, NOW)
    finally:
        service.close()


@pytest.fixture
def small_day(tmp_path: Path) -> Iterator[tuple[ElectionService, Any]]:
    """An official election: one P1 incident acknowledged and acted on late, then resolved in time."""
    clock = ManualClock(uk("07:00"))
    service = ElectionService.create(tmp_path / "day.db", small_election(), ElectionMode.OFFICIAL, clock=clock,
                                     terminal="doc-test")

    def run(user: str, at: str, name: str, **args: Any) -> None:
        clock.set(uk(at))
        result = service.execute(service.session_for(user), {"cmd": name, "args": args})
        assert result.applied, result.reason

    run("manager", "07:00", "poll.open")
    run("control", "07:01", "incident.open", category="opening", description="Door locked", station_id="1")
    run("control", "07:20", "incident.acknowledge", number=1)
    run("control", "07:25", "incident.assign", number=1, to="PSI Jo Carter")
    run("control", "07:30", "incident.set_state", number=1, state="resolved", reason="Opened 07:12")
    yield service, run
    service.close()


def test_targets_met_late_stay_on_the_record(small_day: tuple[ElectionService, Any]) -> None:
    service, _ = small_day
    document = render_incident_log(service, NOW, uk("12:00"))
    line = one_line(layout_text(document.pdf), r"^\s*1\s+1 St Anne")
    assert "acknowledge 14 min late; first" in line  # due 07:06, acknowledged 07:20
    assert "9 min late" in flowing_text(document.pdf)  # first action due 07:16, assigned 07:25
    assert document.facts.status == DocumentStatus.PROVISIONAL


def test_the_log_is_official_once_the_poll_is_closed_and_every_incident_closed(
        small_day: tuple[ElectionService, Any]) -> None:
    service, run = small_day
    run("manager", "22:00", "poll.close")
    assert render_incident_log(service, NOW).facts.status == DocumentStatus.PROVISIONAL  # #1 only resolved
    run("control", "22:05", "incident.set_state", number=1, state="closed")
    assert render_incident_log(service, NOW).facts.status == DocumentStatus.OFFICIAL
    assert render_control_summary(service, NOW).facts.status == DocumentStatus.PROVISIONAL


def test_the_summary_shows_planned_sweeps_against_those_made(small_day: tuple[ElectionService, Any]) -> None:
    service, run = small_day
    run("control", "07:40", "sweep.schedule", station_id="1", due="08:00", collector="PSI Jo Carter")
    run("control", "07:41", "sweep.schedule", station_id="2", due="09:00", collector="Driver R. Patel")
    run("control", "07:42", "sweep.schedule", station_id="2", due="16:00", collector="Driver R. Patel")
    run("control", "09:10", "sweep.record", station_id="2", collected_by="Driver R. Patel", packets=2, count=14)
    run("control", "10:30", "sweep.record", station_id="2", collected_by="PO J. Moore", packets=1, count=3,
        note="campaigner's bundle")  # long before the 16:00 one: an extra collection
    document = render_control_summary(service, NOW, uk("12:00"), since=uk("07:00"))
    text, flowing = layout_text(document.pdf), flowing_text(document.pdf)
    text, _, handover = text.partition("Shift report: handover")
    assert "Postal vote sweeps planned 3: done 1 (late 0), overdue 1, still due 1, cancelled 0 " in flowing
    assert "Postal votes collected 2 collection(s): 3 packets, 17 envelopes" in flowing
    overdue = one_line(text, r"^\s*08:00\s+1 St Anne")
    assert in_order(overdue, "PSI Jo", "Overdue,") and figures_in_order(overdue.split("Overdue,")[1], "—", "—", "—")
    done = one_line(text, r"^\s*09:00\s+2 Eastfield")
    assert in_order(done, "Driver R.", "Done", "09:10") and figures_in_order(done, "09:10", "2", "14"), done
    assert in_order(one_line(text, r"^\s*16:00\s+2 Eastfield"), "Driver R.", "Due", "—")
    extra = one_line(text, r"^\s*—\s+2 Eastfield")
    assert in_order(extra, "PO J. Moore", "Unscheduled", "10:30", "campaigner's") \
        and figures_in_order(extra, "10:30", "1", "3"), extra
    # The handover names the overdue collection for the next shift to chase.
    assert "Postal vote sweeps overdue 1 " in flowing
    shift = one_line(handover, r"^\s*08:00\s+1 St Anne")
    assert in_order(shift, "PSI Jo Carter", "4 h 00 min"), shift
