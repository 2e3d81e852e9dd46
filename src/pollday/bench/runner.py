"""Running every figure of `pollday bench` and putting the results together.

Each figure runs in turn in one scratch folder (so the election files and the floor
files share one disk), and a figure that fails is reported as an error without
stopping the others. The result is one JSON-ready dict: the machine, the size, the
elections measured on, and the figures; `summary` turns it into a few lines for people.
"""

from __future__ import annotations

import os
import platform
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from pollday import __version__
from pollday.bench import (
    boards,
    decoding,
    figures,
    fuzz,
    journal_speed,
    postal_desk,
    reports,
    scan,
    startup,
    throughput,
    wedge,
)
from pollday.bench.context import BenchContext
from pollday.bench.sizes import SEED, BenchSize
from pollday.services.clock import SystemClock

FORMAT_VERSION = 1
Measure = Callable[[BenchContext], figures.Figure]
Log = Callable[[str], None]

# In this order: the floors first, the fuzzing (which takes the longest at full size) last.
FIGURES: tuple[tuple[str, Measure, str], ...] = (
    ("sqlite_commit_floor_ms", scan.commit_floor_figure, "ms"),
    ("scan_to_commit_ms", scan.scan_figure, "ms"),
    ("wedge_burst_ok", wedge.figure, "pass"),
    ("postal_desk_pvs_per_s", postal_desk.figure, "PVS/s"),
    ("commands_per_s", throughput.figure, "commands/s"),
    ("replay_cmds_per_s", journal_speed.replay_figure, "commands/s"),
    ("journal_verify_entries_per_s", journal_speed.verify_figure, "entries/s"),
    ("board_refresh_ms", boards.figure, "ms"),
    ("report_ms", reports.figure, "ms"),
    ("decode_pages_per_s", decoding.figure, "pages/s"),
    ("startup_ms", startup.startup_figure, "ms"),
    ("domain_import_ms", startup.domain_import_figure, "ms"),
    ("memory_mb", startup.memory_figure, "MB"),
    ("fuzz", fuzz.figure, "inputs/s"),
)
LIBRARIES = ("textual", "fpdf2", "zxing-cpp", "pyzbar", "pyserial", "pillow", "sqlite-utils")


def run_bench(size: BenchSize, workdir: Path | None = None, log: Log = lambda message: None,
              only: frozenset[str] | None = None) -> dict[str, Any]:
    """Measure every figure (or those named in `only`) at `size`; scratch files go under `workdir`."""
    started = time.perf_counter()
    machine = machine_facts(workdir)
    results: dict[str, figures.Figure] = {}
    with tempfile.TemporaryDirectory(prefix="pollday-bench-", dir=workdir) as folder:
        ctx = BenchContext(size, Path(folder), SEED, log)
        for name, measure, unit in FIGURES:
            if only is not None and name not in only:
                continue
            log(f"{name} ...")
            figure_started = time.perf_counter()
            try:
                results[name] = measure(ctx)
            except Exception as error:  # one broken figure must not hide the others
                results[name] = figures.failed(error, unit=unit)
            results[name]["bench_seconds"] = round(time.perf_counter() - figure_started, 1)
        elections = [{**asdict(election), "path": election.path.name} for election in ctx.elections.built()]
    machine["load_average_after"] = _load_average()
    return {
        "pollday_bench": FORMAT_VERSION,
        "size": size.name,
        "seed": SEED,
        "run_at": SystemClock().now().isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - started, 1),
        "machine": machine,
        "elections": elections,
        "figures": results,
        "overview": overview(results),
    }


def machine_facts(workdir: Path | None) -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "pollday": __version__,
        "libraries": {name: _version(name) for name in LIBRARIES},
        "scratch_folder_parent": str(workdir or tempfile.gettempdir()),
        "load_average_before": _load_average(),
    }


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _load_average() -> list[float]:
    """Other work on the machine moves every figure: the load average says how much there was."""
    try:
        return [round(load, 2) for load in os.getloadavg()]
    except OSError:
        return []


def overview(results: dict[str, figures.Figure]) -> dict[str, list[str]]:
    """The dotted names of figures by outcome, for a reader who wants the verdicts first."""
    found: dict[str, list[str]] = {"goal_met": [], "goal_missed": [], "not_built_yet": [], "skipped": [],
                                   "errors": []}
    for name, figure in figures.walk(results):
        leaf = "parts" not in figure
        status = figure["status"]
        if status == figures.Status.ERROR.value and leaf:
            found["errors"].append(name)
        elif status == figures.Status.NOT_BUILT.value and leaf:
            found["not_built_yet"].append(name)
        elif status == figures.Status.SKIPPED.value and leaf:
            found["skipped"].append(name)
        elif leaf and figure.get("goal_met") is True:
            found["goal_met"].append(name)
        elif leaf and figure.get("goal_met") is False:
            found["goal_missed"].append(name)
    return found


def summary(result: dict[str, Any]) -> str:
    """A few lines for people: each measured figure next to its floor, then the verdicts."""
    machine = result["machine"]
    lines = [f"pollday bench, {result['size']} size, {result['duration_s']} s: {machine['cores']} cores, Python "
             f"{machine['python']}, SQLite {machine['sqlite']}, load average {machine['load_average_before']}"]
    for name, figure in figures.walk(result["figures"]):
        if "parts" in figure or figure["status"] != figures.Status.MEASURED.value:
            continue
        lines.append(f"  {name:<46} {_numbers(figure)}{_floor(figure)}{_verdict(figure)}")
    verdicts = result["overview"]
    for key, title in (("goal_missed", "goal missed"), ("not_built_yet", "not built yet"), ("skipped", "skipped"),
                       ("errors", "ERRORS (a bug in the bench or in what it measures)")):
        if verdicts[key]:
            lines.append(f"{title}: {', '.join(verdicts[key])}")
    return "\n".join(lines)


def _numbers(figure: figures.Figure) -> str:
    unit = figure["unit"]
    if "median" in figure:
        return f"median {figure['median']} p99 {figure['p99']} {unit} (n={figure['n']})"
    return f"{figure['value']} {unit}" + (f" (n={figure['n']})" if "n" in figure else "")


def _floor(figure: figures.Figure) -> str:
    floor = figure.get("floor")
    if not floor:
        return ""
    if "median" in floor:
        return f"; floor median {floor['median']} p99 {floor['p99']} {floor['unit']}"
    return f"; floor {floor['value']} {floor['unit']}"


def _verdict(figure: figures.Figure) -> str:
    met = figure.get("goal_met")
    if met is None:
        return ""
    return f"; goal {figure['goal']}: {'met' if met else 'MISSED'}"
