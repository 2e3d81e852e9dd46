from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli.conftest import run
from tests.conftest import DemoCopy

PARL = "parl.kestrel-vale.2026-05-07"


@pytest.fixture(scope="module")
def verified_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Path:
    return demo_copy("verified", tmp_path_factory.mktemp("export") / "verified.db")


def test_json_and_csv_agree_and_add_up(verified_db: Path) -> None:
    records = json.loads(run("export", "verification", "--db", verified_db, "--contest", PARL).output)
    assert [r["contest_id"] for r in records] == [PARL]
    parl = records[0]
    accounts = parl["accounts"]
    assert parl["signed_off"] and parl["totals"]["complete"]
    assert sum(a["verified"] for a in accounts) == parl["totals"]["total_verified"]
    assert sum(a["verified"] for a in accounts if a["postal"]) == parl["totals"]["postal_verified"]
    for account in accounts:
        latest = sum(b["counts"][-1] for b in account["boxes"]) + account["moved_in"]
        assert account["verified"] == latest
        assert account["variance"] == latest - account["expected"]
        assert (account["variance"] == 0) == (account["state"] == "matched")
    rows = list(csv.DictReader(io.StringIO(run("export", "verification", "--db", verified_db, "--contest", PARL,
                                               "--format", "csv").output)))
    by_account = {r["account_id"]: r for r in rows}
    assert int(by_account["TOTAL"]["verified"]) == parl["totals"]["total_verified"]
    for account in accounts:
        row = by_account[account["account_id"]]
        assert (int(row["verified"]), int(row["expected"]), row["state"]) == (
            account["verified"], account["expected"], account["state"])
    explained = [a for a in accounts if a["state"] == "explained"]
    assert len(explained) == 1 and explained[0]["explanation"].startswith("A voter left with a ballot paper")


def test_unknown_contest_is_a_clear_error(verified_db: Path) -> None:
    result = run("export", "verification", "--db", verified_db, "--contest", "parl.nowhere.2026-05-07")
    assert result.exit_code == 2 and "is not a contest of this election" in result.output
