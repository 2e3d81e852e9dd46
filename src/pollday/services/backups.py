"""Backups: an online copy of the database, checked after it is written, keeping the last N."""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from pollday.services.election_service import ElectionService
from pollday.store.errors import StoreError

BACKUP_NAME = re.compile(r"^(?P<election>.+)-(?P<stamp>\d{8}-\d{6})-j(?P<seq>\d+)\.db$")


@dataclass(frozen=True)
class BackupReport:
    path: Path
    journal_seq: int
    kept: int
    removed: tuple[Path, ...]


def backup_name(election_id: str, at: datetime, journal_seq: int) -> str:
    return f"{election_id}-{at.strftime('%Y%m%d-%H%M%S')}-j{journal_seq}.db"


def verify_backup(path: Path) -> int:
    """Open a backup read-only in spirit, check its integrity and its journal; return its journal length."""
    service = ElectionService.open(path)
    try:
        problems = service.store.integrity_problems()
        if problems:
            raise StoreError(f"backup {path} failed SQLite's integrity check: {problems[0]}")
        chain_break = service.verify_journal()
        if chain_break is not None:
            raise StoreError(f"backup {path} does not verify: {chain_break}")
        return service.store.journal_length()
    finally:
        service.close()


def make_backup(service: ElectionService, folder: Path, keep: int = 10) -> BackupReport:
    if not folder.is_dir():
        raise StoreError(f"the backup folder {folder} does not exist (is the USB stick plugged in and mounted?)")
    if keep < 1:
        raise StoreError("keep at least one backup")
    seq, _head = service.store.journal_head()
    target = folder / backup_name(service.election()["election_id"], service.clock.now(), seq)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    service.store.backup_to(partial)
    try:
        verify_backup(partial)
    except StoreError:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)  # a backup only gets its real name once it has verified
    write_backup_status(service.store.path, service.clock.now(), target)
    removed = _prune(folder, service.election()["election_id"], keep)
    return BackupReport(target, seq, keep, removed)


def backups_in(folder: Path, election_id: str) -> list[Path]:
    """This election's backups in the folder, oldest first."""
    found = []
    for path in folder.glob("*.db"):
        match = BACKUP_NAME.match(path.name)
        if match and match["election"] == election_id:
            found.append(((match["stamp"], int(match["seq"])), path))
    return [path for _key, path in sorted(found)]


def _prune(folder: Path, election_id: str, keep: int) -> tuple[Path, ...]:
    old = backups_in(folder, election_id)[:-keep]
    for path in old:
        path.unlink()
    return tuple(old)


def restore_backup(backup: Path, target: Path) -> int:
    """Copy a verified backup to a new database file; never over an existing one."""
    if target.exists():
        raise StoreError(f"{target} already exists: restore to a new file name, then swap it in when all "
                         "terminals are closed")
    entries = verify_backup(backup)
    shutil.copyfile(backup, target)
    target.chmod(0o600)
    verify_backup(target)
    return entries


def sign_off_mark(service: ElectionService) -> tuple[int, int]:
    """Changes whenever a verification is signed off or a result declared: both call for a backup at once."""
    view = service.store.view()
    signed = sum(1 for row in view.rows("contest_verification") if row["signed_off"])
    return signed, view.count("declarations")


def backup_loop(service: ElectionService, folder: Path, keep: int, every: timedelta, stop: threading.Event,
                on_backup: Callable[[BackupReport], None], on_problem: Callable[[str], None],
                check_seconds: float = 2.0) -> None:
    """Back up every `every`, and straight after each sign-off, until `stop` is set.

    A failed backup (stick removed, disk full) is reported and retried at the next check;
    it never stops the loop or touches the election.
    """
    last_at: datetime | None = None
    last_mark: tuple[int, int] | None = None
    while not stop.is_set():
        now = service.clock.now()
        mark = sign_off_mark(service)
        if last_at is None or now - last_at >= every or mark != last_mark:
            try:
                on_backup(make_backup(service, folder, keep))
                last_at, last_mark = now, mark
            except StoreError as problem:
                write_backup_status(service.store.path, now, None, str(problem))
                on_problem(str(problem))
        stop.wait(check_seconds)


# --- backup status beside the database, for every terminal's header ------------------------

STALE_AFTER = timedelta(minutes=15)
BAD_AFTER = timedelta(minutes=60)


def status_path(db_path: Path) -> Path:
    return Path(f"{db_path}.last-backup.json")


def write_backup_status(db_path: Path, at: datetime, backup: Path | None, problem: str = "") -> None:
    """Record the last backup (or why it failed); written whole then renamed, never half-written."""
    previous = read_backup_status(db_path)
    record = {
        "last_good_at": at.isoformat() if backup else (previous.last_good_at.isoformat()
                                                       if previous and previous.last_good_at else None),
        "last_backup": str(backup) if backup else (previous.last_backup if previous else ""),
        "problem": problem,
        "checked_at": at.isoformat(),
    }
    target = status_path(db_path)
    partial = target.with_suffix(".partial")
    partial.write_text(json.dumps(record), encoding="utf-8")
    partial.replace(target)


@dataclass(frozen=True)
class BackupStatus:
    last_good_at: datetime | None
    last_backup: str
    problem: str


def read_backup_status(db_path: Path) -> BackupStatus | None:
    try:
        record = json.loads(status_path(db_path).read_text(encoding="utf-8"))
        good = record.get("last_good_at")
        return BackupStatus(datetime.fromisoformat(good) if good else None, str(record.get("last_backup", "")),
                            str(record.get("problem", "")))
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def backup_summary(status: BackupStatus | None, now: datetime) -> tuple[str, str]:
    """Header text and a level: "ok", "stale" (amber) or "bad" (red)."""
    if status is None or status.last_good_at is None:
        return "no backup yet", "stale"
    if status.problem:
        return "backup FAILED", "bad"
    minutes = int((now - status.last_good_at).total_seconds() // 60)
    text = "backed up just now" if minutes < 1 else f"backup {minutes} min ago"
    age = now - status.last_good_at
    return text, "ok" if age < STALE_AFTER else "stale" if age < BAD_AFTER else "bad"
