"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from pollday.cli.errors import CliFailure
from pollday.services.election_service import ElectionService
from pollday.services.session import Session

db_option = click.option(
    "--db", "db_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="The election database file.",
)


def write_output(text: str, out_path: Path | None) -> None:
    """Print to the screen, or write the file and say so."""
    if out_path is None:
        click.echo(text, nl=False)
    else:
        out_path.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out_path}")


def open_service(db_path: Path) -> ElectionService:
    return ElectionService.open(db_path)


def sign_in_from_cli(service: ElectionService, username: str) -> Session:
    """Sign in with POLLDAY_PIN, or ask for the PIN when there is a terminal to ask at."""
    pin = os.environ.get("POLLDAY_PIN")
    if pin is None:
        if not sys.stdin.isatty():
            raise CliFailure(f"no PIN for '{username}': set POLLDAY_PIN or run this in a terminal to be asked")
        pin = click.prompt(f"PIN for {username}", hide_input=True)
    return service.sign_in(username, pin)
