"""The store against real SQLite files: opening faults, durability settings, tampering, concurrency."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pollday.domain.election import ElectionMode
from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.store.database import Store
from pollday.store.errors import DatabaseReadOnly, NewerDatabase, NotAPolldayDatabase, StoreError
from pollday.store.schema import SCHEMA_VERSION
from tests.factories import POLL_OPENS, SETUP_ENTRIES, small_election


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "count.db"
    service = ElectionService.create(path, small_election(), ElectionMode.OFFICIAL, clock=ManualClock(POLL_OPENS))
    manager = service.session_for("manager")
    service.execute(manager, {"cmd": "poll.open", "args": {}})
    service.execute(manager, {"cmd": "poll.open", "args": {}})  # refused, journaled
    service.close()
    return path


def test_new_database_is_wal_full_sync_owner_only(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    store = Store.open(db_path)
    assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.integrity_problems() == []


def test_refused_commands_are_journaled(db_path: Path) -> None:
    entries = list(Store.open(db_path).journal_entries())
    assert [e.outcome for e in entries] == ["applied"] * (SETUP_ENTRIES + 1) + ["refused"]
    assert entries[-1].reason == "the poll was already opened at 07:00"
    assert entries[-1].actor == "manager" and entries[-1].role == "elections_manager"


@pytest.mark.parametrize(("column", "value"), [
    ("command", '{"args":{},"cmd":"poll.close"}'),
    ("actor", "ro"),
    ("at", "2026-05-07T06:00:01+00:00"),
    ("reason", "x"),
    ("hash", "0" * 64),
    ("prev_hash", "f" * 64),
])
def test_editing_a_journal_row_in_the_file_is_caught_and_named(db_path: Path, column: str, value: str) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"UPDATE journal SET [{column}] = ? WHERE seq = 2", (value,))
    conn.commit()
    conn.close()
    problem = ElectionService.open(db_path).verify_journal()
    assert problem is not None and problem.seq == 2


def test_deleting_the_last_row_is_caught(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    last = SETUP_ENTRIES + 2
    conn.execute("DELETE FROM journal WHERE seq = ?", (last,))
    conn.commit()
    problem = ElectionService.open(db_path).verify_journal()
    assert problem is not None and problem.seq == last


def test_not_a_database(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("polling station 14 keys are with the caretaker\n" * 50)
    with pytest.raises(NotAPolldayDatabase, match="is not a pollday database"):
        Store.open(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(NotAPolldayDatabase, match="an SQLite file but not a pollday database"):
        Store.open(other)
    (tmp_path / "empty.db").touch()
    with pytest.raises(NotAPolldayDatabase, match="empty file"):
        Store.open(tmp_path / "empty.db")
    with pytest.raises(StoreError, match="there is no database at"):
        Store.open(tmp_path / "missing.db")


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(NewerDatabase, match="newer pollday"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_create_refuses_to_overwrite(db_path: Path) -> None:
    with pytest.raises(StoreError, match="already exists"):
        Store.create(db_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_gives_a_clear_error(db_path: Path) -> None:
    db_path.chmod(0o400)
    with pytest.raises((DatabaseReadOnly, StoreError), match="read-only"):
        service = ElectionService.open(db_path)
        service.execute(service.session_for("manager"), {"cmd": "poll.close", "args": {}})


def test_read_only_store_write_is_explained(db_path: Path) -> None:
    service = ElectionService.open(db_path)
    service.store._conn.execute("PRAGMA query_only = 1")
    with pytest.raises(DatabaseReadOnly, match="nothing was saved"):
        service.execute(service.session_for("manager"), {"cmd": "poll.close", "args": {}})
    service.store._conn.execute("PRAGMA query_only = 0")
    assert service.verify_journal() is None
    assert service.store.journal_length() == SETUP_ENTRIES + 2


WRITER = """
import sys
from pathlib import Path
from pollday.services.election_service import ElectionService
service = ElectionService.open(Path(sys.argv[1]), terminal=sys.argv[2])
session = service.session_for("manager")
for n in range(int(sys.argv[3])):
    result = service.execute(session, {"cmd": "user.reactivate", "args": {"username": "ro"}})
    assert not result.applied, result
print("done")
"""


def test_two_processes_write_concurrently_without_losing_or_locking(db_path: Path) -> None:
    per_process = 150
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), f"term-{n}", str(per_process)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.strip() == "done"
    service = ElectionService.open(db_path)
    assert service.store.journal_length() == SETUP_ENTRIES + 2 + 2 * per_process
    assert service.verify_journal() is None
    terminals = {e.terminal for e in service.store.journal_entries()}
    assert {"term-0", "term-1"} <= terminals


def test_a_schema_1_database_with_data_is_migrated_in_place(db_path: Path) -> None:
    from pollday.domain.records import PROJECTIONS

    digest_before = ElectionService.open(db_path).digest()
    conn = sqlite3.connect(db_path)
    for spec in PROJECTIONS:
        if spec.since_schema > 1:
            conn.execute(f"DROP TABLE [{spec.name}]")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    service = ElectionService.open(db_path)
    assert set(service.store.table_names()) >= {spec.name for spec in PROJECTIONS}
    assert sqlite3.connect(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert service.digest() == digest_before
    assert service.verify_journal() is None
