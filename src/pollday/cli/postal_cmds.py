"""`pollday postal`: import the absent voters list, export the lists and returns, purge personal data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from pollday.cli.common import db_option, open_service, sign_in_from_cli, write_output
from pollday.cli.errors import EXIT_REFUSED, CliFailure, friendly_errors
from pollday.imports.absent_voters import AbsentVotersImportError, read_absent_voters_csv
from pollday.services.postal_export import LIST_NAMES, postal_csv, postal_export, postal_records

F = TypeVar("F", bound=Callable[..., Any])
user_option = click.option("--user", "username", required=True, help="Act as this user (PIN from POLLDAY_PIN).")


@click.group("postal")
def postal_group() -> None:
    """Postal votes: the absent voters list, the statutory lists and returns."""


@postal_group.command("import-voters")
@db_option
@user_option
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
def import_voters(db_path: Path, username: str, csv_file: Path) -> None:
    """Import the absent voters list (postal voters and packs issued) from a CSV file (docs/postal.md).

    The whole file is checked first and imported as one command: nothing is imported
    if any row is malformed or the import is refused. Importing an updated list again
    adds new voters and packs and marks packs cancelled since.
    """
    service = open_service(db_path)
    contests = [c["contest_id"] for c in sorted(service.store.view().rows("contests"), key=lambda c: c["position"])]
    try:
        parsed = read_absent_voters_csv(csv_file.read_text(encoding="utf-8-sig"), csv_file.name, contests)
    except AbsentVotersImportError as error:
        raise CliFailure("nothing imported:\n  " + "\n  ".join(error.problems)) from None
    except UnicodeDecodeError:
        raise CliFailure(f"{csv_file} is not UTF-8 text: save it as CSV UTF-8 and try again") from None
    session = sign_in_from_cli(service, username)
    result = service.execute(session, parsed.command)
    if not result.applied:
        raise CliFailure(f"{csv_file.name}: nothing imported: {result.reason}", EXIT_REFUSED)
    click.echo(f"imported {len(parsed.voters):,} postal voter(s) and {parsed.packs:,} pack(s) from {csv_file.name} "
               f"(journal entry {result.seq})")


@postal_group.command("purge-personal-data")
@db_option
@user_option
@click.option("--force-before-retention", is_flag=True,
              help="Purge before the one-year retention period ends (needs --reason).")
@click.option("--reason", default="", help="Why the purge is forced early; it is journaled.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@friendly_errors
def purge_personal_data(db_path: Path, username: str, force_before_retention: bool, reason: str, yes: bool) -> None:
    """Remove postal voters' names, addresses and dates of birth, keeping every figure (RO only).

    Refused before one year after the poll unless forced with a reason. The journal
    still holds the import as it was made: destroy the database file itself under the
    retention schedule (docs/postal.md).
    """
    service = open_service(db_path)
    voters = service.store.view().count("postal_voters")
    question = f"Purge the names, addresses and dates of birth of {voters:,} postal voter(s)? This cannot be undone"
    try:
        confirmed = yes or click.confirm(question)
    except click.Abort:  # no answer (end of input): a purge is never assumed
        confirmed = False
    if not confirmed:
        raise CliFailure("nothing purged: confirm it, or pass --yes", EXIT_REFUSED)
    session = sign_in_from_cli(service, username)
    result = service.execute(session, {"cmd": "postal.purge_personal_data", "args": {
        "force_before_retention": force_before_retention, "reason": reason}})
    if not result.applied:
        raise CliFailure(f"nothing purged: {result.reason}", EXIT_REFUSED)
    click.echo(f"purged the personal data of {voters:,} postal voter(s) (journal entry {result.seq})")


def postal_export_options(command: F) -> F:
    """The options of the postal export, shared with its alias `pollday export postal`."""
    options = (
        click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json",
                     show_default=True),
        click.option("--list", "list_name", type=click.Choice(LIST_NAMES),
                     help="One list or return (default with JSON: everything). 1-4 are the statutory lists."),
        click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="File to write (default: the screen)."),
    )
    for option in reversed(options):
        command = option(command)
    return command


@postal_group.command("export")
@db_option
@postal_export_options
@friendly_errors
def export(db_path: Path, output_format: str, list_name: str | None, out_path: Path | None) -> None:
    """The statutory lists, marked list, notices, Form K and EC statistics, as JSON or CSV."""
    write_postal_export(db_path, output_format, list_name, out_path)


def write_postal_export(db_path: Path, output_format: str, list_name: str | None, out_path: Path | None) -> None:
    """The body of `postal export` and of its alias `export postal`."""
    service = open_service(db_path)
    if output_format == "csv":
        if list_name is None:
            raise CliFailure(f"CSV holds one list at a time: add --list ({', '.join(LIST_NAMES)})")
        text = postal_csv(postal_records(service, list_name), list_name)
    else:
        records = postal_export(service) if list_name is None else postal_records(service, list_name)
        text = json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    write_output(text, out_path)
