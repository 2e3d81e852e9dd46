"""Shared by the count, RO desk and results tests: verified elections, and driving the forms by keys.

Named test_count_* so it stays among the count tests' own files; it holds no tests itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from pollday.domain.election import ElectionDefinition, ElectionMode
from pollday.domain.roles import Power
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.services.session import Session
from pollday.tui.app import PolldayApp
from pollday.tui.screens.base import LiveScreen
from pollday.tui.widgets.outcome_panel import OutcomePanel
from tests.factories import three_seat_ward
from tests.tui.helpers import send_keys, wait_until

WARD = "local.harrowden.east-ward.2026-05-07"
C = [f"{WARD}/{n}" for n in (1, 2, 3)]
NORTH = "local.harrowden.north-ward.2026-05-07"
N = [f"{NORTH}/{n}" for n in range(1, 6)]
PINS = {"ro": "1111", "deputy": "2222"}


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def must(service: ElectionService, actor: str, raw: dict[str, Any]) -> None:
    result = service.execute(service.session_for(actor), raw)
    assert result.applied, result.reason


def verify(service: ElectionService, counts: dict[str, tuple[str, str, int]]) -> None:
    """Poll closed, boxes received, BPAs matching the counts, verification signed off."""
    must(service, "manager", cmd("poll.open"))
    must(service, "manager", cmd("poll.close"))
    for box, (station, contest, papers) in counts.items():
        must(service, "reception", cmd("box.check_in", box_id=box, delivered_by="PO"))
        must(service, "reception", cmd("bpa.record", station_id=station, contest_id=contest,
                                       ordinary_received=papers + 10, issued=papers, spoilt=0, unused=10))
        must(service, "assistant", cmd("verification.count", box_id=box, count=papers))
    for contest in {c for _s, c, _p in counts.values()}:
        must(service, "ro", cmd("verification.sign_off", contest_id=contest))


def verify_single(service: ElectionService) -> None:
    verify(service, {"1": ("1", WARD, 800), "2": ("2", WARD, 700)})


def recounted(service: ElectionService) -> None:
    """Provisional result 1; a full recount granted; provisional result 2 moves two votes."""
    verify_single(service)
    must(service, "assistant", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=1500,
                                   votes=dict(zip(C, [750, 548, 200], strict=True)), doubtful=2))
    must(service, "ro", cmd("count.adjudicate", contest_id=WARD, table_id="T1", decision="rejected", head="A"))
    must(service, "ro", cmd("count.adjudicate", contest_id=WARD, table_id="T1", decision="rejected", head="D",
                            objected=True))
    must(service, "supervisor", cmd("count.provisional", contest_id=WARD))
    must(service, "supervisor", cmd("recount.request", contest_id=WARD, requested_by="Thảo Nguyễn",
                                    capacity="candidate", scope="full"))
    must(service, "ro", cmd("recount.decide", contest_id=WARD, number=1, decision="granted", reason="close"))
    must(service, "assistant", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=1500,
                                   votes=dict(zip(C, [748, 550, 200], strict=True)), doubtful=2))
    must(service, "supervisor", cmd("count.provisional", contest_id=WARD))


@pytest.fixture
def ward_service(tmp_path: Path, clock: ManualClock) -> Iterator[ElectionService]:
    """The three-seat ward, verified with 1,000 papers."""
    service = ElectionService.create(tmp_path / "ward.db", three_seat_ward(), ElectionMode.REHEARSAL, clock=clock,
                                     terminal="test-1")
    verify(service, {"N1": ("1", NORTH, 1000)})
    yield service
    service.close()


def without_power(definition: ElectionDefinition, username: str, power: Power) -> ElectionDefinition:
    users = tuple(replace(u, powers=tuple(p for p in u.powers if p != power)) if u.username == username else u
                  for u in definition.users)
    return replace(definition, users=users)


def signed_in(app: App[Any]) -> Session:
    """The session of the terminal a test drives (every test app is built signed in)."""
    assert isinstance(app, PolldayApp) and app.session is not None
    return app.session


def app_for(service: ElectionService, clock: ManualClock, username: str) -> PolldayApp:
    return PolldayApp(service, clock, service.session_for(username))


async def show(app: PolldayApp, pilot: Pilot[None], screen: Screen[Any]) -> None:
    """Push a screen and, for a live one, wait for its first reading."""
    await app.push_screen(screen)
    if isinstance(screen, LiveScreen):
        await wait_until(pilot, lambda: screen.is_up_to_date, f"{type(screen).__name__}'s first reading")


async def settled(pilot: Pilot[None]) -> None:
    """Let a live screen finish the re-read a command started."""
    screen = pilot.app.screen
    if isinstance(screen, LiveScreen):
        shown = screen.reads_shown
        await wait_until(pilot, lambda: screen.reads_shown > shown and screen.is_up_to_date, "a fresh reading")


def fields(*values: str | None) -> list[str]:
    """The keys that fill a form from its focused field on: each value, then Enter; None keeps what the
    field holds. A field selects its text when it takes the focus, so typing replaces it (a key bound
    to clearing, such as ctrl+u, would be applied late in a burst, to whichever field has the focus by
    then). Enter on the last field records."""
    keys: list[str] = []
    for value in values:
        keys += [*(value or ""), "enter"]
    return keys


FORM_PANELS = "#form-outcome, #decision-outcome"


async def open_modal(pilot: Pilot[None], key: str, modal: type[Screen[Any]]) -> Screen[Any]:
    """Press the key that opens a form or a decision, and wait until it takes keys."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, modal) and pilot.app.screen.is_mounted,
                     f"the {modal.__name__}")
    await pilot.pause()
    return pilot.app.screen


async def answer_to(pilot: Pilot[None], desk_panel: str, *keys: str) -> OutcomePanel:
    """Send keys (to a form or decision that is open) and wait for the services' answer.

    Applied: the form closes and the desk's panel says so. Refused: the form stays open and
    its own panel gives the reason. Whichever panel answered is returned.
    """
    app = pilot.app
    desk = app.screen_stack[-2] if len(app.screen_stack) > 1 else app.screen
    if not desk.query(desk_panel):
        desk = app.screen
    desk.query_one(desk_panel, OutcomePanel).clear()
    for panel in app.screen.query(FORM_PANELS).results(OutcomePanel):
        panel.clear()  # a refusal from an earlier try must not pass for the answer to this one
    await send_keys(pilot, *keys)

    def form_refusal() -> OutcomePanel | None:
        return next((p for p in app.screen.query(FORM_PANELS).results(OutcomePanel) if p.kind == "refused"), None)

    def answered() -> bool:
        # The desk's panel answers once the form closed, even if the desk then opened another screen on top.
        return form_refusal() is not None or desk.query_one(desk_panel, OutcomePanel).kind in ("applied", "refused")

    await wait_until(pilot, answered, f"the answer to {keys!r}")
    return form_refusal() or desk.query_one(desk_panel, OutcomePanel)


def text_of(app: PolldayApp, selector: str) -> str:
    content = app.screen.query_one(selector, Static).content
    return getattr(content, "plain", str(content))


@asynccontextmanager
async def terminal(service: ElectionService, clock: ManualClock, username: str,
                   size: tuple[int, int] = (100, 40)) -> AsyncIterator[tuple[PolldayApp, Pilot[None]]]:
    """One user at one terminal, for one stretch of the count."""
    app = app_for(service, clock, username)
    async with app.run_test(size=size) as pilot:
        yield app, pilot
