"""Polling places and stations of one demo constituency.

The shape is fixed (41 places, 58 stations, the same multi-station places every time)
so that every seed gives the same counts; the seed chooses names, addresses, travel
times and electorates. A constituency is a town of three areas plus surrounding
villages and a few remote hamlets. In the first constituency the town's northern area
is also the Harrowden North ward, the local contest combined with the parliamentary poll.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from pollday.demo import names
from pollday.demo.electorate import jittered, split_within
from pollday.domain.election import PollingStation


class Setting(StrEnum):
    TOWN = "town"
    VILLAGE = "village"
    HAMLET = "hamlet"


@dataclass(frozen=True)
class AreaPlan:
    letter: str  # the polling district codes of the area are <prefix><letter><n>
    setting: Setting
    stations_per_place: tuple[int, ...]
    travel_minutes: tuple[int, int]  # from a place to the count venue, least and most


# The first town area must stay first: it is the Harrowden North ward in constituency 1.
CONSTITUENCY_PLAN: tuple[AreaPlan, ...] = (
    AreaPlan("A", Setting.TOWN, (2, 2, 1), (8, 15)),
    AreaPlan("B", Setting.TOWN, (3, 2, 2, 1, 1), (10, 20)),
    AreaPlan("C", Setting.TOWN, (3, 2, 2, 1, 1), (10, 25)),
    AreaPlan("D", Setting.VILLAGE, (2, 2, 1, 1, 1, 1, 1), (20, 45)),
    AreaPlan("E", Setting.VILLAGE, (2, 2, 1, 1, 1, 1, 1), (25, 55)),
    AreaPlan("F", Setting.VILLAGE, (2, 2, 2, 1, 1, 1, 1), (30, 65)),
    AreaPlan("G", Setting.VILLAGE, (1, 1, 1), (50, 90)),
    AreaPlan("H", Setting.HAMLET, (1, 1, 1, 1), (120, 160)),
)
WARD_AREA = "A"
PLACES_PER_CONSTITUENCY = sum(len(area.stations_per_place) for area in CONSTITUENCY_PLAN)
STATIONS_PER_CONSTITUENCY = sum(sum(area.stations_per_place) for area in CONSTITUENCY_PLAN)

# Section 9.5 of the domain reference: Kestrel Vale has about 73,850 electors, 22% of
# them postal voters; Harrowden North ward about 9,400.
PARLIAMENTARY_ELECTORATE = 73_850
WARD_ELECTORATE = 9_400
POSTAL_SHARE = 0.22
ELECTORATE_JITTER = 0.01
POSTAL_SHARE_JITTER = 0.01

# In-person electors per station. The Electoral Commission's ceiling is 2,250; town
# stations run larger than village ones, hamlets are tiny.
STATION_FLOOR = 700
STATION_CEILING = 2_250
HAMLET_RANGE = (150, 300)
WARD_STATION_RANGE = (1_100, 2_000)
TOWN_WEIGHT_RANGE = (1.8, 3.6)
VILLAGE_WEIGHT_RANGE = (0.2, 1.6)


@dataclass(frozen=True)
class ConstituencySpec:
    number: int  # 1 for Kestrel Vale itself, 2.. for benchmark copies
    name: str
    district_prefix: str
    town: str
    first_station_number: int
    first_place_number: int
    has_ward: bool


@dataclass(frozen=True)
class ConstituencyLayout:
    stations: tuple[PollingStation, ...]
    travel_minutes: dict[str, int]  # place_id -> minutes to the count venue
    parliamentary_electorate: int
    ward_station_ids: tuple[str, ...]  # empty unless the constituency holds the ward
    ward_electorate: int  # 0 unless the constituency holds the ward


@dataclass(frozen=True)
class _Place:
    place_id: str
    name: str
    address: str
    district_code: str
    setting: Setting
    area_letter: str
    station_count: int


def build_layout(spec: ConstituencySpec, rng: random.Random, phone_numbers: Iterator[str]) -> ConstituencyLayout:
    places = _build_places(spec, rng)
    travel_minutes = {place.place_id: rng.randint(*_area(place.area_letter).travel_minutes) for place in places}
    postal_share = rng.uniform(POSTAL_SHARE - POSTAL_SHARE_JITTER, POSTAL_SHARE + POSTAL_SHARE_JITTER)
    electorate = jittered(rng, PARLIAMENTARY_ELECTORATE, ELECTORATE_JITTER)
    in_person_total = electorate - round(electorate * postal_share)

    station_places = [place for place in places for _ in range(place.station_count)]
    is_ward = [spec.has_ward and place.area_letter == WARD_AREA for place in station_places]
    ward_electorate = jittered(rng, WARD_ELECTORATE, ELECTORATE_JITTER) if spec.has_ward else 0
    electorates = _station_electorates(rng, station_places, is_ward, in_person_total,
                                       ward_electorate - round(ward_electorate * postal_share))

    presiding_officers = names.distinct_person_names(rng, len(station_places))
    stations: list[PollingStation] = []
    seen_at_place: dict[str, int] = {}
    for offset, place in enumerate(station_places):
        seen_at_place[place.place_id] = seen_at_place.get(place.place_id, 0) + 1
        station_name = place.name
        if place.station_count > 1:
            station_name = f"{place.name} ({seen_at_place[place.place_id]} of {place.station_count})"
        stations.append(PollingStation(
            station_id=str(spec.first_station_number + offset),
            name=station_name,
            district_code=place.district_code,
            place_id=place.place_id,
            place_name=place.name,
            place_address=place.address,
            electorate=electorates[offset],
            presiding_officer=presiding_officers[offset],
            presiding_officer_phone=next(phone_numbers),
        ))
    return ConstituencyLayout(
        stations=tuple(stations),
        travel_minutes=travel_minutes,
        parliamentary_electorate=electorate,
        ward_station_ids=tuple(s.station_id for s, ward in zip(stations, is_ward, strict=True) if ward),
        ward_electorate=ward_electorate,
    )


def _area(letter: str) -> AreaPlan:
    return next(area for area in CONSTITUENCY_PLAN if area.letter == letter)


def _station_electorates(rng: random.Random, station_places: list[_Place], is_ward: list[bool],
                         in_person_total: int, ward_in_person: int) -> list[int]:
    """In-person electorates per station that add up exactly to the constituency's total."""
    electorates = [0] * len(station_places)
    ward_indices = [i for i, ward in enumerate(is_ward) if ward]
    if ward_indices:
        ward_parts = split_within(ward_in_person, [rng.uniform(0.8, 1.2) for _ in ward_indices],
                                  *WARD_STATION_RANGE)
        for index, part in zip(ward_indices, ward_parts, strict=True):
            electorates[index] = part
    for index, place in enumerate(station_places):
        if place.setting == Setting.HAMLET:
            electorates[index] = rng.randint(*HAMLET_RANGE)
    rest = [i for i, e in enumerate(electorates) if e == 0]
    weights = [rng.uniform(*(TOWN_WEIGHT_RANGE if station_places[i].setting == Setting.TOWN
                             else VILLAGE_WEIGHT_RANGE)) for i in rest]
    parts = split_within(in_person_total - sum(electorates), weights, STATION_FLOOR, STATION_CEILING)
    for index, part in zip(rest, parts, strict=True):
        electorates[index] = part
    return electorates


