"""The three-seat ward through the screens: valid papers keyed, papers rejected in part, a tie decided by lot."""

from __future__ import annotations

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.screens.count import CountScreen
from pollday.tui.screens.count_entry import TableEntryForm
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.screens.ro_adjudication import AdjudicationScreen
from pollday.tui.screens.ro_decision import DecisionScreen
from pollday.tui.screens.ro_declare import DeclareForm
from pollday.tui.screens.ro_desk import RoDeskScreen
from pollday.tui.screens.ro_lots import LotsForm
from tests.tui.helpers import async_test, send_keys, wait_until
from tests.tui.test_count_support import (
    NORTH,
    N,
    answer_to,
    fields,
    open_modal,
    show,
    signed_in,
    terminal,
    text_of,
    ward_service,
)

__all__ = ["ward_service"]  # the fixture, imported for pytest


@async_test
async def test_the_ward_is_counted_and_a_tie_for_the_third_seat_is_decided_by_lot(
    ward_service: ElectionService, clock: ManualClock
) -> None:
    service = ward_service
    async with terminal(service, clock, "assistant") as (app, pilot):
        await show(app, pilot, CountScreen(signed_in(app)))
        await open_modal(pilot, "e", TableEntryForm)
        # 3,001 votes cannot come from 996 papers of three votes each, nor 1,000 for one candidate.
        await send_keys(pilot, *fields("T1", "1000", "1000", "1000", "1000", "1", "0", "4"), *"996")
        await wait_until(pilot, lambda: "✗ votes 3,001 ≤ 3 × 996 valid papers = 2,988" in text_of(
            app, "#form-checks"), "the multi-seat check")
        assert "✗ more votes than valid papers: ABBOTT, Ruth, BAKER, Tom, CHEN, Li" in text_of(app, "#form-checks")
        await send_keys(pilot, "escape")
        await open_modal(pilot, "e", TableEntryForm)
        answer = await answer_to(pilot, "#count-outcome",
                                 *fields("T1", "1000", "600", "550", "480", "480", "300", "4", "996"))
        assert answer.kind == "applied", answer.text

    async with terminal(service, clock, "ro") as (app, pilot):
        queue = AdjudicationScreen(signed_in(app), NORTH)
        await show(app, pilot, queue)
        for key, *choices in (("x", "d"), ("x", "b"), ("p", "1", "b"), ("a", "2", "5")):
            await open_modal(pilot, key, DecisionScreen)
            answer = await answer_to(pilot, "#adjudication-outcome", *choices, "enter")
            assert answer.kind == "applied", answer.text
        await wait_until(pilot, lambda: "No doubtful paper awaits" in text_of(app, "#adjudication-state"),
                         "every paper decided")
        assert queue.contest is not None
        assert [d.decision for d in queue.contest.decisions] == ["rejected", "rejected", "rejected_in_part", "allowed"]

    async with terminal(service, clock, "supervisor") as (app, pilot):
        await show(app, pilot, CountScreen(signed_in(app)))
        provisional = await answer_to(pilot, "#count-outcome", "p")
        assert provisional.kind == "applied", provisional.text

    async with terminal(service, clock, "ro") as (app, pilot):
        desk = RoDeskScreen(signed_in(app))
        await show(app, pilot, desk)
        assert [t.text for t in desk.tasks] == ["draw lots: CHEN, Li and DĄBROWSKI, Piotr are tied for the last seat"]
        await open_modal(pilot, "d", DeclareForm)
        refused = await answer_to(pilot, "#ro-outcome", *fields("1111"))
        assert refused.kind == "refused" and "record the drawing of lots before declaring" in refused.text
        await pilot.press("escape")
        await open_modal(pilot, "l", LotsForm)
        assert "3  CHEN, Li" in text_of(app, ".form-intro")
        drawn = await answer_to(pilot, "#ro-outcome", *fields("names sealed in envelopes, drawn by the RO",
                                                               "candidates, agents and an EC observer", "4"))
        assert drawn.kind == "applied", drawn.text
        await wait_until(pilot, lambda: [t.text for t in desk.tasks] == [
            "declare provisional result 1 (lots drawn)"], "the declaration to be due")
        await open_modal(pilot, "d", DeclareForm)
        declared = await answer_to(pilot, "#ro-outcome", *fields("1111"))
        assert declared.kind == "applied", declared.text
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.is_up_to_date,
                         "the declared result")
        assert text_of(app, "#results-lot") == ("Following an equality of votes, lots were drawn and an additional "
                                               "vote was allotted to Piotr Dąbrowski.")
        rows = text_of(app, "#results-candidates").splitlines()[1:]
        assert [row.split()[1].rstrip(",") for row in rows if row.endswith("ELECTED")] == ["ABBOTT", "BAKER",
                                                                                         "DĄBROWSKI"]
        summary = text_of(app, "#results-summary")
        assert "Rejected in part (the votes that stand were counted)" in summary
        assert "Voting for more candidates than the voter is entitled to" in summary

    declaration = service.store.view().get("declarations", (NORTH,))
    assert declaration is not None
    figures = declaration["figures"]
    assert figures["elected"] == [N[0], N[1], N[3]]
    assert figures["votes"][N[3]] == figures["votes"][N[2]] + 1 == 481
