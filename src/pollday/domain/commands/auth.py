"""Signing in. The services check the PIN; these commands record the outcome.

A wrong PIN is recorded as an applied `auth.pin_rejected` because it changes state (the
lock-out counter); the sign-in it belonged to is refused to the user. Attempts on a
locked or unknown account are journaled as refused `auth.sign_in` commands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, active_user, register
from pollday.domain.commands.desks import close_sessions_at_terminal
from pollday.domain.pins import locked_until
from pollday.domain.roles import Permission
from pollday.domain.state import Change, Patch, StateView
from pollday.domain.timefmt import uk_time


def _usable_account(ctx: CommandContext, view: StateView, username: str) -> dict[str, Any]:
    if ctx.actor != username:
        raise Refused("a sign-in is recorded only for the person signing in")
    user = active_user(view, username)
    if user["locked_until"] and datetime.fromisoformat(user["locked_until"]) > ctx.at:
        raise Refused(
            f"'{username}' is locked after {user['failed_pins']} wrong PINs until "
            f"{uk_time(user['locked_until'])}: wait, or ask the elections manager to reset the PIN"
        )
    if not user["pin_hash"]:
        raise Refused(f"'{username}' has no PIN yet: ask the elections manager to set one")
    return user


@register
@dataclass(frozen=True)
class SignIn(Command):
    name: ClassVar[str] = "auth.sign_in"
    summary: ClassVar[str] = "Sign in"
    permission: ClassVar[Permission | None] = None

    username: str

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        _usable_account(ctx, view, self.username)

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        return [Patch("users", (self.username,), {
            "failed_pins": 0, "locked_until": None, "last_sign_in_at": ctx.at.isoformat(),
        })]


@register
@dataclass(frozen=True)
class RejectPin(Command):
    name: ClassVar[str] = "auth.pin_rejected"
    summary: ClassVar[str] = "Record a wrong PIN"
    permission: ClassVar[Permission | None] = None

    username: str

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        _usable_account(ctx, view, self.username)

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        user = active_user(view, self.username)
        failures = user["failed_pins"] + 1
        until = locked_until(failures, ctx.at)
        return [Patch("users", (self.username,), {
            "failed_pins": failures, "locked_until": until.isoformat() if until else None,
        })]


@register
@dataclass(frozen=True)
class SignOut(Command):
    name: ClassVar[str] = "auth.sign_out"
    summary: ClassVar[str] = "Sign out"
    permission: ClassVar[Permission | None] = None

    username: str

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        if ctx.actor != self.username:
            raise Refused("a sign-out is recorded only for the person signing out")
        active_user(view, self.username)

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        # The journal keeps who left which terminal and when; the desks held here are free again.
        return close_sessions_at_terminal(view, ctx)
