"""The postal desk's session chooser (F2), driven by keys: sessions, batches, postal ballot boxes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from pollday.domain.timefmt import UK
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.postal_chooser_forms import CountBatchForm, OpenBoxForm
from pollday.tui.screens.postal_desk import PostalDeskScreen
from pollday.tui.screens.postal_session import SessionPanel
from pollday.tui.screens.postal_session_forms import OpenSessionForm
from pollday.tui.screens.postal_session_words import next_batch, next_session_id, notice_check, suggested_box_id
from pollday.tui.screens.postal_words import BatchRow, BoxRow, PostalReading
from pollday.tui.widgets.scan_banner import ScanBanner
from tests.domain.test_postal_setup import WARD, voter
from tests.tui.helpers import async_test, send_keys, wait_until
from tests.tui.test_postal_desk import check, open_desk, postal_ready, pvs_label, run

SnapCompare = Callable[..., bool]


def voters_only(service: ElectionService) -> ElectionService:
    run(service, "manager", "postal.import_voters", voters=[voter(n) for n in range(1, 6)])
    return service


def written(clock: ManualClock, hours_ago: int) -> str:
    return f"{(clock.now() - timedelta(hours=hours_ago)).astimezone(UK):%d/%m/%Y %H:%M}"


async def answered(pilot: Pilot[None], screen: PostalDeskScreen, count: int) -> ScanBanner:
    await wait_until(pilot, lambda: screen.checks_answered >= count and not screen.busy, "the command's answer")
    await wait_until(pilot, lambda: screen.is_up_to_date, "the desk to re-read")
    return screen.query_one("#pd-banner", ScanBanner)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*[{" ": "space", ";": "semicolon", "/": "slash", ":": "colon"}.get(c, c) for c in text])


async def open_session_with_the_form(pilot: Pilot[None], screen: PostalDeskScreen, notice: str) -> ScanBanner:
    await pilot.press("n")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, OpenSessionForm), "the session form")
    await type_text(pilot, notice)
    await pilot.press("enter")
    await type_text(pilot, "Ann Lee; Raj Patel")
    await pilot.press("enter", "2", "enter")
    await type_text(pilot, "Town Hall")
    await pilot.press("enter", "enter")
    return await answered(pilot, screen, 1)


@async_test
async def test_a_new_user_starts_at_the_chooser_and_opens_a_session(service: ElectionService,
                                                                   clock: ManualClock) -> None:
    voters_only(service)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        assert screen.showing_chooser  # nothing can be checked before a session is open
        banner = await open_session_with_the_form(pilot, screen, written(clock, 72))
        assert banner.kind == "accepted" and "Session S1 open: Opening session 1" in banner.text, banner.text
        row = service.store.view().get("postal_sessions", ("S1",))
        assert row["agents"] == ["Ann Lee", "Raj Patel"] and row["max_agents"] == 2
        assert row["location"] == "Town Hall" and row["notice_warning"] == "" and row["final"] is False
        assert row["notice_given_at"].startswith((clock.now() - timedelta(hours=72)).astimezone(UK).strftime(
            "%Y-%m-%dT%H:%M"))
        assert "S1 Opening session 1" in str(screen.query_one("#ps-session", Static).content)


@async_test
async def test_short_notice_is_warned_in_the_form_and_recorded(service: ElectionService, clock: ManualClock) -> None:
    voters_only(service)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenSessionForm), "the session form")
        await type_text(pilot, written(clock, 20))
        assert "Only 20 hours of notice" in str(app.screen.query_one("#pf-notice-check", Static).content)
        await pilot.press("escape")
        banner = await open_session_with_the_form(pilot, screen, written(clock, 20))
        assert banner.kind == "warning" and "with SHORT NOTICE" in banner.text, banner.text
        assert "48 hours" in service.store.view().get("postal_sessions", ("S1",))["notice_warning"]


@async_test
async def test_a_bad_notice_is_sent_back_to_its_field(service: ElectionService, clock: ManualClock) -> None:
    voters_only(service)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenSessionForm), "the session form")
        await type_text(pilot, "31/02/2026 10:00")
        await pilot.press("enter", "enter", "enter", "enter", "enter")
        form = app.screen
        assert isinstance(form, OpenSessionForm) and form.focused is form.query_one("#pf-notice", Input)
        assert "there is no 31 February 2026" in str(form.query_one("#pf-problem", Static).content)
        assert screen.checks_answered == 0 and service.store.view().count("postal_sessions") == 0


@async_test
async def test_counting_batches_choosing_one_and_correcting_a_count(service: ElectionService,
                                                                   clock: ManualClock) -> None:
    postal_ready(service, clock)  # S1 open, batch 1 of 20 counted, box PS1 open
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f2")
        assert screen.showing_chooser
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CountBatchForm), "the count form")
        await pilot.press("1", "5", "s", "enter")  # 15 envelopes handed in at polling stations
        banner = await answered(pilot, screen, 1)
        assert "Batch 2: counted, 15 covering envelopes" in banner.text, banner.text
        batch = service.store.view().get("postal_envelope_batches", ("S1", "2"))
        assert (batch["envelopes"], batch["source"]) == (15, "polling_station")
        assert screen.current_batch == "1"  # batch 1 still has envelopes to open
        panel = screen.query_one("#pd-session", SessionPanel)
        await pilot.press("down", "enter")  # choose batch 2
        assert screen.current_batch == "2" and not screen.showing_chooser
        await check(pilot, screen, pvs_label("500001"), "14/03/1960")
        assert service.store.view().get("postal_returns", ("500001",))["batch"] == "2"
        # An earlier batch's number corrects its count, with a note.
        await pilot.press("f2", "c")
        await wait_until(pilot, lambda: isinstance(app.screen, CountBatchForm), "the count form")
        await pilot.press("1", "8", "tab", "1", "enter", "enter")
        form = app.screen
        assert isinstance(form, CountBatchForm) and form.focused is form.query_one("#pf-note", Input)
        await type_text(pilot, "two were empty")
        await pilot.press("enter")
        banner = await answered(pilot, screen, 3)
        assert "Batch 1: count corrected to 18" in banner.text, banner.text
        corrected = service.store.view().get("postal_envelope_batches", ("S1", "1"))
        assert (corrected["note"], corrected["source"]) == ("two were empty", "post")  # batch 2's source was shown
        assert panel.highlighted_batch in ("1", "2")


@async_test
async def test_open_a_box_see_its_papers_and_seal_it(service: ElectionService, clock: ManualClock) -> None:
    voters_only(service)
    notice = (clock.now() - timedelta(hours=72)).isoformat()
    run(service, "postal", "postal.open_session", session_id="S1", title="Opening session 1", notice_given_at=notice,
        max_agents=2)
    run(service, "postal", "postal.count_envelopes", session_id="S1", batch="1", envelopes=5)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f2", "o")
        await wait_until(pilot, lambda: isinstance(app.screen, OpenBoxForm), "the box form")
        assert app.screen.query_one("#pf-box-id", Input).value == "P1"
        await pilot.press("enter", "enter")
        banner = await answered(pilot, screen, 1)
        assert "Postal ballot box P1 open for Harrowden East ward" in banner.text, banner.text
        await pilot.press("enter")  # batch 1: back to checking
        for number in ("500001", "500002"):
            await check(pilot, screen, pvs_label(number), "14031960", contents=())
        await pilot.press("f2", "tab")
        panel = screen.query_one("#pd-session", SessionPanel)
        assert panel.highlighted_box == "P1"
        assert [str(cell) for cell in panel.boxes.get_row("P1")] == ["P1", "Harrowden East ward", "open", "2"]
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the seal question")
        assert "its postal ballot paper account will be 2" in app.screen.consequence
        await pilot.press("y")
        banner = await answered(pilot, screen, 4)
        assert "Postal ballot box P1 sealed: 2 papers" in banner.text, banner.text
        account = service.store.view().get("postal_boxes", ("P1",))
        assert (account["papers_placed"], account["contest_id"], account["state"]) == (2, WARD, "expected")


@async_test
async def test_closing_is_confirmed_and_refused_with_the_reason(service: ElectionService, clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f2", "x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the close question")
        await pilot.press("n")  # Enter or n: nothing is sent
        assert screen.checks_answered == 0
        await pilot.press("x", "y")
        banner = await answered(pilot, screen, 1)
        assert banner.kind == "refused" and "REFUSED: closing session S1" in banner.text
        assert "Postal ballot box(es) PS1 are still open" in banner.text
        run(service, "postal", "postal.seal_box", box_id="PS1")
        run(service, "postal", "postal.count_envelopes", session_id="S1", batch="1", envelopes=0, correct=True,
            note="the envelopes were opened at the previous session")
        await pilot.press("x", "y")
        banner = await answered(pilot, screen, 2)
        assert "Session S1 closed" in banner.text, banner.text
        assert service.store.view().get("postal_sessions", ("S1",))["closed_at"] is not None


@async_test
async def test_a_label_scanned_in_the_chooser_goes_back_to_checking(service: ElectionService,
                                                                   clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f2")
        await send_keys(pilot, *pvs_label("500003"), "enter", *"14031960", "m")
        await answered(pilot, screen, 1)
        assert not screen.showing_chooser
        assert service.store.view().get("postal_papers", ("500003",))["state"] == "placed"


def test_the_forms_suggest_the_next_numbers_and_check_the_notice(clock: ManualClock) -> None:
    reading = PostalReading(session_id="S10", session_ids=("S1", "S2", "S10", "final"),
                            batch_rows=(BatchRow("1", "post", 20, 20), BatchRow("2a", "post", 5, 0)),
                            box_rows=(BoxRow("P10", WARD, "Ward", "sealed", 40),),
                            contests=((WARD, "Ward"), ("pcc", "PCC")))
    assert (next_session_id(reading), next_batch(reading)) == ("S11", "2")
    assert suggested_box_id(reading, WARD) == "P10A"  # P10 is taken (sealed earlier in the session)
    assert suggested_box_id(reading, "pcc") == "P10-2"
    assert notice_check(written(clock, 49), clock.now())[0] == "good"
    assert notice_check(written(clock, 47), clock.now())[0] == "short"
    assert notice_check(written(clock, -2), clock.now())[0] == "bad"  # after now
    assert notice_check("20/11/2026", clock.now()) == ("bad", "Give the date and the time, e.g. 20/11/2026 10:00")
    assert notice_check("", clock.now())[0] == "hint"


def test_postal_session_chooser(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    postal_ready(service, clock)
    run(service, "postal", "postal.count_envelopes", session_id="S1", batch="2", envelopes=12,
        source="council_office")
    run(service, "postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500001",
        date_of_birth="14/03/1960", signature="matches")
    app = PolldayApp(service, clock, service.session_for("postal"))

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_desk(pilot)
        await pilot.press("f2")
        await wait_until(pilot, lambda: screen.showing_chooser and screen.is_up_to_date, "the chooser")
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
