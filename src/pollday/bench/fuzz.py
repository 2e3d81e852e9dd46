"""fuzz: inputs tried per second, and crashes found, for each of pollday's four parsers.

- definition_loader: `load_definition` on an election folder (the demo's, written with
  the definition writer) with one file broken per input; documented error: DefinitionError.
- command_json: `decide` (which parses with `parse_command`) on command JSON against the
  1x election held in the in-memory reference state; it documents no exception at all
  (a bad command is refused, not raised).
- barcode_payload: `read_scan` on scanned and typed text; it documents no exception.
- serial_framing: `FrameDecoder.feed` on byte streams, for every shipped scanner profile;
  it documents no exception.

A crash is any other exception; each distinct one (type and the pollday line raising it)
is reported once with the first input that caused it. Inputs come from one seeded
`random.Random` per parser, so a crash found is a crash anyone can reproduce.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import shutil
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pollday.domain.commands
from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.bench.elections import count_night_clock
from pollday.bench.fuzz_inputs import CommandInputs, frame_chunks, mutate_file, payload_text
from pollday.definition.errors import DefinitionError
from pollday.definition.loader import load_definition
from pollday.definition.writer import write_definition
from pollday.demo.generator import ELECTION_ID, build_demo_definition
from pollday.devices.framing import FrameDecoder, encode_frame
from pollday.devices.profiles import ProfileError, ScannerProfile, available_profiles, load_profile
from pollday.domain.commands import CommandContext
from pollday.domain.engine import decide
from pollday.domain.payloads import election_tag, read_scan
from pollday.domain.records import PROJECTIONS
from pollday.domain.roles import Role
from pollday.domain.state import MemoryState, Put
from pollday.store.database import Store

GOAL = "no crashes"
FULL_TOTAL = 100_000
NO_FLOOR = "a fuzzing rate has no floor: it depends on the mix of inputs; the crash count is the figure that matters"
MAX_EXAMPLE = 300


@dataclass
class Tally:
    tried: int = 0
    documented_errors: int = 0
    crashes: int = 0
    seconds: float = 0.0  # the loop only: set-up (writing files, loading state) is not trying inputs
    distinct: dict[str, dict[str, str]] = field(default_factory=dict)

    def crash(self, error: BaseException, example: Any) -> None:
        self.crashes += 1
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "/pollday/" in frame.filename]
        where = f"{frames[-1].filename.split('/pollday/')[-1]}:{frames[-1].lineno}" if frames else "?"
        signature = f"{type(error).__name__} at {where}"
        self.distinct.setdefault(signature, {
            "error": f"{type(error).__name__}: {error}"[:MAX_EXAMPLE], "where": where,
            "first_input": repr(example)[:MAX_EXAMPLE]})


Runner = Callable[[BenchContext, int, random.Random], Tally]


def figure(ctx: BenchContext) -> figures.Figure:
    size = ctx.size
    runs: dict[str, tuple[Runner, int, str]] = {
        "definition_loader": (_definition_loader, size.fuzz_definitions, "DefinitionError"),
        "command_json": (_command_json, size.fuzz_commands, "none: refusals are returned, not raised"),
        "barcode_payload": (_barcode_payload, size.fuzz_payloads, "none"),
        "serial_framing": (_serial_framing, size.fuzz_frames, "none"),
    }
    parts = {}
    for name, (run, count, documented) in runs.items():
        parts[name] = figures.attempt(partial(_fuzz_one, ctx, name, run, count, documented), unit="inputs/s",
                                      goal=GOAL)
    total = sum(part.get("n", 0) for part in parts.values())
    result = figures.composite(parts, unit="inputs/s", goal=f"{GOAL}; at least {FULL_TOTAL:,} inputs at full size")
    result["total_inputs"] = total
    if size.name == "full" and total < FULL_TOTAL:
        result["goal_met"] = False
    return result


def _fuzz_one(ctx: BenchContext, name: str, run: Runner, count: int, documented: str) -> figures.Figure:
    tally = run(ctx, count, random.Random(f"bench-fuzz-{name}-{ctx.seed}"))
    return figures.value(
        tally.tried / tally.seconds, unit="inputs/s", n=tally.tried, floor_reason=NO_FLOOR, goal=GOAL,
        goal_met=tally.crashes == 0, crashes=tally.crashes, documented_errors=tally.documented_errors,
        documented_error_types=documented, distinct_crashes=list(tally.distinct.values()),
        notes=f"seeded with 'bench-fuzz-{name}-{ctx.seed}'")


def _definition_loader(ctx: BenchContext, count: int, rng: random.Random) -> Tally:
    base = ctx.scratch("fuzz-definition-base")
    write_definition(build_demo_definition(ctx.seed, 1), base)  # no PINs: hashing them would be all the work
    work = ctx.scratch("fuzz-definition")
    shutil.copytree(base, work)
    originals = {path.name: path.read_bytes() for path in sorted(base.iterdir())}
    names = sorted(originals)
    tally = Tally()
    started = time.perf_counter()
    for _ in range(count):
        name = rng.choice(names)
        mutated = mutate_file(rng, originals[name])
        path = work / name
        if mutated is None:
            path.unlink()
        else:
            path.write_bytes(mutated)
        tally.tried += 1
        try:
            load_definition(work, _no_salt)
        except DefinitionError:
            tally.documented_errors += 1
        except Exception as error:
            tally.crash(error, {"file": name, "content": mutated})
        finally:
            path.write_bytes(originals[name])
    tally.seconds = time.perf_counter() - started
    return tally


def _no_salt(size: int) -> bytes:
    return bytes(size)


def _command_json(ctx: BenchContext, count: int, rng: random.Random) -> Tally:
    _register_every_command()
    state, identifiers, users = _reference_state(ctx.elections.get(1, "boxes-arriving").path)
    inputs = CommandInputs(rng, identifiers)
    at = count_night_clock().now()
    actors = [*users, "nobody"]
    tally = Tally()
    started = time.perf_counter()
    for _ in range(count):
        raw = inputs.next()
        actor = rng.choice(actors)
        context = CommandContext(at, actor, users.get(actor), rng.choice(("fuzz", "")))
        tally.tried += 1
        try:
            if not decide(raw, context, state).applied:
                tally.documented_errors += 1
        except Exception as error:
            tally.crash(error, {"command": raw, "actor": actor})
    tally.seconds = time.perf_counter() - started
    return tally


def _register_every_command() -> None:
    """Feature modules register their commands when imported (e.g. control room, postal): fuzz them all."""
    for info in pkgutil.iter_modules(pollday.domain.commands.__path__):
        importlib.import_module(f"pollday.domain.commands.{info.name}")


def _reference_state(path: Path) -> tuple[MemoryState, list[str], dict[str, Role]]:
    """The election in the in-memory reference state, its identifiers, and its users' roles."""
    store = Store.open(path)
    try:
        view = store.view()
        tables = {spec.name: view.rows(spec.name) for spec in PROJECTIONS}
    finally:
        store.close()
    state = MemoryState()
    for name, rows in tables.items():
        state.apply([Put(name, row) for row in rows])
    identifiers = sorted({row[key] for table, key in (("boxes", "box_id"), ("stations", "station_id"),
                                                       ("contests", "contest_id"), ("users", "username"))
                          for row in tables[table]})
    identifiers += sorted({seal for row in tables["boxes"] for seal in row["seals"]})[:50]
    users = {row["username"]: Role(row["role"]) for row in tables["users"]}
    return state, identifiers, users


