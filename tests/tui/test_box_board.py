"""The box board: overdue boxes by the app's clock, exceptions, counters, and other terminals' check-ins."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from pollday.domain.commands.reception import PACKETS
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.box_board import BoxBoardScreen
from pollday.tui.screens.box_history import BoxHistoryScreen
from tests.tui.helpers import async_test, wait_until
from tests.tui.test_reception import CONTEST, FIGURES, close_the_poll, run

AT_22_45 = datetime(2026, 5, 7, 21, 45, tzinfo=UTC)  # box 1 was due 22:40, box 2 is due 22:55


async def open_board(app: PolldayApp, pilot: Pilot[None]) -> BoxBoardScreen:
    board = BoxBoardScreen()
    await app.push_screen(board)
    await wait_until(pilot, lambda: board.is_up_to_date, "the board's first reading")
    return board


def table_rows(board: BoxBoardScreen) -> dict[str, list[str]]:
    table = board.query_one("#board-table", DataTable)
    return {str(key.value): [str(cell) for cell in table.get_row(key)] for key in table.rows}


def shown(board: BoxBoardScreen, selector: str) -> str:
    return str(board.query_one(selector, Static).content)


def receive_box_one_with_problems(service: ElectionService) -> None:
    run(service, "reception", "box.check_in", box_id="1", delivered_by="R. Patel")
    run(service, "reception", "box.seal", box_id="1", seal="HE-1001")
    run(service, "reception", "box.seal", box_id="1", seal="HE-1002", condition="damaged")
    run(service, "reception", "box.seals_done", box_id="1")
    run(service, "reception", "box.packet", station_id="1", packet="ps_log", status="missing",
        note="PO bringing it at 00:30")
    unbalanced = dict(FIGURES, unused=600)
    run(service, "reception", "bpa.record", station_id="1", contest_id=CONTEST, **unbalanced)


@async_test
async def test_overdue_boxes_come_first_and_received_ones_show_their_exceptions(
    service: ElectionService, clock: ManualClock
) -> None:
    close_the_poll(service, clock)
    clock.set(AT_22_45)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        board = await open_board(app, pilot)
        assert list(table_rows(board)) == ["1", "2"]
        assert table_rows(board)["1"][3:] == ["OVERDUE 5 min", ""]
        assert table_rows(board)["2"][3] == "in transit"
        assert "Harrowden East ward: 0 of 2 boxes received (stations 0/2)" in shown(board, "#board-counters")
        assert "At 22:45: 1 overdue, 1 in transit" in shown(board, "#board-counters")
        assert "presiding officer R. Patel 07700 900001" in shown(board, "#board-detail")

        receive_box_one_with_problems(service)
        board.reload()
        await wait_until(pilot, lambda: "1" in table_rows(board) and table_rows(board)["1"][3] == "in 22:45",
                         "box 1 received")
        assert list(table_rows(board)) == ["2", "1"]  # still awaited first, then received with exceptions
        assert table_rows(board)["1"][4].startswith("seal damaged, seal mis")  # the rest is below the table
        await pilot.press("down")
        detail = shown(board, "#board-detail")
        assert "seal HE-1003 missing" in detail and "Polling station log missing" in detail
        assert "BPA does not balance" in detail
        assert not board.query_one("#board-announcements").display

        # Time alone makes a box overdue: no one touched the database.
        clock.set(datetime(2026, 5, 7, 23, 10, tzinfo=UTC))
        board.reload()
        await wait_until(pilot, lambda: table_rows(board)["2"][3] == "OVERDUE 1h15", "box 2 overdue")

        await pilot.press("enter")
        assert isinstance(app.screen, BoxHistoryScreen)
        assert app.screen.box_id == "1"


@async_test
async def test_a_box_checked_in_at_another_terminal_appears_without_a_key_press(
    service: ElectionService, clock: ManualClock, election_path: Path
) -> None:
    close_the_poll(service, clock)
    run(service, "reception", "box.check_in", box_id="1", delivered_by="R. Patel")
    app = PolldayApp(service, clock, service.session_for("observer"), poll_interval=0.05)
    async with app.run_test() as pilot:
        board = await open_board(app, pilot)
        assert "1 of 2 boxes received" in shown(board, "#board-counters")

        other_terminal = ElectionService.open(election_path, clock, terminal="test-2")
        try:
            session = other_terminal.session_for("reception")
            result = other_terminal.execute(session, {"cmd": "box.check_in",
                                                      "args": {"box_id": "2", "delivered_by": "J. Moore"}})
            assert result.applied
        finally:
            other_terminal.close()

        await wait_until(pilot, lambda: "2 of 2 boxes received" in shown(board, "#board-counters"),
                         "the other terminal's check-in")
        assert shown(board, "#board-announcements") == "All polling station ballot boxes have been received."
        assert board.query_one("#board-announcements").display


@async_test
async def test_the_board_fits_80_columns_and_uses_120(service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    for station in ("1", "2"):
        for packet in PACKETS:
            run(service, "reception", "box.packet", station_id=station, packet=packet, status="present")
    for size, has_poll_column in (((80, 24), False), ((120, 40), True)):
        app = PolldayApp(service, clock, service.session_for("reception"))
        async with app.run_test(size=size) as pilot:
            board = await open_board(app, pilot)
            table = board.query_one("#board-table", DataTable)
            await pilot.pause()
            assert table.virtual_size.width <= table.size.width, f"the table scrolls sideways at {size}"
            labels = [str(column.label) for column in table.columns.values()]
            assert ("Poll" in labels) == has_poll_column
