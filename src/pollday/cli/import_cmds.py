"""Importing figures produced elsewhere."""

from __future__ import annotations

from pathlib import Path

import click

from pollday.cli.common import db_option, open_service, sign_in_from_cli
from pollday.cli.errors import EXIT_REFUSED, CliFailure, friendly_errors
from pollday.imports.bpa_csv import BpaImportError, read_bpa_csv


@click.command("import-bpa")
@db_option
@click.option("--user", "username", required=True, help="Import as this user (PIN from POLLDAY_PIN).")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@friendly_errors
def import_bpa_command(db_path: Path, username: str, csv_file: Path) -> None:
    """Import ballot paper accounts from a CSV file (see docs/bpa-import.md).

    The whole file is checked first; nothing is imported if any row is malformed. Each
    account is then recorded as its own command: a refused one stops the import and is
    named with its line (accounts before it stay recorded).
    """
    try:
        rows = read_bpa_csv(csv_file.read_text(encoding="utf-8-sig"), csv_file.name)
    except BpaImportError as error:
        raise CliFailure("nothing imported:\n  " + "\n  ".join(error.problems)) from None
    except UnicodeDecodeError:
        raise CliFailure(f"{csv_file} is not UTF-8 text: save it as CSV UTF-8 and try again") from None
    service = open_service(db_path)
    session = sign_in_from_cli(service, username)
    for done, row in enumerate(rows):
        result = service.execute(session, row.command)
        if not result.applied:
            raise CliFailure(
                f"{csv_file.name} line {row.line}: refused: {result.reason}; {done} account(s) before it were imported",
                EXIT_REFUSED,
            )
    click.echo(f"imported {len(rows)} ballot paper account(s) from {csv_file.name}")
