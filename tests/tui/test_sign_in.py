"""Signing in: the PIN is checked in a thread, refusals are loud, and keys typed in a burst land right."""

from __future__ import annotations

import pytest

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.sign_in import SignInScreen
from pollday.tui.widgets.entry_field import EntryField
from pollday.tui.widgets.outcome_panel import OutcomePanel
from tests.tui.helpers import async_test, send_keys, shown_text, wait_until

SIZES = [(80, 24), (120, 40)]


def outcome(app: PolldayApp) -> OutcomePanel:
    return app.screen.query_one("#sign-in-outcome", OutcomePanel)


def check_finished(app: PolldayApp) -> bool:
    return isinstance(app.screen, SignInScreen) and not app.screen.checking


@pytest.mark.parametrize("size", SIZES)
@async_test
async def test_right_pin_signs_in_and_shows_the_home_screen(
    service: ElectionService, clock: ManualClock, size: tuple[int, int]
) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test(size=size) as pilot:
        assert isinstance(app.screen, SignInScreen)
        await pilot.press(*"manager", "enter", *"3333", "enter")  # paced, as a person types
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        assert app.session is not None and app.session.username == "manager"
        assert shown_text(app, "#signed-in") == "Test Manager, Elections manager"


@pytest.mark.parametrize("size", SIZES)
@async_test
async def test_wrong_pin_shows_the_reason_and_stays_on_sign_in(
    service: ElectionService, clock: ManualClock, size: tuple[int, int]
) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test(size=size) as pilot:
        await send_keys(pilot, *"ro", "enter", *"0000", "enter")
        await wait_until(pilot, lambda: outcome(app).kind == "refused", "the refusal")
        assert isinstance(app.screen, SignInScreen)
        assert app.session is None
        assert "SIGN-IN REFUSED" in outcome(app).text
        assert "wrong PIN" in outcome(app).text
        pin = app.screen.query_one("#pin", EntryField)
        assert pin.value == ""
        assert app.screen.focused is pin  # ready for the next try without touching the mouse


@async_test
async def test_repeated_wrong_pins_show_when_the_lock_ends(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        await send_keys(pilot, *"ro", "enter")
        for attempt in range(1, 8):
            await send_keys(pilot, *"0000", "enter")
            await wait_until(pilot, lambda: check_finished(app), f"the check of attempt {attempt}")
            if "locked" in outcome(app).text:
                break
        assert outcome(app).kind == "refused"
        assert "locked" in outcome(app).text
        assert "until 07:0" in outcome(app).text  # UK wall-clock time: the test poll opens at 07:00 BST
        await send_keys(pilot, *"1111", "enter")  # even the right PIN waits for the lock to end
        await wait_until(pilot, lambda: check_finished(app), "the check of the right PIN")
        assert isinstance(app.screen, SignInScreen)
        assert "locked" in outcome(app).text


@async_test
async def test_unknown_user_is_refused_with_the_reason(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        await send_keys(pilot, *"nobody", "enter", *"1234", "enter")
        await wait_until(pilot, lambda: outcome(app).kind == "refused", "the refusal")
        assert "nobody" in outcome(app).text


@async_test
async def test_pin_without_username_asks_for_the_username(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        await send_keys(pilot, "enter", *"1111", "enter")
        await wait_until(pilot, lambda: outcome(app).kind == "refused", "the refusal")
        assert "username" in outcome(app).text
        assert app.screen.focused is app.screen.query_one("#username", EntryField)


@async_test
async def test_keys_arriving_in_one_burst_go_to_the_right_fields(service: ElectionService, clock: ManualClock) -> None:
    """Over SSH or a browser a whole line can arrive at once (tech-notes trap 1).

    Every key is queued before the app handles any of them; with Textual's plain Input the
    PIN would be glued onto the username, in clear text.
    """
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        await send_keys(pilot, *"ro", "enter", *"1111", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
        assert app.session is not None and app.session.username == "ro"


@async_test
async def test_corrections_typed_in_a_burst_edit_where_they_were_typed(
    service: ElectionService, clock: ManualClock
) -> None:
    """Backspace and the arrows act in order with the characters around them, even in one burst."""
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        await send_keys(pilot, *"mnx", "backspace", "left", *"a", "end", *"ager")
        await wait_until(pilot, lambda: app.screen.query_one("#username", EntryField).value == "manager",
                         "the corrected username")
        await send_keys(pilot, "enter", *"3333", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the home screen")
