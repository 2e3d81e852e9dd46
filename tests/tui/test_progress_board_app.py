from __future__ import annotations

from pathlib import Path

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.progress_board_app import ProgressBoardApp
from tests.conftest import DemoCopy
from tests.factories import POLL_OPENS
from tests.tui.helpers import async_test


@async_test
async def test_the_board_shows_progress_and_follows_other_terminals(tmp_path: Path, demo_copy: DemoCopy) -> None:
    path = tmp_path / "arriving.db"
    demo_copy("boxes-arriving", path)
    service = ElectionService.open(path, terminal="board")
    app = ProgressBoardApp(service, ManualClock(POLL_OPENS), poll_interval=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause()
            if "REHEARSAL" in str(app.query_one("#badge").render()):
                break
        table = app.query_one("#contests")
        assert table.row_count == 2
        before = str(table.get_row_at(0))
        other = ElectionService.open(path, terminal="reception-2")
        received = {r["box_id"] for r in other.store.view().rows("box_receipts")}
        box = next(b for b in other.store.view().rows("boxes", contest_id="parl.kestrel-vale.2026-05-07")
                   if b["box_id"] not in received)
        result = other.execute(other.session_for("reception1"),
                               {"cmd": "box.check_in", "args": {"box_id": box["box_id"], "delivered_by": "PO"}})
        assert result.applied, result.reason
        for _ in range(200):
            await pilot.pause()
            if str(table.get_row_at(0)) != before:
                break
        assert str(table.get_row_at(0)) != before
        assert "No result has been declared yet." in str(app.query_one("#results").render())
