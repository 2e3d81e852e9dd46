"""The control room's other screens, driven by keys: turnout, sweeps and boxes in transit, voter ID."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.control_base import ControlSubScreen
from pollday.tui.screens.control_modal import ControlForm
from pollday.tui.screens.control_room import ControlRoomScreen
from pollday.tui.screens.control_transit import ControlTransitScreen
from pollday.tui.screens.control_turnout import ControlTurnoutScreen, settle_slot
from pollday.tui.screens.control_voter_id import ControlVoterIdScreen
from tests.tui.helpers import async_test, shown_text, wait_until
from tests.tui.test_control_room_desk import cmd, open_desk, run, type_text


async def open_screen(pilot: Pilot[None], key: str, kind: type[ControlSubScreen[Any]]) -> ControlSubScreen[Any]:
    desk = await open_desk(pilot)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind), f"the {kind.__name__}")
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    await wait_until(pilot, lambda: screen.is_up_to_date and not desk.busy, "its first reading")
    return screen


async def settled(pilot: Pilot[None], screen: ControlSubScreen[Any]) -> None:
    """The form closed, the command ran on the desk's queue and the screen has re-read."""
    desk = screen.desk
    assert isinstance(desk, ControlRoomScreen)
    await wait_until(pilot, lambda: pilot.app.screen is screen, "the form to close")
    await wait_until(pilot, lambda: not desk.busy and screen.is_up_to_date, "the command and a fresh reading")
    await pilot.pause()
    await wait_until(pilot, lambda: not desk.busy and screen.is_up_to_date, "the command and a fresh reading")


def rows(screen: ControlSubScreen[Any], selector: str) -> list[list[str]]:
    table = screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def form_refused(pilot: Pilot[None], what: str) -> ControlForm:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ControlForm)
                     and bool(pilot.app.screen.query_one("#cm-problem").display), what)
    form = pilot.app.screen
    assert isinstance(form, ControlForm)
    return form


def test_a_reporting_time_can_be_typed_short() -> None:
    times = ("10:00", "13:00", "16:00", "19:00", "21:00")
    assert settle_slot("13", times) == ("13:00", "")
    assert settle_slot("1300", times) == ("13:00", "")
    assert settle_slot("21:00", times) == ("21:00", "")
    assert settle_slot("12", times)[1] == ("'12' is not a reporting time: the times are "
                                           "10:00, 13:00, 16:00, 19:00, 21:00")


@async_test
async def test_a_turnout_return_from_a_phone_call(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    clock.advance(timedelta(hours=3, minutes=5))  # 10:05: the 10:00 return is being phoned in
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, "u", ControlTurnoutScreen)
        assert "of the in-person electorate (register less postal voters)" in shown_text(app, "#ct-title")
        assert shown_text(app, "#ct-missing") == "Not reported for 10:00 (2): 1 St Anne's Hall, 2 Eastfield School"
        assert rows(screen, "#ct-table")[1][:4] == ["2", "Eastfield School", "1,200", "missing"]

        # N, part of the name, Enter, Enter (10:00 is already there), the figure, Enter.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the return form")
        await type_text(pilot, "eastf")
        assert shown_text(app, "#cm-station-hint") == "2 Eastfield School"
        await pilot.press("enter", "enter")
        await type_text(pilot, "240")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert rows(screen, "#ct-table")[1][:4] == ["2", "Eastfield School", "1,200", "20.0%"]
        assert shown_text(app, "#ct-overall") == ("Latest due 10:00: 20.0% overall, 1 of 2 stations reported "
                                                  "(240 issued of 1,200).")
        assert shown_text(app, "#ct-missing") == "Not reported for 10:00 (1): 1 St Anne's Hall"
        assert shown_text(app, "#cs-message").startswith("Station 2: 10:00 return recorded, 240 issued (20.0%).")
        assert "2 Eastfield School, electorate 1,200: 10:00 240 issued" in shown_text(app, "#ct-station")

        # The same time again is a correction: refused without a reason, the form comes back at the reason.
        await pilot.press("enter")  # Enter on the highlighted station (2): the form with it filled in
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the return form")
        await pilot.press("enter")
        await type_text(pilot, "250")
        await pilot.press("enter")
        form = await form_refused(pilot, "the correction to be refused")
        assert "give a reason to correct it" in shown_text(app, "#cm-problem")
        assert form.value_of("issued") == "250" and form.focused is form.query_one("#cm-reason")
        await type_text(pilot, "PO misread the CNL")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert rows(screen, "#ct-table")[1][3] == "20.8%"
        saved = service.store.view().get("turnout_returns", ("2", "10:00"))
        assert saved is not None and saved["issued"] == 250 and saved["corrections"] == 1

        # A time that is not a reporting time is caught in the form.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the return form")
        await type_text(pilot, "1")
        await pilot.press("enter", "backspace", "backspace", "backspace", "backspace", "backspace", "1", "2")
        await pilot.press("enter")
        assert "'12' is not a reporting time" in shown_text(app, "#cm-problem")


