"""Snapshots of the verification desk on a frozen clock and the fixed terminal name "test-1".

Update after a deliberate change of look with `pytest tests/tui/test_verification_snapshots.py
--snapshot-update`, and look at the SVGs in tests/tui/__snapshots__/ before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from tests.tui.test_verification_support import (
    PCC,
    WARD,
    cmd,
    combined_ready_to_verify,
    count_box,
    open_desk,
    run,
    settled,
)

SnapCompare = Callable[..., bool]


@pytest.fixture
def combined(election_path: Path, clock: ManualClock) -> Iterator[ElectionService]:
    service = combined_ready_to_verify(election_path, clock)
    yield service
    service.close()


def counting(*counts: tuple[str, str]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Open the desk, count these boxes, and hold still for the picture."""

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_desk(pilot)
        for box, count in counts:
            await count_box(pilot, screen, box, count)
        for field in screen.query(Input):
            field.cursor_blink = False
        await settled(pilot, screen)

    return run_before


def test_verification_desk_with_a_variance(
    snap_compare: SnapCompare, combined: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(combined, clock, combined.session_for("assistant"))
    assert snap_compare(app, run_before=counting(("PV1", "412"), ("1", "802")), terminal_size=(80, 24))


def test_verification_desk_signed_off_wide(
    snap_compare: SnapCompare, combined: ElectionService, clock: ManualClock
) -> None:
    for box, count in (("1", 800), ("2", 700), ("PV1", 412), ("1P", 812), ("1P", 811), ("1P", 811), ("2P", 900)):
        run(combined, "assistant", cmd("verification.count", box_id=box, count=count))
    run(combined, "ro", cmd("verification.sign_off", contest_id=WARD))
    run(combined, "ro", cmd("verification.sign_off", contest_id=PCC))
    app = PolldayApp(combined, clock, combined.session_for("ro"))
    assert snap_compare(app, run_before=counting(), terminal_size=(120, 40))
