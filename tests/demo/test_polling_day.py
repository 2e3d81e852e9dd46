"""The demo's polling day (reference §9.5 item 5) played through the real services."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from pollday.demo.generator import POLL_DATE
from pollday.demo.night import DemoNight, close_poll_and_receive
from pollday.demo.scenario import build_demo_scenario
from pollday.demo.stages import build_demo
from pollday.domain.journal import JournalEntry
from pollday.domain.timefmt import UK
from pollday.services.control_room_export import ControlRoomView, boxes_in_transit
from pollday.services.control_sweeps import sweep_schedule
from pollday.services.election_service import ElectionService
from tests.demo.builds import demo
from tests.domain.test_control_room import control_room_commands  # noqa: F401

SEED = 2026


def uk(hhmm: str, days: int = 0) -> datetime:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    return datetime.combine(POLL_DATE + timedelta(days=days), time(hours, minutes), tzinfo=UK)


def night_for(service: ElectionService) -> DemoNight:
    """The DemoNight `build_demo` uses, rebuilt around an existing demo database."""
    definition = demo(SEED)
    clock = service.clock
    return DemoNight(service, clock, definition, build_demo_scenario(definition, SEED),  # type: ignore[arg-type]
                     random.Random(f"demo-night-{SEED}"))


def played(path: Path) -> DemoNight:
    """The demo at its polling-day stage (poll opened at 07:00), then the control room's day.

    Once the stage itself plays the control room's day there is nothing more to run.
    """
    from pollday.demo.polling_day import run_polling_day

    night = night_for(build_demo(path, seed=SEED, stage="polling-day"))
    if not night.service.store.view().rows("incidents"):
        run_polling_day(night)
    return night


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> DemoNight:
    return played(tmp_path_factory.mktemp("polling-day") / "day.db")


def incidents(night: DemoNight) -> list[dict[str, object]]:
    return night.service.store.view().rows("incidents")


def test_the_day_has_the_reference_incident_stream(day: DemoNight) -> None:
    view = day.service.store.view()
    rows = incidents(day)
    by_category = Counter(r["category"] for r in rows)
    assert len(rows) == 26
    resupplies = [r for r in rows if r["category"] == "stationery" and "ballot papers" in str(r["description"])]
    assert len(resupplies) == 2
    assert all(view.rows("incident_links", number=r["number"], kind="box") for r in resupplies)
    clerical = [r for r in rows if "clerical error" in str(r["resolution"]).lower()]
    assert len(clerical) == 6
    assert all(datetime.fromisoformat(str(r["resolved_at"])) < uk("21:00") for r in clerical)
    tellers = [r for r in rows if r["category"] == "conduct" and "eller" in str(r["description"])]
    assert len(tellers) == 3
    assert len(view.rows("incident_links", kind="police")) == 1
    assert by_category["premises"] == 1 and by_category["queues"] == 1
    refusals = view.rows("voter_id_refusals")
    assert len(refusals) == 25 and sum(1 for r in refusals if r["later_issued"]) == 11
    assert len(view.rows("pv_sweeps")) == len(view.rows("pv_sweep_schedule")) == 27
    journal = [JournalEntry.from_json(e) for e in day.service.export_journal()]
    assert all(e.outcome == "applied" for e in journal)
    stream = Counter(e.command.split('"cmd":"')[1].split('"')[0] for e in journal)
    incident_events = sum(n for name, n in stream.items() if name.startswith(("incident.", "voter_id.refusal",
                                                                               "voter_id.returned", "sweep.")))
    assert stream["sweep.schedule"] == stream["sweep.record"] == 27
    assert 200 <= incident_events <= 250


def test_late_opening_fire_alarm_and_the_queue_at_close(day: DemoNight) -> None:
    room = ControlRoomView.load(day.service.store.view())
    board = {row.station_id: row for row in room.board(uk("22:30"))}
    late = [row for row in board.values() if row.late_minutes]
    assert [(row.late_minutes, row.opened_at) for row in late] == [(12, uk("07:12").isoformat())]
    first = incidents(day)[0]
    assert (first["category"], first["severity"], first["station_id"]) == ("opening", "P1", late[0].station_id)
    events = day.service.store.view().rows("station_events")
    suspended = [e for e in events if e["to_state"] == "suspended"]
    assert len(suspended) == 1 and suspended[0]["since"] == uk("14:05").isoformat()
    resumed = [e for e in events if e["from_state"] == "suspended"]
    assert resumed[0]["since"] == uk("14:31").isoformat()
    closing = [e for e in events if e["to_state"] == "closing"]
    assert [(e["queue_length"], e["since"]) for e in closing] == [(38, uk("22:00").isoformat())]
    student = board[closing[0]["station_id"]]
    assert (student.state, student.queue_length, student.since) == ("closed", 38, uk("22:24").isoformat())
    queue = next(r for r in incidents(day) if r["category"] == "queues")
    assert queue["severity"] == "P1"  # logged after 21:30
    assert {row.state for row in board.values()} == {"closed"}
    assert day.service.election()["poll_closed_at"] == uk("22:00").isoformat()


def test_turnout_returns_and_the_station_that_never_reported(day: DemoNight) -> None:
    table = ControlRoomView.load(day.service.store.view()).turnout(uk("22:30"))
    assert table.latest_due == "21:00" and len(table.not_reported) == 1
    assert len(day.service.store.view().rows("turnout_returns")) == 58 * 5 - 1
    percents = [point.percent or 0 for point in table.series]
    assert percents == sorted(percents) and 30 < percents[-1] < 45
    phone = next(r for r in incidents(day) if r["category"] == "comms" and r["station_id"] == table.not_reported[0])
    assert phone["state"] == "in_progress"


def test_every_planned_sweep_is_made_and_one_is_late(day: DemoNight) -> None:
    view = day.service.store.view()
    schedule = sweep_schedule(view, uk("22:30"))
    assert {s.status for s in schedule.planned} == {"done"} and schedule.unscheduled == ()
    [late] = schedule.done_late
    closing = next(e for e in view.rows("station_events") if e["to_state"] == "closing")
    assert (late.station_id, late.due_at, late.late_minutes) == (closing["station_id"], uk("22:00").isoformat(), 25)
    finals = [s for s in schedule.planned if s.due_at == uk("22:00").isoformat()]
    assert len(finals) == 8  # one on each inspector's round, at the close of poll
    inspectors = {r["station_id"]: r["inspector"] for r in view.rows("station_status")}
    assert all(s.collector == s.collected_by == inspectors[s.station_id] for s in schedule.planned)
    # Planned in the morning, before any collection was due.
    assert all(datetime.fromisoformat(r["scheduled_at"]) < uk("07:00") for r in view.rows("pv_sweep_schedule"))


def test_the_shift_ends_with_one_incident_past_target(day: DemoNight) -> None:
    room = ControlRoomView.load(day.service.store.view())
    [item] = room.attention(uk("22:30"))
    assert (item.severity, item.level, item.what) == ("P2", "amber", "not acknowledged")
    summary = room.voter_id_summary()
    assert summary.stations_reported == 58
    assert summary.with_greeter.refusals + summary.without_greeter.refusals == 25


def test_box_dispatches_then_arrivals(day: DemoNight, tmp_path: Path) -> None:
    from pollday.demo.polling_day import dispatch_boxes

    again = played(tmp_path / "again.db")
    assert again.service.digest() == day.service.digest()  # same seed, same polling day
    dispatch_boxes(again)
    view = again.service.store.view()
    assert len(view.rows("box_dispatches")) == len(view.rows("boxes"))
    assert {r["state"] for r in view.rows("station_status")} == {"dispatched"}
    close_poll_and_receive(again, until=again.local(time(23, 30)))
    view = again.service.store.view()
    dispatched = {r["box_id"]: r for r in view.rows("box_dispatches")}
    for receipt in view.rows("box_receipts"):
        if receipt["box_id"] in dispatched:
            assert datetime.fromisoformat(receipt["arrived_at"]) > datetime.fromisoformat(
                dispatched[receipt["box_id"]]["left_at"])
    waiting = boxes_in_transit(view, uk("23:30"))
    assert 0 < len(waiting) < len(view.rows("boxes")) and all(b.dispatched for b in waiting)
    entries = [JournalEntry.from_json(e) for e in again.service.export_journal()]
    assert ElectionService.replay(entries, tmp_path / "replayed.db").digest() == again.service.digest()


def test_a_day_started_before_the_poll_opens_sets_up_stations_and_opens_the_poll(tmp_path: Path) -> None:
    from pollday.demo.polling_day import run_polling_day

    night = night_for(build_demo(tmp_path / "early.db", seed=SEED, stage="setup"))
    run_polling_day(night)
    with pytest.raises(RuntimeError, match="already been played"):
        run_polling_day(night)
    view = night.service.store.view()
    assert night.service.election()["poll_opened_at"] == uk("07:00").isoformat()
    setting_up = [e for e in view.rows("station_events") if e["to_state"] == "setting_up"]
    assert len(setting_up) == 20 and all(datetime.fromisoformat(e["at"]) < uk("07:00") for e in setting_up)
