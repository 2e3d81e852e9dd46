"""`pollday export incidents` and `pollday export postal`: the same output as the commands they stand for."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from pollday.cli.control_cmds import control_group
from pollday.cli.export_cmds import export_group
from pollday.cli.postal_cmds import postal_group
from tests.conftest import DemoCopy


def invoke(group: click.Command, *args: str | Path) -> Result:
    return CliRunner().invoke(group, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def day_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Path:
    return demo_copy("polling-day", tmp_path_factory.mktemp("aliases") / "day.db")


@pytest.mark.parametrize("options", [
    ("--format", "json", "--at", "22:30"),
    ("--format", "csv", "--at", "22:30"),
    ("--format", "csv", "--open-only", "--at", "22:30"),
    ("--format", "json", "--station", "58", "--severity", "P2", "--severity", "P3", "--at", "21:00"),
])
def test_export_incidents_is_control_export_incidents(day_db: Path, options: tuple[str, ...]) -> None:
    alias = invoke(export_group, "incidents", "--db", day_db, *options)
    original = invoke(control_group, "export-incidents", "--db", day_db, *options)
    assert alias.exit_code == original.exit_code == 0, alias.output
    assert alias.output == original.output
    if options[1] == "json":
        assert json.loads(alias.output)
    else:
        assert list(csv.DictReader(io.StringIO(alias.output)))


@pytest.mark.parametrize("options", [
    ("--format", "json"),
    ("--format", "json", "--list", "form-k"),
    ("--format", "csv", "--list", "1"),
    ("--format", "csv", "--list", "sessions"),
])
def test_export_postal_is_postal_export(day_db: Path, options: tuple[str, ...]) -> None:
    alias = invoke(export_group, "postal", "--db", day_db, *options)
    original = invoke(postal_group, "export", "--db", day_db, *options)
    assert alias.exit_code == original.exit_code == 0, alias.output
    assert alias.output == original.output
    assert len(alias.output.splitlines()) > 2  # the demo's opening sessions have filled these in


def test_aliases_write_files(day_db: Path, tmp_path: Path) -> None:
    incidents, postal = tmp_path / "incidents.csv", tmp_path / "list-1.csv"
    result = invoke(export_group, "incidents", "--db", day_db, "--format", "csv", "--at", "22:30", "--out", incidents)
    assert result.output == f"wrote {incidents}\n"
    assert incidents.read_text(encoding="utf-8") == invoke(
        control_group, "export-incidents", "--db", day_db, "--format", "csv", "--at", "22:30").output
    result = invoke(export_group, "postal", "--db", day_db, "--format", "csv", "--list", "1", "--out", postal)
    assert result.output == f"wrote {postal}\n"
    assert postal.read_text(encoding="utf-8") == invoke(
        postal_group, "export", "--db", day_db, "--format", "csv", "--list", "1").output


def test_aliases_refuse_as_the_originals_do(day_db: Path, tmp_path: Path) -> None:
    result = invoke(export_group, "postal", "--db", day_db, "--format", "csv")
    assert result.exit_code == 2 and "CSV holds one list at a time" in result.output
    result = invoke(export_group, "incidents", "--db", day_db, "--station", "77")
    assert result.exit_code == 2 and "station 77 is not a polling station" in result.output
    for command in ("incidents", "postal"):
        result = invoke(export_group, command, "--db", tmp_path / "nowhere.db")
        assert result.exit_code == 2 and "there is no database at" in result.output
        assert not (tmp_path / "nowhere.db").exists()
