"""Telling a keyboard-wedge scanner from a person typing (tech-notes: keyboard-wedge scanners).

A USB scanner in keyboard mode types its read and Enter, 7 to 16 ms a key; people are far
slower. Over SSH or a browser a scanner's keys may arrive bunched together, which still
reads as fast. A prefix programmed on the scanner settles it for certain. Either way the
text is then checked like any other entry (check character, expected shape), so a typed
fallback for a damaged label is always accepted on the same terms.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from pollday.devices.profiles import ScannerProfile


class EntrySource(StrEnum):
    SCANNED = "scanned"
    TYPED = "typed"


@dataclass(frozen=True)
class WedgeTiming:
    max_inter_key_ms: float
    min_length: int
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def from_profile(cls, profile: ScannerProfile) -> WedgeTiming:
        return cls(profile.max_inter_key_ms, profile.min_length,
                   profile.prefix.decode("ascii", "replace"), profile.suffix.decode("ascii", "replace"))


DEFAULT_TIMING = WedgeTiming(max_inter_key_ms=30, min_length=8)


@dataclass(frozen=True)
class WedgeEntry:
    text: str  # with any scanner prefix and suffix removed
    source: EntrySource
    slowest_gap_ms: float | None  # the longest pause between two keys, for the diagnostics screen


def classify_entry(text: str, key_times_ms: list[float], timing: WedgeTiming = DEFAULT_TIMING) -> WedgeEntry:
    """Classify one line ended by Enter, given the arrival time of each of its keys."""
    gaps = [later - earlier for earlier, later in itertools.pairwise(key_times_ms)]
    slowest = max(gaps) if gaps else None
    if timing.prefix:
        scanned = text.startswith(timing.prefix) and (not timing.suffix or text.endswith(timing.suffix))
        if scanned:
            body = text[len(timing.prefix):]
            body = body[: len(body) - len(timing.suffix)] if timing.suffix else body
            return WedgeEntry(body, EntrySource.SCANNED, slowest)
        return WedgeEntry(text, EntrySource.TYPED, slowest)
    fast = slowest is not None and slowest <= timing.max_inter_key_ms
    source = EntrySource.SCANNED if fast and len(text) >= timing.min_length else EntrySource.TYPED
    return WedgeEntry(text, source, slowest)
