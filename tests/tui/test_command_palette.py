"""The command palette (ctrl+p) opens desks and signs out."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.administration import AdministrationScreen
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.sign_in import SignInScreen
from pollday.tui.screens.status import StatusScreen
from tests.tui.helpers import async_test, send_keys, wait_until


async def run_command(app: PolldayApp, pilot: Pilot[None], search: str) -> None:
    await pilot.press("ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await send_keys(pilot, *search)
    palette = app.screen
    await wait_until(pilot, lambda: palette.query_one(CommandList).option_count > 0, f"hits for {search!r}")
    await pilot.press("down", "enter")


@async_test
async def test_a_desk_opens_from_the_palette(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("observer"))
    async with app.run_test() as pilot:
        await run_command(app, pilot, "Open Election status")
        await wait_until(pilot, lambda: isinstance(app.screen, StatusScreen), "the status screen")


@async_test
async def test_sign_out_from_the_palette(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test() as pilot:
        await pilot.press("8")
        await run_command(app, pilot, "Sign out")
        await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), "the sign-in screen")
        assert app.session is None
        assert len(app.screen_stack) == 2


@async_test
async def test_desks_are_not_offered_before_signing_in(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, SignInScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Sign out" not in titles
        assert not any(title.startswith("Open ") for title in titles)
        await pilot.pause()


@async_test
async def test_a_desk_opened_from_another_desk_replaces_it(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("manager"))
    async with app.run_test() as pilot:
        await pilot.press("8")
        await run_command(app, pilot, "Open Administration")
        await wait_until(pilot, lambda: isinstance(app.screen, AdministrationScreen), "the administration screen")
        await pilot.press("escape")  # back home, not back to the status desk
        assert isinstance(app.screen, HomeScreen)
