"""Several worker processes that start their measured work at the same moment.

Each worker sets itself up (imports, opening the database), says it is ready, waits for
the common start signal, works, and sends back a dict. Set-up time is left out of the
figure, as it would be for terminals that have been open all evening. Workers are
started with "spawn", so they share nothing with the bench process but the file.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Sequence
from typing import Any

READY_TIMEOUT_S = 120.0  # a worker importing pollday on a loaded two-core machine: seconds, not minutes
WORK_TIMEOUT_S = 600.0

Worker = Callable[..., None]


class WorkersFailed(Exception):
    pass


def run_together(worker: Worker, arguments: Sequence[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Run `worker(*args, ready, start, results)` in one process per entry of `arguments`.

    `worker` must be a module-level function (spawned children import it by name). It puts
    anything on `ready` once set up, waits on the `start` event, then puts one dict on
    `results`. Returns the dicts in the order the workers finished.
    """
    context = multiprocessing.get_context("spawn")
    ready = context.Queue()
    results = context.Queue()
    start = context.Event()
    workers = [context.Process(target=worker, args=(*args, ready, start, results), daemon=True) for args in arguments]
    for process in workers:
        process.start()
    try:
        for _ in workers:
            try:
                ready.get(timeout=READY_TIMEOUT_S)
            except queue.Empty:
                raise WorkersFailed(f"a worker was not ready within {READY_TIMEOUT_S:.0f} s") from None
        start.set()
        collected = []
        for _ in workers:
            try:
                collected.append(results.get(timeout=WORK_TIMEOUT_S))
            except queue.Empty:
                raise WorkersFailed(f"a worker did not finish within {WORK_TIMEOUT_S:.0f} s") from None
    finally:
        for process in workers:
            process.join(timeout=10)
            if process.is_alive():  # only our own children, and only after they failed to finish
                process.terminate()
                process.join(timeout=5)
    errors = [result["error"] for result in collected if "error" in result]
    if errors:
        raise WorkersFailed("; ".join(errors[:3]))
    return collected


def span_s(results: Sequence[dict[str, Any]]) -> float:
    """Wall time from the first worker starting to the last finishing.

    perf_counter is the system-wide monotonic clock on Linux, so the workers' readings compare.
    """
    return max(r["finished"] for r in results) - min(r["started"] for r in results)
