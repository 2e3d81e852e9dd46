"""Snapshots of the count screen, the adjudication queue and the results screen (frozen clock, fixed terminal).

Update after a deliberate change of look with `pytest tests/tui/test_count_snapshots.py --snapshot-update`,
and look at the SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from pollday.tui.screens.base import LiveScreen
from pollday.tui.screens.count import CountScreen
from pollday.tui.screens.results import ResultsScreen
from pollday.tui.screens.ro_adjudication import AdjudicationScreen
from tests.tui.helpers import wait_until
from tests.tui.test_count_support import WARD, C, cmd, must, recounted, signed_in, verify_single

SnapCompare = Callable[..., bool]


def pushing(make: Callable[[PolldayApp], Screen[Any]]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, PolldayApp)
        screen = make(app)
        await app.push_screen(screen)
        if isinstance(screen, LiveScreen):
            await wait_until(pilot, lambda: screen.is_up_to_date, "the screen's reading")
        await app.workers.wait_for_complete()  # a reading can start follow-up reads; snapshot only when all are in
        await pilot.pause()

    return run_before


def tables_keyed(service: ElectionService) -> None:
    """T1 keyed twice with a difference, T2 with doubtful papers: the gate has things to say."""
    verify_single(service)
    must(service, "assistant", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=800,
                                   votes=dict(zip(C, [400, 300, 97], strict=True)), doubtful=3))
    must(service, "supervisor", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=800,
                                    votes=dict(zip(C, [400, 301, 96], strict=True)), doubtful=3, keying="second"))
    must(service, "assistant", cmd("count.record_table", contest_id=WARD, table_id="T2", papers_given=700,
                                   votes=dict(zip(C, [350, 250, 99], strict=True)), doubtful=1))


def test_count_screen(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    tables_keyed(service)
    app = PolldayApp(service, clock, service.session_for("supervisor"))
    assert snap_compare(app, run_before=pushing(lambda a: CountScreen(signed_in(a))))


def test_adjudication_queue(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    tables_keyed(service)
    must(service, "supervisor", cmd("count.resolve_table", contest_id=WARD, table_id="T1", papers_given=800,
                                    votes=dict(zip(C, [400, 300, 97], strict=True)), doubtful=3, reason="re-added"))
    must(service, "ro", cmd("count.adjudicate", contest_id=WARD, table_id="T1", decision="rejected", head="D",
                            objected=True))
    app = PolldayApp(service, clock, service.session_for("ro"))
    assert snap_compare(app, run_before=pushing(lambda a: AdjudicationScreen(signed_in(a), WARD)))


def test_results_screen(snap_compare: SnapCompare, service: ElectionService, clock: ManualClock) -> None:
    recounted(service)
    app = PolldayApp(service, clock, service.session_for("observer"))
    assert snap_compare(app, run_before=pushing(lambda _a: ResultsScreen(WARD)), terminal_size=(120, 40))
