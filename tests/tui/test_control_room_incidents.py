"""The control room's incident list driven by keys: search, filter, severity, escalation, hold, reopen,
links, the detail view and the bell for a newly late P1."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.control_filter import ControlFilterForm
from pollday.tui.screens.control_forms import ControlTextPrompt
from pollday.tui.screens.control_incident import ControlIncidentScreen
from pollday.tui.screens.control_modal import ControlForm
from pollday.tui.screens.control_room import ControlRoomScreen
from pollday.tui.screens.control_turnout import ControlTurnoutScreen
from tests.tui.helpers import async_test, shown_text, wait_until
from tests.tui.test_control_room_desk import cmd, incident_rows, open_desk, run, settled, type_text


def three_incidents(service: ElectionService) -> None:
    run(service, "control", cmd("incident.open", category="premises", description="Fire alarm sounding",
                                station_id="1"))
    run(service, "control", cmd("incident.open", category="voter_id", description="Voter without ID",
                                station_id="2"))
    run(service, "control", cmd("incident.open", category="stationery", description="Running low on papers",
                                station_id="2"))
    run(service, "control", cmd("incident.assign", number=3, to="Logistics"))


def shown_numbers(screen: ControlRoomScreen) -> list[str]:
    return [row[0] for row in incident_rows(screen)]


async def on_screen(pilot: Pilot[None], kind: type[Any], what: str) -> Any:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), what)
    return pilot.app.screen


@async_test
async def test_search_and_the_filter_narrow_the_list_and_say_so(service: ElectionService, clock: ManualClock) -> None:
    three_incidents(service)
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_desk(pilot)
        assert shown_numbers(screen) == ["#3", "#2", "#1"]
        assert shown_text(app, "#cr-filter") == "all, newest first"

        await pilot.press("slash")
        await type_text(pilot, "fire")
        await wait_until(pilot, lambda: shown_numbers(screen) == ["#1"], "the search to narrow the list")
        assert shown_text(app, "#cr-filter") == 'only "fire": 1 of 3 (Esc: all)'
        await pilot.press("enter")  # back to the list, still searched
        assert screen.query_one("#cr-incidents", DataTable).has_focus
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(shown_numbers(screen)) == 3, "Escape to clear the search")
        assert app.screen is screen and shown_text(app, "#cr-filter") == "all, newest first"

        # F: open only (0), P2 or P3 (2, 3), at Eastfield (typed), assigned to logistics (typed, any case).
        await pilot.press("f")
        await on_screen(pilot, ControlFilterForm, "the filter form")
        await pilot.press("0", "tab", "2", "3", "tab", "tab")
        await type_text(pilot, "eastf")
        await pilot.press("tab")
        await type_text(pilot, "logis")
        assert shown_text(app, "#ff-assignee-hint") == "= Logistics"
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and shown_numbers(screen) == ["#3"], "the filter")
        assert shown_text(app, "#cr-filter") == ("only open, P2 or P3, at 2 Eastfield School, with Logistics: "
                                                 "1 of 3 (Esc: all)")
        assert screen.where.assignee == "Logistics" and screen.where.station_id == "2"

        await pilot.press("escape")  # clears the filter; a second Escape would leave the desk
        await wait_until(pilot, lambda: len(shown_numbers(screen)) == 3, "Escape to clear the filter")
        assert app.screen is screen and "Filter cleared" in shown_text(app, "#cr-message")

        # Enter on a station of the board shows that station's incidents.
        await pilot.press("tab", "down", "enter")
        await wait_until(pilot, lambda: shown_numbers(screen) == ["#3", "#2"], "the station's incidents")


@async_test
async def test_a_severity_change_needs_a_reason_and_a_refusal_says_why(service: ElectionService,
                                                                        clock: ManualClock) -> None:
    run(service, "control", cmd("incident.open", category="voter_id", description="Voters turned away",
                                station_id="1"))
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_desk(pilot)
        assert incident_rows(screen)[0][1] == "P3"
        await pilot.press("p")
        await on_screen(pilot, ControlForm, "the severity form")
        await pilot.press("1", "enter")  # P1, and no reason
        form = await on_screen(pilot, ControlForm, "the form to come back with the reason")
        await wait_until(pilot, lambda: form.query_one("#cm-problem").display, "the refusal in the form")
        assert "reason for the new severity is empty" in shown_text(app, "#cm-problem")
        assert form.value_of("severity") == "P1"  # what was chosen is still there
        await type_text(pilot, "a pattern: three turned away")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")
        await settled(pilot, screen)
        assert incident_rows(screen)[0][1] == "P1"
        assert shown_text(app, "#cr-message").startswith("#1 is now P1.")
        events = service.store.view().rows("incident_events", number=1)
        assert events[-1]["kind"] == "severity" and events[-1]["text"] == "P3 to P1: a pattern: three turned away"


@async_test
async def test_escalate_hold_reopen_and_link_from_the_detail_view(service: ElectionService,
                                                                  clock: ManualClock) -> None:
    run(service, "control", cmd("incident.open", category="conduct", description="Man shouting at voters",
                                station_id="2"))
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        desk = await open_desk(pilot)
        await pilot.press("enter")
        detail = await on_screen(pilot, ControlIncidentScreen, "the incident's detail")
        await wait_until(pilot, lambda: detail.is_up_to_date, "the detail to be read")
        assert "#1 P2 Conduct and security · New · station 2 Eastfield School" in shown_text(app, "#ci-summary")

        async def done(what: str) -> None:
            await wait_until(pilot, lambda: app.screen is detail, f"the form for {what} to close")
            await wait_until(pilot, lambda: not desk.busy and detail.is_up_to_date, what)
            await pilot.pause()
            await wait_until(pilot, lambda: not desk.busy and detail.is_up_to_date, what)

        # E: to the Returning Officer (already filled in), the reason, Enter.
        await pilot.press("e")
        await on_screen(pilot, ControlForm, "the escalation form")
        await type_text(pilot, "police called")
        await pilot.press("enter")
        await done("the escalation")
        incident = service.store.view().get("incidents", (1,))
        assert incident is not None and incident["state"] == "escalated"
        assert incident["escalated_to"] == "Returning Officer"
        assert "#1 escalated to Returning Officer" in shown_text(app, "#cs-message")

        await pilot.press("h")
        await on_screen(pilot, ControlTextPrompt, "the hold prompt")
        await type_text(pilot, "police on their way")
        await pilot.press("enter")
        await done("putting it on hold")
        assert "On hold" in shown_text(app, "#ci-summary")
        assert "resolve by 09:00: waiting while on hold" in shown_text(app, "#ci-summary")
        await pilot.press("h")  # again: off hold, back to work
        await done("taking it off hold")
        assert "In progress" in shown_text(app, "#ci-summary")

        await pilot.press("o")  # reopening an open incident: the command's reason, in words
        await on_screen(pilot, ControlTextPrompt, "the reopen prompt")
        await type_text(pilot, "x")
        await pilot.press("enter")
        prompt = await on_screen(pilot, ControlTextPrompt, "the prompt to come back refused")
        await wait_until(pilot, lambda: prompt.query_one("#cf-problem").display, "the reason in the prompt")
        assert "only a resolved or closed incident can be reopened" in shown_text(app, "#cf-problem")
        await pilot.press("escape")
        assert "REFUSED: Reopen #1" in shown_text(app, "#cs-message")

        # L: the kind by one key, the target offered (the incident's own station), Enter.
        await pilot.press("l")
        form = await on_screen(pilot, ControlForm, "the link form")
        assert form.value_of("target") == "2"
        await pilot.press("b")  # a box: the station's only box is offered instead
        assert form.value_of("target") == "2" and "Boxes at this station: 2" in shown_text(app, "#cm-target-hint")
        await pilot.press("enter", "enter")
        await done("the link")
        assert "box 2" in shown_text(app, "#ci-summary")

        timeline = detail.query_one("#ci-timeline", DataTable)
        whats = [str(timeline.get_row_at(i)[2]) for i in range(timeline.row_count)]
        assert whats[0].startswith("opened: P2 Conduct and security: Man shouting")
        assert whats[1:] == ["escalated: to Returning Officer: police called",
                             "Escalated -> On hold: police on their way", "On hold -> In progress", "linked: box 2"]
        assert [str(timeline.get_row_at(0)[1])] == ["Test Control"]

        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is desk, "back to the desk")


@async_test
async def test_the_detail_shows_times_against_targets(service: ElectionService, clock: ManualClock) -> None:
    run(service, "control", cmd("incident.open", category="opening", description="Locked out", station_id="1"))
    clock.advance(timedelta(minutes=3))
    run(service, "control", cmd("incident.acknowledge", number=1))
    clock.advance(timedelta(minutes=17))  # 20 minutes in: acted on? no; resolve by 08:00
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_desk(pilot)
        await pilot.press("enter")
        detail = await on_screen(pilot, ControlIncidentScreen, "the incident's detail")
        await wait_until(pilot, lambda: detail.is_up_to_date, "the detail to be read")
        summary = shown_text(app, "#ci-summary")
        assert "Time to acknowledge 3 min, to resolve -" in summary
        assert "acknowledge by 07:05: done 07:03 (3 min)" in summary
        assert "act by 07:15: NOT YET, 5 min late" in summary
        assert "resolve by 08:00: 40 min left" in summary


@async_test
async def test_a_newly_late_p1_rings_once_wherever_the_operator_is(service: ElectionService,
                                                                   clock: ManualClock) -> None:
    run(service, "control", cmd("incident.open", category="opening", description="Locked out", station_id="1"))
    run(service, "control", cmd("incident.open", category="queues", description="Queue building",
                                station_id="2"))
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        desk = await open_desk(pilot)
        assert desk.bells == 0

        async def reread() -> None:
            reads = desk.reads_shown
            desk.reload()
            await wait_until(pilot, lambda: desk.reads_shown > reads, "a fresh reading")

        clock.advance(timedelta(minutes=6))  # #1 P1 is past its 5-minute acknowledgement
        await reread()
        assert desk.bells == 1
        rows = desk.query_one("#cr-incidents", DataTable)
        assert rows.get_row_at(1)[0].style == "bold white on red"  # #1, under the newer #2
        await reread()
        await reread()
        assert desk.bells == 1  # the same breach: no more bells

        # On the turnout screen the desk still watches: #2 raised to P1 is late at once.
        await pilot.press("u")
        await on_screen(pilot, ControlTurnoutScreen, "the turnout screen")
        run(service, "control", cmd("incident.set_severity", number=2, severity="P1", reason="students queueing"))
        await wait_until(pilot, lambda: desk.bells == 2, "the bell for #2, from the turnout screen")
        clock.advance(timedelta(minutes=10))  # both still not acknowledged: the breaches it has rung for
        await reread()
        assert desk.bells == 2
        run(service, "control", cmd("incident.acknowledge", number=1))  # late, and now no action in 15 minutes
        await wait_until(pilot, lambda: desk.bells == 3, "the bell for #1 missing its next target")

        # Leaving the desk and coming back does not ring again for what this terminal has rung for.
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is desk, "back to the desk")
        await pilot.press("escape")
        again = await open_desk(pilot)
        assert again.bells == 0


@async_test
async def test_any_incident_past_its_target_rings_not_only_a_p1(service: ElectionService, clock: ManualClock) -> None:
    run(service, "control", cmd("incident.open", category="stationery", description="Short of pencils",
                                station_id="1"))
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        desk = await open_desk(pilot)
        clock.advance(timedelta(minutes=14))  # a P2: 15 minutes to acknowledge
        reads = desk.reads_shown
        desk.reload()
        await wait_until(pilot, lambda: desk.reads_shown > reads, "a reading before the target")
        assert desk.bells == 0
        clock.advance(timedelta(minutes=2))
        reads = desk.reads_shown
        desk.reload()
        await wait_until(pilot, lambda: desk.reads_shown > reads, "a reading after the target")
        assert desk.bells == 1
        assert any(n.title == "Past target" and "#1 P2" in n.message for n in app._notifications)
