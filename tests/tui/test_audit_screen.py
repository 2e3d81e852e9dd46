from __future__ import annotations

from textual.widgets import DataTable

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.audit import AuditScreen
from tests.tui.helpers import async_test, wait_until


def rows(app: PolldayApp) -> list[list[str]]:
    table = app.screen.query_one("#audit-lines", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@async_test
async def test_the_ro_filters_the_audit_trail(service: ElectionService, clock: ManualClock) -> None:
    service.execute(service.session_for("observer"), {"cmd": "poll.open", "args": {}})
    service.execute(service.session_for("manager"), {"cmd": "poll.open", "args": {}})
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = AuditScreen()
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.is_up_to_date, "the audit trail")
        assert rows(app)[0][2:5] == ["manager", "test-1", "poll.open"]
        await pilot.press("r")
        await wait_until(pilot, lambda: screen.is_up_to_date and len(rows(app)) == 1, "only refusals")
        assert rows(app)[0][2] == "observer" and rows(app)[0][4] == "poll.open REFUSED"
        assert "may not open the poll" in rows(app)[0][5]
        await pilot.press("a", "slash")
        await pilot.press(*"deputy", "enter")
        await wait_until(pilot, lambda: screen.is_up_to_date and 0 < len(rows(app)) <= 3, "the search")
        assert all("deputy" in " ".join(row).lower() for row in rows(app))