@async_test
async def test_a_sweep_and_a_box_dispatch(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        clock.advance(timedelta(hours=5))  # 12:00
        screen = await open_screen(pilot, "b", ControlTransitScreen)
        assert shown_text(app, "#cx-sweep-heading") == ("Sweeps: 0 planned, 0 done, 0 overdue · 0 made: 0 PVs in "
                                                        "0 packets")

        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the sweep form")
        await type_text(pilot, "anne")
        await pilot.press("enter")
        await type_text(pilot, "PSI Jones")
        await pilot.press("enter", "2", "enter", "3", "1", "enter")
        await settled(pilot, screen)
        assert shown_text(app, "#cx-sweep-heading") == ("Sweeps: 0 planned, 0 done, 0 overdue · 1 made: 31 PVs in "
                                                        "2 packets")
        # Nothing was planned at St Anne's: the collection is listed as an extra one.
        assert rows(screen, "#cx-sweeps")[0][:8] == ["-", "1", "St Anne's Hall", "PSI Jones", "Extra", "12:00", "2",
                                                     "31"]

        # Before the close of poll a box cannot leave: the form comes back with the reason.
        await pilot.press("tab", "enter")  # Enter on the highlighted box: the dispatch form with it filled in
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the dispatch form")
        await type_text(pilot, "J. Driver")
        await pilot.press("enter")
        await type_text(pilot, "22:40")
        await pilot.press("enter")
        await form_refused(pilot, "the dispatch to be refused")
        assert "only after the close of poll" in shown_text(app, "#cm-problem")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen, "the form to close")

        clock.advance(timedelta(hours=10, minutes=5))  # 22:05
        run(service, "manager", cmd("poll.close"))
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the dispatch form")
        await type_text(pilot, "2")
        assert shown_text(app, "#cm-box-hint").startswith("From 2 Eastfield School; not dispatched yet; due 22:55")
        await pilot.press("enter")
        await type_text(pilot, "J. Driver")
        await pilot.press("enter")
        await type_text(pilot, "22:30")
        await pilot.press("enter")
        await settled(pilot, screen)
        assert shown_text(app, "#cs-message").startswith("Box 2 on its way, ETA 22:30.")
        boxes = {row[0]: row for row in rows(screen, "#cx-boxes")}
        assert boxes["2"][3:7] == ["22:05", "J. Driver", "22:30", ""]
        assert shown_text(app, "#cx-box-heading") == "Boxes not yet at the count: 2, 1 on their way, 0 overdue"

        clock.advance(timedelta(minutes=40))  # 22:45: box 2 is 15 minutes past its ETA, box 1 5 past 22:40
        screen.reload()
        await wait_until(pilot, lambda: shown_text(app, "#cx-box-heading").endswith("2 overdue"), "overdue boxes")
        assert [row[0] for row in rows(screen, "#cx-boxes")] == ["2", "1"]  # most overdue first
        assert rows(screen, "#cx-boxes")[0][6] == "15 min"


@async_test
async def test_voter_id_refusal_return_and_tallies(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", cmd("poll.open"))
    app = PolldayApp(service, clock, service.session_for("control"))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_screen(pilot, "i", ControlVoterIdScreen)
        # N at the highlighted station (1): the reason code by one key, Enter with no elector number.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the refusal form")
        await pilot.press("2", "enter")
        await settled(pilot, screen)
        assert rows(screen, "#cv-refusals") == [["1", "07:00", "2 Presiding officer believes the ID is forged",
                                                 "not yet", ""]]
        assert rows(screen, "#cv-stations")[0][:5] == ["1", "St Anne's Hall", "1", "", "1"]
        assert shown_text(app, "#cv-heading").startswith("Voter ID: 1 refused, 0 came back")

        # R: the one refusal still waiting at this station came back (after a yes).
        clock.advance(timedelta(minutes=40))
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("y")
        await settled(pilot, screen)
        assert rows(screen, "#cv-refusals")[0][3] == "yes, 07:40"
        assert rows(screen, "#cv-stations")[0][2:5] == ["1", "1", "0"]

        # V: the VIDEF tallies; more came back than were turned away is refused in words.
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, ControlForm), "the tally form")
        await pilot.press("0", "enter", "0", "enter", "4", "enter", "1", "enter", "2", "enter", "y")
        form = await form_refused(pilot, "the tallies to be refused")
        assert "2 came back with ID, but only 1 were turned away" in shown_text(app, "#cm-problem")
        assert form.value_of("private_checks") == "4"
        form.query_one("#cm-returned_with_id").focus()
        await pilot.press("backspace", "1", "enter", "y")
        await settled(pilot, screen)
        assert rows(screen, "#cv-stations")[0][5:] == ["at 07:40", "yes"]
        assert "With a greeter, 1 stations: 1 refused (code 1: 0, 2: 1, 3: 0), 1 came back; VIDEF: VAC 0, AED 0, " \
               "in private 4, not issued 1, came back 1." in shown_text(app, "#cv-summary")
