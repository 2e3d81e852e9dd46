"""The SQLite floor: a bare one-row INSERT + COMMIT with pollday's durability settings.

Same journal mode (WAL), synchronous=FULL, BEGIN IMMEDIATE and busy timeout as
`pollday.store.database`, in the same folder (so on the same disk) as the election
files. Nothing pollday does per command can be cheaper than this, so it is the floor of
the scan, command and replay figures. The settings are read from the store module so
the floor follows it if they ever change.
"""

from __future__ import annotations

import sqlite3
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from pollday.store.database import BUSY_TIMEOUT_MS

_ROW = "x" * 200  # about the size of a journal entry's command text


class FloorDatabase:
    """A scratch SQLite file set up exactly as pollday sets up an election database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        self._conn.execute("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, writer TEXT, body TEXT)")

    def settings(self) -> dict[str, Any]:
        return {
            "journal_mode": self._conn.execute("PRAGMA journal_mode").fetchone()[0],
            "synchronous": {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[
                self._conn.execute("PRAGMA synchronous").fetchone()[0]],
        }

    def commit_once(self, writer: str = "bench") -> float:
        """One transaction of one row; returns its time in milliseconds."""
        started = time.perf_counter()
        self._conn.execute("BEGIN IMMEDIATE")
        self._conn.execute("INSERT INTO floor (writer, body) VALUES (?, ?)", (writer, _ROW))
        self._conn.execute("COMMIT")
        return (time.perf_counter() - started) * 1000

    def rows(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM floor").fetchone()[0])

    def close(self) -> None:
        self._conn.close()


def commit_latencies(path: Path, count: int) -> tuple[list[float], dict[str, Any]]:
    floor = FloorDatabase(path)
    try:
        floor.commit_once()  # the first commit also creates the WAL file
        return [floor.commit_once() for _ in range(count)], floor.settings()
    finally:
        floor.close()


def commits_per_s(path: Path, count: int) -> float:
    """Sustained bare commits per second in one process."""
    floor = FloorDatabase(path)
    try:
        floor.commit_once()
        started = time.perf_counter()
        for _ in range(count):
            floor.commit_once()
        return count / (time.perf_counter() - started)
    finally:
        floor.close()


def bare_writer(path: str, writer: str, count: int, ready: Queue[Any], start: Event, results: Queue[Any]) -> None:
    """One of several processes committing bare rows into one file (see processes.run_together)."""
    try:
        floor = FloorDatabase(Path(path))
    except Exception as error:
        ready.put(writer)
        results.put({"error": f"{writer}: {type(error).__name__}: {error}"})
        return
    ready.put(writer)
    start.wait()
    started = time.perf_counter()
    failures = 0
    for _ in range(count):
        try:
            floor.commit_once(writer)
        except sqlite3.OperationalError:
            failures += 1
    finished = time.perf_counter()
    floor.close()
    results.put({"writer": writer, "committed": count - failures, "failed": failures, "started": started,
                 "finished": finished})
