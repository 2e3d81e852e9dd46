"""A single-seat contest counted to its declaration through the screens alone, terminal by terminal.

Tables entered and one keyed twice with a difference the supervisor settles; doubtful
papers adjudicated (one reconsidered); the provisional result; a recount refused, another
granted with a new version whose differences show; the declaration confirmed with the PIN.
"""

from __future__ import annotations

from textual.pilot import Pilot

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.screens.count import CountScreen
from pollday.tui.screens.count_entry import TableEntryForm
from pollday.tui.screens.count_recount_forms import DecideRecountForm, RequestRecountForm
from pollday.tui.screens.count_recounts import RecountScreen
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.screens.ro_adjudication import AdjudicationScreen
from pollday.tui.screens.ro_decision import DecisionScreen
from pollday.tui.screens.ro_declare import DeclareForm
from pollday.tui.screens.ro_desk import RoDeskScreen
from tests.tui.helpers import async_test, wait_until
from tests.tui.test_count_support import (
    WARD,
    C,
    answer_to,
    fields,
    open_modal,
    show,
    signed_in,
    terminal,
    text_of,
    verify_single,
)


async def enter_table(pilot: Pilot[None], *figures: str) -> None:
    await open_modal(pilot, "e", TableEntryForm)
    answer = await answer_to(pilot, "#count-outcome", *fields(*figures))
    assert answer.kind == "applied", answer.text


async def decide(pilot: Pilot[None], key: str, *choices: str) -> None:
    await open_modal(pilot, key, DecisionScreen)
    answer = await answer_to(pilot, "#adjudication-outcome", *choices, "enter")
    assert answer.kind == "applied", answer.text


async def record_request(pilot: Pilot[None], *values: str) -> None:
    await open_modal(pilot, "n", RequestRecountForm)
    answer = await answer_to(pilot, "#recount-outcome", *fields(*values))
    assert answer.kind == "applied", answer.text


