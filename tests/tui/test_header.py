"""The header: election, mode, who, where, scanner and the clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pollday.domain.election import ElectionMode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.tui.app import PolldayApp
from tests.factories import small_election
from tests.tui.helpers import async_test, shown_text, wait_until


@async_test
async def test_the_header_names_the_election_mode_user_and_terminal(
    service: ElectionService, clock: ManualClock
) -> None:
    app = PolldayApp(service, clock, service.session_for("deputy"))
    async with app.run_test():
        assert shown_text(app, "#mode-badge").strip() == "REHEARSAL"
        assert shown_text(app, "#election-name") == "Harrowden East ward by-election"
        assert shown_text(app, "#signed-in") == "Test Deputy, Deputy Returning Officer"
        assert shown_text(app, "#terminal") == "terminal test-1"
        assert shown_text(app, "#scanner") == "no scanner"
        assert shown_text(app, "#clock") == "07:00:00"  # 06:00 UTC is 07:00 on a UK wall in May


@async_test
async def test_an_official_database_says_official(tmp_path: Path, clock: ManualClock) -> None:
    service = ElectionService.create(tmp_path / "o.db", small_election(), ElectionMode.OFFICIAL, clock=clock,
                                     terminal="test-1")
    try:
        app = PolldayApp(service, clock)
        async with app.run_test():
            assert shown_text(app, "#mode-badge").strip() == "OFFICIAL"
    finally:
        service.close()


@async_test
async def test_the_scanner_status_follows_the_app(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock, service.session_for("reception"))
    async with app.run_test() as pilot:
        app.scanner_status = "scanner ready"
        await pilot.pause()
        assert shown_text(app, "#scanner") == "scanner ready"


@async_test
async def test_the_clock_follows_the_injected_clock(service: ElectionService, clock: ManualClock) -> None:
    app = PolldayApp(service, clock)
    async with app.run_test() as pilot:
        clock.advance(timedelta(hours=15, minutes=41))
        await wait_until(pilot, lambda: shown_text(app, "#clock") == "22:41:00", "the clock's next tick")


@async_test
async def test_the_header_shows_how_old_the_last_backup_is(service: ElectionService, clock: ManualClock,
                                                           tmp_path: Path) -> None:
    from pollday.services.backups import make_backup

    folder = tmp_path / "usb"
    folder.mkdir()
    make_backup(service, folder)
    app = PolldayApp(service, clock, service.session_for("ro"))
    async with app.run_test() as pilot:
        await pilot.pause()
        assert shown_text(app, "#backup").strip() == "backed up just now"
        assert app.backup_level == "ok"
