"""Control-room read models with an explicit `now`: attention, incident list, board, turnout, transit, reports."""

from __future__ import annotations

from collections import Counter

import pytest

from pollday.domain.control_room import Category, IncidentState, Severity
from pollday.services.control_room_export import (
    ControlRoomView,
    attention,
    boxes_in_transit,
    incident_records,
    incidents_csv,
    overdue_boxes,
    shift_report_text,
)
from pollday.services.control_room_records import IncidentFilter
from tests.domain.test_control_room import control_room_commands  # noqa: F401
from tests.domain.test_control_room_commands import Room, uk


@pytest.fixture
def room() -> Room:
    opened = Room().at("07:00")
    opened.ok("poll.open", actor="manager")
    return opened


def view_of(room: Room) -> ControlRoomView:
    return ControlRoomView.load(room.state)


# --- attention and targets --------------------------------------------------------------------------


def test_an_unacknowledged_p1_turns_red_after_five_minutes(room: Room) -> None:
    room.at("07:01").ok("incident.open", category="opening", description="Locked out", station_id="1")
    assert attention(room.state, uk("07:06")) == []
    [item] = attention(room.state, uk("07:07"))
    assert (item.number, item.level, item.what, item.late_minutes) == (1, "red", "not acknowledged", 1)
    assert item.station_name == "St Anne's Hall"
    room.at("07:07").ok("incident.acknowledge", number=1)
    assert attention(room.state, uk("07:15")) == []
    assert [i.what for i in attention(room.state, uk("07:17"))] == ["no action yet"]
    room.at("07:17").ok("incident.assign", number=1, to="PSI Jo")
    assert attention(room.state, uk("08:01")) == []
    [late] = attention(room.state, uk("08:03"))
    assert (late.what, late.late_minutes, late.level) == ("not resolved", 2, "red")


def test_lower_severities_are_amber_and_on_hold_stops_the_resolve_clock(room: Room) -> None:
    room.at("09:00").ok("incident.open", category="stationery", description="Low on papers", station_id="2")
    room.ok("incident.open", category="enquiries", description="Press call", severity="P4")
    room.ok("incident.open", category="opening", description="Second P1", station_id="1")
    items = attention(room.state, uk("09:20"))
    assert [(i.number, i.level, i.what) for i in items] == [(3, "red", "not acknowledged"),
                                                           (1, "amber", "not acknowledged")]
    room.at("09:21").ok("incident.assign", number=1, to="Logistics")
    room.ok("incident.set_state", number=1, state="on_hold", reason="waiting for the van")
    assert 1 not in {i.number for i in attention(room.state, uk("12:00"))}
    room.at("12:00").ok("incident.set_state", number=1, state="in_progress")
    assert [i.what for i in attention(room.state, uk("12:00")) if i.number == 1] == ["not resolved"]
    p4 = [i for i in attention(room.state, uk("23:00")) if i.number == 2]
    assert [(i.level, i.what) for i in p4] == [("amber", "not acknowledged")]  # P4 has only this target


def test_resolved_incidents_need_no_attention_and_record_their_times(room: Room) -> None:
    room.at("10:00").ok("incident.open", category="opening", description="Late", station_id="1")
    room.at("10:03").ok("incident.assign", number=1, to="PSI Jo")
    room.at("10:30").ok("incident.set_state", number=1, state="resolved", reason="opened")
    assert attention(room.state, uk("23:00")) == []
    [record] = view_of(room).incidents(uk("23:00"))
    assert (record.minutes_to_acknowledge, record.minutes_to_resolve, record.attention) == (3, 30, None)


# --- incident list ------------------------------------------------------------------------------------


@pytest.fixture
def busy(room: Room) -> Room:
    room.at("08:00").ok("incident.open", category="opening", description="Key holder late", station_id="1")
    room.ok("incident.open", category="conduct", description="Tellers inside the door", station_id="2",
            severity="P3")
    room.ok("incident.open", category="voter_id", description="Voter refused", station_id="2")
    room.ok("incident.assign", number=2, to="PSI Sam")
    room.ok("incident.note", number=2, text="Tellers moved outside by the inspector")
    room.ok("incident.link", number=1, kind="police", target="CAD 991")
    room.ok("incident.set_state", number=3, state="closed", reason="advised about ID")
    return room


def numbers(room: Room, where: IncidentFilter) -> list[int]:
    return [r.number for r in view_of(room).incidents(uk("09:00"), where)]


