"""The reception desk driven as a clerk would: scans arrive as ScanReceived, everything else by key."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from pollday.domain.commands.reception import PACKETS
from pollday.domain.election import ElectionMode
from pollday.domain.payloads import CommandCard, PayloadKind, election_tag, encode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.messages import ScanReceived
from pollday.tui.screens.box_history import BoxHistoryScreen
from pollday.tui.screens.confirm import ConfirmScreen
from pollday.tui.screens.reception import ReceptionScreen
from pollday.tui.screens.reception_flow import Step
from pollday.tui.widgets.entry_field import EntryField
from tests.factories import small_election
from tests.tui.helpers import async_test, send_keys, wait_until

CONTEST = "local.harrowden.east-ward.2026-05-07"
POLL_CLOSES = datetime(2026, 5, 7, 21, 0, tzinfo=UTC)  # 22:00 BST
RECEPTION_TIME = datetime(2026, 5, 7, 21, 41, tzinfo=UTC)  # 22:41 BST
BOX_1_SEALS = ("HE-1001", "HE-1002", "HE-1003")
FIGURES = {"ordinary_received": 1470, "issued": 800, "spoilt": 3, "unused": 667, "tendered_received": 10,
           "tendered_issued": 1, "tendered_spoilt": 0, "tendered_unused": 9, "tendered_list_entries": 1,
           "postal_accepted": 12, "postal_rejected": 1, "postal_forms": 13}


def run(service: ElectionService, username: str, cmd: str, **args: Any) -> None:
    result = service.execute(service.session_for(username), {"cmd": cmd, "args": args})
    assert result.applied, result.reason


def close_the_poll(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", "poll.open")
    clock.set(POLL_CLOSES)
    run(service, "manager", "poll.close")
    clock.set(RECEPTION_TIME)


def receive_box_one(service: ElectionService, clerk: str = "reception", with_bpa: bool = True) -> None:
    """Box 1 checked in, sealed, its packets ticked and (optionally) its BPA keyed, through the services."""
    run(service, clerk, "box.check_in", box_id="1", delivered_by="R. Patel")
    for seal in BOX_1_SEALS:
        run(service, clerk, "box.seal", box_id="1", seal=seal)
    run(service, clerk, "box.seals_done", box_id="1")
    for packet in PACKETS:
        run(service, clerk, "box.packet", station_id="1", packet=packet, status="present")
    if with_bpa:
        run(service, clerk, "bpa.record", station_id="1", contest_id=CONTEST, **FIGURES)


def label(service: ElectionService, box_id: str, mode: str | None = None) -> str:
    election = service.election()
    return encode(PayloadKind.BOX, election_tag(election["election_id"], mode or election["mode"]), box_id)


def card(service: ElectionService, which: CommandCard) -> str:
    election = service.election()
    return encode(PayloadKind.COMMAND, election_tag(election["election_id"], election["mode"]), which.value)


async def open_reception(app: PolldayApp, pilot: Pilot[None], username: str = "reception") -> ReceptionScreen:
    screen = ReceptionScreen(app.service.session_for(username))
    await app.push_screen(screen)
    await wait_until(pilot, lambda: screen.is_up_to_date and screen.quiet, "the reception desk's first reading")
    return screen


async def settle(pilot: Pilot[None], screen: ReceptionScreen) -> None:
    await pilot.pause()
    await wait_until(pilot, lambda: screen.quiet and screen.is_up_to_date, "the desk to finish what it was given")


async def scan(pilot: Pilot[None], screen: ReceptionScreen, *texts: str) -> None:
    """Codes as a serial scanner delivers them: straight to the screen, all at once."""
    for text in texts:
        screen.post_message(ScanReceived(text, "serial"))
    await settle(pilot, screen)


async def press(pilot: Pilot[None], screen: ReceptionScreen, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot, screen)


def shown(screen: ReceptionScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


def as_text(renderable: Any) -> str:
    """What a rich renderable (a table in a Static) says, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def rows(service: ElectionService, table: str, **where: Any) -> list[dict[str, Any]]:
    return service.store.view().rows(table, **where)


