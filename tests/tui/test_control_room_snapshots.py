"""How the control room's screens look at 80x24 and 120x40, on the demo's polling day and a small election."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.control_base import ControlSubScreen
from pollday.tui.screens.control_filter import ControlFilterForm
from pollday.tui.screens.control_incident import ControlIncidentScreen
from pollday.tui.screens.control_modal import ControlForm
from pollday.tui.screens.control_transit import ControlTransitScreen
from pollday.tui.screens.control_turnout import ControlTurnoutScreen
from pollday.tui.screens.control_voter_id import ControlVoterIdScreen
from tests.conftest import DemoCopy
from tests.tui.helpers import wait_until
from tests.tui.test_control_room_desk import cmd, open_desk, run, settled, type_text

DEMO_EVENING = datetime.fromisoformat("2026-05-07T22:40:00+01:00")  # after the demo's polling day


@pytest.fixture
def demo_day(demo_copy: DemoCopy, tmp_path: Path) -> Iterator[ElectionService]:
    service = ElectionService.open(demo_copy("polling-day", tmp_path / "day.db"), ManualClock(DEMO_EVENING),
                                   terminal="test-1")
    yield service
    service.close()


def control_app(service: ElectionService, username: str) -> PolldayApp:
    assert isinstance(service.clock, ManualClock)
    return PolldayApp(service, service.clock, service.session_for(username))


async def sub_screen(pilot: Pilot[None], key: str, kind: type[ControlSubScreen[Any]]) -> None:
    desk = await open_desk(pilot)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), kind.__name__)
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    await wait_until(pilot, lambda: screen.is_up_to_date and desk.is_up_to_date, "the first readings")
    # The demo evening has incidents past target: their toast would cover the screen these snapshots are of.
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_turnout_on_the_demo_evening(snap_compare: Any, demo_day: ElectionService, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await sub_screen(pilot, "u", ControlTurnoutScreen)
        await pilot.press("down", "down")  # a station's own figures beside the area's in the chart

    assert snap_compare(control_app(demo_day, "control1"), run_before=run_before, terminal_size=size)


def test_turnout_form(snap_compare: Any, demo_day: ElectionService) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await sub_screen(pilot, "u", ControlTurnoutScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ControlForm), "the return form")
        await type_text(pilot, "larkham")

    assert snap_compare(control_app(demo_day, "control1"), run_before=run_before, terminal_size=(80, 24))


def test_sweeps_and_boxes_on_the_demo_evening(snap_compare: Any, demo_day: ElectionService) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await sub_screen(pilot, "b", ControlTransitScreen)

    assert snap_compare(control_app(demo_day, "control1"), run_before=run_before, terminal_size=(80, 24))


def test_the_sweep_schedule_during_the_day(snap_compare: Any, service: ElectionService, clock: ManualClock) -> None:
    """Midday on a small election: one collection overdue (red), one made late (yellow), one due, one extra."""
    run(service, "manager", cmd("poll.open"))
    for station, due, collector in (("1", "09:00", "PSI Jo Carter"), ("2", "10:00", "Driver R. Patel"),
                                    ("1", "13:00", "PSI Jo Carter"), ("2", "11:30", "Driver R. Patel")):
        run(service, "control", cmd("sweep.schedule", station_id=station, due=due, collector=collector))
    clock.advance(timedelta(hours=3, minutes=40))  # 10:40
    run(service, "control", cmd("sweep.record", station_id="1", collected_by="PSI Jo Carter", packets=2, count=17,
                                time="09:35", note="receipt signed at the office"))
    # Three hours before station 1's next: an extra collection, not that one early.
    run(service, "control", cmd("sweep.record", station_id="1", collected_by="PO R. Patel", packets=1, count=3,
                                time="10:05", note="a campaigner's bundle"))
    run(service, "control", cmd("sweep.cancel", station_id="2", number=2, reason="PO brings the rest with the box"))
    clock.advance(timedelta(hours=1, minutes=20))  # 12:00: station 2's 10:00 collection is still not made

    async def run_before(pilot: Pilot[None]) -> None:
        await sub_screen(pilot, "b", ControlTransitScreen)

    assert snap_compare(control_app(service, "control"), run_before=run_before, terminal_size=(100, 24))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_voter_id_on_the_demo_evening(snap_compare: Any, demo_day: ElectionService, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await sub_screen(pilot, "i", ControlVoterIdScreen)
        await pilot.press(*["down"] * 10)  # station 11: a refusal that never came back

    assert snap_compare(control_app(demo_day, "control1"), run_before=run_before, terminal_size=size)


def test_the_desk_filtered(snap_compare: Any, service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    for station, category, description in (("1", "premises", "Fire alarm sounding, hall evacuated"),
                                           ("2", "voter_id", "Voter without ID"),
                                           ("2", "stationery", "Running low on ballot papers")):
        run(service, "control", cmd("incident.open", category=category, description=description,
                                    station_id=station))
    run(service, "control", cmd("incident.set_state", number=2, state="resolved", reason="Came back with ID"))

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await open_desk(pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ControlFilterForm), "the filter form")
        await pilot.press("0", "enter", "slash")
        await type_text(pilot, "papers")
        await settled(pilot, screen)

    assert snap_compare(control_app(service, "control"), run_before=run_before, terminal_size=(80, 24))


def test_the_filter_form(snap_compare: Any, service: ElectionService) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await open_desk(pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ControlFilterForm), "the filter form")
        await pilot.press("0", "tab", "1", "tab", "a", "tab")
        await type_text(pilot, "st a")

    assert snap_compare(control_app(service, "control"), run_before=run_before, terminal_size=(80, 24))


def test_an_incident_in_detail(snap_compare: Any, service: ElectionService, clock: ManualClock) -> None:
    run(service, "control", cmd("incident.open", category="opening", description="Key holder not here, door locked",
                                station_id="2", reporter_name="J. Moore", reporter_role="PO",
                                reporter_phone="07700 900002"))
    clock.advance(timedelta(minutes=2))
    run(service, "control", cmd("incident.assign", number=1, to="Logistics", note="spare key at the depot"))
    clock.advance(timedelta(minutes=4))
    run(service, "control", cmd("incident.note", number=1, text="Driver left the depot 07:05"))
    run(service, "control", cmd("incident.link", number=1, kind="station", target="2"))
    clock.advance(timedelta(minutes=12))

    async def run_before(pilot: Pilot[None]) -> None:
        await open_desk(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ControlIncidentScreen), "the detail")
        screen = pilot.app.screen
        assert isinstance(screen, ControlIncidentScreen)
        await wait_until(pilot, lambda: screen.is_up_to_date, "the detail's reading")

    assert snap_compare(control_app(service, "control"), run_before=run_before, terminal_size=(80, 24))
