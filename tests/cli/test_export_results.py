from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pollday.services.election_service import ElectionService
from tests.cli.conftest import run
from tests.conftest import DemoCopy

PARL = "parl.kestrel-vale.2026-05-07"
WARD = "local.harrowden.north-ward.2026-05-07"


@pytest.fixture(scope="module")
def declared_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Path:
    return demo_copy("declared", tmp_path_factory.mktemp("results") / "declared.db")


def test_results_agree_with_the_declarations(declared_db: Path) -> None:
    records = {r["ballot_paper_id"]: r for r in json.loads(run("export", "results", "--db", declared_db).output)}
    view = ElectionService.open(declared_db).store.view()
    for contest_id, record in records.items():
        declared = view.get("declarations", (contest_id,))["figures"]
        assert record["status"] == "declared"
        assert {c["candidate_id"]: c["votes"] for c in record["candidates"]} == declared["votes"]
        assert [c["candidate_id"] for c in record["candidates"] if c["elected"]] == sorted(
            declared["elected"], key=lambda cid: int(cid.rsplit("/", 1)[1]))
        assert record["valid_papers"] + record["invalid_votes"] == record["ballot_papers_counted"]
        assert record["ballot_papers_counted"] == declared["verified_total"]
    parl = records[PARL]
    assert sum(c["share"] for c in parl["candidates"]) == pytest.approx(1.0)
    assert all(c["deposit_returned"] == (c["share"] > 0.05) for c in parl["candidates"])
    assert records[WARD]["lot"] is not None
    rows = list(csv.DictReader(io.StringIO(run("export", "results", "--db", declared_db, "--format", "csv").output)))
    assert {r["Ballot paper ID"] for r in rows} == {PARL, WARD}
    parl_rows = [r for r in rows if r["Ballot paper ID"] == PARL]
    assert sum(int(r["Votes"]) for r in parl_rows) == int(parl_rows[0]["Valid votes"]) == parl["valid_votes"]
    assert {r["Surname"] for r in parl_rows if r["Elected"] == "yes"} == {
        c["surname"] for c in parl["candidates"] if c["elected"]}


def test_no_results_before_a_provisional_result(tmp_path: Path, demo_copy: DemoCopy) -> None:
    path = demo_copy("verified", tmp_path / "verified.db")
    assert json.loads(run("export", "results", "--db", path).output) == []
