"""Many writers at once, and a writer killed at random moments: nothing acknowledged is lost."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pollday.domain.election import ElectionMode
from pollday.domain.journal import JournalEntry
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from tests.factories import POLL_OPENS, SETUP_ENTRIES, small_election

WRITER = """
import sys
from pathlib import Path
from pollday.services.election_service import ElectionService
path, prefix, start, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
service = ElectionService.open(path, terminal=prefix)
manager = service.session_for("manager")
for number in range(start, start + count):
    username = f"{prefix}-{number}"
    result = service.execute(manager, {"cmd": "user.add",
                                       "args": {"username": username, "full_name": "Clerk", "role": "reception"}})
    if not result.applied:
        print(f"REFUSED {username} {result.reason}", flush=True)
        sys.exit(3)
    print(f"ok {username} {result.seq}", flush=True)
"""


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "count.db"
    ElectionService.create(path, small_election(), ElectionMode.OFFICIAL, clock=ManualClock(POLL_OPENS)).close()
    return path


def writer(db_path: Path, prefix: str, start: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), prefix, str(start), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_eight_processes_apply_a_thousand_commands_each(db_path: Path) -> None:
    per_process = 1000
    procs = [writer(db_path, f"p{n}", 0, per_process) for n in range(8)]
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-2000:]
        assert out.count("\nok ") + out.startswith("ok ") == per_process
        assert "REFUSED" not in out and "locked" not in err
    service = ElectionService.open(db_path)
    assert service.store.view().count("users") == 9 + 8 * per_process
    assert service.store.journal_length() == SETUP_ENTRIES + 8 * per_process
    assert service.verify_journal() is None


def test_killed_at_random_moments_loses_nothing_acknowledged(db_path: Path, tmp_path: Path) -> None:
    rng = random.Random(20260507)
    acknowledged: set[str] = set()
    next_number = 0
    for kill in range(50):
        proc = writer(db_path, "k", next_number, 10_000)
        assert proc.stdout is not None
        for _ in range(rng.randint(0, 6)):
            line = proc.stdout.readline()
            assert line.startswith("ok "), line + (proc.stderr.read() if proc.stderr else "")
            acknowledged.add(line.split()[1])
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
        service = ElectionService.open(db_path)
        assert service.verify_journal() is None, f"after kill {kill}"
        users = {u["username"] for u in service.store.view().rows("users")}
        assert acknowledged <= users, f"after kill {kill}: lost {sorted(acknowledged - users)}"
        entries = [JournalEntry.from_json(e) for e in service.export_journal()]
        replayed = ElectionService.replay(entries, tmp_path / f"replay-{kill}.db")
        assert replayed.digest() == service.digest()
        replayed.close()
        (tmp_path / f"replay-{kill}.db").unlink()
        next_number = max((int(u.split("-")[1]) for u in users if u.startswith("k-")), default=-1) + 1
        service.close()
    assert len(acknowledged) > 50
