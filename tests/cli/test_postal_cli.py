"""`pollday postal`: importing the absent voters list, exporting the lists and returns, purging."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import pollday.domain.commands.postal  # noqa: F401  (registers the postal commands)
from pollday.cli.postal_cmds import postal_group
from pollday.services.clock import ManualClock, SystemClock
from pollday.services.election_service import ElectionService
from pollday.services.postal_export import LIST_COLUMNS, LIST_NAMES, postal_records
from tests.factories import POLL_OPENS

WARD = "local.harrowden.east-ward.2026-05-07"
HEADER = ("elector_number,name,address,date_of_birth,signature_waiver,proxy_name,proxy_address,"
          "proxy_elector_number,ballot_papers,issue_type,issued_as")
GOOD = f"""\ufeff{HEADER}
HE1-0001,Ann Hale,"1 Church Lane, Harrowden",14/03/1960,no,,,,500001,original,
HE1-0002,Bo Yates,"2 Church Lane, Harrowden",1971-11-02,yes,,,,1:500002,original,
HE1-0003,Cy Moss,"3 Mill Road, Harrowden",02.01.1948,,Di Moss,"5 Mill Road, Harrowden",HE1-0009,{WARD}:500003,cancelled,
HE1-0003,Cy Moss,"3 Mill Road, Harrowden",02.01.1948,,Di Moss,"5 Mill Road, Harrowden",HE1-0009,500004,replacement_lost,
HE1-0004,Ed Ward,"4 Mill Road, Harrowden",30/06/1985,n,,,,500005,original,
"""


def run(*args: Any, pin: str | None = None, stdin: str | None = None) -> Result:
    env = {"POLLDAY_TERMINAL": "cli-test", **({"POLLDAY_PIN": pin} if pin else {})}
    return CliRunner().invoke(postal_group, [str(a) for a in args], env=env, input=stdin, catch_exceptions=False)


def _import(db: Path, tmp_path: Path, text: str = GOOD) -> Result:
    csv_file = tmp_path / "absent-voters.csv"
    csv_file.write_text(text, encoding="utf-8")
    return run("import-voters", "--db", db, "--user", "manager", csv_file, pin="3333")


def test_import_voters_groups_packs_by_elector(db: Path, tmp_path: Path) -> None:
    result = _import(db, tmp_path)
    assert result.exit_code == 0, result.output
    assert "imported 4 postal voter(s) and 5 pack(s) from absent-voters.csv" in result.output
    view = ElectionService.open(db).store.view()
    moss = view.get("postal_voters", ("HE1-0003",))
    assert (moss["date_of_birth"], moss["proxy_name"], moss["proxy_elector_number"]) == ("1948-01-02", "Di Moss",
                                                                                          "HE1-0009")
    assert view.get("postal_packs", ("500003",))["cancelled"]
    assert view.get("postal_packs", ("500004",))["issue_type"] == "replacement_lost"
    assert view.get("postal_voters", ("HE1-0002",))["signature_waiver"]
    again = _import(db, tmp_path)
    assert again.exit_code == 0 and view.count("postal_packs") == 5


def test_a_malformed_file_names_file_line_and_field_and_imports_nothing(db: Path, tmp_path: Path) -> None:
    bad = f"""{HEADER}
