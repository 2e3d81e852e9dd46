"""Control-room rules: the incident and station state machines, turnout arithmetic, times (reference §6)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pollday.domain.commands.base import COMMANDS
from pollday.domain.control_room import (
    DEFAULT_TURNOUT_TIMES,
    INCIDENT_FLOW,
    OPEN_INCIDENT_STATES,
    STATION_FLOW,
    Category,
    IncidentState,
    Severity,
    StationState,
    box_due_at,
    default_severity,
    incident_move_problem,
    incident_move_values,
    issued_problem,
    latest_due_slot,
    minutes_late,
    next_moment,
    opening_delay,
    parse_clock,
    poll_moment,
    recent_moment,
    station_move_problem,
    station_state_of,
    turnout_percent,
    turnout_times_problem,
)

POLL_DATE = date(2026, 5, 7)


@pytest.fixture(autouse=True, scope="module")
def control_room_commands() -> Iterator[None]:
    """Register the control-room commands for this module only, then put the registry back as it was.

    Until `pollday.domain.commands` imports the control-room module itself, leaving them
    registered would make the generated command reference look out of date to other tests.
    """
    before = dict(COMMANDS)
    from pollday.domain.commands.control_room import CONTROL_ROOM_COMMANDS

    for command in CONTROL_ROOM_COMMANDS:
        COMMANDS.setdefault(command.name, command)
    yield
    COMMANDS.clear()
    COMMANDS.update(before)


def uk(hhmm: str, days: int = 0) -> datetime:
    clock = parse_clock(hhmm)
    assert clock is not None
    return poll_moment(POLL_DATE, clock, days)


# --- incidents ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "target"), [(c, t) for c, targets in INCIDENT_FLOW.items() for t in targets])
def test_every_normal_step_is_allowed_with_the_text_it_needs(current: IncidentState, target: IncidentState) -> None:
    needs_text = target in (IncidentState.RESOLVED, IncidentState.ESCALATED, IncidentState.ON_HOLD,
                            IncidentState.REOPENED)
    assert incident_move_problem(current, target, "why" if needs_text else "") is None
    if needs_text:
        assert "needs text" in (incident_move_problem(current, target, "") or "")


def test_skipping_or_going_back_needs_a_reason_that_is_then_accepted() -> None:
    skip = incident_move_problem(IncidentState.NEW, IncidentState.CLOSED, "")
    assert skip is not None and "skips a step" in skip and "give a reason" in skip
    assert "Acknowledged" in skip  # it says what the usual next steps are
    back = incident_move_problem(IncidentState.IN_PROGRESS, IncidentState.ACKNOWLEDGED, "  ")
    assert back is not None and "goes backwards" in back
    assert incident_move_problem(IncidentState.NEW, IncidentState.CLOSED, "duplicate of #3") is None
    assert incident_move_problem(IncidentState.IN_PROGRESS, IncidentState.ACKNOWLEDGED, "wrong desk") is None


def test_finished_incidents_only_reopen_and_nothing_returns_to_new() -> None:
    assert "reopen it" in (incident_move_problem(IncidentState.CLOSED, IncidentState.IN_PROGRESS, "x") or "")
    assert "reopen it" in (incident_move_problem(IncidentState.RESOLVED, IncidentState.ASSIGNED, "x") or "")
    assert "never goes back to New" in (incident_move_problem(IncidentState.ASSIGNED, IncidentState.NEW, "x") or "")
    assert "only a resolved or closed" in (
        incident_move_problem(IncidentState.ASSIGNED, IncidentState.REOPENED, "x") or "")
    assert "already" in (incident_move_problem(IncidentState.ON_HOLD, IncidentState.ON_HOLD, "x") or "")


def _blank_incident() -> dict[str, object]:
    return {"state": IncidentState.NEW.value, "acknowledged_at": None, "acted_at": None, "resolved_at": None,
            "closed_at": None, "escalated_at": None}


def check_incident_invariants(row: dict[str, object]) -> None:
    state = IncidentState(str(row["state"]))
    assert (row["acknowledged_at"] is None) == (state == IncidentState.NEW)
    assert (row["resolved_at"] is not None) == (state in (IncidentState.RESOLVED, IncidentState.CLOSED))
    assert (row["closed_at"] is not None) == (state == IncidentState.CLOSED)
    if state == IncidentState.ESCALATED:
        assert row["escalated_at"] is not None
    if state in (IncidentState.ASSIGNED, IncidentState.IN_PROGRESS, IncidentState.RESOLVED):
        assert row["acted_at"] is not None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(IncidentState)), st.sampled_from(["", "a reason"])), max_size=25))
def test_random_incident_moves_never_reach_an_invalid_state(moves: list[tuple[IncidentState, str]]) -> None:
    row = _blank_incident()
    for minute, (target, reason) in enumerate(moves):
        current = IncidentState(str(row["state"]))
        problem = incident_move_problem(current, target, reason)
        if problem is not None:
            # Every refusal is a sentence that says what to do or why not.
            assert len(problem) > 20
            assert any(word in problem for word in ("reason", "reopen", "already", "needs text", "never"))
            continue
        at = (datetime(2026, 5, 7, 7, tzinfo=UTC) + timedelta(minutes=minute)).isoformat()
        row.update(incident_move_values(row, target, at, "control", reason))
        check_incident_invariants(row)


def test_default_severity_follows_the_taxonomy_and_queues_turn_p1_late() -> None:
    assert default_severity(Category.OPENING, uk("07:01")) == Severity.P1
    assert default_severity(Category.VOTER_ID, uk("12:00")) == Severity.P3
    assert default_severity(Category.QUEUES, uk("21:29")) == Severity.P2
    assert default_severity(Category.QUEUES, uk("21:30")) == Severity.P1


# --- stations -------------------------------------------------------------------------------------


def station_problem(current: StationState, target: StationState, at: str = "12:00", reason: str = "",
                    queue: int | None = None) -> str | None:
    return station_move_problem(current, target, reason, queue, uk(at), POLL_DATE)


def test_station_normal_day_needs_no_reasons() -> None:
    assert station_problem(StationState.NOT_SET_UP, StationState.SETTING_UP, "06:30") is None
    assert station_problem(StationState.SETTING_UP, StationState.OPEN, "07:00") is None
    assert station_problem(StationState.NOT_SET_UP, StationState.OPEN, "07:12") is None
    assert station_problem(StationState.OPEN, StationState.SUSPENDED, reason="fire alarm") is None
    assert station_problem(StationState.SUSPENDED, StationState.OPEN) is None
    assert station_problem(StationState.OPEN, StationState.CLOSING, "22:00", queue=38) is None
    assert station_problem(StationState.CLOSING, StationState.CLOSED, "22:24") is None
    assert station_problem(StationState.OPEN, StationState.CLOSED, "22:00") is None
    assert station_problem(StationState.CLOSED, StationState.DISPATCHED, "22:20") is None


def test_station_refusals_say_why_and_what_to_do() -> None:
    assert "polls open at 07:00" in (station_problem(StationState.SETTING_UP, StationState.OPEN, "06:59") or "")
    assert "polls close at 22:00" in (station_problem(StationState.OPEN, StationState.CLOSED, "21:59") or "")
    assert "number of people in the queue" in (station_problem(StationState.OPEN, StationState.CLOSING, "22:00")
                                              or "")
    assert "only when the station is closing" in (
        station_problem(StationState.OPEN, StationState.CLOSED, "22:00", queue=3) or "")
    assert "say why voting is suspended" in (station_problem(StationState.OPEN, StationState.SUSPENDED) or "")
    assert "set by checking the station's boxes in" in (
        station_problem(StationState.DISPATCHED, StationState.RECEIVED, "23:00") or "")
    skip = station_problem(StationState.NOT_SET_UP, StationState.CLOSED, "22:00")
    assert skip is not None and "skips a step" in skip and "give a reason" in skip
    back = station_problem(StationState.CLOSED, StationState.OPEN, "22:05")
    assert back is not None and "goes backwards" in back
    assert station_problem(StationState.CLOSED, StationState.OPEN, "22:05", reason="closed by mistake") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(StationState)), st.sampled_from(["", "why"]),
                          st.sampled_from([None, 0, 12]), st.sampled_from(["06:30", "12:00", "22:00", "22:30"])),
                max_size=20))
def test_random_station_moves_stay_valid_and_every_refusal_explains(
        moves: list[tuple[StationState, str, int | None, str]]) -> None:
    state = StationState.NOT_SET_UP
    for target, reason, queue, at in moves:
        problem = station_problem(state, target, at, reason, queue)
        if problem is None:
            assert target != StationState.RECEIVED  # only box check-in gets there
            assert target in STATION_FLOW[state] or reason
            if target == StationState.OPEN:
                assert at != "06:30"
            state = target
        else:
            assert len(problem) > 20


def test_received_is_derived_from_the_boxes() -> None:
    assert station_state_of(None, 2, 0) == StationState.NOT_SET_UP
    assert station_state_of("dispatched", 2, 1) == StationState.DISPATCHED
    assert station_state_of("dispatched", 2, 2) == StationState.RECEIVED
    assert station_state_of("open", 0, 0) == StationState.OPEN


def test_opening_delay_counts_from_07_00_with_the_07_00_minute_on_time() -> None:
    assert opening_delay(uk("07:00") + timedelta(seconds=50), POLL_DATE, uk("08:00")) is None
    assert opening_delay(uk("07:12"), POLL_DATE, uk("08:00")) == timedelta(minutes=12)
    assert opening_delay(None, POLL_DATE, uk("07:05")) == timedelta(minutes=5)
    assert opening_delay(None, POLL_DATE, uk("06:55")) is None


# --- times, turnout, boxes --------------------------------------------------------------------------


def test_wall_clock_times_resolve_around_midnight_and_in_summer_time() -> None:
    assert parse_clock("07:12") == time(7, 12)
    assert parse_clock("7:12") is None and parse_clock("24:00") is None and parse_clock("ab:cd") is None
    late = uk("00:10", days=1)
    assert recent_moment(time(23, 50), late) == uk("23:50")
    assert next_moment(time(0, 40), uk("22:20")) == uk("00:40", days=1)
    assert next_moment(time(22, 40), uk("22:20")) == uk("22:40")
    assert uk("07:00").astimezone(UTC).hour == 6  # BST in May


def test_turnout_times_and_due_slots() -> None:
    assert turnout_times_problem(DEFAULT_TURNOUT_TIMES) is None
    assert "HH:MM" in (turnout_times_problem(("10am",)) or "")
    assert "outside polling hours" in (turnout_times_problem(("06:30",)) or "")
    assert "earliest first" in (turnout_times_problem(("13:00", "10:00")) or "")
    assert "at least one" in (turnout_times_problem(()) or "")
    assert latest_due_slot(DEFAULT_TURNOUT_TIMES, POLL_DATE, uk("09:59")) is None
    assert latest_due_slot(DEFAULT_TURNOUT_TIMES, POLL_DATE, uk("13:00")) == "13:00"
    assert latest_due_slot(DEFAULT_TURNOUT_TIMES, POLL_DATE, uk("23:00")) == "21:00"
    assert turnout_percent(520, 1000) == 52.0 and turnout_percent(1, 0) is None


def test_papers_issued_only_go_up_unless_a_reason_is_given() -> None:
    times = DEFAULT_TURNOUT_TIMES
    assert issued_problem("13:00", 300, 1000, {"10:00": 200}, times, "") is None
    fewer = issued_problem("13:00", 150, 1000, {"10:00": 200}, times, "")
    assert fewer is not None and "only go up" in fewer
    assert issued_problem("13:00", 150, 1000, {"10:00": 200}, times, "10:00 figure was wrong") is None
    more = issued_problem("10:00", 400, 1000, {"13:00": 300}, times, "")
    assert more is not None and "already reported at 13:00" in more
    assert "more than the station's in-person electorate" in (issued_problem("10:00", 1001, 1000, {}, times, "x")
                                                              or "")


def test_box_due_time_prefers_the_dispatch_eta() -> None:
    assert box_due_at("2026-05-07T22:40:00", None) == uk("22:40")
    eta = uk("23:05").isoformat()
    assert box_due_at("2026-05-07T22:40:00", eta) == uk("23:05")
    assert minutes_late(uk("22:40"), uk("22:39")) == 0
    assert minutes_late(uk("22:40"), uk("23:10")) == 30


def test_open_states_are_everything_but_resolved_and_closed() -> None:
    assert frozenset(IncidentState) - OPEN_INCIDENT_STATES == {IncidentState.RESOLVED, IncidentState.CLOSED}
