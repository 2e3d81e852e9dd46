"""Another terminal's changes reach this one without a key press."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.messages import StoreChecked
from pollday.tui.readings import read_store_mark
from pollday.tui.screens.status import StatusScreen
from tests.tui.helpers import async_test, shown_text, wait_until


@async_test
async def test_a_change_made_by_another_terminal_appears_on_the_status_screen(
    service: ElectionService, clock: ManualClock, election_path: Path
) -> None:
    app = PolldayApp(service, clock, service.session_for("observer"), poll_interval=0.05)
    async with app.run_test() as pilot:
        await pilot.press("8")
        status = app.screen
        assert isinstance(status, StatusScreen)
        await wait_until(pilot, lambda: status.is_up_to_date, "the first reading")
        assert shown_text(app, "#poll-state") == "Poll not yet open"
        journal_before = shown_text(app, "#journal-line")

        other_terminal = ElectionService.open(election_path, clock, terminal="test-2")
        try:
            result = other_terminal.execute(other_terminal.session_for("manager"), {"cmd": "poll.open", "args": {}})
            assert result.applied
        finally:
            other_terminal.close()

        # No key is pressed from here on: only the app's own change check can bring the news.
        await wait_until(pilot, lambda: shown_text(app, "#poll-state").startswith("Poll open"), "the poll to show open")
        assert shown_text(app, "#journal-line") != journal_before
        contests = status.query_one("#contests", DataTable)
        assert contests.get_row_at(0)[1] == "Poll open"  # the contest's stage moved with the poll


@async_test
async def test_a_slow_database_does_not_pile_up_change_checks(
    service: ElectionService, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While one check waits for a busy database, the timer must not start more threads."""
    released = threading.Event()
    calls: list[int] = []
    real_data_version = service.store.data_version

    def held_data_version() -> int:
        calls.append(1)
        released.wait(timeout=10)  # in the worker thread: stands for a database held by another terminal
        return real_data_version()

    monkeypatch.setattr(service.store, "data_version", held_data_version)
    app = PolldayApp(service, clock, service.session_for("observer"), poll_interval=0.01)
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: len(calls) == 1, "the first check")
        for _ in range(20):  # twenty timer periods while the first check is held
            await pilot.pause(0.01)
        assert len(calls) == 1
        released.set()
        await wait_until(pilot, lambda: len(calls) > 1, "checks to resume once the database answers")


@async_test
async def test_a_check_answered_after_quitting_is_ignored(service: ElectionService, clock: ManualClock) -> None:
    """A check still in its thread when the user quits answers to an app with no screens left."""
    app = PolldayApp(service, clock, service.session_for("observer"), poll_interval=60)
    async with app.run_test():
        pass
    assert app.screen_stack == []
    app.on_store_checked(StoreChecked(read_store_mark(service)))  # must not raise