def test_incident_filters_and_search(busy: Room) -> None:
    assert numbers(busy, IncidentFilter()) == [3, 2, 1]  # newest first
    assert numbers(busy, IncidentFilter(open_only=True)) == [2, 1]
    assert numbers(busy, IncidentFilter(states=frozenset({IncidentState.CLOSED}))) == [3]
    assert numbers(busy, IncidentFilter(severities=frozenset({Severity.P1, Severity.P2}))) == [1]
    assert numbers(busy, IncidentFilter(severities=frozenset({Severity.P3}))) == [3, 2]
    assert numbers(busy, IncidentFilter(categories=frozenset({Category.VOTER_ID}))) == [3]
    assert numbers(busy, IncidentFilter(station_id="2")) == [3, 2]
    assert numbers(busy, IncidentFilter(assignee="PSI Sam")) == [2]
    assert numbers(busy, IncidentFilter(text="moved OUTSIDE")) == [2]  # a note's text
    assert numbers(busy, IncidentFilter(text="cad 991")) == [1]  # a link
    assert numbers(busy, IncidentFilter(text="eastfield")) == [3, 2]  # the station's name
    assert numbers(busy, IncidentFilter(text="no such words")) == []


def test_exports_carry_the_timeline_and_links(busy: Room) -> None:
    records = incident_records(busy.state, uk("09:00"))
    assert [r["number"] for r in records] == [1, 2, 3]
    assert records[0]["links"] == ["police:CAD 991"]
    assert [e["kind"] for e in records[1]["timeline"]] == ["opened", "assigned", "note"]
    assert records[1]["timeline"][2]["by_name"] == "Test Control"
    text = incidents_csv(records)
    header, first, second, third = text.splitlines()
    assert header.startswith("number,reported_at,station_id")
    assert first.startswith("1,2026-05-07 08:00,1,St Anne's Hall,Opening,P1,New,")
    assert "Test Control: Tellers moved outside by the inspector" in second
    assert ",Closed," in third and "advised about ID" in third


# --- board, turnout, boxes ------------------------------------------------------------------------------


def test_board_shows_late_openings_returns_incidents_and_boxes(busy: Room) -> None:
    busy.at("08:05").ok("station.set_status", station_id="1", state="open", since="07:12")
    busy.ok("station.assign_inspector", station_id="2", inspector="PSI Sam")
    busy.at("10:20").ok("turnout.record", station_id="1", slot="10:00", issued=210, queue_length=4)
    board = {row.station_id: row for row in view_of(busy).board(uk("10:30"))}
    one, two = board["1"], board["2"]
    assert (one.state, one.late_minutes, one.opened_at) == ("open", 12, uk("07:12").isoformat())
    assert (two.state, two.late_minutes, two.inspector) == ("not_set_up", 210, "PSI Sam")
    assert (one.open_incidents, one.worst_severity, two.open_incidents, two.worst_severity) == (1, "P1", 1, "P3")
    assert (one.latest_slot, one.latest_issued, one.turnout_percent, one.missing_return) == ("10:00", 210, 15.0,
                                                                                             False)
    assert two.missing_return and two.latest_issued is None
    assert (one.boxes, one.boxes_received, one.boxes_overdue) == (1, 0, 0)


def test_turnout_table_series_and_stations_not_reported(room: Room) -> None:
    room.at("10:10").ok("turnout.record", station_id="1", slot="10:00", issued=140)
    room.ok("turnout.record", station_id="2", slot="10:00", issued=60)
    room.at("13:05").ok("turnout.record", station_id="1", slot="13:00", issued=420)
    table = view_of(room).turnout(uk("13:30"))
    assert "in-person electorate" in table.base
    assert (table.latest_due, table.not_reported, table.electorate_total) == ("13:00", ("2",), 2600)
    ten, one_pm = table.series[0], table.series[1]
    assert (ten.stations_reported, ten.issued, ten.electorate_reporting, ten.percent) == (2, 200, 2600, 7.7)
    assert (one_pm.stations_reported, one_pm.issued, one_pm.percent) == (1, 420, 30.0)
    assert table.rows[0].issued == {"10:00": 140, "13:00": 420} and table.rows[0].percent == 30.0
    assert view_of(room).turnout(uk("09:00")).not_reported == ()


def test_boxes_in_transit_and_overdue_use_the_eta_once_dispatched(room: Room) -> None:
    room.at("22:00").ok("poll.close", actor="manager")
    room.at("22:20").ok("box.dispatch", box_id="2", collector="J. Moore", eta="23:20")
    at_2300 = {b.box_id: b for b in boxes_in_transit(room.state, uk("23:00"))}
    assert at_2300["1"].overdue and at_2300["1"].late_minutes == 20 and not at_2300["1"].dispatched
    assert not at_2300["2"].overdue and at_2300["2"].due_at == uk("23:20").isoformat()
    assert [b.box_id for b in overdue_boxes(room.state, uk("23:30"))] == ["1", "2"]
    room.at("23:31").ok("box.check_in", actor="reception", box_id="1", delivered_by="R. Patel")
    assert [b.box_id for b in overdue_boxes(room.state, uk("23:40"))] == ["2"]
    board = {row.station_id: row for row in view_of(room).board(uk("23:40"))}
    assert board["1"].state == "received_at_count" and board["2"].boxes_dispatched == 1


