"""Planned postal vote sweeps: scheduling, moving, cancelling, and collections fulfilling them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pollday.domain.sweep_schedule import (
    SWEEP_GRACE,
    SweepState,
    due_moment,
    due_problem,
    minutes_behind,
    next_to_fulfil,
)
from tests.domain.test_control_room import control_room_commands  # noqa: F401
from tests.domain.test_control_room_commands import POLL_DATE, Room, cmd, uk


@pytest.fixture
def room() -> Room:
    """Polling day at 07:00, the poll open and station 1's inspector assigned."""
    opened = Room().at("07:00")
    opened.ok("poll.open", actor="manager")
    opened.ok("station.assign_inspector", station_id="1", inspector="PSI Jo Carter")
    return opened


def plan(room: Room, station_id: str = "1") -> list[dict[str, Any]]:
    return room.state.rows("pv_sweep_schedule", station_id=station_id)


def states(room: Room, station_id: str = "1") -> list[tuple[int, str, int | None]]:
    return [(r["number"], r["state"], r["sweep"]) for r in plan(room, station_id)]


# --- the rules ---------------------------------------------------------------------------------------


def test_due_times_are_polling_day_times_within_polling_hours() -> None:
    assert due_moment("12:30", POLL_DATE) == uk("12:30")
    assert due_moment("2026-05-07T12:30", POLL_DATE) == uk("12:30")  # no zone: UK time
    assert due_moment("2026-05-07T11:30:00+00:00", POLL_DATE) == uk("12:30")
    assert due_moment("half twelve", POLL_DATE) is None
    assert due_moment("25:00", POLL_DATE) is None
    early = uk("07:00") - timedelta(hours=3)
    assert due_problem(uk("07:00"), POLL_DATE, early) is None
    assert due_problem(uk("22:00"), POLL_DATE, early) is None  # the last collection, at the close
    assert "outside polling hours" in (due_problem(uk("06:59"), POLL_DATE, early) or "")
    assert "outside polling hours" in (due_problem(uk("22:01"), POLL_DATE, early) or "")
    assert "is not polling day" in (due_problem(uk("12:00", days=1), POLL_DATE, early) or "")
    assert "has already passed (it is now 12:31)" in (due_problem(uk("12:30"), POLL_DATE, uk("12:31")) or "")
    assert due_problem(uk("12:30"), POLL_DATE, uk("12:30") + timedelta(seconds=40)) is None  # this minute


def test_a_collection_fulfils_the_earliest_planned_unless_that_is_over_two_hours_ahead() -> None:
    rows = [{"number": 1, "state": "scheduled", "due_at": uk("16:00").isoformat()},
            {"number": 2, "state": "scheduled", "due_at": uk("12:00").isoformat()},
            {"number": 3, "state": "done", "due_at": uk("10:00").isoformat()}]
    assert next_to_fulfil(rows, uk("13:30"))["number"] == 2  # type: ignore[index]
    assert next_to_fulfil(rows, uk("10:00"))["number"] == 2  # type: ignore[index]
    assert next_to_fulfil(rows, uk("09:59")) is None  # an extra collection
    assert next_to_fulfil([], uk("12:00")) is None


def test_late_is_counted_from_the_due_time_once_past_the_grace() -> None:
    assert minutes_behind(uk("12:00"), uk("12:00") + SWEEP_GRACE) == 0
    assert minutes_behind(uk("12:00"), uk("12:16")) == 16
    assert minutes_behind(uk("12:00"), uk("11:00")) == 0


# --- the commands ------------------------------------------------------------------------------------


def test_a_planned_collection_goes_to_the_stations_inspector_by_default(room: Room) -> None:
    room.at("07:30").ok("sweep.schedule", station_id="1", due="12:30")
    room.ok("sweep.schedule", station_id="1", due="2026-05-07T16:45", collector="Driver R. Patel",
            note="van 2 on its way back")
    room.ok("sweep.schedule", station_id="2", due="12:30")
    rows = plan(room)
    assert [(r["number"], r["due_at"], r["collector"], r["state"]) for r in rows] == [
        (1, uk("12:30").isoformat(), "PSI Jo Carter", "scheduled"),
        (2, uk("16:45").isoformat(), "Driver R. Patel", "scheduled")]
    assert rows[1]["note"] == "van 2 on its way back" and rows[0]["scheduled_by"] == "control"
    assert plan(room, "2")[0]["collector"] == ""  # no inspector assigned there yet: settled later


