"""startup_ms, domain_import_ms and memory_mb: each measured in a fresh Python process.

- startup_ms: from starting the process to the TUI's sign-in screen mounted (PolldayApp
  driven headless by App.run_test, on a demo election). Floor: the same harness with a
  bare Textual app holding one label, so the figure shows what pollday adds to Textual.
- domain_import_ms: `import pollday.domain.commands` alone. Floor: importing the
  standard-library modules the domain pulls in, in a fresh process too.
- memory_mb: peak resident memory (ru_maxrss) of the TUI signed in as the Returning
  Officer with every built desk opened in turn, on the largest election of the size.
  Floor: the bare Textual app's peak.

The child programs are given to `python -c`, so nothing here imports Textual.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from functools import partial
from typing import Any

from pollday.bench import figures
from pollday.bench.context import BenchContext

TUI_MODULE = "pollday.tui.app"
STARTUP_GOAL = "p99 < 1,000 ms"
CHILD_TIMEOUT_S = 300.0
READY = "ready"

# Peak resident memory of this process. Not ru_maxrss: Linux carries it across exec, so a
# child started by a big parent reports the parent's size. VmHWM belongs to the new image.
_PEAK = r"""
import resource


def peak_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

_STARTUP_CHILD = r"""
import asyncio, sys
from pathlib import Path


async def main(path):
    from pollday.services.clock import SystemClock
    from pollday.services.election_service import ElectionService
    from pollday.tui.app import PolldayApp

    service = ElectionService.open(Path(path))
    app = PolldayApp(service, SystemClock())
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(2000):
            if type(app.screen).__name__ == "SignInScreen" and app.screen.is_mounted:
                break
            await pilot.pause(0.002)
        else:
            raise SystemExit("the sign-in screen never appeared")
        print("ready", flush=True)
    service.close()


asyncio.run(main(sys.argv[1]))
"""

_BARE_CHILD = _PEAK + r"""
import asyncio


async def main():
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("ready")

    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("ready", flush=True)
    print(peak_kb(), flush=True)


asyncio.run(main())
"""

_MEMORY_CHILD = _PEAK + r"""
import asyncio, json, sys
from pathlib import Path


async def settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def main(path):
    from pollday.services.clock import SystemClock
    from pollday.services.election_service import ElectionService
    from pollday.tui.app import PolldayApp
    from pollday.tui.desks import DESKS

    service = ElectionService.open(Path(path))
    session = service.session_for("ro")
    app = PolldayApp(service, SystemClock(), session=session)
    opened = []
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        for desk in DESKS:
            if desk.open_to(session):
                app.open_desk(desk.key)
                await settle(app, pilot)
                opened.append(desk.key)
    service.close()
    print(json.dumps({"peak_kb": peak_kb(), "desks": opened}))


asyncio.run(main(sys.argv[1]))
"""

_DOMAIN_IMPORT_CHILD = r"""
import json, sys, time

before = set(sys.modules)
started = time.perf_counter()
import pollday.domain.commands
elapsed = time.perf_counter() - started
pulled_in = sorted({name.split(".")[0] for name in set(sys.modules) - before} - {"pollday"})
print(json.dumps({"ms": elapsed * 1000, "modules": pulled_in}))
"""

_STDLIB_IMPORT_CHILD = r"""
import importlib, json, sys, time

names = json.loads(sys.argv[1])
started = time.perf_counter()
for name in names:
    importlib.import_module(name)
print(json.dumps({"ms": (time.perf_counter() - started) * 1000}))
"""


class ChildFailed(Exception):
    pass


