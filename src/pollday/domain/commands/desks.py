"""Opening and closing a desk: one person holds a desk at one terminal at a time.

Two terminals working one desk as one person would let a count assistant's figures or
an RO's decision come from a screen nobody is watching. The second terminal is refused
with where the desk is open; the person may take it over (the other terminal goes back
to its home screen), because a crashed or abandoned terminal must never lock anyone
out of their desk on election night. Read-only desks are not held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, active_user, powers_of, register
from pollday.domain.desks import DESKS, DESKS_BY_KEY, Desk
from pollday.domain.roles import ROLE_LABELS, Permission, Power, Role, permissions_of
from pollday.domain.state import Change, Patch, Put, StateView
from pollday.domain.timefmt import uk_time


@dataclass(frozen=True)
class _Grants:
    role: Role
    powers: frozenset[Power]

    def may(self, permission: Permission) -> bool:
        return permission in permissions_of(self.role, self.powers)


def _desk_or_refuse(key: str) -> Desk:
    desk = DESKS_BY_KEY.get(key)
    if desk is None:
        known = ", ".join(d.key for d in DESKS)
        raise Refused(f"there is no desk called '{key}': the desks are {known}")
    return desk


def desk_held_elsewhere(view: StateView, username: str, desk_key: str, terminal: str) -> dict[str, Any] | None:
    """The open session of this person at this desk on another terminal, if there is one."""
    row = view.get("desk_sessions", (username, desk_key))
    if row is None or not row["open"] or row["terminal"] == terminal:
        return None
    return row


def close_sessions_at_terminal(view: StateView, ctx: CommandContext) -> list[Change]:
    """Close every desk the actor has open at this terminal (on signing out)."""
    return [
        Patch("desk_sessions", (row["username"], row["desk"]), {"open": False, "closed_at": ctx.at.isoformat()})
        for row in view.rows("desk_sessions", username=ctx.actor)
        if row["open"] and row["terminal"] == ctx.terminal
    ]


@register
@dataclass(frozen=True)
class OpenDesk(Command):
    name: ClassVar[str] = "desk.open"
    summary: ClassVar[str] = "Open a desk at this terminal"
    permission: ClassVar[Permission | None] = None

    desk: str
    take_over: bool = False

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        user = active_user(view, ctx.actor)
        desk = _desk_or_refuse(self.desk)
        role = Role(user["role"])
        if not desk.open_to(_Grants(role, powers_of(user))):
            raise Refused(f"{user['full_name']} ({ROLE_LABELS[role]}) may not open the {desk.title} desk")

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        desk = _desk_or_refuse(self.desk)
        if not desk.exclusive:
            return []
        held = desk_held_elsewhere(view, ctx.actor, desk.key, ctx.terminal)
        if held is not None and not self.take_over:
            raise Refused(
                f"you already have the {desk.title} desk open on terminal {held['terminal']} "
                f"(since {uk_time(held['since'])}): close it there, or take it over here, "
                "which sends that terminal back to its home screen"
            )
        return [Put("desk_sessions", {
            "username": ctx.actor, "desk": desk.key, "terminal": ctx.terminal, "open": True,
            "since": ctx.at.isoformat(), "closed_at": None, "taken_from": held["terminal"] if held else "",
        })]


@register
@dataclass(frozen=True)
class CloseDesk(Command):
    name: ClassVar[str] = "desk.close"
    summary: ClassVar[str] = "Close a desk at this terminal"
    permission: ClassVar[Permission | None] = None

    desk: str

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        active_user(view, ctx.actor)
        _desk_or_refuse(self.desk)

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        row = view.get("desk_sessions", (ctx.actor, self.desk))
        # A desk taken over by another terminal is that terminal's now: closing here must not close it there.
        if row is None or not row["open"] or row["terminal"] != ctx.terminal:
            return []
        return [Patch("desk_sessions", (ctx.actor, self.desk), {"open": False, "closed_at": ctx.at.isoformat()})]
