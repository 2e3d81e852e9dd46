"""A terminal running commands, in a worker process of its own (see processes.run_together).

Kept apart from the figure modules so a spawned worker imports only the services and
the store, not the demo, the documents or the decoders: eight workers start sooner.
"""

from __future__ import annotations

import time
from datetime import datetime
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

from pollday.services.clock import ManualClock
from pollday.services.election_service import ElectionService
from pollday.store.errors import StoreError

COUNTER = "assistant1"  # a count assistant of the demo: may record verification counts


def count_command(boxes: list[str], number: int) -> dict[str, Any]:
    return {"cmd": "verification.count", "args": {"box_id": boxes[number % len(boxes)], "count": 1}}


def command_writer(path: str, terminal: str, moment: str, boxes: list[str], count: int, ready: Queue[Any],
                   start: Event, results: Queue[Any]) -> None:
    """`count` verification counts as one terminal, from the common start signal on."""
    try:
        clock = ManualClock(datetime.fromisoformat(moment))
        service = ElectionService.open(Path(path), clock=clock, terminal=terminal)
        session = service.session_for(COUNTER)
    except Exception as error:
        ready.put(terminal)
        results.put({"error": f"{terminal}: {type(error).__name__}: {error}"})
        return
    ready.put(terminal)
    start.wait()
    applied = refused = failed = 0
    last_error = ""
    started = time.perf_counter()
    for number in range(count):
        try:
            result = service.execute(session, count_command(boxes, number))
        except StoreError as error:  # e.g. the database stayed busy: the terminal would tell its user
            failed += 1
            last_error = str(error)
            continue
        applied += result.applied
        refused += not result.applied
    finished = time.perf_counter()
    service.close()
    results.put({"terminal": terminal, "applied": applied, "refused": refused, "failed": failed,
                 "last_error": last_error, "started": started, "finished": finished})