@async_test
async def test_a_single_seat_count_from_tables_to_declaration(service: ElectionService, clock: ManualClock) -> None:
    verify_single(service)

    async with terminal(service, clock, "assistant") as (app, pilot):
        await show(app, pilot, CountScreen(signed_in(app)))
        await enter_table(pilot, "T1", "800", "400", "300", "97", "3")
        await enter_table(pilot, "T2", "700", "350", "250", "99", "1")

    async with terminal(service, clock, "supervisor") as (app, pilot):
        count = CountScreen(signed_in(app))
        await show(app, pilot, count)
        await open_modal(pilot, "k", TableEntryForm)  # T1 is highlighted
        answer = await answer_to(pilot, "#count-outcome", *fields("800", "400", "301", "96", "3"))
        assert answer.kind == "applied"
        await wait_until(pilot, lambda: "the two keyings differ" in text_of(app, "#count-gate"), "the difference")
        await open_modal(pilot, "s", TableEntryForm)
        answer = await answer_to(pilot, "#count-outcome", *fields(*[None] * 5, "sheet re-added: 300 and 97"))
        assert answer.kind == "applied", answer.text
        await wait_until(pilot, lambda: "3 doubtful paper(s) await adjudication" in text_of(app, "#count-gate"),
                         "the gate to name the doubtful papers")
        assert "table T2: 1 doubtful paper(s) await adjudication" in text_of(app, "#count-gate")
        too_early = await answer_to(pilot, "#count-outcome", "p")
        assert too_early.kind == "refused" and "doubtful paper(s) await adjudication" in too_early.text

    async with terminal(service, clock, "ro") as (app, pilot):
        desk = RoDeskScreen(signed_in(app))
        await show(app, pilot, desk)
        assert [t.text for t in desk.tasks] == ["adjudicate 4 doubtful paper(s): T1 (3), T2 (1)"]
        await pilot.press("enter")
        queue = app.screen
        assert isinstance(queue, AdjudicationScreen)
        await wait_until(pilot, lambda: queue.is_up_to_date, "the queue")
        assert queue.check_action("decide", ("rejected_in_part",)) is False  # a single seat: no partial rejection
        await decide(pilot, "x", "a")  # want of official mark
        await decide(pilot, "x", "d", "o")  # void for uncertainty, and an agent objected
        await decide(pilot, "a", "2")  # the voter's intention is clear: Nguyễn
        await wait_until(pilot, lambda: "1 doubtful paper(s) await" in text_of(app, "#adjudication-state"),
                         "T1's papers to be decided")
        await decide(pilot, "x", "b")  # T2's paper: voting for more than one candidate
        await pilot.press("tab")  # to the decisions: reconsider T1-1, the paper with no official mark
        await decide(pilot, "a", "1")
        await wait_until(pilot, lambda: queue.contest is not None and len(queue.contest.decisions) == 4
                         and queue.contest.decisions[0].decision == "allowed", "the reconsidered paper")
        assert "No doubtful paper awaits a decision" in text_of(app, "#adjudication-state")

    async with terminal(service, clock, "supervisor") as (app, pilot):
        await show(app, pilot, CountScreen(signed_in(app)))
        provisional = await answer_to(pilot, "#count-outcome", "p")
        assert provisional.kind == "applied", provisional.text
        await pilot.press("r")
        opened = app.screen
        assert isinstance(opened, RecountScreen)
        await wait_until(pilot, lambda: opened.is_up_to_date, "the register")
        await record_request(pilot, "Thảo Nguyễn", "c", "f", "", "asked at the end of the count")

    async with terminal(service, clock, "ro") as (app, pilot):
        desk = RoDeskScreen(signed_in(app))
        await show(app, pilot, desk)
        assert [t.text for t in desk.tasks] == ["decide recount request 1: full recount (Thảo Nguyễn)"]
        await open_modal(pilot, "d", DeclareForm)
        refused = await answer_to(pilot, "#ro-outcome", *fields("1111"))
        assert refused.kind == "refused" and "recount request 1 is still open" in refused.text
        await pilot.press("escape", "r")
        from_desk = app.screen
        assert isinstance(from_desk, RecountScreen)
        await wait_until(pilot, lambda: from_desk.is_up_to_date, "the register")
        await open_modal(pilot, "f", DecideRecountForm)
        answer = await answer_to(pilot, "#recount-outcome", *fields("unreasonable: a majority of 200"))
        assert answer.kind == "applied", answer.text
        await wait_until(pilot, lambda: "REFUSED at" in text_of(app, "#recount-detail"), "the register's entry")

    async with terminal(service, clock, "supervisor") as (app, pilot):
        await show(app, pilot, RecountScreen(signed_in(app), WARD))
        await record_request(pilot, "agent for Nguyễn", "e", "f", "", "")

    async with terminal(service, clock, "ro") as (app, pilot):
        register = RecountScreen(signed_in(app), WARD)
        await show(app, pilot, register)
        await open_modal(pilot, "g", DecideRecountForm)
        assert "Granting opens a new count round" in text_of(app, ".form-intro")
        answer = await answer_to(pilot, "#recount-outcome", *fields("close result: full recount agreed"))
        assert answer.kind == "applied", answer.text
        await wait_until(pilot, lambda: "Recount in progress: round 2" in text_of(app, "#recount-state"),
                         "the new round")

    async with terminal(service, clock, "assistant") as (app, pilot):
        count = CountScreen(signed_in(app))
        await show(app, pilot, count)
        assert "round 2" in text_of(app, "#count-contest")
        await enter_table(pilot, "T1", "800", "402", "298", "97", "3")  # two papers were in the wrong bundle

    async with terminal(service, clock, "supervisor") as (app, pilot):
        await show(app, pilot, CountScreen(signed_in(app)))
        provisional = await answer_to(pilot, "#count-outcome", "p")
        assert provisional.kind == "applied", provisional.text
        await pilot.press("v")
        results = app.screen
        assert isinstance(results, ResultsScreen)
        await wait_until(pilot, lambda: results.is_up_to_date, "the results")
        table = text_of(app, "#results-candidates")
        assert "PROVISIONAL RESULT 2 of 2" in text_of(app, "#results-heading")
        ashworth, nguyen = table.splitlines()[1:3]
        assert ashworth.split()[3:6] == ["753", "50.27%", "+2"] and "would win" in ashworth
        assert nguyen.split()[3:6] == ["549", "36.65%", "-2"]

    async with terminal(service, clock, "ro") as (app, pilot):
        await show(app, pilot, RoDeskScreen(signed_in(app)))
        await open_modal(pilot, "d", DeclareForm)
        wrong = await answer_to(pilot, "#ro-outcome", *fields("9999"))
        assert wrong.kind == "refused" and "PIN not accepted: wrong PIN" in wrong.text
        declared = await answer_to(pilot, "#ro-outcome", *fields("1111"))
        assert declared.kind == "applied", declared.text
        await wait_until(pilot, lambda: isinstance(app.screen, ResultsScreen) and app.screen.is_up_to_date,
                         "the declared result")
        assert text_of(app, "#results-heading").startswith("DECLARED at")
        assert "ELECTED" in text_of(app, "#results-candidates").splitlines()[1]

    async with terminal(service, clock, "supervisor") as (app, pilot):
        await show(app, pilot, RecountScreen(signed_in(app), WARD))
        assert "there can be no further recount" in text_of(app, "#recount-state")
        await open_modal(pilot, "n", RequestRecountForm)
        late = await answer_to(pilot, "#recount-outcome", *fields("Helen Ashworth", "c", "f", "", ""))
        assert late.kind == "refused" and "the result is final" in late.text

    declaration = service.store.view().get("declarations", (WARD,))
    assert declaration is not None
    assert declaration["figures"]["elected"] == [C[0]]
    assert declaration["figures"]["votes"] == {C[0]: 753, C[1]: 549, C[2]: 196}
