"""`pollday control export-incidents`, `export-sweeps` and `shift-report` against a real database."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pollday.cli.control_cmds import control_group
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.domain.test_control_room import control_room_commands  # noqa: F401
from tests.domain.test_control_room_commands import uk


def control(*args: str | Path) -> Result:
    # The group is invoked directly so these tests do not depend on where the lead registers it.
    return CliRunner().invoke(control_group, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def day_db(db: Path) -> Path:
    clock = ManualClock(uk("07:00"))
    service = ElectionService.open(db, clock=clock, terminal="cli-test")

    def run(user: str, at: str, name: str, **args: Any) -> None:
        clock.set(uk(at))
        result = service.execute(service.session_for(user), {"cmd": name, "args": args})
        assert result.applied, result.reason

    run("manager", "07:00", "poll.open")
    run("control", "07:01", "incident.open", category="opening", description="Key holder late, door locked",
        station_id="1", reporter_name="R. Patel")
    run("control", "07:02", "incident.assign", number=1, to="PSI Jo Carter")
    run("control", "07:05", "incident.note", number=1, text="Caretaker on his way")
    run("control", "07:13", "incident.set_state", number=1, state="resolved", reason="Opened 07:12, 12 min late")
    run("control", "07:13", "station.set_status", station_id="1", state="open", since="07:12")
    run("control", "07:14", "station.set_status", station_id="2", state="open", since="07:00")
    run("control", "09:30", "incident.open", category="stationery", description="Ballot papers running low",
        station_id="2")
    run("control", "10:05", "turnout.record", station_id="1", slot="10:00", issued=130)
    run("control", "12:00", "incident.open", category="enquiries", description="Press enquiry", severity="P4")
    clock.advance(timedelta(seconds=1))
    service.close()
    return db


def test_export_incidents_as_json_and_csv_agree(day_db: Path) -> None:
    records = json.loads(control("export-incidents", "--db", day_db, "--at", "12:30").output)
    assert [r["number"] for r in records] == [1, 2, 3]
    first = records[0]
    assert (first["state"], first["minutes_to_acknowledge"], first["minutes_to_resolve"]) == ("resolved", 1, 12)
    assert [e["kind"] for e in first["timeline"]] == ["opened", "assigned", "note", "state"]
    assert records[1]["attention"] == "amber"  # P2 not acknowledged for three hours
    rows = list(csv.DictReader(io.StringIO(control("export-incidents", "--db", day_db, "--format", "csv",
                                                   "--at", "12:30").output)))
    assert [(r["number"], r["severity"], r["state"]) for r in rows] == [
        ("1", "P1", "Resolved"), ("2", "P2", "New"), ("3", "P4", "New")]
    assert rows[0]["reported_at"] == "2026-05-07 07:01"
    assert rows[0]["notes"] == "07:05 Test Control: Caretaker on his way"
    assert rows[2]["station_id"] == "" and rows[2]["station_name"] == "(no station)"


def test_export_filters_and_file_output(day_db: Path, tmp_path: Path) -> None:
    open_only = json.loads(control("export-incidents", "--db", day_db, "--open-only", "--at", "12:30").output)
    assert [r["number"] for r in open_only] == [2, 3]
    station = json.loads(control("export-incidents", "--db", day_db, "--station", "2", "--at", "12:30").output)
    assert [r["number"] for r in station] == [2]
    p4 = json.loads(control("export-incidents", "--db", day_db, "--severity", "P4", "--at", "12:30").output)
    assert [r["number"] for r in p4] == [3]
    out = tmp_path / "incidents.csv"
    result = control("export-incidents", "--db", day_db, "--format", "csv", "--out", out)
    assert result.exit_code == 0 and out.read_text().startswith("number,reported_at")


def test_shift_report_text(day_db: Path) -> None:
    result = control("shift-report", "--db", day_db, "--at", "12:30", "--since", "09:00")
    assert result.exit_code == 0
    text = result.output
    assert "At 2026-05-07 12:30; changes since 2026-05-07 09:00." in text
    assert "Open incidents: P1 0, P2 1, P3 0, P4 1 (total 2)" in text
    assert "#2 P2 not acknowledged" in text
    assert "incident #2: opened: P2 Stationery and equipment: Ballot papers running low" in text
    assert "Key holder" not in text.split("Changes since")[1]  # before 09:00
    assert "Stations not reported for 10:00: 1\n  2\n" in text
    whole_day = control("shift-report", "--db", day_db, "--at", "2026-05-07T12:30:00")
    assert "changes since 2026-05-07 06:00" in whole_day.output
    assert "station 1 St Anne's Hall: Not set up -> Open" in whole_day.output


def test_bad_times_and_stations_are_plain_errors(day_db: Path) -> None:
    result = control("shift-report", "--db", day_db, "--at", "noonish")
    assert result.exit_code == 2 and "--at 'noonish' is not a time" in result.output
    result = control("shift-report", "--db", day_db, "--at", "09:00", "--since", "10:00")
    assert result.exit_code == 2 and "after the report time" in result.output
    result = control("export-incidents", "--db", day_db, "--station", "77")
    assert result.exit_code == 2 and "station 77 is not a polling station" in result.output


def test_export_sweeps_as_json_and_csv(day_db: Path) -> None:
    clock = ManualClock(uk("12:05"))
    service = ElectionService.open(day_db, clock=clock, terminal="cli-test")
    for name, args in (("sweep.schedule", {"station_id": "1", "due": "12:30", "collector": "PSI Jo Carter"}),
                       ("sweep.schedule", {"station_id": "2", "due": "13:00"}),
                       ("sweep.record", {"station_id": "1", "collected_by": "PSI Jo Carter", "packets": 2,
                                         "count": 17})):
        clock.advance(timedelta(minutes=1))
        assert service.execute(service.session_for("control"), {"cmd": name, "args": args}).applied
    service.close()
    records = json.loads(control("export-sweeps", "--db", day_db, "--at", "13:30").output)
    assert [(r["station_id"], r["planned"], r["status"], r["late_minutes"]) for r in records] == [
        ("1", 1, "done", 0), ("2", 1, "overdue", 30)]
    assert (records[0]["collected_by"], records[0]["envelopes"], records[0]["collected_at"]) == (
        "PSI Jo Carter", 17, "2026-05-07T12:08:00+01:00")
    rows = list(csv.DictReader(io.StringIO(control("export-sweeps", "--db", day_db, "--format", "csv",
                                                   "--at", "12:50").output)))
    assert [(r["due_at"], r["status"], r["collected_at"]) for r in rows] == [
        ("2026-05-07 12:30", "Done", "2026-05-07 12:08"), ("2026-05-07 13:00", "Due", "")]
    assert control("export-sweeps", "--db", day_db, "--at", "soon").exit_code == 2
