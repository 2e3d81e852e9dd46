"""Electorate arithmetic and the convention the demo follows.

Convention: `PollingStation.electorate` is the station's *in-person* electorate, the
register entries at that station that may be handed a ballot paper (postal voters
excluded, as the Electoral Commission's 2,250-per-station guideline counts them).
`Contest.electorate` is the whole electorate of the contest, postal voters included.
So for every contest:

    contest electorate = sum of in-person electorates of the stations that have a box
                         for the contest + the contest's postal voters

and the postal voter figure is recovered by subtraction (`postal_voters`).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from pollday.domain.election import ElectionDefinition


def stations_in_contest(definition: ElectionDefinition, contest_id: str) -> list[str]:
    """Station IDs with at least one box for the contest, in definition order."""
    with_box = {box.station_id for box in definition.boxes if box.contest_id == contest_id}
    return [station.station_id for station in definition.stations if station.station_id in with_box]


def in_person_electorate(definition: ElectionDefinition, contest_id: str) -> int:
    included = set(stations_in_contest(definition, contest_id))
    return sum(station.electorate for station in definition.stations if station.station_id in included)


def postal_voters(definition: ElectionDefinition, contest_id: str) -> int:
    contest = next(c for c in definition.contests if c.contest_id == contest_id)
    return contest.electorate - in_person_electorate(definition, contest_id)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split a whole number in proportion to weights; the parts sum to `total` exactly.

    Largest-remainder rounding: floor every share, then hand the leftover units to the
    largest fractional parts (earlier entries win ties, so the result is reproducible).
    """
    weight_sum = sum(weights)
    if total < 0 or weight_sum <= 0:
        raise ValueError(f"cannot apportion {total} over weights summing to {weight_sum}")
    exact = [total * w / weight_sum for w in weights]
    parts = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], i))
    for index in by_remainder[: total - sum(parts)]:
        parts[index] += 1
    return parts


def split_within(total: int, weights: Sequence[float], floor: int, ceiling: int) -> list[int]:
    """Split `total` into parts weighted by `weights`, each part kept within [floor, ceiling].

    Every part starts at the floor and the rest is shared by weight; a part that would
    pass the ceiling is pinned there and the others share what is left.
    """
    count = len(weights)
    if not count * floor <= total <= count * ceiling:
        raise ValueError(f"{total} cannot be split into {count} parts of {floor}-{ceiling}")
    parts = [floor] * count
    open_indices = list(range(count))
    remaining = total - count * floor
    while remaining:
        shares = apportion(remaining, [weights[i] for i in open_indices])
        pinned = [i for i, share in zip(open_indices, shares, strict=True) if parts[i] + share > ceiling]
        if not pinned:
            for i, share in zip(open_indices, shares, strict=True):
                parts[i] += share
            break
        for i in pinned:
            remaining -= ceiling - parts[i]
            parts[i] = ceiling
        open_indices = [i for i in open_indices if i not in pinned]
    return parts


def jittered(rng: random.Random, centre: float, spread: float) -> int:
    """`centre` moved by up to ±`spread` (a fraction), rounded to a whole number."""
    return round(centre * rng.uniform(1 - spread, 1 + spread))
