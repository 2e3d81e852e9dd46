"""The control room desk, driven by keys as an operator would: log, acknowledge, resolve; another terminal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.control_forms import ControlIncidentForm, ControlTextPrompt
from pollday.tui.screens.control_room import ControlRoomScreen
from pollday.tui.screens.control_widgets import ChoiceStrip
from tests.tui.helpers import async_test, shown_text, wait_until


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def run(service: ElectionService, username: str, command: dict[str, Any]) -> None:
    result = service.execute(service.session_for(username), command)
    assert result.applied, result.reason


async def open_desk(pilot: Pilot[None]) -> ControlRoomScreen:
    app = pilot.app
    assert isinstance(app, PolldayApp) and app.session is not None
    screen = ControlRoomScreen(app.session)
    await app.push_screen(screen)
    await wait_until(pilot, lambda: screen.is_up_to_date, "the control room's first reading")
    return screen


async def settled(pilot: Pilot[None], screen: ControlRoomScreen) -> None:
    await wait_until(pilot, lambda: not screen.busy and screen.is_up_to_date, "the desk to settle")
    await pilot.pause()
    await wait_until(pilot, lambda: not screen.busy and screen.is_up_to_date, "the desk to settle")


def incident_rows(screen: ControlRoomScreen) -> list[list[str]]:
    table = screen.query_one("#cr-incidents", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


async def log_incident(pilot: Pilot[None], station: str, category_key: str, description: str) -> None:
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ControlIncidentForm), "the incident form")
    await type_text(pilot, station)
    await pilot.press("enter", category_key)
    await type_text(pilot, description)
    await pilot.press("enter")


@async_test
async def test_log_acknowledge_and_resolve_an_incident(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_desk(pilot)
        assert incident_rows(screen) == []
        stations = screen.query_one("#cr-stations", DataTable)
        assert [str(c) for c in stations.get_row_at(1)][:2] == ["2", "Eastfield School"]
        assert "J. Moore" in [str(c) for c in stations.get_row_at(1)]

        # n, part of the station's name, Enter, one key for the category, the description, Enter.
        await log_incident(pilot, "eastf", "1", "Locked out")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        await settled(pilot, screen)
        assert incident_rows(screen) == [["#1", "P1", "2", "Opening", "New", "0m", "Locked out"]]
        assert shown_text(app, "#cr-message").startswith("Incident logged at station 2.")
        assert str(stations.get_row_at(1)[3]) == "1 P1"

        clock.advance(timedelta(minutes=2))
        await pilot.press("a")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][4:6] == ["Acknowledged", "2m"]
        await pilot.press("a")  # twice: the services' reason, not a second acknowledgement
        await settled(pilot, screen)
        assert "was acknowledged at 07:02 by Test Control" in str(screen.query_one("#cr-message").render())

        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlTextPrompt), "the assign prompt")
        await type_text(pilot, "Logistics")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][4] == "Assigned"

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlTextPrompt), "the resolve prompt")
        await type_text(pilot, "Key holder arrived")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][4] == "Resolved"
        incident = service.store.view().get("incidents", (1,))
        assert incident is not None and incident["resolution"] == "Key holder arrived"

        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlTextPrompt), "the note prompt")
        await type_text(pilot, "PO rang back")
        await pilot.press("enter")
        await settled(pilot, screen)
        await pilot.press("c")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][4] == "Closed"
        events = service.store.view().rows("incident_events", number=1)
        assert [e["kind"] for e in events][-2:] == ["note", "state"]


@async_test
async def test_an_empty_description_is_refused_with_the_reason(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_desk(pilot)
        await log_incident(pilot, "1", "3", "")
        # The form comes back with what was typed and the services' reason.
        await wait_until(pilot, lambda: not screen.busy and isinstance(app.screen, ControlIncidentForm),
                         "the form to come back")
        form = app.screen
        assert "description is empty" in shown_text(app, "#cf-problem")
        assert form.query_one("#cf-station", Input).value == "1"
        assert "REFUSED: Log an incident" in str(screen.query_one("#cr-message").render())
        assert service.store.view().rows("incidents") == []

        await type_text(pilot, "No ballot papers")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][:5] == ["#1", "P2", "1", "Stationery", "New"]


@async_test
async def test_the_severity_row_shows_the_default_and_takes_an_override(service: ElectionService,
                                                                       clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlIncidentForm), "the incident form")
        form = app.screen
        assert isinstance(form, ControlIncidentForm)
        await type_text(pilot, "1")
        await pilot.press("enter", "3")  # stationery: P2 by default, shown on the row
        assert shown_text(app, "#cf-severity-label") == "Severity (Shift+Tab, then 1-4): P2, the default for Stationery"
        assert form.query_one("#cf-severity", ChoiceStrip).value == "P2"
        await pilot.press("shift+tab", "4")  # P4: the pick sends the operator back to the description
        assert form.focused is form.query_one("#cf-description")
        assert shown_text(app, "#cf-severity-label") == "Severity (Shift+Tab, then 1-4): P4, changed from P2"
        await type_text(pilot, "Pens missing")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][:4] == ["#1", "P4", "1", "Stationery"]

        # The default follows the category until the operator picks; the quick path never passes the row.
        await log_incident(pilot, "2", "1", "Locked out")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][:4] == ["#2", "P1", "2", "Opening"]
        events = service.store.view().rows("incident_events", number=2)
        assert events[0]["text"] == "P1 Opening: Locked out"


@async_test
async def test_an_unknown_station_is_refused_in_the_form(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlIncidentForm), "the incident form")
        await type_text(pilot, "zz")
        assert shown_text(app, "#cf-matches") == "No station matches 'zz'."
        await pilot.press("enter")
        assert "no station is numbered or named 'zz'" in shown_text(app, "#cf-problem")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close on Escape")
        assert not screen.busy and service.store.view().rows("incidents") == []


@async_test
async def test_a_change_from_another_terminal_appears_and_a_late_p1_rings(
    service: ElectionService, clock: ManualClock, election_path: Path
) -> None:
    app = PolldayApp(service, clock, service.session_for("control"), poll_interval=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_desk(pilot)
        assert screen.bells == 0
        other = ElectionService.open(election_path, clock, terminal="test-2")
        try:
            run(other, "control", cmd("incident.open", category="premises", description="Fire alarm", station_id="1"))
        finally:
            other.close()
        # No key is pressed: the app's own change check brings the incident.
        await wait_until(pilot, lambda: len(incident_rows(screen)) == 1, "the other terminal's incident")
        assert incident_rows(screen)[0][:3] == ["#1", "P1", "1"]
        assert screen.bells == 0

        clock.advance(timedelta(minutes=6))  # past the P1 acknowledge target
        reads = screen.reads_shown
        screen.reload()
        await wait_until(pilot, lambda: screen.reads_shown > reads, "a fresh reading")
        assert screen.bells == 1
        assert "past target" in shown_text(app, "#cr-attention")


def test_control_room_snapshot(snap_compare: Any, service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    run(service, "control", cmd("incident.open", category="opening", description="Locked out", station_id="2"))
    run(service, "control", cmd("incident.open", category="voter_id", description="Voter without ID",
                                station_id="1"))
    clock.advance(timedelta(minutes=7))
    app = PolldayApp(service, clock, service.session_for("control"))

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await open_desk(pilot)
        await settled(pilot, screen)

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