def _until_ready(program: str, *arguments: str) -> tuple[float, str]:
    """Start `python -c program`; the milliseconds until it prints "ready", and what it prints after."""
    with tempfile.TemporaryFile(mode="w+") as errors:  # a file, not a pipe: a chatty child cannot block
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", program, *arguments], stdout=subprocess.PIPE,
                                 stderr=errors, text=True)
        assert child.stdout is not None  # asked for above
        first = child.stdout.readline()
        ready_ms = (time.perf_counter() - started) * 1000
        rest = child.stdout.read()
        child.wait(timeout=CHILD_TIMEOUT_S)
        if first.strip() != READY or child.returncode != 0:
            errors.seek(0)
            raise ChildFailed(f"the child process failed (exit {child.returncode}): {_tail(errors.read() or first)}")
    return ready_ms, rest


def _output(program: str, *arguments: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", program, *arguments], capture_output=True, text=True,
                          timeout=CHILD_TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise ChildFailed(f"the child process failed (exit {done.returncode}): {_tail(done.stderr)}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _tail(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return " | ".join(lines[-3:])[:400]


def _tui_missing() -> bool:
    return importlib.util.find_spec(TUI_MODULE) is None


def startup_figure(ctx: BenchContext) -> figures.Figure:
    if _tui_missing():
        return figures.not_built(TUI_MODULE, unit="ms", goal=STARTUP_GOAL)
    runs = ctx.size.startup_runs
    _until_ready(_BARE_CHILD)  # once untimed: the first start of the run pays for cold disk caches
    floor = figures.floor_samples("a bare Textual app with one label, same harness",
                                  [_until_ready(_BARE_CHILD)[0] for _ in range(runs)])
    return figures.composite({f"{scale}x": figures.attempt(partial(_startup, ctx, scale, floor), unit="ms",
                                                           goal=STARTUP_GOAL)
                              for scale in ctx.size.scales}, unit="ms", goal=STARTUP_GOAL)


def _startup(ctx: BenchContext, scale: int, floor: dict[str, Any]) -> figures.Figure:
    election = ctx.elections.get(scale, ctx.size.late_stage)
    samples = [_until_ready(_STARTUP_CHILD, str(election.path))[0] for _ in range(ctx.size.startup_runs)]
    return figures.latency(
        samples, floor=floor, goal=STARTUP_GOAL, goal_met=figures.percentile(samples, 0.99) < 1000,
        notes=f"process start to the sign-in screen mounted, headless, {scale}x {election.stage} election")


def domain_import_figure(ctx: BenchContext) -> figures.Figure:
    runs = [_output(_DOMAIN_IMPORT_CHILD) for _ in range(ctx.size.import_runs)]
    modules = runs[0]["modules"]
    floor = [_output(_STDLIB_IMPORT_CHILD, json.dumps(modules))["ms"] for _ in range(ctx.size.import_runs)]
    return figures.latency(
        [run["ms"] for run in runs],
        floor=figures.floor_samples(f"importing the {len(modules)} standard-library modules the domain pulls in",
                                    floor),
        notes="import pollday.domain.commands in a fresh process", modules=modules)


def memory_figure(ctx: BenchContext) -> figures.Figure:
    if _tui_missing():
        return figures.not_built(TUI_MODULE, unit="MB")
    _, bare = _until_ready(_BARE_CHILD)
    floor = figures.floor_value("peak RSS of a bare Textual app with one label, same harness",
                                int(bare.strip().splitlines()[-1]) / 1024, "MB")
    return figures.composite({f"{scale}x": figures.attempt(partial(_memory, ctx, scale, floor), unit="MB")
                              for scale in ctx.size.scales}, unit="MB")


def _memory(ctx: BenchContext, scale: int, floor: dict[str, Any]) -> figures.Figure:
    election = ctx.elections.get(scale, ctx.size.late_stage)
    result = _output(_MEMORY_CHILD, str(election.path))
    return figures.value(
        result["peak_kb"] / 1024, unit="MB", n=1, floor=floor, desks_opened=result["desks"],
        notes=f"peak RSS, TUI signed in as the RO, every built desk opened, {scale}x {election.stage} election "
              f"({election.boxes} boxes)")
