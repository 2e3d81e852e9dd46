"""The seeded demo election: Kestrel Vale combined with the Harrowden North ward.

`build_demo_definition(seed, scale)` is a pure function of its arguments: no clock, no
OS randomness. Scale 1 is the rehearsal election of section 9.5 of the domain
reference; a larger scale adds benchmark constituencies of the same shape to the same
election, and leaves the first constituency, the ward and the users exactly as at
scale 1.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pollday.demo import names
from pollday.demo.boxes import SealDispenser, ballot_boxes, expected_arrival
from pollday.demo.candidates import (
    PARLIAMENTARY_PARTY_COUNT,
    WARD_PARTY_COUNT,
    parliamentary_candidates,
    ward_candidates,
)
from pollday.demo.layout import (
    PLACES_PER_CONSTITUENCY,
    STATIONS_PER_CONSTITUENCY,
    ConstituencyLayout,
    ConstituencySpec,
    build_layout,
)
from pollday.demo.people import DEMO_PINS, build_staff
from pollday.demo.seeding import substream
from pollday.domain.election import BallotBox, Contest, ContestKind, ElectionDefinition, PollingStation

__all__ = ["DEMO_PINS", "build_demo_definition", "parliamentary_contest_id"]

DEFAULT_SEED = 2026
POLL_DATE = date(2026, 5, 7)
ELECTION_ID = "kestrel-vale-2026"
ELECTION_NAME = "Kestrel Vale parliamentary and Harrowden North ward elections, 7 May 2026"
AUTHORITY = "Kestrel Vale District Council"
CONSTITUENCY_NAME = "Kestrel Vale"
CONSTITUENCY_SLUG = "kestrel-vale"
WARD_TOWN = "Harrowden"
WARD_NAME = "Harrowden North ward"
WARD_CONTEST_ID = f"local.harrowden.north-ward.{POLL_DATE.isoformat()}"
WARD_SEATS = 3
WARD_BOX_PREFIX = "HN"
OVERFLOW_BOXES_PER_CONSTITUENCY = 2
DRAMA_PHONE_PREFIX = "07700 900"  # Ofcom keeps 07700 900000-900999 for fiction


@dataclass(frozen=True)
class _ConstituencyParts:
    contests: tuple[Contest, ...]
    stations: tuple[PollingStation, ...]
    boxes: tuple[BallotBox, ...]


def build_demo_definition(seed: int = DEFAULT_SEED, scale: int = 1) -> ElectionDefinition:
    if scale < 1:
        raise ValueError(f"scale is {scale}: it counts constituencies, so it must be at least 1")
    seals = SealDispenser(substream(seed, "seals"))
    phone_numbers = _drama_phone_numbers(substream(seed, "phones"))
    parts = [_build_constituency(seed, _spec(number), phone_numbers, seals) for number in range(1, scale + 1)]
    staff = build_staff(substream(seed, "staff names"), substream(seed, "pin salts"))
    return ElectionDefinition(
        election_id=ELECTION_ID if scale == 1 else f"{ELECTION_ID}-x{scale}",
        name=_election_name(scale),
        poll_date=POLL_DATE,
        authority=AUTHORITY,
        officers=staff.officers,
        contests=tuple(contest for part in parts for contest in part.contests),
        stations=tuple(station for part in parts for station in part.stations),
        boxes=tuple(box for part in parts for box in part.boxes),
        users=staff.users,
    )


def parliamentary_contest_id(number: int) -> str:
    """Constituency 1 is Kestrel Vale; benchmark copies are kestrel-vale-2, -3 ..."""
    slug = CONSTITUENCY_SLUG if number == 1 else f"{CONSTITUENCY_SLUG}-{number}"
    return f"{ContestKind.PARLIAMENTARY.value}.{slug}.{POLL_DATE.isoformat()}"


def _election_name(scale: int) -> str:
    return ELECTION_NAME if scale == 1 else f"{ELECTION_NAME} (benchmark, {scale} constituencies)"


def _spec(number: int) -> ConstituencySpec:
    return ConstituencySpec(
        number=number,
        name=CONSTITUENCY_NAME if number == 1 else f"{CONSTITUENCY_NAME} {number}",
        district_prefix="KV" if number == 1 else f"KV{number}",
        town=WARD_TOWN if number == 1 else names.TOWN_NAMES[(number - 2) % len(names.TOWN_NAMES)],
        first_station_number=(number - 1) * STATIONS_PER_CONSTITUENCY + 1,
        first_place_number=(number - 1) * PLACES_PER_CONSTITUENCY + 1,
        has_ward=number == 1,
    )


def _build_constituency(seed: int, spec: ConstituencySpec, phone_numbers: Iterator[str],
                        seals: SealDispenser) -> _ConstituencyParts:
    layout = build_layout(spec, substream(seed, "constituency", spec.number), phone_numbers)
    candidate_rng = substream(seed, "candidates", spec.number)
    parties = tuple(candidate_rng.sample(names.FICTIONAL_PARTIES, PARLIAMENTARY_PARTY_COUNT))
    contest_id = parliamentary_contest_id(spec.number)
    contests = [Contest(
        contest_id=contest_id,
        name=spec.name,
        kind=ContestKind.PARLIAMENTARY,
        seats=1,
        electorate=layout.parliamentary_electorate,
        candidates=parliamentary_candidates(contest_id, candidate_rng, parties),
    )]
    arrival_of = {
        station.station_id: expected_arrival(POLL_DATE, station.electorate, layout.travel_minutes[station.place_id])
        for station in layout.stations
    }
    # The biggest stations are the ones that fill a box and need an overflow box.
    overflow = sorted(layout.stations, key=lambda s: (-s.electorate, int(s.station_id)))
    boxes = ballot_boxes(
        contest_id, layout.stations, lambda _index, station: station.station_id,
        {s.station_id for s in overflow[:OVERFLOW_BOXES_PER_CONSTITUENCY]}, arrival_of, seals,
    )
    if spec.has_ward:
        contests.append(_ward_contest(seed, parties, layout))
        ward_stations = [s for s in layout.stations if s.station_id in layout.ward_station_ids]
        boxes += ballot_boxes(
            WARD_CONTEST_ID, ward_stations, lambda index, _station: f"{WARD_BOX_PREFIX}{index + 1}",
            (), arrival_of, seals,
        )
    return _ConstituencyParts(contests=tuple(contests), stations=layout.stations, boxes=tuple(boxes))


def _ward_contest(seed: int, parliamentary_parties: tuple[str, ...], layout: ConstituencyLayout) -> Contest:
    rng = substream(seed, "ward candidates")
    # The same parties fight both polls, as they would at a real combined poll.
    parties = tuple(rng.sample(parliamentary_parties, WARD_PARTY_COUNT))
    return Contest(
        contest_id=WARD_CONTEST_ID,
        name=WARD_NAME,
        kind=ContestKind.LOCAL,
        seats=WARD_SEATS,
        electorate=layout.ward_electorate,
        candidates=ward_candidates(WARD_CONTEST_ID, rng, parties),
    )


def _drama_phone_numbers(rng: random.Random) -> Iterator[str]:
    # Shuffle the whole range once so a larger scale only appends numbers; past 1,000
    # stations numbers repeat, which only benchmark elections reach.
    numbers = [f"{DRAMA_PHONE_PREFIX}{n:03d}" for n in range(1000)]
    rng.shuffle(numbers)
    return itertools.cycle(numbers)
