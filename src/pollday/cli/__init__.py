"""The `pollday` command: the same services as the TUI, for scripts, rehearsals and tests."""

from __future__ import annotations

import click

from pollday import __version__

# Imported for their side effect: each adds its documents to `pollday report`.
from pollday.cli import report_control_cmds, report_postal_cmds  # noqa: F401
from pollday.cli.backup_cmds import backup_command, restore_command
from pollday.cli.bench_cmds import bench_command
from pollday.cli.control_cmds import control_group
from pollday.cli.document_cmds import decode_command, labels_command
from pollday.cli.export_cmds import export_group
from pollday.cli.import_cmds import import_bpa_command
from pollday.cli.info_cmds import status_command
from pollday.cli.journal_cmds import apply_command, digest_command, journal_group
from pollday.cli.postal_cmds import postal_group
from pollday.cli.report_cmds import report_group
from pollday.cli.scanner_cmds import scanner_group
from pollday.cli.serve_cmds import board_command, serve_command
from pollday.cli.setup_cmds import demo_command, init_command, tui_command
from pollday.cli.user_cmds import user_group


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pollday")
def main() -> None:
    """pollday: run a UK count centre and polling-day control room from one SQLite file."""


for command in (init_command, demo_command, tui_command, apply_command, journal_group, digest_command,
                status_command, user_group, import_bpa_command, export_group, scanner_group,
                backup_command, restore_command, labels_command, decode_command, report_group,
                control_group, board_command, serve_command, postal_group,
                bench_command):
    main.add_command(command)
