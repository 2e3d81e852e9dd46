"""The postal opening desk, driven by keys as an operator would: scan, y/n, date of birth, signature, Enter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static

from pollday.domain.payloads import PayloadKind, election_tag, encode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.postal_desk import PostalDeskScreen
from pollday.tui.screens.postal_form import PvsForm
from pollday.tui.screens.postal_queue import AdjudicationPanel
from pollday.tui.widgets.scan_banner import ScanBanner
from tests.domain.test_postal_setup import WARD, voter
from tests.tui.helpers import async_test, send_keys, wait_until

SnapCompare = Callable[..., bool]


def run(service: ElectionService, username: str, name: str, **args: Any) -> None:
    result = service.execute(service.session_for(username), {"cmd": name, "args": args})
    assert result.applied, result.reason


def postal_ready(service: ElectionService, clock: ManualClock) -> ElectionService:
    """Five postal voters (born 14 March 1960), session S1 open, batch 1 of 20 counted, box PS1 open."""
    run(service, "manager", "postal.import_voters", voters=[voter(n) for n in range(1, 6)])
    notice = (clock.now() - timedelta(hours=72)).isoformat()
    run(service, "postal", "postal.open_session", session_id="S1", title="Opening session 1",
        notice_given_at=notice, max_agents=2)
    run(service, "postal", "postal.count_envelopes", session_id="S1", batch="1", envelopes=20)
    run(service, "postal", "postal.open_box", session_id="S1", box_id="PS1", contest_id=WARD)
    return service


def pvs_label(number: str) -> str:
    return encode(PayloadKind.POSTAL_STATEMENT, election_tag("harrowden-test", "rehearsal"), number)


async def open_desk(pilot: Pilot[None]) -> PostalDeskScreen:
    app = pilot.app
    assert isinstance(app, PolldayApp) and app.session is not None
    screen = PostalDeskScreen(app.session)
    await app.push_screen(screen)
    await wait_until(pilot, lambda: screen.is_up_to_date, "the postal desk's first reading")
    return screen


async def check(pilot: Pilot[None], screen: PostalDeskScreen, code: str, dob: str, signature: str = "m",
                contents: tuple[str, ...] = ("enter",)) -> ScanBanner:
    """Scan (or type) a code, answer the form, Enter, all in one burst of keys; wait for the answer."""
    answered = screen.checks_answered
    await send_keys(pilot, *code, "enter", *contents, *dob, signature, "enter")
    await wait_until(pilot, lambda: screen.checks_answered > answered and not screen.busy, "the check's answer")
    await wait_until(pilot, lambda: screen.is_up_to_date, "the desk to re-read")
    return screen.query_one("#pd-banner", ScanBanner)


@async_test
async def test_a_straightforward_pvs_is_accepted_and_placed(service: ElectionService, clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        banner = await check(pilot, screen, pvs_label("500001"), "14/03/1960")
        assert banner.kind == "accepted", banner.text
        assert "Ballot paper 500001: ACCEPT" in banner.text
        assert service.store.view().get("postal_papers", ("500001",))["state"] == "placed"
        assert screen.reading is not None and screen.reading.opened == 1
        assert screen.focused is screen.query_one("#pd-scan")
        # Typed instead of scanned, with the contents answered one by one.
        banner = await check(pilot, screen, "500002", "14 3 60", contents=("y", "y", "y"))
        assert banner.kind == "accepted", banner.text


@async_test
async def test_the_signature_letter_records_it_unless_the_date_is_blank(service: ElectionService,
                                                                         clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        footer = screen.query_one(Footer)
        await wait_until(pilot, lambda: len(footer.children) > 0, "the footer's keys")
        keys_shown = list(footer.children)
        # A straightforward PVS: the scan, eight figures, m. Nothing else.
        await send_keys(pilot, *pvs_label("500001"), "enter", *"14031960", "m")
        await wait_until(pilot, lambda: screen.checks_answered == 1 and not screen.busy, "the check")
        assert service.store.view().get("postal_papers", ("500001",))["state"] == "placed"
        # A reflex b (blank signature) before any date waits: a blank date of birth takes an Enter too.
        await send_keys(pilot, *pvs_label("500002"), "enter", "b")
        assert screen.checks_answered == 1 and screen.query_one("#pd-form", PvsForm).signature is not None
        await send_keys(pilot, "enter")
        await wait_until(pilot, lambda: screen.checks_answered == 2 and not screen.busy, "the check")
        returned = service.store.view().get("postal_returns", ("500002",))
        assert (returned["dob_written"], returned["proposed_reasons"]) == (None, ["signature_blank",
                                                                                  "date_of_birth_blank"])
        # The focus went to the form and back twice, with the same keys shown: the footer was not rebuilt.
        assert list(footer.children) == keys_shown


@async_test
async def test_scans_and_answers_typed_in_one_burst_each_find_their_place(service: ElectionService,
                                                                          clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        keys = [*pvs_label("500001"), "enter", "enter", *"14/03/1960", "m", "enter",
                *pvs_label("500002"), "enter", "enter", *"14.3.1960", "m", "enter"]
        await send_keys(pilot, *keys)
        await wait_until(pilot, lambda: screen.checks_answered == 2 and not screen.busy, "both checks")
        view = service.store.view()
        assert [view.get("postal_papers", (n,))["state"] for n in ("500001", "500002")] == ["placed", "placed"]
        assert screen.focused is screen.query_one("#pd-scan")
        # A label scanned over an unfinished form starts again from that PVS.
        await send_keys(pilot, *pvs_label("500003"), "enter", "enter", *"14/0")
        await send_keys(pilot, *pvs_label("500004"), "enter", "enter", *"14/03/1960", "m", "enter")
        await wait_until(pilot, lambda: screen.checks_answered == 3 and not screen.busy, "the third check")
        assert "Ballot paper 500004: ACCEPT" in screen.query_one("#pd-banner", ScanBanner).text
        assert service.store.view().get("postal_papers", ("500003",))["state"] == "issued"


@async_test
async def test_numbers_that_do_not_match_take_envelope_as_number(service: ElectionService,
                                                                 clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        # PVS 500001 with envelope A of 500002: y y n, date, signature, Enter, then envelope A's number.
        await send_keys(pilot, *pvs_label("500001"), "enter", "y", "y", "n", *"14/03/1960", "m", "enter")
        assert "Scan or type the number on envelope A" in screen.query_one("#pd-banner", ScanBanner).text
        await send_keys(pilot, *"500002", "enter")
        await wait_until(pilot, lambda: screen.checks_answered == 1 and not screen.busy, "the check")
        view = service.store.view()
        assert view.get("postal_returns", ("500001",))["numbers_match"] is False
        assert view.get("postal_papers", ("500002",))["state"] == "held"  # until its own PVS arrives


@async_test
async def test_a_date_of_birth_mismatch_is_proposed_for_rejection(service: ElectionService,
                                                                  clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        banner = await check(pilot, screen, pvs_label("500003"), "01/01/1970")
        assert banner.kind == "warning", banner.text
        assert "REJECT proposed, set aside for the RO" in banner.text
        assert "The date of birth does not match the one in the personal identifiers record" in banner.text
        assert service.store.view().get("postal_papers", ("500003",))["state"] == "held"
        assert screen.reading is not None and screen.reading.awaiting_ro == 1


@async_test
async def test_day_and_month_swapped_is_referred_to_the_ro(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", "postal.import_voters", voters=[voter(6, dob="1960-03-05")])
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        banner = await check(pilot, screen, pvs_label("500006"), "03/05/1960")
        assert banner.kind == "warning", banner.text
        assert "Ballot paper 500006: REFER to the RO, set aside" in banner.text
        assert "Day and month swapped: the RO may accept it" in banner.text


@async_test
async def test_a_pvs_scanned_twice_is_refused(service: ElectionService, clock: ManualClock) -> None:
    postal_ready(service, clock)
    run(service, "postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number="500004",
        date_of_birth="14/03/1960", signature="matches")
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        banner = await check(pilot, screen, pvs_label("500004"), "14/03/1960")
        assert banner.kind == "refused", banner.text
        assert "REFUSED: ballot paper 500004" in banner.text
        assert "was already checked" in banner.text
        banner = await check(pilot, screen, "999999", "14/03/1960")
        assert banner.kind == "refused", banner.text


@async_test
async def test_a_date_that_is_not_a_date_is_refused(service: ElectionService, clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        banner = await check(pilot, screen, pvs_label("500005"), "31/02/1960")
        assert banner.kind == "refused", banner.text
        assert "there is no 31 February 1960" in banner.text
        assert service.store.view().get("postal_papers", ("500005",))["state"] == "issued"


@async_test
async def test_the_ro_confirms_or_overturns_each_proposed_rejection(service: ElectionService,
                                                                    clock: ManualClock) -> None:
    postal_ready(service, clock)
    for number, dob, signature in (("500001", "01/01/1970", "matches"), ("500002", "14/03/1960", "does_not_match")):
        run(service, "postal", "postal.check_pvs", session_id="S1", batch="1", ballot_number=number,
            date_of_birth=dob, signature=signature)
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f3")
        panel = screen.query_one("#pd-queue", AdjudicationPanel)
        assert screen.focused is panel.table and panel.highlighted == "500001"
        assert "date of birth does not match" in str(panel.query_one("#pq-detail", Static).content)
        await pilot.press("o", "s", "r")
        await wait_until(pilot, lambda: screen.checks_answered == 1 and not screen.busy, "the RO's decision")
        banner = screen.query_one("#pd-banner", ScanBanner)
        assert "PVS 500001: REJECTION confirmed by the RO" in banner.text
        assert "Rejection objected to. Suspected offence recorded." in banner.text
        await wait_until(pilot, lambda: screen.is_up_to_date and panel.highlighted == "500002", "the queue")
        await pilot.press("a")
        await wait_until(pilot, lambda: screen.checks_answered == 2 and not screen.busy, "the RO's decision")
        assert "PVS 500002: ACCEPTED by the RO" in screen.query_one("#pd-banner", ScanBanner).text
        view = service.store.view()
        first = view.get("postal_returns", ("500001",))
        assert (first["decision"], first["objected"], first["suspected_offence"]) == ("rejected", True, True)
        assert view.get("postal_papers", ("500002",))["state"] == "placed"


@async_test
async def test_opening_staff_have_no_ro_queue(service: ElectionService, clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f3")
        assert not screen.showing_queue


def test_postal_desk_after_an_accepted_pvs(snap_compare: SnapCompare, service: ElectionService,
                                           clock: ManualClock) -> None:
    postal_ready(service, clock)
    app = PolldayApp(service, clock, service.session_for("postal"))

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_desk(pilot)
        await check(pilot, screen, pvs_label("500001"), "14/03/1960")
        for field in screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=(80, 24))