HE1-0001,Ann Hale,1 Church Lane,31/02/1960,no,,,,500001,original,
HE1-0002,,2 Church Lane,14/03/60,maybe,,,,500001,posted,
HE1-0001,Ann Hale,9 Other Road,31/02/1960,no,,,,500009,original,
HE1-0005,Fay Lee,5 Lane,,,Gus Lee,,,9:500010,cancelled,stolen
"""
    result = _import(db, tmp_path, bad)
    assert result.exit_code == 2
    for expected in (
        "absent-voters.csv line 2, date_of_birth: '31/02/1960' is not a date: there is no 31 February 1960",
        "absent-voters.csv line 3, name: is empty",
        "absent-voters.csv line 3, date_of_birth: '14/03/60' needs the year in full",
        "absent-voters.csv line 3, signature_waiver: 'maybe' is not yes or no",
        "absent-voters.csv line 3, issue_type: 'posted' is not one of",
        "absent-voters.csv line 4, address: differs from line 2 for elector HE1-0001",
        "absent-voters.csv line 5, proxy_address: a proxy needs both a name and an address",
        "absent-voters.csv line 5, issued_as: 'stolen' is not one of",
    ):
        assert expected in result.output, result.output
    assert ElectionService.open(db).store.view().count("postal_voters") == 0
    missing = tmp_path / "short.csv"
    missing.write_text("elector_number,name\nHE1-1,Ann\n")
    short = run("import-voters", "--db", db, "--user", "manager", missing, pin="3333")
    assert "missing column 'ballot_papers'" in short.output


def _night(db: Path) -> None:
    """A session with an acceptance, a rejection and a paper without its PVS, run through the services."""
    service = ElectionService.open(db, clock=ManualClock(POLL_OPENS + timedelta(hours=10)))

    def do(user: str, name: str, **args: Any) -> None:
        result = service.execute(service.session_for(user), {"cmd": name, "args": args})
        assert result.applied, result.reason

    do("postal", "postal.open_session", session_id="S1", title="Night session", final=True,
       notice_given_at="2026-05-01T10:00")
    do("postal", "postal.count_envelopes", session_id="S1", batch="1", envelopes=3)
    do("postal", "postal.open_box", session_id="S1", box_id="P1", contest_id=WARD)
    do("postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500001", date_of_birth="14 03 1960",
       signature="matches")
    do("postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500004", date_of_birth="",
       signature="does_not_match")
    do("postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500005", pvs_present=False)
    do("ro", "postal.adjudicate", ballot_number="500004", decision="reject")
    do("postal", "postal.seal_box", box_id="P1")
    do("postal", "postal.close_session", session_id="S1")
    service.close()


def test_export_json_and_csv(db: Path, tmp_path: Path) -> None:
    _import(db, tmp_path)
    _night(db)
    everything = json.loads(run("export", "--db", db).output)
    assert [r["ballot_number"] for r in everything["lists"]["1"]] == ["500005"]
    (listed,) = everything["lists"]["3"]
    assert (listed["elector_number"], listed["proxy_name"]) == ("HE1-0003", "Di Moss")
    assert listed["reasons"] == ["signature_does_not_match", "date_of_birth_blank"]
    (form_k,) = everything["form_k"]
    lines = {line["code"]: line["value"] for line in form_k["lines"]}
    assert (lines["issued_total"], lines["cancelled"], lines["returned_before_close"], lines["included_in_count"]) == (
        5, 1, 3, 1)
    assert form_k["problems"] == []
    assert {n["recipient"] for n in everything["notices"]} == {"proxy", "elector"}
    assert all(n["due_by"] == "2026-08-07" for n in everything["notices"])
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", db, "--format", "csv", "--list", "3").output)))
    assert rows[0]["reasons"] == "signature_does_not_match; date_of_birth_blank"
    assert "500004" not in run("export", "--db", db, "--format", "csv", "--list", "3").output
    stats = json.loads(run("export", "--db", db, "--list", "ec-stats").output)
    assert stats[0]["covering_envelopes_returned"] == 3 and stats[0]["postal_votes_included_in_count"] == 1
    refused = run("export", "--db", db, "--format", "csv")
    assert refused.exit_code == 2 and "CSV holds one list at a time" in refused.output
    out = tmp_path / "form-k.csv"
    assert "wrote" in run("export", "--db", db, "--format", "csv", "--list", "form-k", "--out", out).output
    assert out.read_text().startswith("contest_id,contest_name,code,label,value,to_be_confirmed,note\n")


def test_every_list_exports_with_its_header(db: Path, tmp_path: Path) -> None:
    _import(db, tmp_path)
    _night(db)
    service = ElectionService.open(db)
    for name in LIST_NAMES:
        records = postal_records(service, name)
        if records:
            assert tuple(records[0]) == LIST_COLUMNS[name], name
        header = run("export", "--db", db, "--format", "csv", "--list", name).output.splitlines()[0]
        assert header == ",".join(LIST_COLUMNS[name])


@pytest.fixture
def a_year_on(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime(2027, 5, 10, 12, tzinfo=UTC)
    monkeypatch.setattr(SystemClock, "now", lambda self: moment)


@pytest.fixture
def a_month_on(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime(2026, 6, 10, 12, tzinfo=UTC)
    monkeypatch.setattr(SystemClock, "now", lambda self: moment)


def test_purge_before_retention_needs_force_and_reason(db: Path, tmp_path: Path, a_month_on: None) -> None:
    _import(db, tmp_path)
    early = run("purge-personal-data", "--db", db, "--user", "ro", "--yes", pin="1111")
    assert early.exit_code == 1 and "kept until 07 May 2027" in early.output
    manager = run("purge-personal-data", "--db", db, "--user", "manager", "--yes", pin="3333")
    assert manager.exit_code == 1 and "only the Returning Officer" in manager.output
    no_reason = run("purge-personal-data", "--db", db, "--user", "ro", "--yes", "--force-before-retention",
                    pin="1111")
    assert "give the reason" in no_reason.output
    forced = run("purge-personal-data", "--db", db, "--user", "ro", "--yes", "--force-before-retention",
                 "--reason", "ERO instruction 2026/14", pin="1111")
    assert forced.exit_code == 0, forced.output
    purge = ElectionService.open(db).store.view().get("postal_purges", ("personal_data",))
    assert purge["forced"] and purge["reason"] == "ERO instruction 2026/14"


def test_purge_after_a_year_keeps_the_figures(db: Path, tmp_path: Path, a_year_on: None) -> None:
    _import(db, tmp_path)
    _night(db)
    before = json.loads(run("export", "--db", db).output)
    asked = run("purge-personal-data", "--db", db, "--user", "ro", pin="1111", stdin="n\n")
    assert asked.exit_code == 1 and "nothing purged" in asked.output
    result = run("purge-personal-data", "--db", db, "--user", "ro", "--yes", pin="1111")
    assert result.exit_code == 0 and "purged the personal data of 4 postal voter(s)" in result.output
    after = json.loads(run("export", "--db", db).output)
    assert after["personal_data_purged"] and after["form_k"] == before["form_k"]
    assert after["ec_stats"] == before["ec_stats"]
    view = ElectionService.open(db).store.view()
    assert all(v["name"] == "" and v["date_of_birth"] is None for v in view.rows("postal_voters"))
    assert all(r["dob_written"] is None for r in view.rows("postal_returns"))
    again = _import(db, tmp_path)
    assert again.exit_code == 1 and "was purged" in again.output
