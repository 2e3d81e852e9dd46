from __future__ import annotations

from pathlib import Path

from pollday.demo.stages import build_demo
from pollday.services.progress_board import read_progress_board


def test_no_candidate_figures_until_declared(tmp_path: Path) -> None:
    counted = read_progress_board(build_demo(tmp_path / "counted.db", stage="counted"))
    assert all(c.declared == () for c in counted.contests)
    assert counted.rehearsal
    assert "All polling station ballot boxes have been received." in counted.announcements
    assert any("verification complete, 44,105 ballot papers" in a for a in counted.announcements)
    parl = counted.contests[0]
    assert (parl.boxes_received, parl.accounts_verified) == (parl.boxes_total, parl.accounts_total)


def test_declared_contests_show_their_figures(tmp_path: Path) -> None:
    board = read_progress_board(build_demo(tmp_path / "declared.db", stage="declared"))
    parl = board.contests[0]
    assert parl.stage == "Declared" and sum(line.votes for line in parl.declared) == 43949
    assert sum(line.elected for line in parl.declared) == 1


def test_while_boxes_arrive(tmp_path: Path) -> None:
    board = read_progress_board(build_demo(tmp_path / "arriving.db", stage="boxes-arriving"))
    parl = board.contests[0]
    assert 0 < parl.boxes_received < parl.boxes_total and parl.verified_total is None
    assert not any("polling station ballot boxes have been received" in a for a in board.announcements)
