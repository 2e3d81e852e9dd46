"""Reference pages generated from the code, so the documentation cannot drift from it."""

from __future__ import annotations

import dataclasses
import typing
from enum import Enum
from typing import Any

from pollday.domain.commands import COMMANDS
from pollday.domain.roles import POWER_PERMISSIONS, ROLE_LABELS, Permission, Role, permissions_of


def _type_name(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin is tuple:
        return f"list of {_type_name(typing.get_args(hint)[0])}"
    if origin is dict:
        return "object"
    if origin is not None:
        return " or ".join(_type_name(a) for a in typing.get_args(hint) if a is not type(None)) + " or null"
    if isinstance(hint, type) and issubclass(hint, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in hint)
    return {str: "text", int: "whole number", bool: "true/false"}.get(hint, getattr(hint, "__name__", str(hint)))


def commands_markdown() -> str:
    lines = [
        "# Commands",
        "",
        "Every change to an election is one of these commands, written to the journal in the same",
        "transaction as its effect. A command's JSON form is `{\"cmd\": NAME, \"args\": {...}}`; this is",
        "what `pollday apply` reads (one per line) and what the journal stores, in canonical form",
        "(keys sorted, no spaces). Arguments with a default may be left out.",
        "",
        "Generated from the code by `scripts/gen-docs`; a test fails when this page is out of date.",
        "",
    ]
    for name in sorted(COMMANDS):
        cls = COMMANDS[name]
        hints = typing.get_type_hints(cls)
        permission = cls.permission.value if cls.permission else "see notes"
        lines += [f"## `{name}`", "", f"{cls.summary}. Permission: `{permission}`.", ""]
        fields = dataclasses.fields(cls)  # type: ignore[arg-type]
        if fields:
            lines += ["| argument | type | default |", "|---|---|---|"]
            for field in fields:
                default = "" if field.default is dataclasses.MISSING else f"`{_plain(field.default)}`"
                lines.append(f"| `{field.name}` | {_type_name(hints[field.name])} | {default} |")
            lines.append("")
        else:
            lines += ["No arguments.", ""]
    lines += [
        "## Notes",
        "",
        "- `election.define` is run only by `pollday init` / `pollday demo` when a database is created.",
        "- `auth.sign_in` and `auth.pin_rejected` are recorded by the services when someone signs in; the",
        "  PIN itself is never journaled. Anyone may change their own PIN with `user.set_pin`.",
        "- Only the Returning Officer may appoint, change or reset the PIN of an RO or a deputy RO.",
        "- `postal.purge_personal_data` is for the Returning Officer only, after the retention period.",
        "",
    ]
    return "\n".join(lines)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def roles_markdown() -> str:
    people = [r for r in Role if r != Role.SYSTEM]
    header = "| permission | " + " | ".join(ROLE_LABELS[r] for r in people) + " |"
    lines = [
        "# Roles and permissions",
        "",
        "Enforced by the services for every command (the screens only mirror it). A deputy",
        "returning officer holds a statutory permission only when the RO has delegated the matching",
        "power in writing; the powers are recorded on the user's account.",
        "",
        "Generated from the code by `scripts/gen-docs`; a test fails when this page is out of date.",
        "",
        header,
        "|---|" + "---|" * len(people),
    ]
    for permission in Permission:
        cells = []
        for role in people:
            if permission in permissions_of(role):
                cells.append("yes")
            elif role == Role.DEPUTY_RO and permission in POWER_PERMISSIONS.values():
                power = next(p for p, perm in POWER_PERMISSIONS.items() if perm == permission)
                cells.append(f"with power `{power.value}`")
            else:
                cells.append("")
        lines.append(f"| `{permission.value}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Wrong PINs: three are free; the fourth locks the account for 30 seconds, and each further",
        "wrong PIN doubles the lock, up to 30 minutes. A successful sign-in resets the count. Every",
        "attempt is journaled.",
        "",
    ]
    return "\n".join(lines)
