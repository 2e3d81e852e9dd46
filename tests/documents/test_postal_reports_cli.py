"""`pollday report postal-lists|form-k|marked-postal-list|rejection-notices` run as a user would.

A small election with four postal voters (one voting by proxy) and one opening session
keeps these quick; the demo's full night is read back in test_postal_documents.py.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pollday.cli import main
from pollday.domain.election import ElectionMode
from pollday.imports.absent_voters import read_absent_voters_csv
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.documents.report_text import SMALL_WARD, flowing_text, layout_text, whole
from tests.factories import POLL_OPENS, small_election

ABSENT_VOTERS = """elector_number,name,address,date_of_birth,signature_waiver,proxy_name,proxy_address,\
proxy_elector_number,ballot_papers,issue_type,issued_as
HE1-0001,Ann Hale,"1 Church Lane, Harrowden",14/03/1960,no,,,,500001,original,
HE1-0002,Bo Yates,"2 Church Lane, Harrowden",1971-11-02,yes,,,,500002,original,
HE1-0003,Cy Moss,"3 Mill Road, Harrowden",02.01.1948,,Di Moss,"5 Mill Road, Harrowden",HE1-0009,500003,original,
HE1-0004,Ed Ward,"4 Mill Road, Harrowden",30/06/1985,n,,,,500005,original,
"""
TITLES = {
    "postal-lists": "Statutory lists of rejected postal votes",
    "form-k": "Statement as to postal ballot papers (Form K)",
    "marked-postal-list": "Marked postal voters list",
    "rejection-notices": "Notices of rejected postal votes",
}


def pollday(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env={"POLLDAY_TERMINAL": "cli-test"},
                              catch_exceptions=False)


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "count.db"
    ElectionService.create(path, small_election(), ElectionMode.REHEARSAL, clock=ManualClock(POLL_OPENS)).close()
    return path


@pytest.fixture
def db(empty_db: Path) -> Path:
    """An accepted vote, a proxy's vote rejected on its signature, a paper without its PVS, a pack not returned."""
    service = ElectionService.open(empty_db, clock=ManualClock(POLL_OPENS + timedelta(hours=10)))

    def do(user: str, name: str, **args: Any) -> None:
        result = service.execute(service.session_for(user), {"cmd": name, "args": args})
        assert result.applied, result.reason

    parsed = read_absent_voters_csv(ABSENT_VOTERS, "absent-voters.csv", [SMALL_WARD])
    assert service.execute(service.session_for("manager"), parsed.command).applied
    do("postal", "postal.open_session", session_id="S1", title="Night session", final=True,
       notice_given_at="2026-05-01T10:00")
    do("postal", "postal.count_envelopes", session_id="S1", batch="1", envelopes=3)
    do("postal", "postal.open_box", session_id="S1", box_id="P1", contest_id=SMALL_WARD)
    do("postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500001", date_of_birth="14 03 1960",
       signature="matches")
    do("postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500003", date_of_birth="02 01 1948",
       signature="does_not_match")
    do("postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500005", pvs_present=False)
    do("ro", "postal.adjudicate", ballot_number="500003", decision="reject")
    do("postal", "postal.seal_box", box_id="P1")
    do("postal", "postal.close_session", session_id="S1")
    service.close()
    return empty_db


def report(command: str, db: Path, out: Path) -> Result:
    contest = ["--contest", SMALL_WARD] if command == "form-k" else []
    return pollday("report", command, "--db", db, *contest, "--out", out)


def export(db: Path, name: str) -> list[dict[str, str]]:
    result = pollday("postal", "export", "--db", db, "--format", "csv", "--list", name)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.output)))


@pytest.mark.parametrize("command", TITLES)
def test_each_postal_report_writes_its_pdf(db: Path, tmp_path: Path, command: str) -> None:
    out = tmp_path / f"{command}.pdf"
    result = report(command, db, out)
    assert result.exit_code == 0, result.output
    about = re.escape(TITLES[command]) + (", Harrowden East ward" if command == "form-k" else "")
    assert re.fullmatch(rf"{re.escape(str(out))}: {about}, \d+ page\(s\), REHEARSAL, journal \d+ · [0-9a-f]{{8}}\n",
                        result.output), result.output
    text = layout_text(out.read_bytes())
    assert TITLES[command] in text
    for birth in ("1960", "1971", "1948", "1985"):  # no date of birth, in any form
        assert birth not in text


def test_the_pdfs_agree_with_the_csv_export(db: Path, tmp_path: Path) -> None:
    files = {command: tmp_path / f"{command}.pdf" for command in TITLES}
    for command, out in files.items():
        assert report(command, db, out).exit_code == 0
    form_k = layout_text(files["form-k"].read_bytes())
    for number, line in enumerate(export(db, "form-k"), start=1):
        assert re.search(rf"^{number}\s+.*\s{re.escape(whole(int(line['value'])))}\s.*to be confirmed$", form_k,
                         re.MULTILINE), line
    lists = layout_text(files["postal-lists"].read_bytes())
    (first,) = export(db, "1")
    assert re.search(rf"^{first['ballot_number']}\s+Harrowden East ward\s+Night session\s+", lists, re.MULTILINE)
    (third,) = export(db, "3")
    assert re.search(rf"^{third['elector_number']}\s+{third['name']}\s+{third['proxy_name']}\s+The signature does "
                     "not match", lists, re.MULTILINE)
    assert "500003" not in lists.split("Third list")[-1]  # never the number against the named elector
    marked = layout_text(files["marked-postal-list"].read_bytes())
    for row in export(db, "marked"):
        assert re.search(rf"^{row['elector_number']}\s+{row['name']}\s+{re.escape(row['address'])}\s", marked,
                         re.MULTILINE), row
        assert row["status"] in " ".join(marked.split())
    notices = flowing_text(files["rejection-notices"].read_bytes())
    letters = export(db, "notices")
    assert [letter["recipient"] for letter in letters] == ["proxy", "elector"]
    for letter in letters:
        assert f"Our reference: {letter['letter_id']}" in notices and f"Dear {letter['recipient_name']}," in notices
    assert "the postal vote you returned as proxy for Cy Moss" in notices
    assert "the postal vote your proxy returned on your behalf" in notices


def test_nothing_to_report_before_the_absent_voters_list(empty_db: Path, tmp_path: Path) -> None:
    for command in TITLES:
        result = report(command, empty_db, tmp_path / "x.pdf")
        assert result.exit_code == 1, command
        assert result.output.startswith("pollday: no absent voters list has been imported yet"), result.output
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_contest_and_missing_database(db: Path, tmp_path: Path) -> None:
    unknown = pollday("report", "form-k", "--db", db, "--contest", "local.nowhere", "--out", tmp_path / "x.pdf")
    assert unknown.exit_code == 2
    assert unknown.output == f"pollday: 'local.nowhere' is not a contest of this election; the contests are: " \
                             f"{SMALL_WARD}\n"
    for command in TITLES:
        missing = report(command, tmp_path / "none.db", tmp_path / "x.pdf")
        assert missing.exit_code == 2 and f"pollday: no election database at {tmp_path / 'none.db'}" in missing.output
    assert pollday("report", "form-k", "--db", db, "--out", tmp_path / "x.pdf").exit_code == 2  # --contest needed


def test_importing_the_commands_does_not_import_fpdf() -> None:
    code = "import sys, pollday.cli.report_postal_cmds; print('fpdf' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
