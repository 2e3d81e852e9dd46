"""`pollday bench --size smoke` runs every figure and reports it in the documented shape.

Shape only: a benchmark never fails a test on wall-clock time (architecture.md section 8),
so nothing here looks at a number beyond its type.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from pollday.bench.figures import Status, composite, not_built, percentile, value, walk
from pollday.cli.bench_cmds import bench_command

# The figures the issue asks for, by the names the JSON must use.
FIGURE_NAMES = {
    "sqlite_commit_floor_ms", "scan_to_commit_ms", "wedge_burst_ok", "commands_per_s", "replay_cmds_per_s",
    "journal_verify_entries_per_s", "board_refresh_ms", "report_ms", "decode_pages_per_s", "startup_ms",
    "domain_import_ms", "memory_mb", "fuzz", "postal_desk_pvs_per_s",
}
COMMON_KEYS = {"status", "unit", "floor", "floor_reason", "goal", "goal_met", "notes"}
ABSENT = {Status.NOT_BUILT.value, Status.SKIPPED.value}


def check_shape(name: str, figure: dict[str, Any]) -> None:
    assert set(figure) >= COMMON_KEYS, f"{name} lacks {COMMON_KEYS - set(figure)}"
    status = figure["status"]
    assert status != Status.ERROR.value, f"{name} failed: {figure.get('error')} at {figure.get('where')}"
    assert status in {Status.MEASURED.value, *ABSENT}, f"{name}: unknown status {status!r}"
    assert figure["goal_met"] in (True, False, None), name
    if status in ABSENT:
        assert figure["floor"] is None and status in figure["floor_reason"], f"{name} must say it is {status}"
        assert figure["goal_met"] is None, name
        return
    assert figure["floor"] is not None or figure["floor_reason"], f"{name}: no floor and no reason for none"
    if figure["floor"] is not None:
        assert {"what", "unit"} <= set(figure["floor"]), name
        assert "value" in figure["floor"] or {"median", "p99", "n"} <= set(figure["floor"]), name
    if "parts" in figure:
        assert figure["parts"], f"{name} has no parts"
        return
    if "median" in figure:
        assert {"p99", "n"} <= set(figure) and figure["n"] >= 1, f"{name}: a latency needs median, p99 and n"
        assert isinstance(figure["median"], int | float) and isinstance(figure["p99"], int | float), name
    else:
        assert "value" in figure, f"{name}: neither a latency nor a value"
    if figure["goal"] is not None:
        assert isinstance(figure["goal_met"], bool), f"{name}: a measured figure with a goal says whether it was met"


def test_the_smoke_bench_reports_every_figure_with_a_floor_or_a_status(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(bench_command, ["--size", "smoke", "--out", str(out), "--workdir", str(tmp_path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert json.loads(result.stdout) == data
    assert data["size"] == "smoke"
    assert {"cores", "python", "sqlite"} <= set(data["machine"])
    assert set(data["figures"]) == FIGURE_NAMES
    for name, figure in walk(data["figures"]):
        check_shape(name, figure)
    assert "pollday bench, smoke size" in result.stderr
    assert not list(tmp_path.glob("pollday-bench-*")), "the scratch folder is removed afterwards"


def test_importing_the_bench_or_its_command_does_not_import_textual() -> None:
    probe = ("import sys, pollday.cli.bench_cmds; assert 'pollday.bench.runner' not in sys.modules; "
             "import pollday.bench.runner; assert 'textual' not in sys.modules, 'textual imported'")
    subprocess.run([sys.executable, "-c", probe], check=True)


def test_p99_is_a_measured_value_and_composites_summarise_their_parts() -> None:
    assert percentile([float(n) for n in range(1, 101)], 0.99) == 99.0
    assert percentile([5.0, 1.0], 0.99) == 5.0
    met = value(1.0, unit="x", floor_reason="none", goal="g", goal_met=True)
    missed = value(1.0, unit="x", floor_reason="none", goal="g", goal_met=False)
    absent = not_built("a module", unit="x")
    assert composite({"a": met, "b": absent}, unit="x")["goal_met"] is True
    assert composite({"a": met, "b": missed}, unit="x")["goal_met"] is False
    assert composite({"b": absent}, unit="x")["status"] == Status.NOT_BUILT.value
