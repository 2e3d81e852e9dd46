"""What every figure is given: the size, a scratch folder on the disk under test, the elections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pollday.bench.elections import Elections
from pollday.bench.sizes import BenchSize


@dataclass
class BenchContext:
    size: BenchSize
    folder: Path  # scratch space; the election and floor files go here, so they share one disk
    seed: int
    log: Callable[[str], None]
    elections: Elections = field(init=False)
    _names: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.elections = Elections(self.folder, self.seed, self.log)

    def scratch(self, name: str) -> Path:
        """A new path in the scratch folder, never handed out twice."""
        stem, dot, suffix = name.partition(".")
        candidate, number = name, 1
        while candidate in self._names:
            number += 1
            candidate = f"{stem}-{number}{dot}{suffix}"
        self._names.add(candidate)
        return self.folder / candidate

    @property
    def largest_scale(self) -> int:
        return max(self.size.scales)
