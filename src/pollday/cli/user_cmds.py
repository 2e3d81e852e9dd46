"""User accounts from the command line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from pollday.cli.common import db_option, open_service, sign_in_from_cli
from pollday.cli.errors import EXIT_REFUSED, CliFailure, friendly_errors
from pollday.domain.roles import ROLE_LABELS, Role


@click.group("user")
def user_group() -> None:
    """List users and set PINs."""


@user_group.command("list")
@db_option
@friendly_errors
def list_users(db_path: Path) -> None:
    """List every account with its role and whether it is active or locked."""
    for user in open_service(db_path).store.view().rows("users"):
        flags = [] if user["active"] else ["DEACTIVATED"]
        if user["locked_until"]:
            flags.append(f"locked until {user['locked_until']}")
        if not user["pin_hash"]:
            flags.append("no PIN set")
        label = ROLE_LABELS[Role(user["role"])]
        powers = f" [{', '.join(user['powers'])}]" if user["powers"] else ""
        click.echo(f"{user['username']:<16} {user['full_name']:<28} {label}{powers} {' '.join(flags)}".rstrip())


@user_group.command("set-pin")
@db_option
@click.option("--user", "username", required=True, help="Whose PIN to set.")
@click.option("--as", "acting_as", help="Sign in as this user to do it (default: the user themself).")
@friendly_errors
def set_pin(db_path: Path, username: str, acting_as: str | None) -> None:
    """Set a PIN. The new PIN comes from POLLDAY_NEW_PIN, or is asked for twice."""
    service = open_service(db_path)
    session = sign_in_from_cli(service, acting_as or username)
    new_pin = os.environ.get("POLLDAY_NEW_PIN")
    if new_pin is None:
        new_pin = click.prompt(f"New PIN for {username}", hide_input=True, confirmation_prompt=True)
    try:
        pin_hash = service.pin_hash_for(new_pin)
    except ValueError as problem:
        raise CliFailure(f"that PIN cannot be used: {problem}") from None
    result = service.execute(session, {"cmd": "user.set_pin", "args": {"username": username, "pin_hash": pin_hash}})
    if not result.applied:
        raise CliFailure(f"refused: {result.reason}", EXIT_REFUSED)
    click.echo(f"PIN set for {username} (journal entry {result.seq})")


@user_group.command("add")
@db_option
@click.option("--as", "acting_as", required=True, help="Sign in as this user to do it (manager or RO).")
@click.option("--user", "username", required=True)
@click.option("--name", "full_name", required=True, help="Full name, as it should appear on the audit trail.")
@click.option("--role", type=click.Choice([r.value for r in Role if r != Role.SYSTEM]), required=True)
@click.option("--power", "powers", multiple=True, help="A written power (deputies only); repeat for several.")
@friendly_errors
def add_user(db_path: Path, acting_as: str, username: str, full_name: str, role: str, powers: tuple[str, ...]) -> None:
    """Add an account; set its PIN afterwards with 'pollday user set-pin'."""
    service = open_service(db_path)
    session = sign_in_from_cli(service, acting_as)
    command = {"cmd": "user.add", "args": {"username": username, "full_name": full_name, "role": role,
                                          "powers": list(powers)}}
    result = service.execute(session, command)
    if not result.applied:
        raise CliFailure(f"refused: {result.reason}", EXIT_REFUSED)
    click.echo(f"added {username} ({json.dumps(full_name, ensure_ascii=False)}, {role}); "
               f"now set a PIN: pollday user set-pin --db {db_path} --user {username} --as {acting_as}")
