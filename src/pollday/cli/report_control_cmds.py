"""`pollday report incidents|control-room-summary|turnout`: the control room's documents as PDF.

Each is measured at one moment: now by default, or `--at` (e.g. `--at 21:00` for the board as
it stood then, or to print the day's documents after the poll with the figures of its close).
The generated-at time on the page is always the clock's.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pollday.cli.common import db_option
from pollday.cli.control_cmds import (
    MOMENT_HELP,
    incident_filter,
    open_only_option,
    parse_moment,
    severity_option,
    station_option,
)
from pollday.cli.errors import friendly_errors
from pollday.cli.report_cmds import make_report, out_option, report_group
from pollday.services.election_service import ElectionService

if TYPE_CHECKING:
    from pollday.documents.report_tables import RenderedDocument

at_option = click.option(
    "--at", "at_text", help=f"Measure lateness, targets and returns due at this moment ({MOMENT_HELP}; default: now).")


def _at(service: ElectionService, at_text: str | None, now: datetime) -> datetime:
    return parse_moment(at_text, _poll_date(service), "--at") or now


def _poll_date(service: ElectionService) -> date:
    return date.fromisoformat(service.election()["poll_date"])


@report_group.command("incidents")
@db_option
@out_option
@open_only_option
@station_option
@severity_option
@at_option
@friendly_errors
def incidents_command(db_path: Path, out_path: Path, open_only: bool, station_id: str | None,
                      severity: tuple[str, ...], at_text: str | None) -> None:
    """The incident log: a register of every incident, then each with its times, missed targets and timeline."""
    from pollday.documents.incident_log import render_incident_log

    where = incident_filter(open_only, station_id, severity)

    def render(service: ElectionService, now: datetime) -> RenderedDocument:
        return render_incident_log(service, now, _at(service, at_text, now), where)

    make_report(db_path, out_path, render)


@report_group.command("control-room-summary")
@db_option
@out_option
@at_option
@click.option("--since", "since_text",
              help=f"Start the shift report's changes here ({MOMENT_HELP}; default: 06:00 on polling day).")
@friendly_errors
def control_room_summary_command(db_path: Path, out_path: Path, at_text: str | None, since_text: str | None) -> None:
    """The day so far: stations, incidents, turnout, voter ID, sweeps, boxes; then the shift report for a handover."""
    from pollday.documents.control_summary import render_control_summary

    def render(service: ElectionService, now: datetime) -> RenderedDocument:
        since = parse_moment(since_text, _poll_date(service), "--since")
        return render_control_summary(service, now, _at(service, at_text, now), since)

    make_report(db_path, out_path, render)


@report_group.command("turnout")
@db_option
@out_option
@at_option
@friendly_errors
def turnout_command(db_path: Path, out_path: Path, at_text: str | None) -> None:
    """Turnout at each reporting time, per station and overall, the stations not reported, and a chart."""
    from pollday.documents.turnout_report import render_turnout_report

    make_report(db_path, out_path,
                lambda service, now: render_turnout_report(service, now, _at(service, at_text, now)))
