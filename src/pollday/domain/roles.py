"""Who may do what. The services enforce this for every command; the UI only mirrors it."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SYSTEM = "system"  # the set-up step that creates a database; never a person
    RETURNING_OFFICER = "returning_officer"
    DEPUTY_RO = "deputy_ro"
    ELECTIONS_MANAGER = "elections_manager"
    COUNT_SUPERVISOR = "count_supervisor"
    COUNT_ASSISTANT = "count_assistant"
    RECEPTION = "reception"
    POSTAL_OPENING = "postal_opening"
    CONTROL_ROOM = "control_room"
    OBSERVER = "observer"


ROLE_LABELS: dict[Role, str] = {
    Role.SYSTEM: "System set-up",
    Role.RETURNING_OFFICER: "Returning Officer",
    Role.DEPUTY_RO: "Deputy Returning Officer",
    Role.ELECTIONS_MANAGER: "Elections manager",
    Role.COUNT_SUPERVISOR: "Count supervisor",
    Role.COUNT_ASSISTANT: "Count assistant",
    Role.RECEPTION: "Reception staff",
    Role.POSTAL_OPENING: "Postal opening staff",
    Role.CONTROL_ROOM: "Control-room operator",
    Role.OBSERVER: "Observer (read-only)",
}


class Power(StrEnum):
    """Statutory functions an RO may delegate in writing to a deputy."""

    VERIFICATION = "verification"  # sign off the verification statement
    ADJUDICATION = "adjudication"  # decide doubtful ballot papers
    RECOUNT = "recount"  # decide recount requests
    DECLARATION = "declaration"  # sign off and declare the result
    POSTAL_ADJUDICATION = "postal_adjudication"  # decide postal identifier rejections


class Permission(StrEnum):
    VIEW = "view"
    MANAGE_USERS = "manage_users"
    RUN_ELECTION = "run_election"  # open/close the poll, advance stages, settings
    RECEIVE_BOXES = "receive_boxes"
    RECORD_VERIFICATION = "record_verification"
    SUPERVISE_VERIFICATION = "supervise_verification"
    RECORD_COUNT = "record_count"
    SUPERVISE_COUNT = "supervise_count"
    SIGN_OFF_VERIFICATION = "sign_off_verification"
    ADJUDICATE = "adjudicate"
    DECIDE_RECOUNT = "decide_recount"
    DECLARE = "declare"
    REOPEN_FIGURES = "reopen_figures"
    POSTAL_OPENING = "postal_opening"
    POSTAL_ADJUDICATE = "postal_adjudicate"
    CONTROL_ROOM = "control_room"


# Permissions a deputy holds only when the matching written power is granted.
POWER_PERMISSIONS: dict[Power, Permission] = {
    Power.VERIFICATION: Permission.SIGN_OFF_VERIFICATION,
    Power.ADJUDICATION: Permission.ADJUDICATE,
    Power.RECOUNT: Permission.DECIDE_RECOUNT,
    Power.DECLARATION: Permission.DECLARE,
    Power.POSTAL_ADJUDICATION: Permission.POSTAL_ADJUDICATE,
}

_OPERATIONAL = {
    Permission.VIEW,
    Permission.RECEIVE_BOXES,
    Permission.RECORD_VERIFICATION,
    Permission.SUPERVISE_VERIFICATION,
    Permission.RECORD_COUNT,
    Permission.SUPERVISE_COUNT,
    Permission.POSTAL_OPENING,
    Permission.CONTROL_ROOM,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SYSTEM: frozenset(),
    Role.RETURNING_OFFICER: frozenset(Permission),
    Role.DEPUTY_RO: frozenset(_OPERATIONAL | {Permission.RUN_ELECTION}),
    Role.ELECTIONS_MANAGER: frozenset(_OPERATIONAL | {Permission.MANAGE_USERS, Permission.RUN_ELECTION}),
    Role.COUNT_SUPERVISOR: frozenset({
        Permission.VIEW,
        Permission.RECEIVE_BOXES,
        Permission.RECORD_VERIFICATION,
        Permission.SUPERVISE_VERIFICATION,
        Permission.RECORD_COUNT,
        Permission.SUPERVISE_COUNT,
    }),
    Role.COUNT_ASSISTANT: frozenset({Permission.VIEW, Permission.RECORD_VERIFICATION, Permission.RECORD_COUNT}),
    Role.RECEPTION: frozenset({Permission.VIEW, Permission.RECEIVE_BOXES}),
    Role.POSTAL_OPENING: frozenset({Permission.VIEW, Permission.POSTAL_OPENING}),
    Role.CONTROL_ROOM: frozenset({Permission.VIEW, Permission.CONTROL_ROOM}),
    Role.OBSERVER: frozenset({Permission.VIEW}),
}


def permissions_of(role: Role, powers: tuple[Power, ...] | frozenset[Power] = ()) -> frozenset[Permission]:
    granted = set(ROLE_PERMISSIONS[role])
    if role == Role.DEPUTY_RO:
        granted |= {POWER_PERMISSIONS[p] for p in powers}
    return frozenset(granted)


def may(role: Role, powers: tuple[Power, ...] | frozenset[Power], permission: Permission) -> bool:
    return permission in permissions_of(role, powers)
