"""Snapshots of the key screens, on a frozen clock and a fixed terminal name.

Update after a deliberate change of look with `pytest tests/tui --snapshot-update`, and
look at the SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.base import LiveScreen
from pollday.tui.widgets.outcome_panel import OutcomePanel
from tests.tui.helpers import send_keys, wait_until

SnapCompare = Callable[..., bool]


async def steady(pilot: Pilot[Any]) -> None:
    """Stop what would make two screenshots differ: a blinking cursor, a read still running."""
    screen = pilot.app.screen
    for field in screen.query(Input):
        field.cursor_blink = False
    if isinstance(screen, LiveScreen):
        await wait_until(pilot, lambda: screen.is_up_to_date, "the screen's reading")
    await pilot.pause()


def then_steady(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        if keys:
            await pilot.press(*keys)
        await steady(pilot)

    return run_before


def test_sign_in_screen(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    assert snap_compare(PolldayApp(service, clock), run_before=then_steady())


def test_sign_in_refused(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    async def wrong_pin(pilot: Pilot[Any]) -> None:
        await send_keys(pilot, *"ro", "enter", *"0000", "enter")
        panel = pilot.app.screen.query_one("#sign-in-outcome", OutcomePanel)
        await wait_until(pilot, lambda: panel.kind == "refused", "the refusal")
        await steady(pilot)

    assert snap_compare(PolldayApp(service, clock), run_before=wrong_pin)


def test_home_screen_of_the_returning_officer(
    snap_compare: SnapCompare, service: ElectionService, clock: ManualClock
) -> None:
    assert snap_compare(PolldayApp(service, clock, service.session_for("ro")), run_before=then_steady())


def test_home_screen_of_an_observer(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    assert snap_compare(PolldayApp(service, clock, service.session_for("observer")), run_before=then_steady())


def test_status_screen(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    assert snap_compare(PolldayApp(service, clock, service.session_for("ro")), run_before=then_steady("8"))


def test_status_screen_wide(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    assert snap_compare(
        PolldayApp(service, clock, service.session_for("ro")), run_before=then_steady("8"), terminal_size=(120, 40)
    )


def test_administration_screen(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    assert snap_compare(PolldayApp(service, clock, service.session_for("manager")), run_before=then_steady("7"))
