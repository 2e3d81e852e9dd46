from __future__ import annotations

import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from pollday.domain.election import ElectionMode
from pollday.services.backups import backups_in, make_backup, restore_backup
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.store.errors import StoreError
from tests.cli.conftest import run
from tests.factories import POLL_OPENS, SETUP_ENTRIES, small_election


@pytest.fixture
def service(tmp_path: Path) -> ElectionService:
    return ElectionService.create(tmp_path / "count.db", small_election(), ElectionMode.OFFICIAL,
                                  clock=ManualClock(POLL_OPENS))


def test_backup_is_verified_owner_only_and_the_last_n_are_kept(service: ElectionService, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    manager = service.session_for("manager")
    reports = []
    for _ in range(4):
        service.execute(manager, {"cmd": "user.reactivate", "args": {"username": "ro"}})  # refused: a journal entry
        assert isinstance(service.clock, ManualClock)
        service.clock.advance(timedelta(minutes=5))
        reports.append(make_backup(service, folder, keep=3))
    assert [p.name for p in backups_in(folder, "harrowden-test")] == [r.path.name for r in reports[1:]]
    assert reports[-1].removed == (reports[0].path,)
    latest = reports[-1].path
    assert stat.S_IMODE(latest.stat().st_mode) == 0o600
    assert not list(folder.glob("*.partial")) and not list(folder.glob("*-wal"))
    copy = ElectionService.open(latest)
    assert copy.digest() == service.digest() and copy.store.journal_length() == SETUP_ENTRIES + 4


def test_restore_goes_to_a_new_file_only(service: ElectionService, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    report = make_backup(service, folder)
    with pytest.raises(StoreError, match="already exists"):
        restore_backup(report.path, service.store.path)
    restored = tmp_path / "restored.db"
    assert restore_backup(report.path, restored) == SETUP_ENTRIES
    assert ElectionService.open(restored).digest() == service.digest()


def test_a_tampered_database_does_not_become_a_backup(service: ElectionService, tmp_path: Path) -> None:
    conn = sqlite3.connect(service.store.path)
    conn.execute("UPDATE journal SET actor = 'mallory' WHERE seq = 1")
    conn.commit()
    conn.close()
    folder = tmp_path / "usb"
    folder.mkdir()
    with pytest.raises(StoreError, match="does not verify: journal entry 1"):
        make_backup(service, folder)
    assert list(folder.iterdir()) == []


def test_backup_cli_messages(service: ElectionService, tmp_path: Path) -> None:
    missing = run("backup", "--db", service.store.path, "--to", tmp_path / "no-stick")
    assert missing.exit_code == 2 and "is the USB stick plugged in" in missing.output
    folder = tmp_path / "usb"
    folder.mkdir()
    made = run("backup", "--db", service.store.path, "--to", folder)
    assert made.exit_code == 0 and "verified" in made.output
    backup = next(folder.glob("*.db"))
    restored = run("restore", "--from", backup, "--db", tmp_path / "new.db")
    assert restored.exit_code == 0 and f"{SETUP_ENTRIES} journal entries, verified" in restored.output


def test_the_loop_backs_up_on_time_and_after_a_sign_off(tmp_path: Path) -> None:
    import threading

    from pollday.services.backups import backup_loop

    service = ElectionService.create(tmp_path / "count.db", small_election(), ElectionMode.OFFICIAL,
                                     clock=ManualClock(POLL_OPENS))
    folder = tmp_path / "usb"
    folder.mkdir()
    made: list[Path] = []
    problems: list[str] = []
    stop = threading.Event()
    first, second, third = threading.Event(), threading.Event(), threading.Event()

    def on_backup(report: object) -> None:
        made.append(report.path)  # type: ignore[attr-defined]
        (first if len(made) == 1 else second if len(made) == 2 else third).set()

    loop = threading.Thread(target=backup_loop, args=(service, folder, 5, timedelta(minutes=5), stop, on_backup,
                                                      problems.append, 0.01))
    loop.start()
    try:
        assert first.wait(10)  # straight away
        assert isinstance(service.clock, ManualClock)
        service.clock.advance(timedelta(minutes=5))
        assert second.wait(10)  # on time
        for command in ({"cmd": "poll.open", "args": {}}, {"cmd": "poll.close", "args": {}}):
            service.execute(service.session_for("manager"), command)
        for box, papers in (("1", 800), ("2", 700)):
            for actor, command in (
                ("reception", {"cmd": "box.check_in", "args": {"box_id": box, "delivered_by": "PO"}}),
                ("reception", {"cmd": "bpa.record", "args": {"station_id": box, "contest_id": WARD,
                                                             "ordinary_received": papers, "issued": papers,
                                                             "spoilt": 0, "unused": 0}}),
                ("assistant", {"cmd": "verification.count", "args": {"box_id": box, "count": papers}}),
            ):
                assert service.execute(service.session_for(actor), command).applied
        assert service.execute(service.session_for("ro"), {"cmd": "verification.sign_off",
                                                           "args": {"contest_id": WARD}}).applied
        assert third.wait(10)  # after the sign-off, without waiting five minutes
    finally:
        stop.set()
        loop.join(10)
    assert problems == [] and len({p.name for p in made}) == 3


WARD = "local.harrowden.east-ward.2026-05-07"


def test_the_status_beside_the_database_tells_every_terminal_how_old_the_backup_is(tmp_path: Path) -> None:
    from pollday.services.backups import backup_summary, read_backup_status, write_backup_status

    service = ElectionService.create(tmp_path / "count.db", small_election(), ElectionMode.OFFICIAL,
                                     clock=ManualClock(POLL_OPENS))
    assert read_backup_status(service.store.path) is None
    assert backup_summary(None, POLL_OPENS) == ("no backup yet", "stale")
    folder = tmp_path / "usb"
    folder.mkdir()
    report = make_backup(service, folder)
    status = read_backup_status(service.store.path)
    assert status is not None and status.last_backup == str(report.path) and status.problem == ""
    assert backup_summary(status, POLL_OPENS) == ("backed up just now", "ok")
    assert backup_summary(status, POLL_OPENS + timedelta(minutes=20)) == ("backup 20 min ago", "stale")
    assert backup_summary(status, POLL_OPENS + timedelta(minutes=61)) == ("backup 61 min ago", "bad")
    write_backup_status(service.store.path, POLL_OPENS + timedelta(minutes=5), None, "the USB stick is missing")
    failed = read_backup_status(service.store.path)
    assert failed is not None and failed.last_good_at == POLL_OPENS and failed.last_backup == str(report.path)
    assert backup_summary(failed, POLL_OPENS + timedelta(minutes=5)) == ("backup FAILED", "bad")
