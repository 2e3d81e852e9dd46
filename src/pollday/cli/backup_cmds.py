"""Backups and restores from the command line."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

import click

from pollday.cli.common import db_option, open_service
from pollday.cli.errors import friendly_errors
from pollday.services.backups import BackupReport, backup_loop, make_backup, restore_backup


@click.command("backup")
@db_option
@click.option("--to", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the backups, e.g. a mounted USB stick.")
@click.option("--keep", default=10, show_default=True, help="How many backups of this election to keep there.")
@click.option("--every", "every_minutes", type=click.IntRange(1, 24 * 60),
              help="Keep running: back up every N minutes and straight after each sign-off or declaration.")
@friendly_errors
def backup_command(db_path: Path, folder: Path, keep: int, every_minutes: int | None) -> None:
    """Copy the database while it is in use, check the copy, keep the last N."""
    service = open_service(db_path)
    if every_minutes is None:
        _say_done(make_backup(service, folder, keep))
        return
    click.echo(f"backing up {db_path} to {folder} every {every_minutes} minute(s) and after each sign-off; "
               "Ctrl-C to stop")
    stop = threading.Event()
    try:
        backup_loop(service, folder, keep, timedelta(minutes=every_minutes), stop, _say_done,
                    lambda problem: click.echo(f"BACKUP FAILED: {problem}", err=True))
    except KeyboardInterrupt:
        stop.set()
        click.echo("stopped backing up")


def _say_done(report: BackupReport) -> None:
    removed = f"; removed {len(report.removed)} older" if report.removed else ""
    click.echo(f"backed up to {report.path} (journal entry {report.journal_seq}, verified){removed}")


@click.command("restore")
@click.option("--from", "backup", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The backup file to restore.")
@db_option
@friendly_errors
def restore_command(backup: Path, db_path: Path) -> None:
    """Check a backup and copy it to a NEW database file."""
    entries = restore_backup(backup, db_path)
    click.echo(f"restored {backup} to {db_path}: {entries} journal entries, verified")
