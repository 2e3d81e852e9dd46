"""Managing user accounts: adding them, PINs, roles, deactivation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pollday.domain.commands.base import Command, CommandContext, Refused, active_user, register
from pollday.domain.commands.election import SETUP_ACTOR
from pollday.domain.election import USERNAME_PATTERN
from pollday.domain.roles import ROLE_LABELS, Permission, Power, Role
from pollday.domain.state import Change, Patch, Put, StateView

# Only the RO may create or change accounts that carry statutory authority.
STATUTORY_ROLES = {Role.RETURNING_OFFICER, Role.DEPUTY_RO}


def _existing_user(view: StateView, username: str) -> dict[str, Any]:
    user = view.get("users", (username,))
    if user is None:
        raise Refused(f"there is no user named '{username}'")
    return user


def _check_role_grant(ctx: CommandContext, view: StateView, role: Role, powers: tuple[Power, ...]) -> None:
    if role == Role.SYSTEM:
        raise Refused("the 'system' role is reserved for database set-up and cannot be given to a person")
    if powers and role != Role.DEPUTY_RO:
        raise Refused("only a deputy returning officer holds written powers")
    actor = active_user(view, ctx.actor)
    if role in STATUTORY_ROLES and actor["role"] != Role.RETURNING_OFFICER:
        raise Refused(f"only the Returning Officer may appoint a {ROLE_LABELS[role]}")


def _check_not_last_ro(view: StateView, username: str) -> None:
    user = _existing_user(view, username)
    if user["role"] != Role.RETURNING_OFFICER:
        return
    active_ros = [u for u in view.rows("users", role=Role.RETURNING_OFFICER.value) if u["active"]]
    if len(active_ros) <= 1:
        raise Refused("this is the only active Returning Officer account: appoint another RO first")


@register
@dataclass(frozen=True)
class AddUser(Command):
    name: ClassVar[str] = "user.add"
    summary: ClassVar[str] = "Add a user"
    permission: ClassVar[Permission | None] = Permission.MANAGE_USERS

    username: str
    full_name: str
    role: Role
    powers: tuple[Power, ...] = ()
    pin_hash: str = ""

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        if not USERNAME_PATTERN.match(self.username):
            raise Refused("a username is lower-case letters, digits, '.' or '-' (up to 24 characters)")
        if not self.full_name.strip():
            raise Refused("give the user's full name: it appears on the audit trail and documents")
        if view.get("users", (self.username,)) is not None:
            raise Refused(f"there is already a user named '{self.username}'")
        _check_role_grant(ctx, view, self.role, self.powers)
        return [Put("users", {
            "username": self.username,
            "full_name": self.full_name.strip(),
            "role": self.role.value,
            "powers": [p.value for p in self.powers],
            "active": True,
            "pin_hash": self.pin_hash,
            "failed_pins": 0,
            "locked_until": None,
            "last_sign_in_at": None,
        })]


@register
@dataclass(frozen=True)
class SetPin(Command):
    name: ClassVar[str] = "user.set_pin"
    summary: ClassVar[str] = "Set a user's PIN"
    permission: ClassVar[Permission | None] = Permission.MANAGE_USERS

    username: str
    pin_hash: str

    def authorize(self, ctx: CommandContext, view: StateView) -> None:
        if ctx.role == Role.SYSTEM and ctx.actor == SETUP_ACTOR:
            target = view.get("users", (self.username,))
            if target is not None and not target["pin_hash"]:
                return  # 'pollday init' setting the first PIN of each account in the definition
            raise Refused("set-up sets only the first PIN of an account")
        if ctx.actor == self.username:
            active_user(view, ctx.actor)  # anyone may change their own PIN
            return
        super().authorize(ctx, view)
        target = _existing_user(view, self.username)
        actor = active_user(view, ctx.actor)
        if target["role"] in STATUTORY_ROLES and actor["role"] != Role.RETURNING_OFFICER:
            raise Refused("only the Returning Officer may reset the PIN of the RO or a deputy")

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        _existing_user(view, self.username)
        if not self.pin_hash.startswith("scrypt$"):
            raise Refused("the PIN must arrive hashed; use 'pollday user set-pin', which hashes it")
        return [Patch("users", (self.username,), {"pin_hash": self.pin_hash, "failed_pins": 0, "locked_until": None})]


@register
@dataclass(frozen=True)
class ChangeRole(Command):
    name: ClassVar[str] = "user.change_role"
    summary: ClassVar[str] = "Change a user's role"
    permission: ClassVar[Permission | None] = Permission.MANAGE_USERS

    username: str
    role: Role
    powers: tuple[Power, ...] = ()

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        target = _existing_user(view, self.username)
        _check_role_grant(ctx, view, self.role, self.powers)
        if Role(target["role"]) in STATUTORY_ROLES:
            _check_role_grant(ctx, view, Role(target["role"]), ())
        if self.role != Role.RETURNING_OFFICER:
            _check_not_last_ro(view, self.username)
        return [Patch("users", (self.username,), {"role": self.role.value, "powers": [p.value for p in self.powers]})]


@register
@dataclass(frozen=True)
class DeactivateUser(Command):
    name: ClassVar[str] = "user.deactivate"
    summary: ClassVar[str] = "Deactivate a user"
    permission: ClassVar[Permission | None] = Permission.MANAGE_USERS

    username: str
    reason: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        target = _existing_user(view, self.username)
        if not self.reason.strip():
            raise Refused("give a reason for deactivating the account: it goes on the audit trail")
        if not target["active"]:
            raise Refused(f"'{self.username}' is already deactivated")
        if self.username == ctx.actor:
            raise Refused("you cannot deactivate your own account")
        if Role(target["role"]) in STATUTORY_ROLES:
            _check_role_grant(ctx, view, Role(target["role"]), ())
        _check_not_last_ro(view, self.username)
        return [Patch("users", (self.username,), {"active": False})]


@register
@dataclass(frozen=True)
class ReactivateUser(Command):
    name: ClassVar[str] = "user.reactivate"
    summary: ClassVar[str] = "Reactivate a user"
    permission: ClassVar[Permission | None] = Permission.MANAGE_USERS

    username: str

    def decide(self, ctx: CommandContext, view: StateView) -> list[Change]:
        target = _existing_user(view, self.username)
        if target["active"]:
            raise Refused(f"'{self.username}' is already active")
        if Role(target["role"]) in STATUTORY_ROLES:
            _check_role_grant(ctx, view, Role(target["role"]), ())
        return [Patch("users", (self.username,), {"active": True})]
