"""Showing where the election stands."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pollday.cli.common import db_option, open_service
from pollday.cli.errors import friendly_errors
from pollday.services.status import election_status


@click.command("status")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@friendly_errors
def status_command(db_path: Path, as_json: bool) -> None:
    """Where the election stands: contests, stages, boxes, journal."""
    status = election_status(open_service(db_path))
    if as_json:
        click.echo(json.dumps(status.to_json(), indent=2, ensure_ascii=False))
        return
    badge = "REHEARSAL" if status.mode == "rehearsal" else "OFFICIAL"
    click.echo(f"{status.name} [{badge}]")
    click.echo(f"  election {status.election_id}, poll {status.poll_date}, {status.authority}")
    click.echo(f"  poll: {status.poll_state.replace('_', ' ')}; {status.stations} stations; {status.users} users")
    for contest in status.contests:
        click.echo(f"  {contest.contest_id}")
        click.echo(f"      {contest.name} ({contest.kind}, {contest.seats} seat(s)): {contest.stage_label}")
        signed = ", signed off" if contest.verification_signed_off else ""
        total = f", {contest.verified_total:,} papers verified" if contest.verified_total is not None else ""
        click.echo(f"      boxes received {contest.boxes_received}/{contest.boxes_total}; "
                   f"accounts verified {contest.accounts_verified}/{contest.accounts_total}{total}{signed}")
    click.echo(f"  journal: {status.journal_length} entries, head {status.journal_head_hash[:16]}")
