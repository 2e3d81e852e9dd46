"""The demo's stages run through the real services: deterministic, replayable, with the edge cases."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pollday.demo.generator import build_demo_definition
from pollday.demo.scenario import build_demo_scenario
from pollday.demo.stages import STAGES, StageNotAvailable, available_stages, build_demo
from pollday.domain.journal import JournalEntry
from pollday.domain.verification import AccountState, contest_verification, find_account, station_account_id
from pollday.services.election_service import ElectionService


@pytest.fixture(scope="module")
def verified(tmp_path_factory: pytest.TempPathFactory) -> ElectionService:
    return build_demo(tmp_path_factory.mktemp("demo") / "verified.db", seed=2026, stage="verified")


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


def test_boxes_arriving_leaves_some_boxes_in_transit(tmp_path: Path) -> None:
    service = build_demo(tmp_path / "arriving.db", stage="boxes-arriving")
    view = service.store.view()
    received = view.count("box_receipts")
    assert 0 < received < view.count("boxes") + view.count("postal_boxes")
    assert service.election()["poll_state"] == "closed"


def test_stages_not_built_yet_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    assert available_stages() == list(STAGES[: STAGES.index("verified") + 1])
    with pytest.raises(StageNotAvailable, match="needs the count"):
        build_demo(tmp_path / "x.db", stage="counted")
    assert not (tmp_path / "x.db").exists()