def test_voter_id_summary_is_split_by_greeter_and_holds_no_elector_numbers(room: Room) -> None:
    room.at("09:00").ok("voter_id.refusal", station_id="1", reason_code=1, elector_number="HE1-7")
    room.ok("voter_id.refusal", station_id="1", reason_code=3)
    room.ok("voter_id.refusal", station_id="2", reason_code=1)
    room.ok("voter_id.returned", station_id="1", number=1)
    room.at("22:05").ok("voter_id.tally", station_id="1", vac_used=2, not_issued_no_id=3, returned_with_id=1,
                        greeter=True)
    room.ok("voter_id.tally", station_id="2", aed_used=1, private_checks=2, not_issued_no_id=5)
    summary = view_of(room).voter_id_summary()
    greeter, none = summary.with_greeter, summary.without_greeter
    assert (greeter.stations, greeter.refusals, greeter.refused_then_issued, greeter.refusals_by_reason) == (
        1, 2, 1, {1: 1, 2: 0, 3: 1})
    assert (greeter.vac_used, greeter.not_issued_no_id, greeter.returned_with_id) == (2, 3, 1)
    assert (none.stations, none.refusals, none.aed_used, none.private_checks, none.not_issued_no_id) == (
        1, 1, 1, 2, 5)
    assert summary.stations_reported == 2
    assert "HE1-7" not in repr(summary)


# --- shift report -----------------------------------------------------------------------------------------


def test_shift_report_lists_open_work_changes_and_gaps(busy: Room) -> None:
    busy.at("10:30").ok("station.set_status", station_id="1", state="open", since="07:02")
    busy.at("14:06").ok("station.set_status", station_id="1", state="suspended", since="14:05",
                        reason="fire alarm")
    report = view_of(busy).shift_report(uk("14:10"), since=uk("10:00"))
    assert report.open_by_severity == {"P1": 1, "P2": 0, "P3": 1, "P4": 0}
    assert [r.number for r in report.open_incidents] == [1, 2]
    assert [a.number for a in report.attention] == [1, 2]
    assert [c.what for c in report.changes] == [
        "station 1 St Anne's Hall: Not set up -> Open",
        "station 1 St Anne's Hall: Open -> Suspended (fire alarm)",
    ]
    assert report.not_reported == ("1", "2") and report.latest_due == "13:00"
    assert [r.station_id for r in report.stations_not_open] == ["2"]
    assert [r.station_id for r in report.stations_suspended] == ["1"]
    text = shift_report_text(report)
    assert "Open incidents: P1 1, P2 0, P3 1, P4 0 (total 2)" in text
    assert "#1 P1 not acknowledged" in text
    assert "Stations not reported for 13:00: 2" in text
    assert "1 St Anne's Hall: suspended since 14:05 (fire alarm)" in text
    assert "0 turnout returns" in text


# --- scale ----------------------------------------------------------------------------------------------------


def test_two_thousand_incidents_give_correct_counts(room: Room) -> None:
    categories = list(Category)
    for number in range(1, 2001):
        room.now = uk("08:00")
        room.ok("incident.open", category=categories[number % len(categories)].value,
                description=f"incident {number}", station_id=str(1 + number % 2))
        if number % 2 == 0:
            room.ok("incident.acknowledge", number=number)
        if number % 10 == 0:
            room.ok("incident.set_state", number=number, state="closed", reason="dealt with")
    room_view = view_of(room)
    now = uk("09:30")  # past every acknowledgement target
    everything = room_view.incidents(now)
    assert len(everything) == 2000 and everything[0].number == 2000
    assert len(room_view.incidents(now, IncidentFilter(open_only=True))) == 1800
    assert len(room_view.incidents(now, IncidentFilter(station_id="1"))) == 1000
    assert len(room_view.incidents(now, IncidentFilter(text="incident 1999"))) == 1
    assert [r.number for r in room_view.incidents(now, limit=3)] == [2000, 1999, 1998]
    board = {row.station_id: row for row in room_view.board(now)}
    assert board["1"].open_incidents + board["2"].open_incidents == 1800
    by_what = Counter(item.what for item in room_view.attention(now))
    # Odd numbers were never acknowledged and every target has passed; even ones were acknowledged.
    assert by_what["not acknowledged"] == 1000
    assert sum(by_what.values()) == len([r for r in everything if r.is_open and r.attention])
