"""Snapshots of the reception desk and the box board, on a frozen clock and the fixed terminal name test-1.

Update after a deliberate change of look with
`pytest tests/tui/test_reception_snapshots.py --snapshot-update`, and look at the SVGs first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from pollday.domain.payloads import CommandCard
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.messages import ScanReceived
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.box_board import BoxBoardScreen
from pollday.tui.screens.reception import ReceptionScreen
from pollday.tui.screens.reception_queue import CommandQueueScreen
from tests.tui.helpers import wait_until
from tests.tui.test_box_board import AT_22_45, receive_box_one_with_problems
from tests.tui.test_reception import CONTEST, card, close_the_poll, label, receive_box_one, run

SnapCompare = Callable[..., bool]
Scene = Callable[[Pilot[Any]], Awaitable[None]]


async def steady(pilot: Pilot[Any]) -> None:
    """No blinking cursor, no read or command still running."""
    screen = pilot.app.screen
    for field in screen.query(Input):
        field.cursor_blink = False
    if isinstance(screen, CommandQueueScreen):
        await wait_until(pilot, lambda: screen.quiet and screen.is_up_to_date, "the desk to finish")
    elif isinstance(screen, LiveScreen):
        await wait_until(pilot, lambda: screen.is_up_to_date, "the screen's reading")
    await pilot.pause()


async def at_reception(pilot: Pilot[Any]) -> ReceptionScreen:
    app = pilot.app
    assert isinstance(app, PolldayApp) and app.session is not None
    desk = ReceptionScreen(app.session)
    await app.push_screen(desk)
    await steady(pilot)
    return desk


def scanning(*steps: str | tuple[str, ...]) -> Scene:
    """A scene: a string is a scan, a tuple is keys pressed; each step finishes before the next."""

    async def run_before(pilot: Pilot[Any]) -> None:
        desk = await at_reception(pilot)
        for step in steps:
            if isinstance(step, tuple):
                await pilot.press(*step)
            else:
                desk.post_message(ScanReceived(step, "serial"))
            await pilot.pause()
            await steady(pilot)

    return run_before


def test_reception_checking_seals(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    scene = scanning(label(service, "1"), ("enter",), "HE-1001", card(service, CommandCard.SEAL_DAMAGED), "HE-1002")
    assert snap_compare(PolldayApp(service, clock, service.session_for("reception")), run_before=scene)


def test_reception_bpa_that_does_not_add_up(
    snap_compare: SnapCompare, service: ElectionService, clock: ManualClock
) -> None:
    close_the_poll(service, clock)
    receive_box_one(service, with_bpa=False)
    scene = scanning(label(service, "1"), ("f5",), ("1", "4", "7", "0", "enter", "8", "0", "0", "enter", "3",
                                                     "enter", "6", "6", "6"))
    assert snap_compare(PolldayApp(service, clock, service.session_for("reception")), run_before=scene)


def board_scene() -> Scene:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.push_screen(BoxBoardScreen())
        await steady(pilot)

    return run_before


def board_election(service: ElectionService, clock: ManualClock) -> PolldayApp:
    close_the_poll(service, clock)
    run(service, "postal", "postal_box.register", box_id="P1", contest_id=CONTEST, session="opening session 1",
        papers_placed=420)
    clock.set(AT_22_45)
    receive_box_one_with_problems(service)
    clock.set(datetime(2026, 5, 7, 22, 5, tzinfo=UTC))  # 23:05: box 2 (due 22:55) is overdue
    return PolldayApp(service, clock, service.session_for("reception"))


def test_box_board(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    assert snap_compare(board_election(service, clock), run_before=board_scene())


def test_box_board_wide(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    assert snap_compare(board_election(service, clock), run_before=board_scene(), terminal_size=(120, 40))
