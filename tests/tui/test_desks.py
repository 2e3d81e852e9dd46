"""Which desks each role is offered (the services enforce; the home screen only mirrors)."""

from __future__ import annotations

import pytest

from pollday.domain.roles import Power, Role, permissions_of
from pollday.services.session import Session
from pollday.tui.desks import DESKS, desks_for


def session(role: Role, powers: tuple[Power, ...] = ()) -> Session:
    return Session("someone", "Some One", role, frozenset(powers), "test-1")


@pytest.mark.parametrize(("role", "powers", "expected"), [
    (Role.RETURNING_OFFICER, (), ["reception", "verification", "count", "postal", "control_room", "ro_desk",
                                  "administration", "status"]),
    (Role.DEPUTY_RO, (), ["reception", "verification", "count", "postal", "control_room", "administration",
                          "status"]),
    (Role.DEPUTY_RO, (Power.ADJUDICATION,), ["reception", "verification", "count", "postal", "control_room",
                                             "ro_desk", "administration", "status"]),
    (Role.ELECTIONS_MANAGER, (), ["reception", "verification", "count", "postal", "control_room",
                                  "administration", "status"]),
    (Role.COUNT_SUPERVISOR, (), ["reception", "verification", "count", "status"]),
    (Role.COUNT_ASSISTANT, (), ["verification", "count", "status"]),
    (Role.RECEPTION, (), ["reception", "status"]),
    (Role.POSTAL_OPENING, (), ["postal", "status"]),
    (Role.CONTROL_ROOM, (), ["control_room", "status"]),
    (Role.OBSERVER, (), ["status"]),
    (Role.SYSTEM, (), []),
])
def test_each_role_is_offered_the_desks_its_permissions_allow(
    role: Role, powers: tuple[Power, ...], expected: list[str]
) -> None:
    assert [desk.key for desk in desks_for(session(role, powers))] == expected


def test_every_desk_is_reachable_by_some_role() -> None:
    for desk in DESKS:
        assert any(desk.any_of & permissions_of(role, tuple(Power)) for role in Role), desk.key


def test_desk_numbers_are_one_to_eight_in_order() -> None:
    assert [desk.number for desk in DESKS] == list(range(1, 9))
