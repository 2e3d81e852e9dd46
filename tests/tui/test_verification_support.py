"""For the verification desk tests (no tests here): a combined election ready to verify; driving the desk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from pollday.domain.election import ElectionMode
from pollday.domain.payloads import PayloadKind, election_tag, encode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.verification import VerificationScreen
from pollday.tui.screens.verification_widgets import AccountsTable, VerdictPanel
from tests.factories import TEST_USERS, combined_election
from tests.tui.helpers import send_keys, wait_until

WARD = "local.harrowden.east-ward.2026-05-07"
PCC = "pcc.harrowdenshire.2026-05-07"
# BPA papers issued per (station, contest): what each account expects to find.
ISSUED = {("1", WARD): 800, ("2", WARD): 700, ("1", PCC): 810, ("2", PCC): 900}
POSTAL_PAPERS = 412


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def run(service: ElectionService, username: str, command: dict[str, Any]) -> None:
    result = service.execute(service.session_for(username), command)
    assert result.applied, result.reason


def combined_ready_to_verify(path: Path, clock: ManualClock) -> ElectionService:
    """Two stations in one hall, each with a ward box and a PCC box, plus postal box PV1 for the ward."""
    service = ElectionService.create(path, combined_election(), ElectionMode.REHEARSAL, clock=clock,
                                     terminal="test-1")
    run(service, "manager", cmd("poll.open"))
    run(service, "manager", cmd("poll.close"))
    for box in ("1", "2", "1P", "2P"):
        run(service, "reception", cmd("box.check_in", box_id=box, delivered_by="PO"))
    for (station, contest), issued in ISSUED.items():
        run(service, "reception", cmd("bpa.record", station_id=station, contest_id=contest,
                                      ordinary_received=issued + 30, issued=issued, spoilt=2, unused=28))
    run(service, "postal", cmd("postal_box.register", box_id="PV1", contest_id=WARD, session="Session 1",
                               papers_placed=POSTAL_PAPERS))
    run(service, "reception", cmd("box.check_in", box_id="PV1", delivered_by="postal team"))
    return service


def label(service: ElectionService, kind: PayloadKind, body: str) -> str:
    """What a scanner reads off a label printed for this (rehearsal) election."""
    return encode(kind, election_tag(service.election()["election_id"], "rehearsal"), body)


def box_label(service: ElectionService, box_id: str) -> str:
    return label(service, PayloadKind.BOX, box_id)


def pin_of(username: str) -> str:
    return TEST_USERS[username][2]


def desk(app: PolldayApp) -> VerificationScreen:
    screen = app.screen
    assert isinstance(screen, VerificationScreen)
    return screen


async def open_desk(pilot: Pilot[None]) -> VerificationScreen:
    app = pilot.app
    assert isinstance(app, PolldayApp) and app.session is not None
    screen = VerificationScreen(app.session)
    await app.push_screen(screen)
    await wait_until(pilot, lambda: screen.is_up_to_date, "the verification desk's first reading")
    return screen


async def settled(pilot: Pilot[None], screen: VerificationScreen) -> None:
    """Wait until every queued command has answered and the table shows what they did."""
    await wait_until(pilot, lambda: not screen.busy and screen.is_up_to_date and pilot.app.screen is screen,
                     "the desk to settle")
    await pilot.pause()


async def count_box(pilot: Pilot[None], screen: VerificationScreen, box: str, count: str) -> VerdictPanel:
    # Sent as one burst, as a fast typist over SSH would: also checks each count stays with its box.
    await send_keys(pilot, *box, "enter", *count, "enter")
    await settled(pilot, screen)
    return verdict(screen)


def verdict(screen: VerificationScreen) -> VerdictPanel:
    return screen.query_one("#vf-verdict", VerdictPanel)


def row_of(screen: VerificationScreen, account_id: str) -> list[str]:
    """The table's cells for an account, as plain text."""
    table = screen.query_one("#vf-accounts", AccountsTable)
    return [str(cell) for cell in table.get_row(account_id)]

