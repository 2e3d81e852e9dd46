from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pollday.domain.election import ElectionMode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.conftest import DemoCopy
from tests.factories import POLL_OPENS, small_election

GENERATED_AT = datetime(2026, 5, 7, 21, 41, tzinfo=UTC)  # 22:41 BST


@pytest.fixture(scope="session")
def demo_service(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Iterator[ElectionService]:
    """The rehearsal demo at set-up (60 + 5 boxes, 15 users)."""
    service = ElectionService.open(demo_copy("setup", tmp_path_factory.mktemp("demo") / "demo.db"))
    yield service
    service.close()


@pytest.fixture
def official_service(tmp_path: Path) -> Iterator[ElectionService]:
    service = ElectionService.create(tmp_path / "official.db", small_election(), ElectionMode.OFFICIAL,
                                     clock=ManualClock(POLL_OPENS))
    yield service
    service.close()
