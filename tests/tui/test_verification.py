"""The verification desk, driven by keys as staff would: a full verification of a combined election."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import SelectionList, Static

from pollday.domain.payloads import PayloadKind
from pollday.domain.verification import AccountState, find_account, postal_account_id, station_account_id
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.messages import ElectionDataChanged, ScanReceived
from pollday.tui.screens.verification_dialogs import ExplainDialog, GroupDialog, MovePapersDialog
from pollday.tui.screens.verification_pin import PinDialog
from tests.tui.helpers import async_test, send_keys, shown_text, wait_until
from tests.tui.test_verification_support import (
    PCC,
    WARD,
    box_label,
    cmd,
    combined_ready_to_verify,
    count_box,
    label,
    open_desk,
    pin_of,
    row_of,
    run,
    settled,
    verdict,
)

S1_WARD = station_account_id("1", WARD)
S2_WARD = station_account_id("2", WARD)
S1_PCC = station_account_id("1", PCC)
S2_PCC = station_account_id("2", PCC)


@pytest.fixture
def combined(election_path: Path, clock: ManualClock) -> Iterator[ElectionService]:
    service = combined_ready_to_verify(election_path, clock)
    yield service
    service.close()


def state(service: ElectionService, account_id: str) -> AccountState:
    account = find_account(service.store.view(), account_id)
    assert account is not None
    return account.state


@async_test
async def test_counts_show_each_accounts_state_in_words(combined: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        assert screen.reading is not None and screen.reading.contest_id == WARD

        matched = await count_box(pilot, screen, "pv1", str(412))  # typed in lower case: still box PV1
        assert matched.tone == "good"
        assert matched.text.startswith("Box PV1: Matches the BPA")
        assert row_of(screen, postal_account_id("PV1"))[:5] == ["PV1", "412", "412", "412", "0"]

        variance = await count_box(pilot, screen, "1", "802")
        assert variance.tone == "warning"
        assert "Box 1: variance +2" in variance.text
        assert ("Explain, group with a neighbouring station in the same polling place, or recount until two "
                "consecutive counts agree: 2 more counts needed.") in variance.text
        assert row_of(screen, S1_WARD)[4:6] == ["+2", "Variance: explain, group or recount"]
        assert screen.query_one("#vf-progress", Static).content == "1 of 3 accounts verified"

        # Every attempt is kept with who made it; the state follows the recount rule.
        await count_box(pilot, screen, "1", "801")
        assert "1 more count needed" in verdict(screen).text
        recounted = await count_box(pilot, screen, "1", "801")
        assert recounted.tone == "good"
        assert recounted.text.startswith("Box 1: Recounted until two consecutive counts agreed")
        assert "Counts 802, 801, 801: 801 is the verified figure; the variance +1 goes on the statement." \
            in recounted.text
        assert row_of(screen, S1_WARD)[2] == "802, 801, 801"
        assert "Box 1: 802 by Test Assistant 07:00, 801 by Test Assistant 07:00" in shown_text(app, "#vf-detail")


@async_test
async def test_a_full_verification_through_the_desk(combined: ElectionService, clock: ManualClock) -> None:
    # Count assistants count every box; a scanned label takes the desk to the box's own contest.
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        await count_box(pilot, screen, "PV1", "412")
        assert (await count_box(pilot, screen, "1", "802")).tone == "warning"
        assert (await count_box(pilot, screen, "2", "698")).tone == "warning"
        screen.post_message(ScanReceived(box_label(combined, "1P"), "serial"))
        await settled(pilot, screen)
        assert screen.reading is not None and screen.reading.contest_id == PCC
        assert "Box 1P · Station 1 St Anne's Hall" in shown_text(app, "#vf-box-prompt")
        assert app.screen.focused is screen.query_one("#vf-count")
        await pilot.press(*"812", "enter")
        await settled(pilot, screen)
        for count in ("811", "811"):
            await count_box(pilot, screen, "1P", count)
        assert row_of(screen, S1_PCC)[2] == "812, 811, 811"
        assert state(combined, S1_PCC) == AccountState.RECOUNTED
        assert (await count_box(pilot, screen, "2P", "899")).tone == "warning"

        # An assistant may not explain: the desk shows the services' refusal.
        await pilot.press("f3")
        assert isinstance(app.screen, ExplainDialog)
        await pilot.press("enter")
        await send_keys(pilot, *"PS log entry 14", "enter")
        await settled(pilot, screen)
        assert verdict(screen).tone == "refused"
        assert "REFUSED: Explain the variance of Station 2 Eastfield School" in verdict(screen).text
        assert "may not explain a variance: it needs the 'supervise_verification' permission" in verdict(screen).text

    # The supervisor explains the -1 and groups the +2/-2 of the two stations in the town hall.
    app = PolldayApp(combined, clock, combined.session_for("supervisor"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f2")  # the contest chooser: the PCC is second
        await pilot.press("down", "enter")
        await settled(pilot, screen)
        assert screen.reading is not None and screen.reading.contest_id == PCC
        await pilot.press(*"2P", "enter")
        await pilot.press("f3")
        assert isinstance(app.screen, ExplainDialog)
        await pilot.press("enter")
        await send_keys(pilot, *"voter left with a ballot paper, PS log entry 14", "enter")
        await settled(pilot, screen)
        assert verdict(screen).tone == "good"
        assert verdict(screen).text.startswith("Station 2 Eastfield School: Variance explained")
        assert ("A voter left with a ballot paper (recorded in the polling station log): voter left with a ballot "
                "paper, PS log entry 14") in verdict(screen).text
        assert state(combined, S2_PCC) == AccountState.EXPLAINED
        assert "Ballot papers verified 1,710" in shown_text(app, "#vf-totals")

        await pilot.press(*"1", "enter")  # box 1 is the ward's: the desk follows it there
        await settled(pilot, screen)
        assert screen.reading is not None and screen.reading.contest_id == WARD
        await pilot.press("f4")
        group = app.screen
        assert isinstance(group, GroupDialog)
        assert "Net of the ticked stations: +2 = +2" in str(group.query_one("#vf-net", Static).content)
        await pilot.press("tab")
        await send_keys(pilot, *"one voter", "enter")  # only one station ticked: the services refuse
        await settled(pilot, screen)
        assert "a compensating group needs two or more different accounts" in verdict(screen).text
        await pilot.press("f4")
        group = app.screen
        assert isinstance(group, GroupDialog)
        await pilot.press("down", "space")
        assert group.query_one("#vf-group", SelectionList).selected == [S1_WARD, S2_WARD]
        assert "+2 -2 = 0" in str(group.query_one("#vf-net", Static).content)
        await pilot.press("tab")
        await send_keys(pilot, *"voters put papers in the neighbouring station's box", "enter")
        await settled(pilot, screen)
        assert verdict(screen).tone == "good"
        assert "Compensating variance in the same polling place" in verdict(screen).text
        assert state(combined, S1_WARD) == state(combined, S2_WARD) == AccountState.COMPENSATED
        assert screen.query_one("#vf-progress", Static).content == "3 of 3 accounts verified"
        assert ("Ballot papers verified 1,912 (stations 1,500 + postal 412) · Ballot box turnout 61.7% = ballot "
                "papers verified ÷ electorate 3,100") in shown_text(app, "#vf-totals")

    # The RO signs off with their PIN, asked again although signed in; the figures lock; the RO reopens.
    app = PolldayApp(combined, clock, combined.session_for("ro"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        await pilot.press("f6")
        assert isinstance(app.screen, PinDialog)
        await pilot.press(*"0000", "enter")
        await settled(pilot, screen)
        assert verdict(screen).tone == "refused"
        assert "PIN not accepted: wrong PIN" in verdict(screen).text
        assert combined.store.view().get("contest_verification", (WARD,)) is None

        await pilot.press("f6", *pin_of("ro"), "enter")
        await settled(pilot, screen)
        assert verdict(screen).tone == "good"
        assert verdict(screen).text.startswith("Verification of Harrowden East ward signed off")
        assert shown_text(app, "#vf-lock").startswith("SIGNED OFF at 07:00 by Test Ro")
        locked = await count_box(pilot, screen, "2", "700")
        assert locked.tone == "refused"
        assert "its figures are locked until the RO reopens it" in locked.text
        assert row_of(screen, S2_WARD)[2] == "698"

        await pilot.press("f7")
        assert isinstance(app.screen, PinDialog)
        await send_keys(pilot, *"agent asked for box 2 to be recounted", "enter", *pin_of("ro"), "enter")
        await settled(pilot, screen)
        assert verdict(screen).text.startswith("Verification of Harrowden East ward reopened")
        assert shown_text(app, "#vf-lock").startswith("Reopened (1×): agent asked for box 2 to be recounted")
        assert (await count_box(pilot, screen, "2", "700")).text.startswith("Box 2: Matches the BPA")


@async_test
async def test_refusals_are_shown_with_the_services_reasons(combined: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        negative = await count_box(pilot, screen, "1", "-3")
        assert negative.tone == "refused"
        assert negative.text == "REFUSED: Count of box 1\ncount is -3: a number of papers cannot be negative"
        too_many = await count_box(pilot, screen, "1", "1471")
        assert "box 1's station was given 1,470 ordinary papers for it, so 1,471 cannot be right" in too_many.text
        unknown = await count_box(pilot, screen, "99", "5")
        assert "box 99 is not a box of this election" in unknown.text
        words = await count_box(pilot, screen, "1", "lots")
        assert words.text == "Box 1: not a count\n'lots' is not a number of papers: type the count in figures"
        assert combined.store.view().rows("verification_counts") == []

        # A seal label scanned where a box label belongs is refused before any count is typed.
        screen.post_message(ScanReceived(label(combined, PayloadKind.SEAL, "HE-1001"), "serial"))
        await pilot.pause()
        assert verdict(screen).text == ("Not a box\nthat is a seal label, not a ballot box label: scan the box's "
                                        "own label")

        # Explaining an account that has no variance opens nothing and says why.
        await pilot.press("f3")
        assert app.screen is screen
        assert "has no variance yet" in verdict(screen).text


@async_test
async def test_a_burst_of_typing_keeps_boxes_and_counts_apart(combined: ElectionService, clock: ManualClock) -> None:
    """Keys delivered at once (SSH, a fast typist) must still pair each box with its own count."""
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        await send_keys(pilot, "1", "enter", *"800", "enter", "2", "enter", *"699", "enter")
        await wait_until(pilot, lambda: len(combined.store.view().rows("verification_counts")) == 2, "two counts")
        await settled(pilot, screen)
        counts = {r["box_id"]: r["count"] for r in combined.store.view().rows("verification_counts")}
        assert counts == {"1": 800, "2": 699}


@async_test
async def test_a_second_read_of_the_label_in_the_count_field_is_not_a_count(
    combined: ElectionService, clock: ManualClock
) -> None:
    """A scanner reading the QR and the Code128 of one label types it twice: the second is not a count."""
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        label = box_label(combined, "2")
        await send_keys(pilot, *label, "enter", *label, "enter")
        await settled(pilot, screen)
        assert screen.current_box == "2"
        assert app.screen.focused is screen.query_one("#vf-count")
        await pilot.press(*"700", "enter")
        await settled(pilot, screen)
        assert [(r["box_id"], r["count"]) for r in combined.store.view().rows("verification_counts")] == [("2", 700)]


@async_test
async def test_papers_of_another_poll_found_in_a_box(combined: ElectionService, clock: ManualClock) -> None:
    run(combined, "assistant", cmd("verification.count", box_id="1", count=797))
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        # Box 1P held its 810 PCC papers and 3 ward papers, counted apart.
        await pilot.press(*"1P", "enter", *"810", "enter")
        await settled(pilot, screen)
        await pilot.press("f5")
        move = app.screen
        assert isinstance(move, MovePapersDialog)
        await pilot.press("enter", "enter", *"3", "enter")
        await send_keys(pilot, *"ward papers in the PCC box", "enter")
        await settled(pilot, screen)
        assert verdict(screen).tone == "good"
        assert verdict(screen).text.startswith("Station 1 St Anne's Hall: Matches the BPA")
        assert "including 3 moved in from another poll's box" in verdict(screen).text
        assert state(combined, S1_WARD) == AccountState.MATCHED


@async_test
async def test_changes_from_another_terminal_show_up(combined: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(combined, clock, combined.session_for("assistant"), poll_interval=60)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        assert row_of(screen, S2_WARD)[2] == ""
        run(combined, "assistant", cmd("verification.count", box_id="2", count=700))
        shown = screen.reads_shown
        screen.post_message(ElectionDataChanged())
        await wait_until(pilot, lambda: screen.reads_shown > shown and screen.is_up_to_date, "a fresh reading")
        assert row_of(screen, S2_WARD)[2:5] == ["700", "700", "0"]


@async_test
async def test_sign_off_and_reopen_are_offered_only_to_those_who_may(
    combined: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(combined, clock, combined.session_for("supervisor"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        assert screen.check_action("sign_off", ()) is False
        assert screen.check_action("reopen", ()) is False
        await pilot.press("f6")
        assert app.screen is screen
    app = PolldayApp(combined, clock, combined.session_for("ro"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_desk(pilot)
        assert screen.check_action("sign_off", ()) is True
        assert screen.check_action("reopen", ()) is False  # nothing signed off to reopen


@async_test
async def test_enter_on_an_account_counts_its_box_and_the_table_fits_the_width(
    combined: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_desk(pilot)
        assert len(row_of(screen, S1_WARD)) == 6  # at 80 columns the account's name is under the table instead
        await pilot.press("tab", "tab", "down", "enter")  # box field, count field, table; station 2
        assert screen.current_box == "2"
        assert app.screen.focused is screen.query_one("#vf-count")
        await pilot.press(*"700", "enter")
        await settled(pilot, screen)
        assert verdict(screen).text.startswith("Box 2: Matches the BPA")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert row_of(screen, S2_WARD)[5:] == ["Matches the BPA", "Station 2 Eastfield School"]
