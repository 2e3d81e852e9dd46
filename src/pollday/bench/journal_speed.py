"""replay_cmds_per_s and journal_verify_entries_per_s, on the demo election after the night's work.

Replay re-decides every journaled command into a new database, one transaction per
entry as `ElectionService.replay` does, so its floor is the bare commit rate on the same
disk. Beside it, `domain_only_per_s` re-decides the same entries into the in-memory
reference state (no SQLite at all): where the time goes when the floor is far above.

Verification walks the hash chain; its floor reads the same rows with one SELECT and
computes the same three SHA-256 digests per entry, without building any objects.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import statistics
import time
from datetime import datetime
from functools import partial
from pathlib import Path

from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.bench.sqlite_floor import commits_per_s
from pollday.domain.commands import CommandContext
from pollday.domain.engine import decide
from pollday.domain.journal import JournalEntry
from pollday.domain.roles import Role
from pollday.domain.state import MemoryState
from pollday.services.election_service import ElectionService
from pollday.store.database import Store

REPLAY_GOAL = ">= 20,000 commands/s"


def replay_figure(ctx: BenchContext) -> figures.Figure:
    return figures.composite({f"{scale}x": figures.attempt(partial(_replay, ctx, scale), unit="commands/s",
                                                           goal=REPLAY_GOAL)
                              for scale in ctx.size.scales}, unit="commands/s", goal=REPLAY_GOAL)


def verify_figure(ctx: BenchContext) -> figures.Figure:
    return figures.composite({f"{scale}x": figures.attempt(partial(_verify, ctx, scale), unit="entries/s")
                              for scale in ctx.size.scales}, unit="entries/s")


def _entries(path: Path) -> list[JournalEntry]:
    store = Store.open(path)
    try:
        return list(store.journal_entries())
    finally:
        store.close()


def _replay(ctx: BenchContext, scale: int) -> figures.Figure:
    election = ctx.elections.get(scale, ctx.size.late_stage)
    entries = _entries(election.path)[: ctx.size.replay_entries]
    started = time.perf_counter()
    ElectionService.replay(entries, ctx.scratch(f"replay-x{scale}.db")).close()
    rate = len(entries) / (time.perf_counter() - started)
    commits = min(len(entries), ctx.size.commands)
    floor = commits_per_s(ctx.scratch(f"floor-replay-x{scale}.db"), commits)
    return figures.value(
        rate, unit="commands/s", n=len(entries),
        floor=figures.floor_value("bare INSERT + COMMIT per second (replay commits each entry on its own)", floor,
                                  "commits/s", commits),
        goal=REPLAY_GOAL, goal_met=rate >= 20_000, domain_only_per_s=figures.rounded(_domain_only_rate(entries)),
        notes=f"{_which(len(entries), election.journal_entries)} of the {scale}x {election.stage} election into a new "
              "database; every hash reproduced",
    )


def _which(replayed: int, journaled: int) -> str:
    return f"the journal ({journaled:,} entries)" if replayed == journaled else \
        f"the first {replayed:,} of the {journaled:,} journal entries"


def _domain_only_rate(entries: list[JournalEntry]) -> float:
    state = MemoryState()
    started = time.perf_counter()
    for entry in entries:
        context = CommandContext(datetime.fromisoformat(entry.at), entry.actor,
                                 Role(entry.role) if entry.role else None, entry.terminal)
        decision = decide(json.loads(entry.command), context, state)
        if decision.applied:
            state.apply(decision.changes)
    return len(entries) / (time.perf_counter() - started)


def _verify(ctx: BenchContext, scale: int) -> figures.Figure:
    election = ctx.elections.get(scale, ctx.size.late_stage)
    repeats = max(3, ctx.size.document_repeats)
    store = Store.open(election.path)
    service = ElectionService(store)
    try:
        entries = store.journal_length()
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            problem = service.verify_journal()
            times.append(time.perf_counter() - started)
            if problem is not None:
                raise RuntimeError(f"the demo journal does not verify: {problem}")
    finally:
        store.close()
    floor_times = [_hash_rows(election.path) for _ in range(repeats)]
    return figures.value(
        entries / statistics.median(times), unit="entries/s", n=entries,
        floor=figures.floor_value("one SELECT of the journal and three SHA-256 per entry, no objects",
                                  entries / statistics.median(floor_times), "entries/s", entries),
        notes=f"the journal of the {scale}x {election.stage} election, median of {repeats} walks",
    )


def _hash_rows(path: Path) -> float:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        started = time.perf_counter()
        rows = conn.execute("SELECT seq, at, actor, role, terminal, command, outcome, reason, prev_hash, hash "
                            "FROM journal ORDER BY seq").fetchall()
        for row in rows:
            command = hashlib.sha256(row[5].encode()).hexdigest()
            reason = hashlib.sha256(row[7].encode()).hexdigest()
            hashlib.sha256("|".join((*map(str, row[:5]), command, row[6], reason, row[8])).encode()).hexdigest()
        return time.perf_counter() - started
    finally:
        conn.close()
