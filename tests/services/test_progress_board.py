from __future__ import annotations

from pathlib import Path

from pollday.domain.verification import contest_verification
from pollday.services.election_service import ElectionService
from pollday.services.progress_board import read_progress_board
from pollday.services.results_export import result_records
from tests.conftest import DemoCopy

PARL = "parl.kestrel-vale.2026-05-07"


def test_no_candidate_figures_until_declared(tmp_path: Path, demo_copy: DemoCopy) -> None:
    service = ElectionService.open(demo_copy("counted", tmp_path / "counted.db"))
    counted = read_progress_board(service)
    assert all(c.declared == () for c in counted.contests)
    assert counted.rehearsal
    assert "All polling station ballot boxes have been received." in counted.announcements
    verified = contest_verification(service.store.view(), PARL).verified_total
    assert any(f"verification complete, {verified:,} ballot papers" in a for a in counted.announcements)
    parl = counted.contests[0]
    assert (parl.boxes_received, parl.accounts_verified) == (parl.boxes_total, parl.accounts_total)


def test_declared_contests_show_their_figures(tmp_path: Path, demo_copy: DemoCopy) -> None:
    service = ElectionService.open(demo_copy("declared", tmp_path / "declared.db"))
    board = read_progress_board(service)
    parl = board.contests[0]
    declared = next(r for r in result_records(service) if r["ballot_paper_id"] == PARL)
    assert parl.stage == "Declared" and sum(line.votes for line in parl.declared) == declared["valid_votes"]
    assert [line.elected for line in parl.declared] == [c["elected"] for c in declared["candidates"]]
    assert sum(line.elected for line in parl.declared) == 1


def test_while_boxes_arrive(tmp_path: Path, demo_copy: DemoCopy) -> None:
    board = read_progress_board(ElectionService.open(demo_copy("boxes-arriving", tmp_path / "arriving.db")))
    parl = board.contests[0]
    assert 0 < parl.boxes_received < parl.boxes_total and parl.verified_total is None
    assert not any("polling station ballot boxes have been received" in a for a in board.announcements)
