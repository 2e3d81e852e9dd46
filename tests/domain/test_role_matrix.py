"""Walk the whole role matrix: every command, every role, refused exactly when the role lacks the permission."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import timedelta
from enum import Enum
from typing import Any

import pytest

from pollday.domain.commands import COMMANDS, Command, CommandContext, Refused
from pollday.domain.commands.base import Command as BaseCommand
from pollday.domain.roles import POWER_PERMISSIONS, Power, Role, may
from tests.domain.helpers import Harness
from tests.factories import POLL_OPENS, TEST_USERS


def sample(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return None
    if origin is tuple:
        return ()
    if origin is dict:
        return {}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return next(iter(hint))
    return {str: "x", int: 1, bool: False}[hint]


def instance(cls: type[Command]) -> Command:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    return cls(**{f.name: sample(hints[f.name]) for f in fields})


# Commands whose permission check is their own (self-service, sign-in, set-up): tested in test_commands.py.
OWN_RULES = {name for name, cls in COMMANDS.items() if cls.authorize is not BaseCommand.authorize}
CHECKED = sorted(name for name, cls in COMMANDS.items() if name not in OWN_RULES and cls.permission is not None)


def test_the_matrix_covers_nearly_every_command() -> None:
    assert len(CHECKED) >= len(COMMANDS) - len(OWN_RULES) - 1
    assert {"election.define", "user.set_pin", "auth.sign_in", "auth.pin_rejected", "auth.sign_out",
            "postal.purge_personal_data", "desk.open", "desk.close"} >= OWN_RULES


@pytest.mark.parametrize("name", CHECKED)
def test_every_role_against_this_command(name: str) -> None:
    harness = Harness()
    command = instance(COMMANDS[name])
    assert COMMANDS[name].permission is not None
    for username, (role, powers, _pin) in TEST_USERS.items():
        ctx = CommandContext(POLL_OPENS + timedelta(hours=1), username, role, "t")
        allowed = may(role, frozenset(powers), COMMANDS[name].permission)
        try:
            command.authorize(ctx, harness.state)
        except Refused as refusal:
            assert not allowed, f"{name} refused {role.value}: {refusal.reason}"
            assert COMMANDS[name].permission.value in refusal.reason
        else:
            assert allowed, f"{name} allowed {role.value} without '{COMMANDS[name].permission.value}'"


def test_a_deputy_gains_exactly_the_delegated_powers() -> None:
    for power in Power:
        granted = {p for p in Power if may(Role.DEPUTY_RO, frozenset({power}), POWER_PERMISSIONS[p])}
        assert granted == {power}
