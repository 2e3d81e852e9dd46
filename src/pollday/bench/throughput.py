"""commands_per_s: sustained command throughput, one process and eight processes on one file.

The command is `verification.count` on boxes already received (the boxes-arriving stage,
before any sign-off): cheap, always applied, and it both reads and writes, like most
commands on the night. Each command is its own durable transaction, so the floor is the
rate of bare INSERT + COMMITs with the same settings on the same disk.

Eight processes are eight terminals: each opens the file itself and they start together.
"No lost commands" means every command came back applied, the journal grew by exactly the
number of commands, every count is in the projection, and the journal chain verifies.
"""

from __future__ import annotations

import time
from functools import partial

from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.bench.elections import count_night_clock
from pollday.bench.processes import run_together, span_s
from pollday.bench.sqlite_floor import bare_writer, commits_per_s
from pollday.bench.writers import COUNTER, command_writer, count_command
from pollday.domain.ordering import natural_key
from pollday.services.election_service import ElectionService

STAGE = "boxes-arriving"
ONE_GOAL = ">= 2,000 commands/s in one process"
MANY_GOAL = "no lost commands"
ONE_FLOOR = "bare one-row INSERT + COMMIT per second, one process, same settings and folder"


def figure(ctx: BenchContext) -> figures.Figure:
    parts = {f"one_process_{scale}x": figures.attempt(partial(_one_process, ctx, scale), unit="commands/s",
                                                      goal=ONE_GOAL)
             for scale in ctx.size.scales}
    parts[f"{ctx.size.writer_processes}_processes_1x"] = figures.attempt(partial(_many_processes, ctx, 1),
                                                                         unit="commands/s", goal=MANY_GOAL)
    return figures.composite(parts, unit="commands/s", notes="verification.count on received boxes")


def received_station_boxes(service: ElectionService) -> list[str]:
    view = service.store.view()
    stations = {row["box_id"] for row in view.rows("boxes")}
    return sorted((row["box_id"] for row in view.rows("box_receipts") if row["box_id"] in stations), key=natural_key)


def _one_process(ctx: BenchContext, scale: int) -> figures.Figure:
    count = ctx.size.commands
    service = ElectionService.open(ctx.elections.copy(scale, STAGE), clock=count_night_clock(), terminal="bench-1")
    try:
        session = service.session_for(COUNTER)
        boxes = received_station_boxes(service)
        latencies = []
        started = time.perf_counter()
        for number in range(count):
            before = time.perf_counter()
            result = service.execute(session, count_command(boxes, number))
            latencies.append((time.perf_counter() - before) * 1000)
            if not result.applied:
                raise RuntimeError(f"verification.count was refused: {result.reason}")
        rate = count / (time.perf_counter() - started)
    finally:
        service.close()
    floor = commits_per_s(ctx.scratch(f"floor-throughput-x{scale}.db"), count)
    return figures.value(
        rate, unit="commands/s", n=count, floor=figures.floor_value(ONE_FLOOR, floor, "commits/s", count),
        goal=ONE_GOAL, goal_met=rate >= 2_000, command_ms=figures.spread(latencies),
        notes=f"{count} commands on the {scale}x {STAGE} election",
    )


def _many_processes(ctx: BenchContext, scale: int) -> figures.Figure:
    writers, each = ctx.size.writer_processes, ctx.size.commands_per_writer
    path = ctx.elections.copy(scale, STAGE)
    service = ElectionService.open(path, clock=count_night_clock(), terminal="bench-check")
    try:
        boxes = received_station_boxes(service)
        journal_before = service.store.journal_length()
        counts_before = service.store.view().count("verification_counts")
    finally:
        service.close()
    moment = count_night_clock().now().isoformat()
    results = run_together(command_writer, [(str(path), f"bench-{n}", moment, boxes, each)
                                            for n in range(1, writers + 1)])
    rate = writers * each / span_s(results)
    service = ElectionService.open(path, clock=count_night_clock(), terminal="bench-check")
    try:
        journaled = service.store.journal_length() - journal_before
        recorded = service.store.view().count("verification_counts") - counts_before
        chain_break = service.verify_journal()
    finally:
        service.close()
    issued = writers * each
    applied = sum(r["applied"] for r in results)
    failed = sum(r["failed"] for r in results)
    lost = issued - min(journaled, recorded, applied)
    floor = _many_bare_writers(ctx, writers, each)
    return figures.value(
        rate, unit="commands/s", n=issued,
        floor=figures.floor_value(f"{writers} processes of bare INSERT + COMMIT on one file, same settings", floor,
                                  "commits/s", issued),
        goal=MANY_GOAL, goal_met=lost == 0 and failed == 0 and chain_break is None,
        issued=issued, applied=applied, refused=sum(r["refused"] for r in results), failed=failed,
        journaled=journaled, recorded=recorded, lost=lost,
        journal_verifies=chain_break is None,
        notes=f"{writers} processes x {each} commands on one copy of the {scale}x {STAGE} election"
              + (f"; first failure: {next(r['last_error'] for r in results if r['failed'])}" if failed else ""),
    )


def _many_bare_writers(ctx: BenchContext, writers: int, each: int) -> float:
    path = ctx.scratch("floor-writers.db")
    results = run_together(bare_writer, [(str(path), f"bare-{n}", each) for n in range(1, writers + 1)])
    return sum(r["committed"] for r in results) / span_s(results)


