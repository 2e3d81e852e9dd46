from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run
from tests.conftest import DemoCopy


@pytest.fixture(scope="module")
def counted_db(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Path:
    return demo_copy("counted", tmp_path_factory.mktemp("public") / "counted.db")


def export(db: Path, out: Path, *extra: str) -> list[dict[str, object]]:
    result = run("journal", "export", "--db", db, "--out", out, *extra)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text().splitlines()]


def test_public_export_withholds_and_still_verifies(counted_db: Path, tmp_path: Path) -> None:
    public = export(counted_db, tmp_path / "public.jsonl", "--public")
    withheld = {e["withheld"] for e in public if e["withheld"]}
    assert withheld == {"credential", "figures not yet declared", "personal data"}
    assert all(e["command"] is None for e in public if e["withheld"])
    assert not any("pin_hash" in (e["command"] or "") and "scrypt$" in (e["command"] or "") for e in public)
    assert public[0]["command"] is not None and "election.define" in public[0]["command"]
    verified = run("journal", "verify", "--file", tmp_path / "public.jsonl")
    assert verified.exit_code == 0 and f"{len(public)} entries" in verified.output
    full = tmp_path / "full.jsonl"
    export(counted_db, full)
    assert run("journal", "verify", "--file", full).exit_code == 0


def test_altering_a_published_command_is_named(counted_db: Path, tmp_path: Path) -> None:
    public = export(counted_db, tmp_path / "public.jsonl", "--public")
    target = next(e for e in public if e["command"] and "box.check_in" in e["command"])
    target["command"] = target["command"].replace("delivered_by", "delivered_by ")
    (tmp_path / "altered.jsonl").write_text("\n".join(json.dumps(e) for e in public) + "\n")
    result = run("journal", "verify", "--file", tmp_path / "altered.jsonl")
    assert result.exit_code == 1
    assert f"journal entry {target['seq']}: its published command does not match" in result.output


def test_verify_needs_exactly_one_source(tmp_path: Path) -> None:
    assert "give either --db" in run("journal", "verify").output
