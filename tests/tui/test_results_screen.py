"""The results screen: bars and figures per candidate, versions with their changes, turnouts and heads."""

from __future__ import annotations

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.screens.results_render import bar
from tests.tui.helpers import async_test, wait_until
from tests.tui.test_count_support import WARD, recounted, show, terminal, text_of, verify_single


def test_bars_are_drawn_in_eighths_of_a_cell() -> None:
    assert bar(100, 100, 10) == "█" * 10
    assert bar(55, 100, 10) == "█████▌"
    assert bar(1, 1000, 10) == ""  # less than half an eighth: nothing, rather than a bar that lies
    assert bar(0, 0, 10) == ""


@async_test
async def test_before_any_provisional_result_the_screen_says_what_blocks_it(
    service: ElectionService, clock: ManualClock
) -> None:
    verify_single(service)
    async with terminal(service, clock, "observer") as (app, pilot):
        await show(app, pilot, ResultsScreen(WARD))
        assert text_of(app, "#results-heading") == "No provisional result yet"
        assert "no count table has entered figures yet" in text_of(app, "#results-candidates")


@async_test
async def test_versions_show_what_the_recount_changed(service: ElectionService, clock: ManualClock) -> None:
    recounted(service)
    async with terminal(service, clock, "observer", size=(120, 40)) as (app, pilot):
        results = ResultsScreen(WARD)
        await show(app, pilot, results)
        assert text_of(app, "#results-heading").startswith("PROVISIONAL RESULT 2 of 2 · round 2")
        lines = text_of(app, "#results-candidates").splitlines()
        assert lines[0].split() == ["#", "Candidate", "Description", "Votes", "Share", "Change"]
        assert "Harrowden Green Party" in lines[1] and "748" in lines[1] and " -2 " in lines[1]
        assert "would win" in lines[1]
        assert " +2 " in lines[2]
        assert "Provisional results: 1, [2]" in text_of(app, "#results-versions")
        summary = text_of(app, "#results-summary")
        assert "Majority: 198 (the last elected over the first not elected)" in summary
        assert "Ballot box turnout 48.39%: ballot papers counted (valid and rejected) ÷ electorate 3,100" in summary
        assert "Valid vote turnout 48.32%: valid ballot papers ÷ electorate 3,100" in summary
        assert "A  Want of official mark" in summary and "D  Unmarked or wholly void for uncertainty" in summary

        await pilot.press("p")
        await wait_until(pilot, lambda: "RESULT 1 of 2" in text_of(app, "#results-heading"), "version 1")
        assert "Change" not in text_of(app, "#results-candidates").splitlines()[0]
        assert "Provisional results: [1], 2" in text_of(app, "#results-versions")
        await pilot.press("p", "n")
        await wait_until(pilot, lambda: "RESULT 2 of 2" in text_of(app, "#results-heading"), "version 2 again")


@async_test
async def test_at_80_columns_the_bars_shrink_and_the_description_goes(
    service: ElectionService, clock: ManualClock
) -> None:
    recounted(service)
    async with terminal(service, clock, "observer", size=(80, 24)) as (app, pilot):
        await show(app, pilot, ResultsScreen(WARD))
        lines = text_of(app, "#results-candidates").splitlines()
        assert "Description" not in lines[0]
        assert all(len(line) <= 77 for line in lines)
        assert lines[1].rstrip().endswith("would win")


@async_test
async def test_opened_without_a_contest_it_shows_the_first_with_a_result(
    service: ElectionService, clock: ManualClock
) -> None:
    recounted(service)
    async with terminal(service, clock, "observer") as (app, pilot):
        results = ResultsScreen()
        await show(app, pilot, results)
        assert results.contest_id == WARD
        assert text_of(app, "#results-heading").startswith("PROVISIONAL RESULT 2 of 2")
