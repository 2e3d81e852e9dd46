"""The sweep schedule read back at a moment: due, done (by whom, how many), overdue; shift report and exports."""

from __future__ import annotations

import csv
import io

import pytest

from pollday.services.control_room_export import ControlRoomView, shift_report_text
from pollday.services.control_sweeps import sweep_records, sweep_schedule, sweeps_csv
from tests.domain.test_control_room import control_room_commands  # noqa: F401
from tests.domain.test_control_room_commands import Room, uk


@pytest.fixture
def day() -> Room:
    """Three collections planned at 07:30, one extra collection at 09:00, one made at 12:41, one cancelled."""
    room = Room().at("07:00")
    room.ok("poll.open", actor="manager")
    room.ok("station.assign_inspector", station_id="1", inspector="PSI Jo Carter")
    room.at("07:30").ok("sweep.schedule", station_id="1", due="12:30")
    room.ok("sweep.schedule", station_id="1", due="16:45")
    room.ok("sweep.schedule", station_id="2", due="12:00", collector="Driver R. Patel")
    room.ok("sweep.schedule", station_id="2", due="19:00", collector="Driver R. Patel")
    room.at("09:05").ok("sweep.record", station_id="2", collected_by="PO J. Moore", packets=1, count=4,
                        time="09:00", note="PO rang: a campaigner handed in a bundle")
    room.at("12:45").ok("sweep.record", station_id="1", collected_by="PSI Jo Carter", packets=2, count=17,
                        time="12:41")
    room.at("13:00").ok("sweep.cancel", station_id="2", number=2, reason="PO brings the rest with the box")
    return room


def test_the_schedule_at_one_oclock(day: Room) -> None:
    schedule = sweep_schedule(day.state, uk("13:00"))
    assert [(s.station_id, s.number, s.status, s.late_minutes) for s in schedule.planned] == [
        ("2", 1, "overdue", 60), ("1", 1, "done", 0), ("1", 2, "due", 0), ("2", 2, "cancelled", 0)]
    done = schedule.planned[1]
    assert (done.collector, done.collected_by, done.collected_at, done.packets, done.envelopes) == (
        "PSI Jo Carter", "PSI Jo Carter", uk("12:41").isoformat(), 2, 17)
    assert done.status_label == "Done" and schedule.planned[3].reason == "PO brings the rest with the box"
    assert [(s.station_id, s.envelopes) for s in schedule.unscheduled] == [("2", 4)]  # the 09:00 extra one
    assert (len(schedule.collections), schedule.packets, schedule.envelopes) == (2, 3, 21)
    assert [s.station_id for s in schedule.overdue] == ["2"]


def test_overdue_only_after_the_grace_and_late_once_made(day: Room) -> None:
    assert sweep_schedule(day.state, uk("12:15")).planned[0].status == "due"  # 15 minutes' grace
    assert sweep_schedule(day.state, uk("12:16")).planned[0].status == "overdue"
    day.at("13:20").ok("sweep.record", station_id="2", collected_by="Driver R. Patel", packets=1, count=6,
                       time="13:10")
    late = sweep_schedule(day.state, uk("13:30")).planned[0]
    assert (late.status, late.status_label, late.late_minutes, late.collected_by) == (
        "done", "Done late", 70, "Driver R. Patel")
    assert sweep_schedule(day.state, uk("13:30")).overdue == ()


def test_the_shift_report_names_the_overdue_sweeps(day: Room) -> None:
    report = ControlRoomView.load(day.state).shift_report(uk("13:00"), uk("12:00"))
    assert [(s.station_id, s.late_minutes) for s in report.overdue_sweeps] == [("2", 60)]
    text = shift_report_text(report)
    assert "Postal vote sweeps overdue: 1\n  12:00 station 2 Eastfield School: 60 min late, with Driver R. Patel\n" \
        in text
    assert "1 postal vote sweeps" in text  # the 12:41 collection, recorded since 12:00
    assert "Postal vote sweeps overdue: 0\n" in shift_report_text(
        ControlRoomView.load(day.state).shift_report(uk("12:10"), uk("12:00")))


def test_json_and_csv_exports(day: Room) -> None:
    records = sweep_records(sweep_schedule(day.state, uk("13:00")))
    assert [(r["station_id"], r["planned"], r["status"]) for r in records] == [
        ("2", 1, "overdue"), ("1", 1, "done"), ("1", 2, "due"), ("2", 2, "cancelled"), ("2", None, "unscheduled")]
    assert "number" not in records[0] and records[0]["late_minutes"] == 60
    rows = list(csv.DictReader(io.StringIO(sweeps_csv(records))))
    assert [(r["due_at"], r["status"], r["collected_at"], r["envelopes"]) for r in rows] == [
        ("2026-05-07 12:00", "Overdue", "", ""), ("2026-05-07 12:30", "Done", "2026-05-07 12:41", "17"),
        ("2026-05-07 16:45", "Due", "", ""), ("2026-05-07 19:00", "Cancelled", "", ""),
        ("", "Unscheduled", "2026-05-07 09:00", "4")]
