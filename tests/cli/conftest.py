from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pollday.cli import main
from pollday.domain.election import ElectionMode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.factories import POLL_OPENS, small_election


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "count.db"
    ElectionService.create(path, small_election(), ElectionMode.REHEARSAL, clock=ManualClock(POLL_OPENS)).close()
    return path


def run(*args: str, pin: str | None = None, new_pin: str | None = None) -> Result:
    env = {"POLLDAY_TERMINAL": "cli-test"}
    if pin is not None:
        env["POLLDAY_PIN"] = pin
    if new_pin is not None:
        env["POLLDAY_NEW_PIN"] = new_pin
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)
