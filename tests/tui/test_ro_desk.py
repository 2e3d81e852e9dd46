"""The RO desk: what waits per contest, one key away; refusals for powers not held; live from other terminals."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from pollday.domain.election import ElectionMode
from pollday.domain.roles import Power
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.count_recount_forms import DecideRecountForm
from pollday.tui.screens.count_recounts import RecountScreen
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.screens.ro_adjudication import AdjudicationScreen
from pollday.tui.screens.ro_declare import DeclareForm
from pollday.tui.screens.ro_desk import RoDeskScreen
from tests.factories import combined_election, small_election
from tests.tui.helpers import async_test, wait_until
from tests.tui.test_count_support import (
    WARD,
    C,
    answer_to,
    cmd,
    fields,
    must,
    open_modal,
    show,
    signed_in,
    terminal,
    verify,
    verify_single,
    without_power,
)


def counted_to_provisional(service: ElectionService) -> None:
    verify_single(service)
    must(service, "assistant", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=1500,
                                   votes=dict(zip(C, [750, 550, 200], strict=True))))
    must(service, "supervisor", cmd("count.provisional", contest_id=WARD))


PCC = "pcc.harrowdenshire.2026-05-07"


@async_test
async def test_each_contest_shows_what_waits_and_the_key_opens_it(tmp_path: Path, clock: ManualClock) -> None:
    service = ElectionService.create(tmp_path / "t.db", combined_election(), ElectionMode.REHEARSAL, clock=clock,
                                     terminal="test-1")
    try:
        verify(service, {"1": ("1", WARD, 800), "2": ("2", WARD, 700), "1P": ("1", PCC, 790), "2P": ("2", PCC, 690)})
        must(service, "assistant", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=1500,
                                       votes=dict(zip(C, [750, 550, 200], strict=True))))
        must(service, "supervisor", cmd("count.provisional", contest_id=WARD))
        must(service, "assistant", cmd("count.record_table", contest_id=PCC, table_id="T9", papers_given=1480,
                                       votes={f"{PCC}/1": 700, f"{PCC}/2": 777}, doubtful=3))
        async with terminal(service, clock, "ro", size=(120, 40)) as (app, pilot):
            desk = RoDeskScreen(signed_in(app))
            await show(app, pilot, desk)
            rows = [desk.query_one("#ro-tasks", DataTable).get_row_at(n) for n in range(len(desk.tasks))]
            assert rows == [
                ["d", "Harrowden East ward", "declare provisional result 1"],
                ["a", "Harrowdenshire Police and Crime Commissioner", "adjudicate 3 doubtful paper(s): T9 (3)"],
            ]
            await pilot.press("v")
            results = app.screen
            assert isinstance(results, ResultsScreen) and results.contest_id == WARD
            await pilot.press("escape", "down", "enter")
            queue = app.screen
            assert isinstance(queue, AdjudicationScreen) and queue.contest_id == PCC
    finally:
        service.close()


@async_test
async def test_declaring_without_the_declaration_power_is_refused_after_the_pin(
    tmp_path: Path, clock: ManualClock
) -> None:
    definition = without_power(small_election(), "deputy", Power.DECLARATION)
    service = ElectionService.create(tmp_path / "t.db", definition, ElectionMode.REHEARSAL, clock=clock,
                                     terminal="test-1")
    try:
        counted_to_provisional(service)
        async with terminal(service, clock, "deputy") as (app, pilot):
            await show(app, pilot, RoDeskScreen(signed_in(app)))
            await open_modal(pilot, "d", DeclareForm)
            refused = await answer_to(pilot, "#ro-outcome", *fields("2222"))
            assert refused.kind == "refused"
            assert "may not declare the result: it needs the 'declare' permission" in refused.text
        assert service.store.view().get("declarations", (WARD,)) is None
    finally:
        service.close()


@async_test
async def test_deciding_a_recount_without_the_recount_power_is_refused(
    service: ElectionService, clock: ManualClock
) -> None:
    counted_to_provisional(service)
    must(service, "supervisor", cmd("recount.request", contest_id=WARD, requested_by="Helen Ashworth",
                                    capacity="candidate", scope="full"))
    async with terminal(service, clock, "deputy") as (app, pilot):  # adjudication and declaration powers only
        desk = RoDeskScreen(signed_in(app))
        await show(app, pilot, desk)
        assert [t.key for t in desk.tasks] == ["r"]
        await pilot.press("enter")
        register = app.screen
        assert isinstance(register, RecountScreen)
        await wait_until(pilot, lambda: register.is_up_to_date, "the register")
        await open_modal(pilot, "g", DecideRecountForm)
        refused = await answer_to(pilot, "#recount-outcome", *fields("agreed"))
        assert refused.kind == "refused"
        assert "may not decide a recount request: it needs the 'decide_recount' permission" in refused.text


@async_test
async def test_a_table_entered_at_another_terminal_appears_without_a_key(
    service: ElectionService, clock: ManualClock, election_path: Path
) -> None:
    verify_single(service)
    app = PolldayApp(service, clock, service.session_for("ro"), poll_interval=0.05)
    async with app.run_test() as pilot:
        desk = RoDeskScreen(signed_in(app))
        await show(app, pilot, desk)
        assert desk.tasks[0].text == "counting: no count table has entered figures yet"
        other = ElectionService.open(election_path, clock, terminal="test-2")
        try:
            result = other.execute(other.session_for("assistant"), cmd(
                "count.record_table", contest_id=WARD, table_id="T4", papers_given=1500,
                votes=dict(zip(C, [750, 548, 200], strict=True)), doubtful=2))
            assert result.applied, result.reason
        finally:
            other.close()
        await wait_until(pilot, lambda: [t.text for t in desk.tasks] == [
            "adjudicate 2 doubtful paper(s): T4 (2)"], "the new task")

