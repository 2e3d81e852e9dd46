"""What a command is, how it is read from JSON, and who may run it."""

from __future__ import annotations

import dataclasses
import functools
import math
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, TypeVar

from pollday.domain.roles import Permission, Power, Role, may
from pollday.domain.state import Change, StateView


@dataclass(frozen=True)
class CommandContext:
    """Who runs a command, where and when: stamped by the services, recorded in the journal."""

    at: datetime
    actor: str
    role: Role | None
    terminal: str


class Refused(Exception):
    """A command that breaks a rule. The reason is shown to the user and journaled."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Command(ABC):
    """Base of every command; subclasses are frozen dataclasses registered by name."""

    name: ClassVar[str]
    summary: ClassVar[str]
    permission: ClassVar[Permission | None]
    needs_election: ClassVar[bool] = True

    @abstractmethod
    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        """Check the command against the current state; return its changes or raise Refused."""

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        """Refuse unless the actor is an active user whose role grants the permission."""
        user = active_user(view, ctx.actor)
        if self.permission is not None and not may(Role(user["role"]), powers_of(user), self.permission):
            raise Refused(
                f"{user['full_name']} ({Role(user['role']).value}) may not {self.summary.lower()}: "
                f"it needs the '{self.permission.value}' permission. Ask a user who holds it."
            )

    def to_json(self) -> dict[str, Any]:
        args = {f.name: _to_plain(getattr(self, f.name)) for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        return {"cmd": self.name, "args": args}


def active_user(view: StateView, username: str) -> dict[str, Any]:
    user = view.get("users", (username,))
    if user is None:
        raise Refused(f"there is no user named '{username}': check the spelling or ask the elections manager")
    if not user["active"]:
        raise Refused(f"the account '{username}' has been deactivated: ask the elections manager")
    return user


def powers_of(user: dict[str, Any]) -> frozenset[Power]:
    return frozenset(Power(p) for p in user["powers"])


COMMANDS: dict[str, type[Command]] = {}
CommandT = TypeVar("CommandT", bound=type[Command])


def register(cls: CommandT) -> CommandT:
    if cls.name in COMMANDS:
        raise ValueError(f"command {cls.name} registered twice")
    COMMANDS[cls.name] = cls
    return cls


class CommandFormatError(Refused):
    """The JSON does not describe a known command with well-formed arguments."""


def parse_command(data: Any) -> Command:
    if not isinstance(data, dict) or set(data) != {"cmd", "args"}:
        raise CommandFormatError('a command is a JSON object {"cmd": "<name>", "args": {...}}')
    name, args = data["cmd"], data["args"]
    if not isinstance(name, str) or name not in COMMANDS:
        known = ", ".join(sorted(COMMANDS))
        raise CommandFormatError(f"unknown command {name!r}; known commands: {known}")
    if not isinstance(args, dict):
        raise CommandFormatError(f"{name}: 'args' must be a JSON object")
    cls = COMMANDS[name]
    hints, fields = _signature(cls)
    _refuse_non_finite(args, name)
    unknown = set(args) - set(fields)
    if unknown:
        raise CommandFormatError(f"{name}: unknown argument(s) {', '.join(sorted(unknown))}")
    values = {}
    for field_name, field in fields.items():
        if field_name not in args:
            if field.default is not dataclasses.MISSING:
                continue
            raise CommandFormatError(f"{name}: missing argument '{field_name}'")
        values[field_name] = _coerce(args[field_name], hints[field_name], f"{name}.{field_name}")
    return cls(**values)


@functools.cache
def _signature(cls: type[Command]) -> tuple[dict[str, Any], dict[str, dataclasses.Field[Any]]]:
    """A command class's argument types and fields: worked out once, not on every command."""
    return typing.get_type_hints(cls), {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]


def _refuse_non_finite(value: Any, where: str) -> None:
    """NaN and Infinity pass Python's JSON reader but have no canonical form to journal."""
    if isinstance(value, float) and not math.isfinite(value):
        raise CommandFormatError(f"{where}: {value} is not a number pollday can record")
    if isinstance(value, dict):
        for key, item in value.items():
            _refuse_non_finite(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _refuse_non_finite(item, f"{where}[{index}]")


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        (inner,) = [o for o in options if o is not type(None)]
        return _coerce(value, inner, where)
    if origin is tuple:
        (inner, _ellipsis) = typing.get_args(hint)
        if not isinstance(value, list):
            raise CommandFormatError(f"{where}: expected a list, got {_describe(value)}")
        return tuple(_coerce(v, inner, f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise CommandFormatError(f"{where}: expected an object, got {_describe(value)}")
        return value
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            allowed = ", ".join(m.value for m in hint)
            raise CommandFormatError(f"{where}: {value!r} is not one of: {allowed}") from None
    checks: dict[Any, Callable[[Any], bool]] = {
        str: lambda v: isinstance(v, str),
        int: lambda v: isinstance(v, int) and not isinstance(v, bool),
        bool: lambda v: isinstance(v, bool),
    }
    if hint in checks:
        if not checks[hint](value):
            raise CommandFormatError(f"{where}: expected {hint.__name__}, got {_describe(value)}")
        return value
    raise TypeError(f"{where}: unsupported argument type {hint!r}")


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]


def _to_plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_to_plain(v) for v in value]
    return value
