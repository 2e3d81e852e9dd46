"""`pollday report ...` run as a user would (the lead registers `report_group` in the CLI)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pollday.cli.report_cmds import report_group
from tests.cli.conftest import run
from tests.conftest import DemoCopy
from tests.documents.report_text import PARL, WARD, layout_text, percent, whole

CONTEST_COMMANDS = ("verification-statement", "tendered-statement", "declaration", "rejected-papers", "provisional",
                    "recounts")
TITLES = {
    "verification-statement": "Verification statement",
    "tendered-statement": "Tendered ballot papers: verification statement",
    "declaration": "Declaration of result of poll",
    "rejected-papers": "Statement of rejected ballot papers",
    "provisional": "Provisional result 2",
    "recounts": "Recount register",
}


def report(*args: str | Path) -> Result:
    return CliRunner().invoke(report_group, [str(a) for a in args], env={"POLLDAY_TERMINAL": "cli-test"},
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def declared_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Path:
    return demo_copy("declared", tmp_path_factory.mktemp("reports") / "declared.db")


@pytest.fixture(scope="module")
def counted_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Path:
    return demo_copy("counted", tmp_path_factory.mktemp("reports") / "counted.db")


@pytest.mark.parametrize("command", CONTEST_COMMANDS)
def test_each_report_writes_its_pdf(declared_db: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / f"{command}.pdf"
    result = report(command, "--db", declared_db, "--contest", PARL, "--out", out)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"{re.escape(str(out))}: {re.escape(TITLES[command])}, Kestrel Vale, \d+ page\(s\), "
                        r"REHEARSAL, journal \d+ · [0-9a-f]{8}\n", result.output), result.output
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert TITLES[command] in layout_text(pdf)


def test_box_receipts_takes_no_contest(declared_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "boxes.pdf"
    result = report("box-receipts", "--db", declared_db, "--out", out)
    assert result.exit_code == 0, result.output
    assert "Ballot box receipt log, " in result.output and "REHEARSAL" in result.output
    assert "Every box has been received." in layout_text(out.read_bytes())
    assert report("box-receipts", "--db", declared_db, "--contest", PARL, "--out", out).exit_code == 2


def test_the_declaration_agrees_with_the_results_export(declared_db: Path, tmp_path: Path) -> None:
    exported = json.loads(run("export", "results", "--db", declared_db, "--contest", WARD).output)[0]
    out = tmp_path / "ward.pdf"
    assert report("declaration", "--db", declared_db, "--contest", WARD, "--out", out).exit_code == 0
    text = layout_text(out.read_bytes())
    for candidate in exported["candidates"]:
        elected = r"\s+Elected" if candidate["elected"] else ""
        assert re.search(rf"^{re.escape(candidate['surname'])}\s+{re.escape(candidate['forenames'])}\s.*"
                         rf"\s{whole(candidate['votes'])}{elected}$", text, re.MULTILINE), candidate["surname"]
    for head, entry in exported["rejected"].items():
        assert re.search(rf"^{head}\s+{re.escape(entry['label'])}\s+{whole(entry['papers'])}$", text, re.MULTILINE)
    assert re.search(rf"^Ballot box turnout\s+{re.escape(percent(exported['ballot_box_turnout']))}$", text,
                     re.MULTILINE)


def test_the_verification_statement_agrees_with_the_export(declared_db: Path, tmp_path: Path) -> None:
    exported = json.loads(run("export", "verification", "--db", declared_db, "--contest", PARL).output)[0]
    out = tmp_path / "verification.pdf"
    assert report("verification-statement", "--db", declared_db, "--contest", PARL, "--out", out).exit_code == 0
    text = layout_text(out.read_bytes())
    totals = exported["totals"]
    assert re.search(rf"^\s+Total ballot papers verified\s+{whole(totals['expected'])}\s+"
                     rf"{whole(totals['total_verified'])}\s", text, re.MULTILINE)


def test_provisional_versions(declared_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "v1.pdf"
    result = report("provisional", "--db", declared_db, "--contest", PARL, "--version", "1", "--out", out)
    assert result.exit_code == 0 and "Provisional result 1, Kestrel Vale" in result.output
    missing = report("provisional", "--db", declared_db, "--contest", PARL, "--version", "9", "--out", out)
    assert missing.exit_code == 2
    assert "pollday: there is no provisional result 9; the versions are: 1, 2" in missing.output


def test_declaration_refused_for_an_undeclared_contest(counted_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "declaration.pdf"
    result = report("declaration", "--db", counted_db, "--contest", PARL, "--out", out)
    assert result.exit_code == 1
    assert result.output.startswith("pollday: Kestrel Vale has not been declared")
    assert not out.exists()
    # Before the declaration the provisional sheet and the statement of rejected papers can be printed.
    assert report("provisional", "--db", counted_db, "--contest", PARL, "--out", out).exit_code == 0
    assert report("rejected-papers", "--db", counted_db, "--contest", PARL, "--out", out).exit_code == 0
    assert "provisional result 2 (not yet declared" in layout_text(out.read_bytes())


@pytest.mark.parametrize("command", CONTEST_COMMANDS)
def test_unknown_contest_is_a_plain_error(declared_db: Path, tmp_path: Path, command: str) -> None:
    result = report(command, "--db", declared_db, "--contest", "parl.nowhere.2026-05-07", "--out",
                    tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert result.output == (f"pollday: 'parl.nowhere.2026-05-07' is not a contest of this election; the contests "
                             f"are: {PARL}, {WARD}\n")


def test_missing_database_and_options(tmp_path: Path) -> None:
    result = report("recounts", "--db", tmp_path / "none.db", "--contest", PARL, "--out", tmp_path / "x.pdf")
    assert result.exit_code == 2 and f"pollday: no election database at {tmp_path / 'none.db'}" in result.output
    assert report("declaration", "--db", tmp_path / "none.db", "--out", tmp_path / "x.pdf").exit_code == 2


def test_importing_the_commands_does_not_import_fpdf() -> None:
    code = "import sys, pollday.cli.report_cmds; print('fpdf' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
