"""Every command pollday knows. Importing this package registers them all."""

from pollday.domain.commands import (
    auth,
    control_room,
    count,
    desks,
    election,
    postal,
    reception,
    users,
    verification,
)
from pollday.domain.commands.base import (
    COMMANDS,
    Command,
    CommandContext,
    CommandFormatError,
    Refused,
    parse_command,
)

__all__ = [
    "COMMANDS",
    "Command",
    "CommandContext",
    "CommandFormatError",
    "Refused",
    "auth",
    "control_room",
    "count",
    "desks",
    "election",
    "parse_command",
    "postal",
    "reception",
    "users",
    "verification",
]
