"""The shipped examples load, and the Kestrel Vale example is exactly the demo election."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pollday.definition.loader import load_definition
from pollday.demo.generator import DEMO_PINS, build_demo_definition
from pollday.domain.election import ElectionDefinition
from pollday.domain.pins import verify_pin

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def without_pin_hashes(definition: ElectionDefinition) -> ElectionDefinition:
    return replace(definition, users=tuple(replace(u, pin_hash="") for u in definition.users))


def test_kestrel_vale_example_is_the_demo_election() -> None:
    loaded = load_definition(EXAMPLES / "kestrel-vale", salt_source=lambda n: b"\x00" * n)
    assert without_pin_hashes(loaded) == without_pin_hashes(build_demo_definition(2026))
    ro = next(u for u in loaded.users if u.username == "ro")
    assert verify_pin(DEMO_PINS["ro"], ro.pin_hash)


def test_every_example_loads() -> None:
    folders = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())
    assert len(folders) >= 2
    for folder in folders:
        assert load_definition(folder, salt_source=lambda n: b"\x00" * n).contests