@async_test
async def test_a_whole_box_is_received_seals_packets_and_bpa(service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        assert shown(desk, "#reception-next") == "Scan the next box label"

        await scan(pilot, desk, label(service, "1"))
        assert desk.step == Step.DELIVERED_BY
        assert "Enter (or its first seal) for R. Patel" in shown(desk, "#reception-next")
        assert desk.query_one("#delivered-field", EntryField).value == "R. Patel"
        await press(pilot, desk, "enter")
        assert desk.banner.kind == "accepted"
        assert "Box 1 checked in" in desk.banner.text
        assert shown(desk, "#reception-next").startswith("Scan each seal on box 1 (0 of 3 done)")

        await scan(pilot, desk, "HE-1001")
        assert desk.banner.kind == "accepted"
        assert "Seal HE-1001 matches box 1" in desk.banner.text
        await scan(pilot, desk, card(service, CommandCard.SEAL_DAMAGED))
        assert desk.banner.kind == "warning"
        assert "DAMAGED" in shown(desk, "#reception-next")
        await scan(pilot, desk, "HE-1002")
        assert desk.banner.kind == "warning"
        assert "Seal HE-1002 DAMAGED" in desk.banner.text
        assert shown(desk, "#reception-next").startswith("Scan each seal on box 1 (2 of 3 done)")

        # 'Seals intact' with a seal not scanned asks once; the second time records it missing.
        await scan(pilot, desk, card(service, CommandCard.SEALS_INTACT))
        assert desk.banner.kind == "warning"
        assert "not scanned: HE-1003" in desk.banner.text
        assert desk.step == Step.SEALS
        await press(pilot, desk, "f2")
        assert desk.banner.kind == "warning"
        assert "SEAL PROBLEMS" in desk.banner.text
        assert "HE-1003 MISSING" in desk.banner.text
        assert "HE-1002 DAMAGED" in shown(desk, "#work-seals")

        assert desk.step == Step.PACKETS
        assert shown(desk, "#reception-next").startswith("Tick the packets for station 1")
        await press(pilot, desk, "space", "space", "m")
        assert desk.missing_packet == "tendered_papers"
        await press(pilot, desk, "enter")  # no note: the command refuses and says what it needs
        assert desk.banner.kind == "refused"
        assert "say what happened to the missing packet" in desk.banner.text
        await press(pilot, desk, *"PO phoned, bringing it at 00:30", "enter")
        assert desk.missing_packet is None
        assert "recorded MISSING" in desk.banner.text
        assert "missing Tendered ballot papers" in shown(desk, "#packets-exceptions")
        await press(pilot, desk, *["space"] * 6, "n", "n", "n")
        assert "1 not yet ticked" in shown(desk, "#packets-exceptions")
        await press(pilot, desk, "space")

        assert desk.step == Step.BPA_FIRST
        assert shown(desk, "#reception-next").startswith("Enter the ballot paper account for station 1")
        await press(pilot, desk, *"1470", "enter", *"800", "enter", "3", "enter", *"666")
        assert shown(desk, "#bpa-check-ordinary") == (
            "✗ papers received 1470 but issued + spoilt + unused = 1469")
        await press(pilot, desk, "backspace", "7")
        assert shown(desk, "#bpa-check-ordinary").startswith("✓ issued + spoilt + unused = 1,470")
        await press(pilot, desk, "enter", *"10", "enter", "1", "enter", "0", "enter", "9", "enter", "0")
        assert shown(desk, "#bpa-check-list") == "✗ tendered votes list has 0 entries but 1 tendered papers were issued"
        await press(pilot, desk, "backspace", "1", "enter", *"12", "enter", "1", "enter", *"13", "enter")
        assert desk.banner.kind == "accepted"
        assert "BPA recorded for station 1" in desk.banner.text
        assert desk.step == Step.DONE
        assert shown(desk, "#reception-next") == "Box 1 done. Scan the next box label"

    receipt = rows(service, "box_receipts", box_id="1")[0]
    assert (receipt["received_by"], receipt["delivered_by"], receipt["seals_done"]) == ("reception", "R. Patel", True)
    assert receipt["arrived_at"].startswith("2026-05-07T21:41")
    seals = {r["seal"]: r["status"] for r in rows(service, "seal_checks", box_id="1")}
    assert seals == {"HE-1001": "intact", "HE-1002": "damaged", "HE-1003": "missing"}
    packets = {r["packet"]: r["status"] for r in rows(service, "packets", station_id="1")}
    assert packets["tendered_papers"] == "missing" and packets["videf"] == "not_applicable"
    assert len(packets) == len(PACKETS)
    bpa = rows(service, "bpas", station_id="1")[0]
    assert {name: bpa[name] for name in FIGURES} == FIGURES
    assert bpa["keying"] == "first"


@async_test
async def test_a_scanner_burst_checks_in_with_the_first_seal(service: ElectionService, clock: ManualClock) -> None:
    """Label, three seals and 'Seals intact' in one burst: no Enter, the presiding officer delivered it."""
    close_the_poll(service, clock)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        await scan(pilot, desk, label(service, "2"), "HE-1004", "he-1005", "HE-1006",
                   card(service, CommandCard.SEALS_INTACT))
        assert desk.banner.kind == "accepted"
        assert "Box 2: all 3 seals intact" in desk.banner.text
        assert desk.step == Step.PACKETS
    receipt = rows(service, "box_receipts", box_id="2")[0]
    assert receipt["delivered_by"] == "J. Moore"
    assert receipt["seals_done"]
    assert {r["status"] for r in rows(service, "seal_checks", box_id="2")} == {"intact"}


@async_test
async def test_a_keyboard_wedge_burst_lands_code_by_code(service: ElectionService, clock: ManualClock) -> None:
    """A wedge scanner types label, seals and card with their Enters faster than the desk commits."""
    close_the_poll(service, clock)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        codes = (label(service, "1"), *BOX_1_SEALS, card(service, CommandCard.SEALS_INTACT))
        await send_keys(pilot, *[key for code in codes for key in (*code, "enter")])
        await wait_until(pilot, lambda: desk.step == Step.PACKETS, "the seals to be finished")
        await settle(pilot, desk)
        assert "Box 1: all 3 seals intact" in desk.banner.text
    assert rows(service, "box_receipts", box_id="1")[0]["delivered_by"] == "R. Patel"
    assert {r["seal"]: r["status"] for r in rows(service, "seal_checks", box_id="1")} == dict.fromkeys(
        BOX_1_SEALS, "intact")


@async_test
async def test_a_typed_box_number_and_a_collector(service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        await press(pilot, desk, "2", "enter")  # typed into the scan field: the label would not scan
        assert desk.step == Step.DELIVERED_BY
        await press(pilot, desk, *"Sam Collector", "enter")  # typing replaces the presiding officer's name
        assert desk.step == Step.SEALS
        assert "Delivered by Sam Collector" in desk.banner.text
    assert rows(service, "box_receipts", box_id="2")[0]["delivered_by"] == "Sam Collector"


@async_test
async def test_a_seal_scanned_into_the_delivered_by_field_is_not_taken_for_a_name(
    service: ElectionService, clock: ManualClock
) -> None:
    close_the_poll(service, clock)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        await scan(pilot, desk, label(service, "1"))
        await press(pilot, desk, *"HE-1001", "enter")  # a keyboard-wedge scanner types where the focus is
        assert desk.step == Step.SEALS
        assert "matches box 1" in desk.banner.text
        await scan(pilot, desk, label(service, "2"))
        assert desk.banner.kind == "refused"
        assert "Finish box 1 first" in desk.banner.text
    assert rows(service, "box_receipts", box_id="1")[0]["delivered_by"] == "R. Patel"
    assert rows(service, "box_receipts", box_id="2") == []


@async_test
async def test_a_box_checked_in_at_another_terminal_meanwhile_is_let_go(
    service: ElectionService, clock: ManualClock, election_path: Path
) -> None:
    close_the_poll(service, clock)
    app = PolldayApp(service, clock, service.session_for("reception"), poll_interval=0.05)
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        await scan(pilot, desk, label(service, "1"))
        assert desk.step == Step.DELIVERED_BY
        other_terminal = ElectionService.open(election_path, clock, terminal="test-2")
        try:
            run(other_terminal, "supervisor", "box.check_in", box_id="1", delivered_by="R. Patel")
        finally:
            other_terminal.close()
        await wait_until(pilot, lambda: desk.step == Step.NEXT_BOX, "the desk to let the box go")
        assert "Box 1 was checked in at another terminal" in desk.banner.text
        assert "by Test Supervisor" in desk.banner.text


@async_test
async def test_refusals_are_shown_in_words(service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    run(service, "reception", "box.check_in", box_id="1", delivered_by="R. Patel")
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)

        await scan(pilot, desk, label(service, "1"))
        assert desk.banner.kind == "refused"
        assert "box 1 already checked in at 22:41 by Test Reception" in desk.banner.text
        assert "F5 opens it" in desk.banner.text

        await scan(pilot, desk, label(service, "99"))
        assert desk.banner.kind == "refused"
        assert "box 99 is not a box of this election" in desk.banner.text

        await scan(pilot, desk, label(service, "2", mode="official"))
        assert desk.banner.kind == "refused"
        assert "printed for the official database, not this rehearsal one" in desk.banner.text

        other = encode(PayloadKind.BOX, election_tag("another-election", "rehearsal"), "2")
        await scan(pilot, desk, other)
        assert "from another election" in desk.banner.text

        good = label(service, "2")
        await scan(pilot, desk, good[:-1] + ("A" if good[-1] != "A" else "B"))
        assert desk.banner.kind == "refused"
        assert "check character wrong" in desk.banner.text

        await scan(pilot, desk, "HE-1004")
        assert desk.banner.kind == "refused"
        assert "not a box label" in desk.banner.text

        await scan(pilot, desk, card(service, CommandCard.SEALS_INTACT))
        assert desk.banner.kind == "warning"
        assert "No seals are open" in desk.banner.text
        assert desk.step == Step.NEXT_BOX

        # F5 opens the box just refused, where its reception stopped: its seals.
        await press(pilot, desk, "f5")
        assert desk.step == Step.SEALS
        assert desk.box_id == "1"
    assert len(rows(service, "box_receipts")) == 1


@async_test
async def test_a_rehearsal_label_is_refused_in_an_official_database(tmp_path: Path, clock: ManualClock) -> None:
    official = ElectionService.create(tmp_path / "official.db", small_election(), ElectionMode.OFFICIAL,
                                      clock=clock, terminal="test-1")
    try:
        close_the_poll(official, clock)
        app = PolldayApp(official, clock, official.session_for("reception"))
        async with app.run_test() as pilot:
            desk = await open_reception(app, pilot)
            await scan(pilot, desk, label(official, "1", mode="rehearsal"))
            assert desk.banner.kind == "refused"
            assert "printed for the rehearsal database, not this official one" in desk.banner.text
            assert desk.step == Step.NEXT_BOX
            await scan(pilot, desk, label(official, "1"))
            assert desk.step == Step.DELIVERED_BY
    finally:
        official.close()


@async_test
async def test_boxes_are_not_checked_in_before_the_poll_closes(service: ElectionService, clock: ManualClock) -> None:
    run(service, "manager", "poll.open")
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        assert "The poll is not closed yet" in shown(desk, "#work-idle")
        await scan(pilot, desk, label(service, "1"))
        await press(pilot, desk, "enter")
        assert desk.banner.kind == "refused"
        assert "the poll has not been closed yet" in desk.banner.text
        assert desk.step == Step.DELIVERED_BY  # still asking: nothing was checked in
        await press(pilot, desk, "escape")
        assert desk.step == Step.NEXT_BOX
        assert isinstance(app.screen, ReceptionScreen)
        await press(pilot, desk, "escape")
        assert not isinstance(app.screen, ReceptionScreen)


@async_test
async def test_an_account_that_does_not_add_up_is_confirmed_before_it_is_recorded(
    service: ElectionService, clock: ManualClock
) -> None:
    close_the_poll(service, clock)
    receive_box_one(service, with_bpa=False)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        await scan(pilot, desk, label(service, "1"))  # refused as checked in; F5 opens it
        await press(pilot, desk, "f5")
        assert desk.step == Step.BPA_FIRST
        await press(pilot, desk, *"1470", "enter", *"800", "enter", "3", "enter", *"600", "enter",
                    *["enter"] * 7)
        assert "does not add up" in shown(desk, "#bpa-summary")
        await press(pilot, desk, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot, desk)
        assert desk.banner.kind == "warning"
        assert "BPA recorded as written: it does not add up" in desk.banner.text
        assert "papers received 1470 but issued + spoilt + unused = 1403" in desk.banner.text
    assert rows(service, "bpas", station_id="1")[0]["unused"] == 600


@async_test
async def test_a_second_keying_that_differs_goes_to_a_supervisor(service: ElectionService, clock: ManualClock) -> None:
    close_the_poll(service, clock)
    receive_box_one(service)
    app = PolldayApp(service, clock, service.session_for("supervisor"))
    async with app.run_test() as pilot:
        first_keyer = await open_reception(app, pilot, "reception")
        await press(pilot, first_keyer, "f5")
        await scan(pilot, first_keyer, "1")
        assert first_keyer.step == Step.DONE  # the first keyer is never offered the second keying
        app.pop_screen()

        desk = await open_reception(app, pilot, "supervisor")
        await press(pilot, desk, "f5")
        await scan(pilot, desk, label(service, "1"))
        assert desk.step == Step.BPA_SECOND
        assert "second time" in shown(desk, "#reception-next")
        second = dict(FIGURES, issued=810, unused=657)
        keys = [key for name in FIGURES for key in (*str(second[name]), "enter")]
        await press(pilot, desk, *keys)
        assert desk.banner.kind == "warning"
        assert "Second keying DIFFERS from the first in 2 figure(s)" in desk.banner.text
        assert "Issued to voters: 800 then 810" in desk.banner.text
        assert desk.step == Step.BPA_DIFFERENCES
        differences = shown(desk, "#work-differences")
        assert "Issued to voters" in differences and "Unused" in differences

        await press(pilot, desk, "f9")
        assert desk.step == Step.BPA_SETTLE
        assert desk.query_one("#bpa-issued", EntryField).value == ""  # the figures that differ are typed again
        assert desk.query_one("#bpa-spoilt", EntryField).value == "3"
        await press(pilot, desk, *"800", "enter", *"667", "enter")
        await press(pilot, desk, *"Checked against the paper BPA", "enter")
        assert desk.banner.kind == "accepted"
        assert "BPA settled" in desk.banner.text
        assert desk.step == Step.DONE
    agreed = rows(service, "bpas", station_id="1", keying="agreed")[0]
    assert (agreed["issued"], agreed["unused"], agreed["note"]) == (800, 667, "Checked against the paper BPA")


@async_test
async def test_a_received_box_goes_to_verification_and_its_history_shows_it(
    service: ElectionService, clock: ManualClock
) -> None:
    close_the_poll(service, clock)
    receive_box_one(service)
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        desk = await open_reception(app, pilot)
        await press(pilot, desk, "f5")
        await scan(pilot, desk, label(service, "1"))
        assert desk.step == Step.DONE
        assert "Seals, packets and BPA in order" in shown(desk, "#work-idle")
        await press(pilot, desk, "f8")
        assert "Box 1 sent to verification" in desk.banner.text
        await pilot.press("f6")
        history = app.screen
        assert isinstance(history, BoxHistoryScreen)
        await wait_until(pilot, lambda: history.is_up_to_date, "the box's history")
        timeline = as_text(history.query_one("#history-events", Static).content)
        assert "Checked in at reception: delivered by R. Patel" in timeline
        assert "Moved to verification: from reception" in timeline
        assert "Seal HE-1001 intact" in timeline
        assert "BPA keyed (first keying), issued 800" in timeline
    assert rows(service, "box_receipts", box_id="1")[0]["location"] == "verification"
