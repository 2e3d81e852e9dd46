from __future__ import annotations

import json
from pathlib import Path

from pollday.services.election_service import ElectionService
from tests.cli.conftest import run
from tests.factories import SETUP_ENTRIES

WARD = "local.harrowden.east-ward.2026-05-07"
HEADER = "station_id,contest_id,ordinary_received,issued,spoilt,unused,tendered_received,tendered_issued,note"


def test_import_records_every_account(db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "bpas.csv"
    rows = f"1,{WARD},1470,812,3,655,10,1,personation\n2,{WARD},\"1,260\",700,0,560,,,\n"
    csv_file.write_text("\ufeff" + HEADER + "\n" + rows)
    result = run("import-bpa", "--db", db, "--user", "reception", csv_file, pin="6666")
    assert result.exit_code == 0, result.output
    assert "imported 2 ballot paper account(s)" in result.output
    rows = ElectionService.open(db).store.view().rows("bpas")
    assert [(r["station_id"], r["issued"], r["ordinary_received"], r["source"]) for r in rows] == [
        ("1", 812, 1470, "imported"), ("2", 700, 1260, "imported")]
    again = run("import-bpa", "--db", db, "--user", "reception", csv_file, pin="6666")
    assert again.exit_code == 1 and "bpas.csv line 2: refused: the first keying of the BPA" in again.output


def test_a_malformed_file_imports_nothing_and_lists_every_problem(db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "bpas.csv"
    csv_file.write_text(HEADER + f"\n1,{WARD},1470,eight hundred,3,655,,,\n,{WARD},1260,700,0,-5,,,\n")
    result = run("import-bpa", "--db", db, "--user", "reception", csv_file, pin="6666")
    assert result.exit_code == 2
    assert "bpas.csv line 2: issued 'eight hundred' is not a whole number of papers" in result.output
    assert "bpas.csv line 3: unused '-5' is not a whole number of papers" in result.output
    assert "bpas.csv line 3: station_id is empty" in result.output
    assert json.loads(run("status", "--db", db, "--json").output)["journal_length"] == SETUP_ENTRIES
    missing = tmp_path / "short.csv"
    missing.write_text("station_id,issued\n1,5\n")
    assert "missing column 'contest_id'" in run("import-bpa", "--db", db, "--user", "reception", missing).output
