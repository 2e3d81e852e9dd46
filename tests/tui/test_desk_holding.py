"""A person holds a desk at one terminal: the other is offered a take-over, and the old one goes home."""

from __future__ import annotations

from pathlib import Path

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.reception import ReceptionScreen
from tests.tui.helpers import async_test, wait_until


def at_reception(app: PolldayApp) -> bool:
    """The reception desk is showing and has read the election (so quitting now cannot cut its mounting short)."""
    return isinstance(app.screen, ReceptionScreen) and app.screen.is_up_to_date


def row(service: ElectionService, desk: str = "reception") -> dict[str, object]:
    found = service.desk_session("reception", desk)
    assert found is not None
    return found


@async_test
async def test_opening_holds_the_desk_and_going_home_frees_it(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.05)
    async with app.run_test() as pilot:
        await pilot.press("1")
        await wait_until(pilot, lambda: at_reception(app), "the reception desk")
        assert row(service)["open"] and row(service)["terminal"] == "test-1"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        await wait_until(pilot, lambda: not row(service)["open"], "the desk to be freed")


@async_test
async def test_a_desk_open_elsewhere_is_offered_for_take_over(
    service: ElectionService, clock: ManualClock, election_path: Path
) -> None:
    elsewhere = ElectionService.open(election_path, clock, terminal="hall-pc/pts/4")
    try:
        assert elsewhere.open_desk(elsewhere.session_for("reception"), "reception").applied
        app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.05)
        async with app.run_test() as pilot:
            await pilot.press("1")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the take-over question")
            assert "hall-pc/pts/4" in app.screen.consequence  # type: ignore[attr-defined]
            await pilot.press("n")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back at home after no")
            assert row(service)["terminal"] == "hall-pc/pts/4"

            await pilot.press("1")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question again")
            await pilot.press("y")
            await wait_until(pilot, lambda: at_reception(app), "the desk, taken over")
            assert row(service)["terminal"] == "test-1" and row(service)["taken_from"] == "hall-pc/pts/4"
    finally:
        elsewhere.close()


@async_test
async def test_a_terminal_whose_desk_is_taken_over_goes_home_and_says_where(
    service: ElectionService, clock: ManualClock, election_path: Path
) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.05)
    async with app.run_test() as pilot:
        await pilot.press("1")
        await wait_until(pilot, lambda: at_reception(app), "the reception desk")

        elsewhere = ElectionService.open(election_path, clock, terminal="hall-pc/pts/4")
        try:
            session = elsewhere.session_for("reception")
            assert not elsewhere.open_desk(session, "reception").applied
            assert elsewhere.open_desk(session, "reception", take_over=True).applied
        finally:
            elsewhere.close()

        # No key pressed: the change check notices on its own.
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the terminal to go home")
        assert app.desks.held is None
        notices = [n.message for n in app._notifications]
        assert any("taken over on terminal hall-pc/pts/4" in text for text in notices)
        assert row(service)["open"] and row(service)["terminal"] == "hall-pc/pts/4"  # going home freed nothing


@async_test
async def test_signing_out_and_quitting_free_the_desk(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.05)
    async with app.run_test() as pilot:
        await pilot.press("1")
        await wait_until(pilot, lambda: at_reception(app), "the reception desk")
        await app.action_sign_out()
        await wait_until(pilot, lambda: not row(service)["open"], "sign-out to free the desk")

    app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.05)
    async with app.run_test() as pilot:
        await pilot.press("1")
        await wait_until(pilot, lambda: at_reception(app), "the reception desk again")
    assert not row(service)["open"]  # quitting recorded the release