def _build_places(spec: ConstituencySpec, rng: random.Random) -> list[_Place]:
    places: list[_Place] = []
    used_names: set[str] = set()
    used_villages: set[str] = set()
    town_areas = [area.letter for area in CONSTITUENCY_PLAN if area.setting == Setting.TOWN]
    for area_index, area in enumerate(CONSTITUENCY_PLAN):
        outward = f"KV{(spec.number - 1) * len(CONSTITUENCY_PLAN) + area_index + 1}"
        for place_index, station_count in enumerate(area.stations_per_place):
            if area.setting == Setting.TOWN:
                locality = spec.town
                fields = {"town": spec.town, "quarter": names.TOWN_QUARTERS[town_areas.index(area.letter)]}
                templates = names.TOWN_BUILDINGS
            else:
                locality = _new_village(rng, used_villages)
                fields = {"village": locality}
                templates = names.HAMLET_BUILDINGS if area.setting == Setting.HAMLET else names.VILLAGE_BUILDINGS
            street = rng.choice(names.STREETS)
            name = _new_building_name(rng, templates, {**fields, "street": street}, used_names)
            places.append(_Place(
                place_id=f"P{spec.first_place_number + len(places):03d}",
                name=name,
                address=f"{street}, {locality}, {names.postcode(rng, outward)}",
                district_code=f"{spec.district_prefix}{area.letter}{place_index + 1}",
                setting=area.setting,
                area_letter=area.letter,
                station_count=station_count,
            ))
    return places


def _new_village(rng: random.Random, used: set[str]) -> str:
    while (village := names.village_name(rng)) in used:
        continue
    used.add(village)
    return village


def _new_building_name(rng: random.Random, templates: tuple[str, ...], fields: dict[str, str],
                       used: set[str]) -> str:
    while True:
        name = rng.choice(templates).format(
            stem=rng.choice(names.VILLAGE_STEMS), saint=rng.choice(names.SAINTS), **fields)
        if name not in used:
            used.add(name)
            return name