def test_planning_is_refused_with_the_reason(room: Room) -> None:
    room.at("12:00")
    assert "station 9 is not a polling station" in room.refused("sweep.schedule", station_id="9", due="13:00")
    assert "'soon' is not a time for the collection" in room.refused("sweep.schedule", station_id="1", due="soon")
    assert "outside polling hours" in room.refused("sweep.schedule", station_id="1", due="22:30")
    assert "is not polling day" in room.refused("sweep.schedule", station_id="1", due="2026-05-08T12:00")
    assert "11:30 has already passed (it is now 12:00)" in room.refused("sweep.schedule", station_id="1",
                                                                        due="11:30")
    room.ok("sweep.schedule", station_id="1", due="13:00")
    assert "already planned for 13:00 (number 1)" in room.refused("sweep.schedule", station_id="1",
                                                                  due="2026-05-07T13:00:00+01:00")
    assert "collector's name is" in room.refused("sweep.schedule", station_id="1", due="14:00",
                                                 collector="x" * 5000)
    room.at("22:00").ok("poll.close", actor="manager")
    assert "the poll closed at 22:00" in room.refused("sweep.schedule", station_id="1", due="22:00")
    assert len(plan(room)) == 1


def test_planning_the_day_before_is_allowed() -> None:
    eve = Room().at("15:00", days=-1)
    eve.ok("sweep.schedule", station_id="2", due="22:00", collector="PO at the close")
    assert plan(eve, "2")[0]["due_at"] == uk("22:00").isoformat()


def test_a_collection_fulfils_the_next_planned_one(room: Room) -> None:
    room.at("07:30").ok("sweep.schedule", station_id="1", due="12:30")
    room.ok("sweep.schedule", station_id="1", due="16:45")
    room.ok("sweep.schedule", station_id="1", due="22:00")
    room.at("09:00").ok("sweep.record", station_id="1", collected_by="PSI Jo Carter", packets=1, count=3)
    assert states(room) == [(1, "scheduled", None), (2, "scheduled", None), (3, "scheduled", None)]  # an extra one
    room.at("12:50").ok("sweep.record", station_id="1", collected_by="PSI Jo Carter", packets=2, count=17,
                        time="12:41")
    assert states(room) == [(1, "done", 2), (2, "scheduled", None), (3, "scheduled", None)]
    # Told which one: the final collection made early, leaving the afternoon one planned.
    room.at("15:00").ok("sweep.record", station_id="1", collected_by="R. Patel", packets=1, count=5, scheduled=3)
    assert states(room) == [(1, "done", 2), (2, "scheduled", None), (3, "done", 3)]
    assert "was made at 12:41 by PSI Jo Carter" in room.refused(
        "sweep.record", station_id="1", collected_by="x", packets=1, count=1, scheduled=1)
    assert "no planned collection number 7" in room.refused(
        "sweep.record", station_id="1", collected_by="x", packets=1, count=1, scheduled=7)
    # Overdue and then made: the late collection fulfils it.
    room.at("18:30").ok("sweep.record", station_id="1", collected_by="PSI Jo Carter", packets=1, count=9)
    assert states(room) == [(1, "done", 2), (2, "done", 4), (3, "done", 3)]
    assert [s["number"] for s in room.state.rows("pv_sweeps", station_id="1")] == [1, 2, 3, 4]


def test_a_refused_collection_changes_nothing(room: Room) -> None:
    room.at("07:30").ok("sweep.schedule", station_id="1", due="12:30")
    assert "give the number of packets" in room.at("12:35").refused(
        "sweep.record", station_id="1", collected_by="PSI Jo Carter", packets=0, count=4)
    assert states(room) == [(1, "scheduled", None)] and room.state.rows("pv_sweeps") == []


