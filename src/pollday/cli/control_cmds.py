"""The control room from the command line: the incident log and sweep schedule exports, and the shift report."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from pollday.cli.common import db_option, open_service, write_output
from pollday.cli.errors import CliFailure, friendly_errors
from pollday.domain.control_room import Severity, parse_clock, poll_moment
from pollday.domain.timefmt import UK
from pollday.services.control_room_export import (
    ControlRoomView,
    incident_records,
    incidents_csv,
    shift_report_text,
    since_default,
)
from pollday.services.control_room_records import IncidentFilter
from pollday.services.control_sweeps import sweep_records, sweep_schedule, sweeps_csv

F = TypeVar("F", bound=Callable[..., Any])
MOMENT_HELP = "HH:MM on polling day (UK time), or a full ISO date and time"
# Shared with `pollday export incidents` and `pollday report incidents`.
open_only_option = click.option("--open-only", is_flag=True, help="Only incidents not yet resolved or closed.")
station_option = click.option("--station", "station_id", help="Only this station's incidents.")
severity_option = click.option("--severity", type=click.Choice([s.value for s in Severity]), multiple=True,
                               help="Only these severities (repeat for more).")


def parse_moment(text: str | None, poll_date: date, option: str) -> datetime | None:
    """A moment from the command line: HH:MM on polling day, or ISO (no zone means UK time)."""
    if text is None:
        return None
    clock = parse_clock(text)
    if clock is not None:
        return poll_moment(poll_date, clock)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise CliFailure(f"{option} '{text}' is not a time: give {MOMENT_HELP}") from None
    return moment.replace(tzinfo=UK) if moment.tzinfo is None else moment


@click.group("control")
def control_group() -> None:
    """Polling-day control room: incident log, postal vote sweeps and shift report."""


def incident_export_options(command: F) -> F:
    """The options of the incident log export, shared with its alias `pollday export incidents`."""
    options = (
        click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json",
                     show_default=True),
        open_only_option,
        station_option,
        severity_option,
        click.option("--at", "at_text", help=f"Measure targets at this moment ({MOMENT_HELP}; default: now)."),
        click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="File to write (default: the screen)."),
    )
    for option in reversed(options):
        command = option(command)
    return command


@control_group.command("export-incidents")
@db_option
@incident_export_options
@friendly_errors
def export_incidents(db_path: Path, output_format: str, open_only: bool, station_id: str | None,
                     severity: tuple[str, ...], at_text: str | None, out_path: Path | None) -> None:
    """Every incident with its timeline (JSON) or one line per incident (CSV, UK local times)."""
    write_incidents_export(db_path, output_format, open_only, station_id, severity, at_text, out_path)


def incident_filter(open_only: bool, station_id: str | None, severity: tuple[str, ...]) -> IncidentFilter:
    return IncidentFilter(open_only=open_only, station_id=station_id,
                          severities=frozenset(Severity(s) for s in severity))


def write_incidents_export(db_path: Path, output_format: str, open_only: bool, station_id: str | None,
                           severity: tuple[str, ...], at_text: str | None, out_path: Path | None) -> None:
    """The body of `control export-incidents` and of its alias `export incidents`."""
    service = open_service(db_path)
    poll_date = date.fromisoformat(service.election()["poll_date"])
    now = parse_moment(at_text, poll_date, "--at") or service.clock.now()
    view = service.store.view()
    if station_id is not None and view.get("stations", (station_id,)) is None:
        raise CliFailure(f"station {station_id} is not a polling station of this election")
    records = incident_records(view, now, incident_filter(open_only, station_id, severity))
    if output_format == "json":
        write_output(json.dumps(records, indent=2, ensure_ascii=False) + "\n", out_path)
    else:
        write_output(incidents_csv(records), out_path)


@control_group.command("export-sweeps")
@db_option
@click.option("--format", "output_format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option("--at", "at_text", help=f"Judge what is overdue at this moment ({MOMENT_HELP}; default: now).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: the screen).")
@friendly_errors
def export_sweeps(db_path: Path, output_format: str, at_text: str | None, out_path: Path | None) -> None:
    """Planned postal vote collections (due, done, overdue, cancelled) and the unscheduled ones."""
    service = open_service(db_path)
    poll_date = date.fromisoformat(service.election()["poll_date"])
    now = parse_moment(at_text, poll_date, "--at") or service.clock.now()
    records = sweep_records(sweep_schedule(service.store.view(), now))
    if output_format == "json":
        write_output(json.dumps(records, indent=2, ensure_ascii=False) + "\n", out_path)
    else:
        write_output(sweeps_csv(records), out_path)


@control_group.command("shift-report")
@db_option
@click.option("--since", "since_text", help=f"Report changes since ({MOMENT_HELP}; default: 06:00 on polling day).")
@click.option("--at", "at_text", help=f"Report as at this moment ({MOMENT_HELP}; default: now).")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: the screen).")
@friendly_errors
def shift_report(db_path: Path, since_text: str | None, at_text: str | None, out_path: Path | None) -> None:
    """Open incidents by severity, what changed since, overdue boxes and stations not reported."""
    service = open_service(db_path)
    poll_date = date.fromisoformat(service.election()["poll_date"])
    now = parse_moment(at_text, poll_date, "--at") or service.clock.now()
    since = parse_moment(since_text, poll_date, "--since") or since_default(poll_date)
    if since > now:
        raise CliFailure(f"--since {since_text} is after the report time: nothing can have changed yet")
    report = ControlRoomView.load(service.store.view()).shift_report(now, since)
    write_output(shift_report_text(report), out_path)
