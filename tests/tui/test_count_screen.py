"""The count desk: entering tables with live checks, second keying, settling differences, the gate."""

from __future__ import annotations

from textual.widgets import DataTable

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.screens.count import CountScreen
from pollday.tui.screens.count_entry import TableEntryForm
from tests.tui.helpers import async_test, send_keys, wait_until
from tests.tui.test_count_support import (
    WARD,
    C,
    answer_to,
    app_for,
    cmd,
    fields,
    must,
    open_modal,
    show,
    signed_in,
    text_of,
    verify_single,
)


@async_test
async def test_entering_votes_before_verification_is_refused_with_the_reason(
    service: ElectionService, clock: ManualClock
) -> None:
    app = app_for(service, clock, "assistant")
    async with app.run_test() as pilot:
        screen = CountScreen(signed_in(app))
        await show(app, pilot, screen)
        assert "Not verified and signed off yet" in text_of(app, "#count-gate")
        await open_modal(pilot, "e", TableEntryForm)
        answer = await answer_to(pilot, "#count-outcome", *fields("T1", "10", "5", "3", "2", "0"))
        assert answer.kind == "refused"
        assert "has not been verified and signed off yet" in answer.text
        assert isinstance(app.screen, TableEntryForm)  # still open, figures kept, to try again later
    assert not service.store.view().rows("count_tables")


@async_test
async def test_the_checks_follow_the_typing(service: ElectionService, clock: ManualClock) -> None:
    verify_single(service)
    app = app_for(service, clock, "assistant")
    async with app.run_test(size=(100, 40)) as pilot:
        await show(app, pilot, CountScreen(signed_in(app)))
        form = await open_modal(pilot, "e", TableEntryForm)
        await send_keys(pilot, *"T1", "enter", *"800", "enter", *"400", "enter", *"300", "enter", *"96", "enter")
        checks = text_of(app, "#form-checks")
        assert "1 figure(s) still blank" in checks
        assert "votes 796 + doubtful 0 = 796; papers given 800 (-4)" in checks
        await send_keys(pilot, *"3")
        assert "✗ votes 796 + doubtful 3 = 799; papers given 800 (-1)" in text_of(app, "#form-checks")
        await pilot.press("backspace")  # a binding, handled after printable keys of the same burst
        await send_keys(pilot, "4")
        await wait_until(pilot, lambda: "✓ votes 796 + doubtful 4 = 800; papers given 800" in text_of(
            app, "#form-checks"), "the corrected check")
        assert form is app.screen


@async_test
async def test_a_table_keyed_twice_with_a_difference_is_settled_by_the_supervisor(
    service: ElectionService, clock: ManualClock
) -> None:
    verify_single(service)
    app = app_for(service, clock, "assistant")
    async with app.run_test(size=(100, 40)) as pilot:
        await show(app, pilot, CountScreen(signed_in(app)))
        await open_modal(pilot, "e", TableEntryForm)
        answer = await answer_to(pilot, "#count-outcome", *fields("T1", "1500", "750", "550", "200", "0"))
        assert answer.kind == "applied" and answer.text.startswith("Table T1 entered")

    app = app_for(service, clock, "supervisor")
    async with app.run_test(size=(100, 40)) as pilot:
        screen = CountScreen(signed_in(app))
        await show(app, pilot, screen)
        await open_modal(pilot, "k", TableEntryForm)
        assert "the first keying is not shown" in text_of(app, ".form-intro")
        answer = await answer_to(pilot, "#count-outcome", *fields("1,500", "750", "551", "199", "0"))
        assert answer.kind == "applied" and answer.text.startswith("Table T1 keyed again")
        await wait_until(pilot, lambda: "KEYINGS DIFFER" in str(
            screen.query_one("#count-tables", DataTable).get_row("T1")), "the difference in the list")
        gate = text_of(app, "#count-gate")
        assert "table T1: the two keyings differ (Nguyễn, Thảo: first 550, second 551; Okafor, Chukwuemeka: " \
               "first 200, second 199)" in gate
        detail = text_of(app, "#count-detail")
        assert "NGUYỄN, Thảo" in detail and "≠" in detail

        await open_modal(pilot, "s", TableEntryForm)
        assert "Nguyễn, Thảo: first 550, second 551" in text_of(app, ".form-intro")
        # The first keying's figures stand ready: keep them all and give the reason.
        answer = await answer_to(pilot, "#count-outcome", *fields(None, None, None, None, None,
                                                                   "bundle recounted: first keying right"))
        assert answer.kind == "applied", answer.text
        await wait_until(pilot, lambda: "ready for a provisional result" in text_of(app, "#count-gate"),
                         "the gate to open")
    agreed = service.store.view().rows("count_tables", table_id="T1", keying="agreed")
    assert agreed[0]["votes"] == dict(zip(C, [750, 550, 200], strict=True))
    assert agreed[0]["note"] == "bundle recounted: first keying right"


@async_test
async def test_assistants_are_not_offered_supervisor_keys(service: ElectionService, clock: ManualClock) -> None:
    verify_single(service)
    must(service, "assistant", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=1500,
                                   votes=dict(zip(C, [750, 550, 200], strict=True))))
    app = app_for(service, clock, "assistant")
    async with app.run_test() as pilot:
        screen = CountScreen(signed_in(app))
        await show(app, pilot, screen)
        assert screen.check_action("provisional", ()) is False
        assert screen.check_action("settle", ()) is False
        assert screen.check_action("enter_table", ()) is True
