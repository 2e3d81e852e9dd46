"""Administration: opening and closing the poll through the services, and the users list."""

from __future__ import annotations

import json

from textual.pilot import Pilot
from textual.widgets import DataTable

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService, SignInRefused
from pollday.tui.app import PolldayApp
from pollday.tui.screens.administration import AdministrationScreen
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.status import StatusScreen
from pollday.tui.widgets.outcome_panel import OutcomePanel
from tests.tui.helpers import async_test, shown_text, wait_until


def command_outcome(app: PolldayApp) -> OutcomePanel:
    return app.screen.query_one("#command-outcome", OutcomePanel)


async def open_administration(app: PolldayApp, pilot: Pilot[None]) -> AdministrationScreen:
    await pilot.press("7")
    # The desk opens once this terminal holds it (a command run in a worker).
    await wait_until(pilot, lambda: isinstance(app.screen, AdministrationScreen), "the administration desk")
    screen = app.screen
    assert isinstance(screen, AdministrationScreen)
    await wait_until(pilot, lambda: screen.is_up_to_date, "the administration screen's first reading")
    return screen


@async_test
async def test_the_manager_opens_the_poll_and_the_status_screen_shows_it(
    service: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(service, clock, service.session_for("manager"))
    async with app.run_test() as pilot:
        admin = await open_administration(app, pilot)
        assert shown_text(app, "#poll-state") == "Poll not yet open"
        await pilot.press("o")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_until(pilot, lambda: command_outcome(app).kind == "applied", "the poll to open")
        assert command_outcome(app).text.startswith("Poll opened")
        await wait_until(pilot, lambda: shown_text(app, "#poll-state") == "Poll open since 07:00", "the new state")
        assert admin.is_up_to_date
        await pilot.press("escape", "8")
        status = app.screen
        assert isinstance(status, StatusScreen)
        await wait_until(pilot, lambda: status.is_up_to_date, "the status screen's reading")
        assert shown_text(app, "#poll-state").startswith("Poll open")
    assert service.election()["poll_state"] == "open"


@async_test
async def test_a_refused_command_shows_the_reason_in_red(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("manager"))
    async with app.run_test() as pilot:
        await open_administration(app, pilot)
        await pilot.press("c", "y")  # closing a poll that never opened
        await wait_until(pilot, lambda: command_outcome(app).kind == "refused", "the refusal")
        assert command_outcome(app).text.startswith("REFUSED: Close the poll")
        assert "has not been opened yet" in command_outcome(app).text
    assert service.election()["poll_state"] == "not_open"


@async_test
async def test_answering_no_runs_nothing(service: ElectionService, clock: ManualClock) -> None:
    journal_before = service.store.journal_length()
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test() as pilot:
        await open_administration(app, pilot)
        await pilot.press("o")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # focus starts on No, so a habitual Enter is harmless
        assert isinstance(app.screen, AdministrationScreen)
        await pilot.press("o", "escape")
        assert isinstance(app.screen, AdministrationScreen)
        assert command_outcome(app).kind == ""
    # Opening and leaving the desk are journaled; nothing else may be.
    assert [json.loads(e.command)["cmd"] for e in service.store.journal_entries()][journal_before:] == [
        "desk.open", "desk.close"]


@async_test
async def test_the_users_list_shows_roles_and_locks(service: ElectionService, clock: ManualClock) -> None:
    for _ in range(10):  # wrong PINs until the account locks
        try:
            service.sign_in("assistant", "0000")
        except SignInRefused as refusal:
            if "locked" in refusal.reason:
                break
    app = PolldayApp(service, clock, service.session_for("manager"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_administration(app, pilot)
        table = app.screen.query_one("#users", DataTable)
        assert table.row_count == 9
        assert table.get_row("manager") == ["manager", "Test Manager", "Elections manager", "yes", ""]
        locked = table.get_row("assistant")
        assert locked[2] == "Count assistant"
        assert str(locked[4]).startswith("until ")