def test_moving_a_planned_collection_needs_a_reason_and_a_change(room: Room) -> None:
    room.at("07:30").ok("sweep.schedule", station_id="1", due="12:30")
    room.ok("sweep.schedule", station_id="1", due="16:45")
    room.at("12:00")
    assert "reason for the change is empty" in room.refused("sweep.reschedule", station_id="1", number=1,
                                                            due="13:15", reason=" ")
    assert "give a new time or collector" in room.refused("sweep.reschedule", station_id="1", number=1,
                                                          due="12:30", collector="PSI Jo Carter", reason="x")
    assert "already planned for 16:45 (number 2)" in room.refused("sweep.reschedule", station_id="1", number=1,
                                                                  due="16:45", reason="merge")
    assert "11:00 has already passed" in room.refused("sweep.reschedule", station_id="1", number=1, due="11:00",
                                                      reason="x")
    room.ok("sweep.reschedule", station_id="1", number=1, due="13:15", reason="PSI held at the fire alarm")
    room.ok("sweep.reschedule", station_id="1", number=1, collector="Driver R. Patel", reason="PSI still busy")
    first = plan(room)[0]
    assert (first["due_at"], first["collector"], first["revisions"], first["reason"]) == (
        uk("13:15").isoformat(), "Driver R. Patel", 2, "PSI still busy")
    # Once overdue, it can still go to someone else: the time it has is kept, past or not.
    room.at("14:00").ok("sweep.reschedule", station_id="1", number=1, due="13:15", collector="PSI Jo Carter",
                        reason="back from the fire alarm")
    assert plan(room)[0]["due_at"] == uk("13:15").isoformat()


def test_cancelling_needs_a_reason_and_settles_the_planned_collection(room: Room) -> None:
    room.at("07:30").ok("sweep.schedule", station_id="1", due="12:30")
    room.ok("sweep.schedule", station_id="1", due="16:45")
    assert "reason for cancelling is empty" in room.refused("sweep.cancel", station_id="1", number=1, reason="")
    room.at("12:00").ok("sweep.cancel", station_id="1", number=1, reason="nothing handed in, PO says")
    assert "was cancelled at 12:00 by Test Control (nothing handed in, PO says)" in room.refused(
        "sweep.cancel", station_id="1", number=1, reason="again")
    assert "schedule a new one" in room.refused("sweep.reschedule", station_id="1", number=1, due="13:00",
                                                reason="x")
    # A collection now fulfils the next one still planned, never the cancelled one.
    room.at("15:30").ok("sweep.record", station_id="1", collected_by="PSI Jo Carter", packets=1, count=2)
    assert states(room) == [(1, "cancelled", None), (2, "done", 1)]
    assert "it is on the record and stays there" in room.refused("sweep.cancel", station_id="1", number=2,
                                                                 reason="mistake")


SWEEP_STEPS = st.one_of(
    st.tuples(st.just("sweep.schedule"), st.fixed_dictionaries({
        "due": st.sampled_from(["10:00", "12:30", "16:45", "22:00", "06:00", "nonsense"])})),
    st.tuples(st.just("sweep.reschedule"), st.fixed_dictionaries({
        "number": st.integers(1, 4), "due": st.sampled_from(["13:00", "17:00", "22:00"]),
        "reason": st.sampled_from(["", "PSI delayed"])})),
    st.tuples(st.just("sweep.cancel"), st.fixed_dictionaries({
        "number": st.integers(1, 4), "reason": st.sampled_from(["", "not needed"])})),
    st.tuples(st.just("sweep.record"), st.fixed_dictionaries({
        "collected_by": st.just("PSI Jo Carter"), "packets": st.integers(0, 2), "count": st.integers(0, 9),
        "scheduled": st.sampled_from([None, None, 1, 2])})),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(SWEEP_STEPS, st.integers(0, 90)), max_size=14))
def test_random_sweep_commands_keep_the_schedule_and_the_collections_consistent(
        steps: list[tuple[tuple[str, dict[str, Any]], int]]) -> None:
    room = Room().at("08:00")
    for (name, args), minutes in steps:
        room.now += timedelta(minutes=minutes)
        before = room.state.all_rows()
        decision = room.run_as("control", cmd(name, station_id="1", **args))
        if not decision.applied:
            assert decision.reason and room.state.all_rows() == before
    collections = {s["number"] for s in room.state.rows("pv_sweeps", station_id="1")}
    fulfilled = [r["sweep"] for r in plan(room) if r["state"] == SweepState.DONE]
    assert len(fulfilled) == len(set(fulfilled)) and set(fulfilled) <= collections  # each made collection once
    for row in plan(room):
        assert row["state"] in set(SweepState)
        assert (row["sweep"] is not None) == (row["state"] == SweepState.DONE)
        assert (row["state"] != SweepState.CANCELLED) or row["reason"]
    assert [r["number"] for r in plan(room)] == list(range(1, len(plan(room)) + 1))
