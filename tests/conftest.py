"""Fixtures shared by every test package."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pollday.demo.stages import build_demo

DemoCopy = Callable[..., Path]


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> DemoCopy:
    """A fresh copy of the demo election at a stage: each stage is built once per test run.

    Building the full night takes seconds (every command runs through the real services);
    copying the closed database file takes milliseconds.
    """
    cache = tmp_path_factory.mktemp("demo-cache")
    built: dict[tuple[int, str], Path] = {}

    def copy(stage: str, destination: Path, seed: int = 2026) -> Path:
        key = (seed, stage)
        if key not in built:
            source = cache / f"{seed}-{stage}.db"
            build_demo(source, seed=seed, stage=stage).close()
            built[key] = source
        shutil.copyfile(built[key], destination)
        return destination

    return copy
