"""The sweep schedule on the sweeps and boxes screen, driven by keys: plan, go overdue, record, move, cancel."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import DataTable

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.control_forms import ControlTextPrompt
from pollday.tui.screens.control_modal import ControlForm
from pollday.tui.screens.control_transit import ControlTransitScreen
from pollday.tui.screens.control_transit_forms import clock_text
from tests.tui.helpers import async_test, shown_text, wait_until
from tests.tui.test_control_room_desk import cmd, open_desk, run, type_text
from tests.tui.test_control_room_screens import form_refused, open_screen, rows, settled


def test_times_can_be_typed_short() -> None:
    assert [clock_text(t) for t in ("930", "0930", "9:30", "9.30", "12", "12:30")] == [
        "09:30", "09:30", "09:30", "09:30", "12:00", "12:30"]
    assert clock_text(" 2026-05-07T12:30 ") == "2026-05-07T12:30"  # left for the command
    assert clock_text("noon") == "noon"


@async_test
async def test_plan_a_sweep_see_it_overdue_and_record_it(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    run(service, "control", cmd("station.assign_inspector", station_id="1", inspector="PSI Jo Carter"))
    clock.advance(timedelta(minutes=30))  # 07:30
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(pilot, "b", ControlTransitScreen)
        assert screen.focused is screen.query_one("#cx-sweeps")  # before the close the work is the sweeps

        # N, part of the name, Enter, the time typed short, Enter: the inspector collects by default.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the plan form")
        await type_text(pilot, "anne")
        assert shown_text(app, "#cm-collector-hint") == "Left empty: PSI Jo Carter (the inspector)."
        await pilot.press("enter")
        await type_text(pilot, "1230")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert rows(screen, "#cx-sweeps") == [["12:30", "1", "St Anne's Hall", "PSI Jo Carter", "Due", "", "", "", ""]]

        # A time after the close is refused in the command's words, with what was typed kept.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the plan form")
        await type_text(pilot, "2")
        await pilot.press("enter")
        await type_text(pilot, "22:30")
        await pilot.press("enter")
        form = await form_refused(pilot, "a collection after the close to be refused")
        assert "outside polling hours" in shown_text(app, "#cm-problem") and form.value_of("station") == "2"
        form.query_one("#cm-due").focus()
        await pilot.press("ctrl+u", "0", "8", "0", "0", "tab")
        await type_text(pilot, "Driver R. Patel")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert [r[:5] for r in rows(screen, "#cx-sweeps")] == [
            ["08:00", "2", "Eastfield School", "Driver R. Patel", "Due"],
            ["12:30", "1", "St Anne's Hall", "PSI Jo Carter", "Due"]]

        # 08:20: past the grace, the 08:00 collection is overdue: red, at the top.
        clock.advance(timedelta(minutes=50))
        screen.reload()
        await wait_until(pilot, lambda: "1 overdue" in shown_text(app, "#cx-sweep-heading"), "the overdue sweep")
        overdue = screen.query_one("#cx-sweeps", DataTable).get_row_at(0)
        assert str(overdue[4]) == "Overdue 20m"
        assert all(isinstance(cell, Text) and "on red" in str(cell.style) for cell in overdue)

        # Enter on it: the form knows the station and collector; packets, Enter, postal votes, Enter.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the record form")
        assert shown_text(app, "#cm-title") == "Record the 08:00 collection from 2 Eastfield School"
        await pilot.press("1", "enter", "6", "enter")
        await settled(pilot, screen)
        plan = service.store.view().get("pv_sweep_schedule", ("2", 1))
        assert plan is not None and (plan["state"], plan["sweep"]) == ("done", 1)
        assert [r[:8] for r in rows(screen, "#cx-sweeps")] == [
            ["12:30", "1", "St Anne's Hall", "PSI Jo Carter", "Due", "", "", ""],
            ["08:00", "2", "Eastfield School", "Driver R. Patel", "Late 20m", "08:20", "1", "6"]]
        assert shown_text(app, "#cx-sweep-heading").startswith("Sweeps: 2 planned, 1 done, 0 overdue")


@async_test
async def test_move_and_cancel_a_planned_sweep(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    run(service, "control", cmd("sweep.schedule", station_id="1", due="12:30", collector="PSI Jo Carter"))
    clock.advance(timedelta(hours=4))  # 11:00
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, "b", ControlTransitScreen)

        # M: a new time; the reason is needed, and the form stops without one.
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the change form")
        form = app.screen
        assert isinstance(form, ControlForm) and form.value_of("due") == "12:30"
        await pilot.press("ctrl+u", *"1315", "enter", "enter", "enter")
        assert "Reason: give it before recording" in shown_text(app, "#cm-problem")
        await type_text(pilot, "PSI held at the fire alarm")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert rows(screen, "#cx-sweeps")[0][:5] == ["13:15", "1", "St Anne's Ha…", "PSI Jo Carter", "Due"]
        assert len(rows(screen, "#cx-sweeps")[0]) == 8  # at 80 columns the note (here the reason) is left out
        moved = service.store.view().get("pv_sweep_schedule", ("1", 1))
        assert moved is not None and (moved["reason"], moved["revisions"]) == ("PSI held at the fire alarm", 1)

        # X: cancelled, with why.
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlTextPrompt), "the cancel prompt")
        await type_text(pilot, "PO brings them with the box")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert rows(screen, "#cx-sweeps")[0][4] == "Cancelled"
        # Nothing is left to move or cancel: the screen says so rather than opening a form.
        await pilot.press("x")
        await wait_until(pilot, lambda: "Highlight a collection still due" in shown_text(app, "#cs-message"),
                         "the screen to say what to do")
        assert app.screen is screen


@async_test
async def test_the_desk_says_when_a_sweep_is_overdue(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    run(service, "control", cmd("sweep.schedule", station_id="2", due="07:30", collector="PSI Jo Carter"))
    clock.advance(timedelta(minutes=45))  # 07:45: fifteen minutes past, still within the grace
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        desk = await open_desk(pilot)
        assert shown_text(app, "#cr-attention") == "0 open incidents; none past target."
        clock.advance(timedelta(minutes=1))
        desk.reload()
        await wait_until(pilot, lambda: "overdue" in shown_text(app, "#cr-attention"), "the overdue sweep")
        assert shown_text(app, "#cr-attention") == "0 open incidents; none past target. 1 postal sweep(s) overdue (B)."