def _barcode_payload(ctx: BenchContext, count: int, rng: random.Random) -> Tally:
    tags = [election_tag(ELECTION_ID, "rehearsal"), election_tag(ELECTION_ID, "official"),
            election_tag("another-election", "official")]
    tally = Tally()
    started = time.perf_counter()
    for _ in range(count):
        text = payload_text(rng, tags)
        tally.tried += 1
        try:
            if not read_scan(text, ELECTION_ID, "rehearsal").valid:
                tally.documented_errors += 1
        except Exception as error:
            tally.crash(error, text)
    tally.seconds = time.perf_counter() - started
    return tally


def _serial_framing(ctx: BenchContext, count: int, rng: random.Random) -> Tally:
    profiles = _profiles()
    tags = [election_tag(ELECTION_ID, "rehearsal")]
    frames = {profile.name: [encode_frame(profile, payload_text(rng, tags)) for _ in range(20)]
              for profile in profiles}
    decoders = {profile.name: FrameDecoder(profile) for profile in profiles}
    tally = Tally()
    started = time.perf_counter()
    for _ in range(count):
        profile = rng.choice(profiles)
        decoder = decoders[profile.name]
        chunks = frame_chunks(rng, frames[profile.name])
        tally.tried += 1
        try:
            frames_out = [frame for chunk in chunks for frame in decoder.feed(chunk)]
            tally.documented_errors += any(not frame.ok for frame in frames_out)  # an error frame, never silence
            if rng.random() < 0.05:
                decoder.reset()
        except Exception as error:
            tally.crash(error, {"profile": profile.name, "chunks": chunks})
            decoders[profile.name] = FrameDecoder(profile)  # a decoder that raised may be in any state
    tally.seconds = time.perf_counter() - started
    return tally


def _profiles() -> list[ScannerProfile]:
    profiles = []
    for path in available_profiles().values():
        try:
            profiles.append(load_profile(path))
        except ProfileError:
            continue  # a count centre's own broken profile file is the profile loader's business
    if not profiles:
        raise RuntimeError("no scanner profiles found to fuzz the framing with")
    return profiles
