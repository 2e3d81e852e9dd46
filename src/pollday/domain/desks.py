"""The desks of a count centre: what each is for and which permissions open it.

The services enforce permissions on every command; the desk list decides what a
terminal offers, and which desks one person may hold at only one terminal at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pollday.domain.roles import Permission


class MayHolder(Protocol):
    def may(self, permission: Permission) -> bool: ...


@dataclass(frozen=True)
class Desk:
    key: str
    number: int  # fixed per desk, so "press 8 for status" holds on every terminal and role
    title: str
    any_of: frozenset[Permission]
    purpose: str  # what the desk does, in one sentence
    # Read-only desks (the status board) may be open on any number of terminals, e.g. wall screens.
    exclusive: bool = True

    @property
    def purpose_sentence(self) -> str:
        """The purpose on its own, starting with a capital letter."""
        return self.purpose[:1].upper() + self.purpose[1:]

    def open_to(self, holder: MayHolder) -> bool:
        return any(holder.may(permission) for permission in self.any_of)


DESKS: tuple[Desk, ...] = (
    Desk(
        "reception", 1, "Reception", frozenset({Permission.RECEIVE_BOXES}),
        "scan each ballot box label as it arrives, check its seals and record its ballot paper account.",
    ),
    Desk(
        "verification", 2, "Verification", frozenset({Permission.RECORD_VERIFICATION}),
        "count the papers in each box against its ballot paper account, record variances and recounts, "
        "and sign verification off.",
    ),
    Desk(
        "count", 3, "Count", frozenset({Permission.RECORD_COUNT}),
        "record the votes for each candidate and the rejected papers by statutory head, "
        "leading to the provisional result.",
    ),
    Desk(
        "postal", 4, "Postal opening", frozenset({Permission.POSTAL_OPENING}),
        "run postal vote opening sessions: check postal voting statements and keep the statutory lists.",
    ),
    Desk(
        "control_room", 5, "Control room", frozenset({Permission.CONTROL_ROOM}),
        "log incidents from polling stations and follow station status, turnout returns and boxes in transit.",
    ),
    Desk(
        "ro_desk", 6, "RO desk",
        frozenset({Permission.SIGN_OFF_VERIFICATION, Permission.ADJUDICATE, Permission.DECLARE}),
        "adjudicate doubtful papers, decide recounts, draw lots and declare the result "
        "(verification is signed off on the verification desk).",
    ),
    Desk(
        "administration", 7, "Administration", frozenset({Permission.MANAGE_USERS, Permission.RUN_ELECTION}),
        "open and close the poll and review the user accounts.",
    ),
    Desk(
        "status", 8, "Election status", frozenset({Permission.VIEW}),
        "show every contest's stage, boxes received and verified, the poll and the journal.",
        exclusive=False,
    ),
)

DESKS_BY_KEY: dict[str, Desk] = {desk.key: desk for desk in DESKS}
