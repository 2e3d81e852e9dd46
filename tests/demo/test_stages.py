"""The demo's stages run through the real services: deterministic, replayable, with the edge cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pollday.demo.generator import build_demo_definition
from pollday.demo.scenario import build_demo_scenario
from pollday.demo.stages import build_demo
from pollday.domain.journal import JournalEntry
from pollday.domain.verification import AccountState, contest_verification, find_account, station_account_id
from pollday.services.election_service import ElectionService
from tests.conftest import DemoCopy


@pytest.fixture(scope="module")
def verified(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> ElectionService:
    return ElectionService.open(demo_copy("verified", tmp_path_factory.mktemp("demo") / "verified.db"))


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> ElectionService:
    return ElectionService.open(demo_copy("declared", tmp_path_factory.mktemp("demo") / "declared.db"))


def test_same_seed_same_digest_and_the_journal_replays(verified: ElectionService, tmp_path: Path) -> None:
    again = build_demo(tmp_path / "again.db", seed=2026, stage="verified")
    assert again.digest() == verified.digest()
    assert verified.verify_journal() is None
    entries = [JournalEntry.from_json(e) for e in verified.export_journal()]
    assert ElectionService.replay(entries, tmp_path / "replayed.db").digest() == verified.digest()
    assert all(e.outcome == "applied" for e in entries)


def test_a_different_seed_gives_a_different_election(verified: ElectionService, tmp_path: Path) -> None:
    assert build_demo(tmp_path / "other.db", seed=7, stage="setup").digest() != verified.digest()


def test_every_account_verified_and_signed_off_with_the_edge_cases(verified: ElectionService) -> None:
    view = verified.store.view()
    scenario = build_demo_scenario(build_demo_definition(2026), 2026)
    contest = scenario.contest_id
    progress = contest_verification(view, contest)
    assert progress.complete
    assert view.get("contest_verification", (contest,))["signed_off"]
    states = Counter(a.state for a in progress.accounts)
    assert states[AccountState.EXPLAINED] == 1 and states[AccountState.COMPENSATED] == 2
    explained = find_account(view, station_account_id(scenario.explained_variance.station_id, contest))
    assert explained.variance == scenario.explained_variance.variance
    assert explained.resolution["note"] == scenario.explained_variance.log_entry
    pair = [find_account(view, station_account_id(s, contest)) for s in scenario.compensating_pair.station_ids]
    assert sum(a.variance for a in pair) == 0 and pair[0].place_id == pair[1].place_id
    recount = scenario.repeated_recount
    counts = [r["count"] for r in sorted(view.rows("verification_counts", box_id=recount.box_id),
                                           key=lambda r: r["attempt"])]
    assert tuple(counts) == recount.counts
    late = view.get("box_receipts", (scenario.late_damaged_box.box_id,))
    assert late["arrived_at"].startswith("2026-05-08T01:10")
    assert view.get("seal_checks", (scenario.late_damaged_box.box_id, scenario.late_damaged_box.damaged_seal))[
        "status"] == "damaged"
    phoned = [r for r in view.rows("bpas") if r["source"] == "phoned"]
    assert [r["station_id"] for r in phoned] == [scenario.missing_bpa.station_id]
    assert progress.postal_total > 10_000
    assert progress.verified_total == progress.station_total + progress.postal_total


def test_boxes_arriving_leaves_some_boxes_in_transit(tmp_path: Path, demo_copy: DemoCopy) -> None:
    service = ElectionService.open(demo_copy("boxes-arriving", tmp_path / "arriving.db"))
    view = service.store.view()
    received = view.count("box_receipts")
    assert 0 < received < view.count("boxes") + view.count("postal_boxes")
    assert service.election()["poll_state"] == "closed"


def test_declared_stage_has_the_count_edge_cases(declared: ElectionService, tmp_path: Path) -> None:
    view = declared.store.view()
    assert declared.verify_journal() is None
    assert {c["stage"] for c in view.rows("contests")} == {"declared"}
    parl, ward = "parl.kestrel-vale.2026-05-07", "local.harrowden.north-ward.2026-05-07"
    requests = sorted(view.rows("recount_requests", contest_id=parl), key=lambda r: r["number"])
    assert [(r["capacity"], r["scope"], r["decision"]) for r in requests] == [
        ("election_agent", "full", "refused"), ("election_agent", "bundle_check", "granted"),
        ("candidate", "full", "granted")]
    assert requests[0]["decision_reason"].startswith("unreasonable")
    versions = sorted(view.rows("provisional_results", contest_id=parl), key=lambda v: v["version"])
    changes = {c: versions[-1]["figures"]["votes"][c] - v for c, v in versions[0]["figures"]["votes"].items()
               if versions[-1]["figures"]["votes"][c] != v}
    assert sorted(changes.values()) == [-2, 2]
    ward_result = view.get("declarations", (ward,))["figures"]
    assert ward_result["lot"]["winners"][0] in ward_result["elected"]
    assert ward_result["rejected_in_part"] > 0
    parl_result = view.get("declarations", (parl,))["figures"]
    assert 0.002 < parl_result["rejected_total"] / parl_result["verified_total"] < 0.005
    replayed = ElectionService.replay([JournalEntry.from_json(e) for e in declared.export_journal()],
                                      tmp_path / "replay.db")
    assert replayed.digest() == declared.digest()
