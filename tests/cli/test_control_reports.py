"""`pollday report incidents|control-room-summary|turnout` run as a user would, checked against the exports."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import pollday.cli.report_control_cmds  # noqa: F401  (adds the control room's documents to `report`)
from pollday.cli.control_cmds import control_group
from pollday.cli.report_cmds import report_group
from pollday.domain.control_room import INCIDENT_STATE_LABELS
from tests.conftest import DemoCopy
from tests.documents.report_text import flowing_text, layout_text

AT = "22:30"  # polling day: every figure is measured after the close of poll, not at today's date
COMMANDS = {"incidents": "Incident log", "control-room-summary": "Control room summary", "turnout": "Turnout report"}


def invoke(group: click.Command, *args: str | Path) -> Result:
    return CliRunner().invoke(group, [str(a) for a in args], env={"POLLDAY_TERMINAL": "cli-test"},
                              catch_exceptions=False)


def report(*args: str | Path) -> Result:
    return invoke(report_group, *args)


@pytest.fixture(scope="module")
def day_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Path:
    return demo_copy("polling-day", tmp_path_factory.mktemp("control-reports") / "day.db")


@pytest.mark.parametrize("command", COMMANDS)
def test_each_report_writes_its_pdf(day_db: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / f"{command}.pdf"
    result = report(command, "--db", day_db, "--out", out, "--at", AT)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"{re.escape(str(out))}: {COMMANDS[command]}, \d+ page\(s\), REHEARSAL, "
                        r"journal \d+ · [0-9a-f]{8}\n", result.output), result.output
    assert COMMANDS[command] in layout_text(out.read_bytes())


def test_the_incident_log_agrees_with_the_csv_export(day_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.pdf"
    assert report("incidents", "--db", day_db, "--out", out, "--at", AT).exit_code == 0
    exported = invoke(control_group, "export-incidents", "--db", day_db, "--format", "csv", "--at", AT).output
    rows = list(csv.DictReader(io.StringIO(exported)))
    states = Counter(row["state"] for row in rows)
    text = flowing_text(out.read_bytes())
    assert f"Incidents {len(rows)} " in text
    assert "By state " + " · ".join(f"{label} {states[label]}" for label in INCIDENT_STATE_LABELS.values()
                                    if states[label]) in text
    assert len(states) >= 3  # the demo day has incidents in several states


def test_filters_choose_the_same_incidents_as_the_export(day_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "station.pdf"
    options = ("--station", "58", "--severity", "P2", "--open-only", "--at", AT)
    assert report("incidents", "--db", day_db, "--out", out, *options).exit_code == 0
    exported = invoke(control_group, "export-incidents", "--db", day_db, "--format", "csv", *options).output
    numbers = [int(row["number"]) for row in csv.DictReader(io.StringIO(exported))]
    assert numbers == [23, 24]
    printed = [int(n) for n in re.findall(r"^\s*(\d+)\s+58 Larkham", layout_text(out.read_bytes()), re.MULTILINE)]
    assert printed == numbers


def test_the_summary_hands_over_the_same_changes_as_the_text_shift_report(day_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    result = report("control-room-summary", "--db", day_db, "--out", out, "--at", AT, "--since", "20:00")
    assert result.exit_code == 0, result.output
    text_report = invoke(control_group, "shift-report", "--db", day_db, "--at", AT, "--since", "20:00").output
    changes = re.search(r"Changes since 20:00 \((\d+)\):", text_report)
    assert changes is not None
    assert f"Changes since 20:00 ({changes.group(1)})" in flowing_text(out.read_bytes())


def test_turnout_at_a_moment_of_the_day(day_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "turnout.pdf"
    assert report("turnout", "--db", day_db, "--out", out, "--at", "14:00").exit_code == 0
    text = flowing_text(out.read_bytes())
    assert "Latest return due 13:00 " in text and "Every station has reported for 13:00." in text


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_database(tmp_path: Path, command: str) -> None:
    out = tmp_path / "x.pdf"
    result = report(command, "--db", tmp_path / "nowhere.db", "--out", out)
    assert result.exit_code == 2 and "no election database at" in result.output and not out.exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_before_polling_day_is_refused(tmp_path: Path, demo_copy: DemoCopy, command: str) -> None:
    db = demo_copy("setup", tmp_path / "setup.db")
    out = tmp_path / "x.pdf"
    result = report(command, "--db", db, "--out", out)
    assert result.exit_code == 1, result.output
    assert "nothing has been recorded in the control room" in result.output and not out.exists()


def test_bad_station_time_and_handover(day_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = report("incidents", "--db", day_db, "--out", out, "--station", "77")
    assert result.exit_code == 2 and "station 77 is not a polling station of this election" in result.output
    result = report("turnout", "--db", day_db, "--out", out, "--at", "teatime")
    assert result.exit_code == 2 and "--at 'teatime' is not a time" in result.output
    result = report("control-room-summary", "--db", day_db, "--out", out, "--at", "10:00", "--since", "11:00")
    assert result.exit_code == 2 and "after the report time" in result.output
    result = report("incidents", "--db", day_db, "--out", out, "--severity", "P9")
    assert result.exit_code == 2 and "P9" in result.output
    assert not out.exists()
