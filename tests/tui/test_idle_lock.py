from __future__ import annotations

import json
from datetime import timedelta

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.home import HomeScreen
from pollday.tui.screens.lock import LockScreen
from pollday.tui.screens.sign_in import SignInScreen
from tests.tui.helpers import async_test, send_keys, shown_text, wait_until


@async_test
async def test_an_idle_terminal_locks_and_only_its_users_pin_unlocks_it(service: ElectionService,
                                                                         clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("manager"), poll_interval=0.02, idle_lock_minutes=10)
    async with app.run_test() as pilot:
        clock.advance(timedelta(minutes=9))
        await pilot.press("down")  # someone is using it: the ten minutes start again
        clock.advance(timedelta(minutes=9))
        for _ in range(10):
            await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
        clock.advance(timedelta(minutes=2))
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await pilot.press("escape")
        assert isinstance(app.screen, LockScreen)  # no way around it
        await send_keys(pilot, *"1111", "enter")  # the RO's PIN, not the manager's
        await wait_until(pilot, lambda: "wrong PIN" in shown_text(app, "#lock-problem"), "the refusal")
        await send_keys(pilot, *"3333", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the unlocked home screen")
    attempts = [json.loads(e.command)["cmd"] for e in service.store.journal_entries() if e.actor == "manager"]
    assert attempts[-2:] == ["auth.pin_rejected", "auth.sign_in"]  # both journaled


@async_test
async def test_signing_out_from_the_lock(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.02, idle_lock_minutes=5)
    async with app.run_test() as pilot:
        clock.advance(timedelta(minutes=6))
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), "the sign-in screen")
        assert app.session is None


@async_test
async def test_no_lock_when_turned_off(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.02)
    async with app.run_test() as pilot:
        clock.advance(timedelta(hours=3))
        for _ in range(10):
            await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
