"""Ballot boxes for the demo: seals, ballot paper ranges and expected arrival times."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date, datetime, time, timedelta

from pollday.domain.election import BallotBox, PaperRange, PollingStation

# Papers are supplied in books; each station gets its in-person electorate plus about
# 5% spare, rounded up to whole books.
BOOK_SIZE = 25
SPARE_FRACTION = 0.05
TENDERED_PER_STATION = 10
SEALS_PER_BOX = (3, 5)
SEAL_PREFIX = "KV"

CLOSE_OF_POLL = time(22, 0)
# Packing up after 22:00 (the EC suggests 20-30 minutes): a base time plus a minute
# for every 200 electors of paperwork.
BASE_PACKING_MINUTES = 20
ELECTORS_PER_EXTRA_PACKING_MINUTE = 200
ARRIVAL_ROUNDING_MINUTES = 5
EARLIEST_ARRIVAL_AFTER_CLOSE = timedelta(minutes=35)
LATEST_ARRIVAL_AFTER_CLOSE = timedelta(hours=3)

OVERFLOW_SUFFIX = "A"


class SealDispenser:
    """Numbered seals handed out from one stock, in the order boxes are made up."""

    def __init__(self, rng: random.Random, prefix: str = SEAL_PREFIX) -> None:
        self._rng = rng
        self._prefix = prefix
        self._next_number = rng.randint(100_000, 399_999)

    def seals_for_box(self) -> tuple[str, ...]:
        count = self._rng.randint(*SEALS_PER_BOX)
        seals = tuple(f"{self._prefix}-{self._next_number + i}" for i in range(count))
        # Now and then a seal snaps while being fitted and the next one is used, so
        # consecutive boxes do not always have consecutive numbers.
        self._next_number += count + self._rng.choice((0, 0, 0, 1, 2))
        return seals


def papers_for(electorate: int) -> int:
    """Ordinary ballot papers supplied to a station: electorate plus spare, in whole books."""
    return max(1, math.ceil(electorate * (1 + SPARE_FRACTION) / BOOK_SIZE)) * BOOK_SIZE


def close_of_poll(poll_date: date) -> datetime:
    # Naive UK local time, the same convention as definitions loaded from files: the
    # time on the count venue's wall clock.
    return datetime.combine(poll_date, CLOSE_OF_POLL)


def expected_arrival(poll_date: date, electorate: int, travel_minutes: int) -> datetime:
    """When the PO should reach the count: packing time, then the journey."""
    packing = BASE_PACKING_MINUTES + electorate // ELECTORS_PER_EXTRA_PACKING_MINUTE
    after_close = timedelta(minutes=packing + travel_minutes)
    rounding = ARRIVAL_ROUNDING_MINUTES
    after_close = timedelta(minutes=math.ceil(after_close.total_seconds() / 60 / rounding) * rounding)
    after_close = min(max(after_close, EARLIEST_ARRIVAL_AFTER_CLOSE), LATEST_ARRIVAL_AFTER_CLOSE)
    return close_of_poll(poll_date) + after_close


def ballot_boxes(
    contest_id: str,
    stations: Sequence[PollingStation],
    box_number_of: Callable[[int, PollingStation], str],
    overflow_station_ids: Collection[str],
    arrival_of: Mapping[str, datetime],
    seals: SealDispenser,
) -> list[BallotBox]:
    """One box per station (two for overflow stations), papers numbered from 1 for the contest.

    Each station's ordinary papers run consecutively; an overflow box takes the second
    half of its station's range, since the PO starts it when the first box is full.
    Tendered papers stay with the station's first box: they never go in a box, but the
    first box's label carries their range.
    """
    boxes: list[BallotBox] = []
    next_paper = 1
    next_tendered = 1
    for index, station in enumerate(stations):
        supplied = papers_for(station.electorate)
        number = box_number_of(index, station)
        tendered = PaperRange(next_tendered, next_tendered + TENDERED_PER_STATION - 1)
        arrival = arrival_of[station.station_id]
        if station.station_id in overflow_station_ids:
            first_box_papers = (supplied // (2 * BOOK_SIZE)) * BOOK_SIZE
            parts = [
                (number, first_box_papers, tendered),
                (number + OVERFLOW_SUFFIX, supplied - first_box_papers, None),
            ]
        else:
            parts = [(number, supplied, tendered)]
        for box_id, paper_count, tendered_range in parts:
            boxes.append(BallotBox(
                box_id=box_id,
                station_id=station.station_id,
                contest_id=contest_id,
                seals=seals.seals_for_box(),
                ordinary_papers=PaperRange(next_paper, next_paper + paper_count - 1),
                tendered_papers=tendered_range,
                expected_arrival=arrival,
            ))
            next_paper += paper_count
        next_tendered += TENDERED_PER_STATION
    return boxes
