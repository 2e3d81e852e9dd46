"""The home screen: desks by role, number keys, Enter, unbuilt desks, signing out."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.administration import AdministrationScreen
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.sign_in import SignInScreen
from pollday.tui.screens.status import StatusScreen
from tests.tui.helpers import async_test, send_keys, shown_text, wait_until


def offered_desks(app: PolldayApp) -> list[str]:
    desk_list = app.screen.query_one("#desks", OptionList)
    return [desk_list.get_option_at_index(i).id or "" for i in range(desk_list.option_count)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@async_test
async def test_an_observer_sees_only_the_status_desk(
    service: ElectionService, clock: ManualClock, size: tuple[int, int]
) -> None:
    app = PolldayApp(service, clock, service.session_for("observer"))
    async with app.run_test(size=size) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert offered_desks(app) == ["status"]
        await pilot.press("7")  # administration's number does nothing for an observer
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("8")
        assert isinstance(app.screen, StatusScreen)


@async_test
async def test_the_returning_officer_sees_every_desk(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test() as pilot:
        assert len(offered_desks(app)) == 8
        assert "Reception:" in shown_text(app, "#desk-purpose")  # the highlighted desk explains itself
        await pilot.press("down", "down")
        assert "Count:" in shown_text(app, "#desk-purpose")


@async_test
async def test_enter_opens_the_highlighted_desk_and_escape_comes_back(
    service: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(service, clock, service.session_for("manager"))
    async with app.run_test() as pilot:
        await pilot.press("end", "enter")
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("up", "enter")
        assert isinstance(app.screen, AdministrationScreen)


@async_test
async def test_the_reception_desk_opens_the_reception_screen(service: ElectionService, clock: ManualClock) -> None:
    from pollday.tui.screens.reception import ReceptionScreen

    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        await pilot.press("1")
        await wait_until(pilot, lambda: isinstance(app.screen, ReceptionScreen) and app.screen.is_up_to_date,
                         "the reception desk")


@async_test
async def test_signing_out_returns_to_the_sign_in_screen(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test() as pilot:
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), "the sign-in screen")
        assert app.session is None
        assert shown_text(app, "#signed-in") == "Not signed in"
        await send_keys(pilot, *"observer", "enter", *"9999", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the observer's home screen")
        assert offered_desks(app) == ["status"]
        assert len(app.screen_stack) == 2  # Textual's blank default screen and this home screen
