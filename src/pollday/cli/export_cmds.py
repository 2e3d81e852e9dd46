"""Machine-readable exports: the same figures as the PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pollday.cli.common import db_option, open_service, write_output
from pollday.cli.control_cmds import export_incidents as control_export_incidents
from pollday.cli.errors import CliFailure, friendly_errors
from pollday.cli.postal_cmds import export as postal_export
from pollday.services.results_export import result_records, results_csv
from pollday.services.verification_export import verification_csv, verification_records


@click.group("export")
def export_group() -> None:
    """Export figures as JSON or CSV."""


@export_group.command("verification")
@db_option
@click.option("--contest", "contest_id", help="One contest's ballot ID (default: every contest).")
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: the screen).")
@friendly_errors
def export_verification(db_path: Path, contest_id: str | None, output_format: str, out_path: Path | None) -> None:
    """Per account the BPA figure, every count of every box, the verified figure, variance and resolution."""
    try:
        records = verification_records(open_service(db_path), contest_id)
    except ValueError as error:
        raise CliFailure(str(error)) from None
    if output_format == "json":
        write_output(json.dumps(records, indent=2, ensure_ascii=False) + "\n", out_path)
    else:
        write_output(verification_csv(records), out_path)


@export_group.command("results")
@db_option
@click.option("--contest", "contest_id", help="One contest's ballot ID (default: every contest with a result).")
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: the screen).")
@friendly_errors
def export_results(db_path: Path, contest_id: str | None, output_format: str, out_path: Path | None) -> None:
    """Declared (or else the latest provisional) results, with Democracy Club ballot IDs."""
    try:
        records = result_records(open_service(db_path), contest_id)
    except ValueError as error:
        raise CliFailure(str(error)) from None
    if output_format == "json":
        write_output(json.dumps(records, indent=2, ensure_ascii=False) + "\n", out_path)
    else:
        write_output(results_csv(records), out_path)


# The same commands as `pollday control export-incidents` and `pollday postal export`, so every
# export is also under `pollday export`.
export_group.add_command(control_export_incidents, name="incidents")
export_group.add_command(postal_export, name="postal")
