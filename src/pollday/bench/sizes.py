"""How much work each size of the bench does.

`smoke` proves every figure still runs (CI may run it): few samples, only the 1x
election at one stage (boxes arriving), part of its journal replayed, and no declaration. `full` gives numbers worth
quoting, at 1x and 10x, and takes a few minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

SEED = 2026  # the demo's own default seed: anyone gets the same elections


@dataclass(frozen=True)
class BenchSize:
    name: str
    scales: tuple[int, ...]  # demo scales (constituencies) the scaling figures run at
    # The stage of the figures that want the night's work done (replay, documents, the TUI).
    # A demo build is the slowest part of a smoke run, so smoke reuses the one it needs anyway.
    late_stage: str
    declaration_stage: str | None  # None: no declared election is built, the declaration is skipped
    replay_entries: int | None  # replay only the first entries of the journal (None: all of it)
    read_model_budget_s: float  # stop repeating a slow read model after this long (at least 3 samples)
    scans: int  # scan-to-commit samples per scale (the SQLite floor gets as many, interleaved)
    postal_pvs: int  # PVSs checked one at a time at the postal desk (the floor checks as many again, and more)
    postal_sustained: int  # PVSs whose keys reach the postal desk as soon as it has taken the one before
    postal_pending: tuple[int, ...]  # PVSs awaiting the RO when the postal desk's reading is timed
    transport_scans: int  # pty -> reader -> callback only, no database
    commands: int  # one-process commands per scale, and bare commits for its floor
    writer_processes: int
    commands_per_writer: int
    board_repeats: int
    incidents_per_scale: int  # incidents opened for the incident list, per constituency
    document_repeats: int
    decode_pages: int  # A4 pages decoded per decoder, single process
    decode_crops: int  # single-label crops decoded per decoder
    decode_parallel_pages: int  # pages decoded per decoder with one worker per core
    startup_runs: int
    import_runs: int
    fuzz_definitions: int
    fuzz_commands: int
    fuzz_payloads: int
    fuzz_frames: int


SMOKE = BenchSize(
    name="smoke", scales=(1,), late_stage="boxes-arriving", declaration_stage=None, replay_entries=100,
    read_model_budget_s=2.0, scans=30, transport_scans=30, postal_pvs=20, postal_sustained=40, postal_pending=(0, 100),
    commands=150, writer_processes=8, commands_per_writer=20, board_repeats=5, incidents_per_scale=100,
    document_repeats=1, decode_pages=1, decode_crops=10, decode_parallel_pages=2, startup_runs=2, import_runs=3,
    fuzz_definitions=100, fuzz_commands=1_500, fuzz_payloads=3_000, fuzz_frames=1_500,
)
FULL = BenchSize(
    name="full", scales=(1, 10), late_stage="verified", declaration_stage="declared", replay_entries=None,
    read_model_budget_s=20.0, scans=300, transport_scans=300, postal_pvs=100, postal_sustained=200,
    postal_pending=(0, 100, 1_000),
    commands=2_000, writer_processes=8, commands_per_writer=250, board_repeats=30, incidents_per_scale=1_000,
    document_repeats=10, decode_pages=10, decode_crops=200, decode_parallel_pages=40, startup_runs=10,
    import_runs=10, fuzz_definitions=3_000, fuzz_commands=30_000, fuzz_payloads=40_000, fuzz_frames=30_000,
)
SIZES: dict[str, BenchSize] = {size.name: size for size in (SMOKE, FULL)}
