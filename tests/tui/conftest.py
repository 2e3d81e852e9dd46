"""A fresh rehearsal election per test, on a fixed clock and a fixed terminal name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pollday.domain.election import ElectionMode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.factories import POLL_OPENS, small_election


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(POLL_OPENS)


@pytest.fixture
def election_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def service(election_path: Path, clock: ManualClock) -> Iterator[ElectionService]:
    service = ElectionService.create(election_path, small_election(), ElectionMode.REHEARSAL, clock=clock,
                                     terminal="test-1")
    yield service
    service.close()
