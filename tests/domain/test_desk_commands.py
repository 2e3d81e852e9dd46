"""One person, one terminal per desk: opening, refusing a second terminal, taking over, closing."""

from __future__ import annotations

import pytest

from pollday.domain.desks import DESKS
from pollday.domain.engine import Outcome
from pollday.domain.roles import Permission, permissions_of
from tests.domain.helpers import Harness
from tests.factories import TEST_USERS


def open_desk(harness: Harness, who: str, desk: str, terminal: str, take_over: bool = False) -> Outcome:
    decision = harness.run_as(who, {"cmd": "desk.open", "args": {"desk": desk, "take_over": take_over}},
                              terminal=terminal)
    return decision.outcome


def held(harness: Harness, who: str, desk: str) -> dict[str, object] | None:
    return harness.state.get("desk_sessions", (who, desk))


@pytest.mark.parametrize("username", sorted(TEST_USERS))
def test_each_role_may_open_exactly_the_desks_its_permissions_allow(username: str) -> None:
    role, powers, _pin = TEST_USERS[username]
    granted = permissions_of(role, frozenset(powers))
    for desk in DESKS:
        harness = Harness()
        decision = harness.run_as(username, {"cmd": "desk.open", "args": {"desk": desk.key}}, terminal="a")
        allowed = bool(desk.any_of & granted)
        assert decision.applied == allowed, (desk.key, decision.reason)
        if not allowed:
            assert desk.title in decision.reason


def test_a_second_terminal_is_refused_with_where_the_desk_is_open() -> None:
    harness = Harness()
    assert open_desk(harness, "reception", "reception", "count-pc/pts/1") == Outcome.APPLIED
    decision = harness.run_as("reception", {"cmd": "desk.open", "args": {"desk": "reception"}},
                              terminal="count-pc/pts/2")
    assert decision.outcome == Outcome.REFUSED
    assert "count-pc/pts/1" in decision.reason and "take it over" in decision.reason
    assert held(harness, "reception", "reception")["terminal"] == "count-pc/pts/1"  # type: ignore[index]


def test_taking_over_moves_the_desk_and_records_where_from() -> None:
    harness = Harness()
    open_desk(harness, "reception", "reception", "one")
    assert open_desk(harness, "reception", "reception", "two", take_over=True) == Outcome.APPLIED
    row = held(harness, "reception", "reception")
    assert row is not None and row["terminal"] == "two" and row["taken_from"] == "one" and row["open"]


def test_the_same_terminal_may_reopen_its_desk_and_other_people_are_not_affected() -> None:
    harness = Harness()
    open_desk(harness, "supervisor", "verification", "one")
    assert open_desk(harness, "supervisor", "verification", "one") == Outcome.APPLIED
    assert open_desk(harness, "assistant", "verification", "two") == Outcome.APPLIED
    assert open_desk(harness, "supervisor", "count", "two") == Outcome.APPLIED  # another desk, another terminal


def test_closing_frees_the_desk_but_a_taken_over_desk_is_not_closed_from_its_old_terminal() -> None:
    harness = Harness()
    open_desk(harness, "control", "control_room", "one")
    open_desk(harness, "control", "control_room", "two", take_over=True)
    harness.run_as("control", {"cmd": "desk.close", "args": {"desk": "control_room"}}, terminal="one")
    assert held(harness, "control", "control_room")["open"]  # type: ignore[index]
    harness.run_as("control", {"cmd": "desk.close", "args": {"desk": "control_room"}}, terminal="two")
    assert not held(harness, "control", "control_room")["open"]  # type: ignore[index]
    assert open_desk(harness, "control", "control_room", "three") == Outcome.APPLIED


def test_signing_out_closes_the_desks_held_at_that_terminal_only() -> None:
    harness = Harness()
    open_desk(harness, "ro", "ro_desk", "one")
    open_desk(harness, "ro", "verification", "two")
    harness.run_as("ro", {"cmd": "auth.sign_out", "args": {"username": "ro"}}, terminal="one")
    assert not held(harness, "ro", "ro_desk")["open"]  # type: ignore[index]
    assert held(harness, "ro", "verification")["open"]  # type: ignore[index]


def test_read_only_desks_are_never_held_and_unknown_desks_are_refused() -> None:
    harness = Harness()
    assert open_desk(harness, "observer", "status", "one") == Outcome.APPLIED
    assert open_desk(harness, "observer", "status", "two") == Outcome.APPLIED
    assert held(harness, "observer", "status") is None
    decision = harness.run_as("ro", {"cmd": "desk.open", "args": {"desk": "bar"}}, terminal="one")
    assert decision.outcome == Outcome.REFUSED and "no desk called 'bar'" in decision.reason
    assert Permission.VIEW in next(d for d in DESKS if d.key == "status").any_of
