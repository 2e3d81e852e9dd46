"""The shape of every figure `pollday bench` reports, and the statistics behind it.

A figure is a plain JSON object. Every figure has `status` (measured, not built yet,
skipped or error), `unit`, `floor` (what the same work costs at the least, measured in
the same run) or `floor_reason` (why there is none), `goal` in words, `goal_met`
(true, false, or null when there is no goal or nothing was measured) and `notes`. A
measured figure then carries either its numbers (median, p99 and n for a latency; value
and n for a rate or a count) or `parts`: named figures of the same shape, e.g. one per
scale or per decoder.
"""

from __future__ import annotations

import math
import statistics
import traceback
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any

Figure = dict[str, Any]


class Status(StrEnum):
    MEASURED = "measured"
    NOT_BUILT = "not built yet"  # the module it measures does not exist (yet) in this checkout
    SKIPPED = "skipped"  # not part of this size, or a tool it needs is missing on this machine
    ERROR = "error"  # the bench itself failed: a bug in the bench or in what it drives


def rounded(value: float) -> float:
    """Three significant decimals is more than the noise of any machine allows."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = max(0, 3 - math.floor(math.log10(abs(value))))
    return round(value, min(digits, 6))


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: always one of the measured values, never an interpolation."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def spread(samples: Sequence[float]) -> dict[str, Any]:
    """Median, p99, n, min and max of a set of samples."""
    return {
        "median": rounded(statistics.median(samples)),
        "p99": rounded(percentile(samples, 0.99)),
        "n": len(samples),
        "min": rounded(min(samples)),
        "max": rounded(max(samples)),
    }


def floor_samples(what: str, samples: Sequence[float], unit: str = "ms") -> dict[str, Any]:
    return {"what": what, "unit": unit, **spread(samples)}


def floor_value(what: str, value: float, unit: str, n: int | None = None) -> dict[str, Any]:
    floor: dict[str, Any] = {"what": what, "unit": unit, "value": rounded(value)}
    if n is not None:
        floor["n"] = n
    return floor


def _base(unit: str, floor: Mapping[str, Any] | None, floor_reason: str | None, goal: str | None,
          goal_met: bool | None, notes: str) -> Figure:
    if floor is None and not floor_reason:
        raise ValueError("a figure without a floor must say why")
    return {
        "status": Status.MEASURED.value,
        "unit": unit,
        "floor": dict(floor) if floor is not None else None,
        "floor_reason": None if floor is not None else floor_reason,
        "goal": goal,
        "goal_met": goal_met,
        "notes": notes,
    }


def latency(samples: Sequence[float], *, unit: str = "ms", floor: Mapping[str, Any] | None = None,
            floor_reason: str | None = None, goal: str | None = None, goal_met: bool | None = None,
            notes: str = "", **extra: Any) -> Figure:
    """A latency: median, p99 and n (plus min and max) of the samples."""
    return {**_base(unit, floor, floor_reason, goal, goal_met, notes), **spread(samples), **extra}


def value(amount: float, *, unit: str, n: int | None = None, floor: Mapping[str, Any] | None = None,
          floor_reason: str | None = None, goal: str | None = None, goal_met: bool | None = None,
          notes: str = "", **extra: Any) -> Figure:
    """A single figure: a rate, a count, a size, or a pass/fail."""
    figure = {**_base(unit, floor, floor_reason, goal, goal_met, notes), "value": _plain(amount)}
    if n is not None:
        figure["n"] = n
    return {**figure, **extra}


def _plain(amount: float) -> float | bool | int:
    if isinstance(amount, bool | int):
        return amount
    return rounded(amount)


def composite(parts: Mapping[str, Figure], *, unit: str, goal: str | None = None, notes: str = "") -> Figure:
    """A figure made of named parts; its status and goal_met summarise the parts'."""
    statuses = {part["status"] for part in parts.values()}
    if Status.ERROR.value in statuses:
        status = Status.ERROR
    elif Status.MEASURED.value in statuses:
        status = Status.MEASURED
    elif Status.SKIPPED.value in statuses:
        status = Status.SKIPPED
    else:
        status = Status.NOT_BUILT
    verdicts = [part["goal_met"] for part in parts.values() if part.get("goal_met") is not None]
    return {
        "status": status.value,
        "unit": unit,
        "floor": None,
        "floor_reason": "each part carries its own floor",
        "goal": goal,
        "goal_met": all(verdicts) if verdicts else None,
        "notes": notes,
        "parts": dict(parts),
    }


def _absent(status: Status, unit: str, reason: str, goal: str | None) -> Figure:
    return {"status": status.value, "unit": unit, "floor": None, "floor_reason": reason, "goal": goal,
            "goal_met": None, "notes": reason}


def not_built(what: str, *, unit: str, goal: str | None = None) -> Figure:
    return _absent(Status.NOT_BUILT, unit, f"not built yet: {what}", goal)


def skipped(reason: str, *, unit: str, goal: str | None = None) -> Figure:
    return _absent(Status.SKIPPED, unit, f"skipped: {reason}", goal)


def failed(error: BaseException, *, unit: str = "", goal: str | None = None) -> Figure:
    """A figure whose measurement raised: the error and where, so the bench can be fixed."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    figure = _absent(Status.ERROR, unit, "the measurement failed", goal)
    figure["error"] = f"{type(error).__name__}: {error}"[:500]
    figure["where"] = where
    return figure


def attempt(measure: Callable[[], Figure], *, unit: str, goal: str | None = None) -> Figure:
    """One part of a composite figure: its failure is reported in that part, not in all of them."""
    try:
        return measure()
    except Exception as error:
        return failed(error, unit=unit, goal=goal)


def walk(figures: Mapping[str, Figure], prefix: str = "") -> list[tuple[str, Figure]]:
    """Every figure and part, depth first, with dotted names: for summaries and checks."""
    found: list[tuple[str, Figure]] = []
    for name, figure in figures.items():
        dotted = f"{prefix}{name}"
        found.append((dotted, figure))
        found.extend(walk(figure.get("parts", {}), f"{dotted}."))
    return found
