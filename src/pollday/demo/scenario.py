"""The edge cases of section 9.5 of the domain reference, chosen on a demo definition.

Plain data only: the rehearsal stages read it to know which box to give a -1
variance, which seal to report damaged, and so on. Every case lives in Kestrel Vale's
parliamentary contest and falls on a different station, so the cases never mask one
another; stations with an overflow box are left out because a variance there would
need both boxes to explain it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from pollday.demo.electorate import in_person_electorate, postal_voters
from pollday.demo.generator import parliamentary_contest_id
from pollday.demo.seeding import substream
from pollday.domain.election import BallotBox, ElectionDefinition, PollingStation

IN_PERSON_TURNOUT = 0.52  # of the in-person electorate
POSTAL_RETURN_RATE = 0.84  # of postal ballot packs issued

RECOUNT_EXPECTED = 811
RECOUNT_COUNTS = (812, 811, 811)
# A station can only plausibly have 811 papers in its box if turnout there stays
# below this; beyond it the recount box would look suspicious for the wrong reason.
HIGHEST_PLAUSIBLE_TURNOUT = 0.8
LATE_ARRIVAL = time(1, 10)  # the next morning, naive UK local time like every definition time
POSTAL_VOTES_FOUND = (2, 5)


@dataclass(frozen=True)
class ExplainedVariance:
    box_id: str
    station_id: str
    variance: int
    log_entry: str  # what the PO wrote in the polling station log


@dataclass(frozen=True)
class CompensatingPair:
    """Two stations in one hall whose papers went into each other's boxes."""

    place_id: str
    station_ids: tuple[str, str]
    box_ids: tuple[str, str]
    variances: tuple[int, int]


@dataclass(frozen=True)
class RepeatedRecount:
    box_id: str
    expected: int  # the BPA figure the stage should record
    counts: tuple[int, ...]  # successive verification counts; the last two agree


@dataclass(frozen=True)
class LateDamagedBox:
    box_id: str
    expected_arrival: datetime
    arrival: datetime
    damaged_seal: str


@dataclass(frozen=True)
class MissingBallotPaperAccount:
    station_id: str
    box_id: str
    note: str


@dataclass(frozen=True)
class PostalVotesInBox:
    box_id: str
    postal_votes_found: int


@dataclass(frozen=True)
class PersonationTendered:
    station_id: str
    box_id: str  # the box whose label carries the station's tendered range
    tendered_paper: int


@dataclass(frozen=True)
class ContestFigures:
    """A contest's electorate split by the demo convention (see `electorate`)."""

    contest_id: str
    electorate: int
    in_person_electorate: int
    postal_voters: int


@dataclass(frozen=True)
class DemoScenario:
    seed: int
    contest_id: str  # the contest every edge case below belongs to
    explained_variance: ExplainedVariance
    compensating_pair: CompensatingPair
    repeated_recount: RepeatedRecount
    late_damaged_box: LateDamagedBox
    missing_bpa: MissingBallotPaperAccount
    postal_votes_in_box: PostalVotesInBox
    personation: PersonationTendered
    in_person_turnout: float
    postal_return_rate: float
    contest_figures: tuple[ContestFigures, ...]

    def figures_for(self, contest_id: str) -> ContestFigures:
        return next(figures for figures in self.contest_figures if figures.contest_id == contest_id)


def build_demo_scenario(definition: ElectionDefinition, seed: int) -> DemoScenario:
    contest_id = parliamentary_contest_id(1)
    if not any(contest.contest_id == contest_id for contest in definition.contests):
        raise ValueError(f"{definition.election_id} has no contest {contest_id}: it is not a demo definition")
    rng = substream(seed, "scenario")
    box_of = _single_box_stations(definition, contest_id)
    stations = [s for s in definition.stations if s.station_id in box_of]
    unused = list(stations)

    def take(station: PollingStation) -> BallotBox:
        unused.remove(station)
        return box_of[station.station_id]

    pair_place = rng.choice(_places_with_two_single_box_stations(stations))
    pair = [s for s in stations if s.place_id == pair_place][:2]
    pair_boxes = [take(s) for s in pair]

    recount_station = min(
        (s for s in unused if _can_hold(s, box_of[s.station_id], RECOUNT_EXPECTED)),
        key=lambda s: (abs(s.electorate * IN_PERSON_TURNOUT - RECOUNT_EXPECTED), int(s.station_id)),
    )
    recount_box = take(recount_station)

    # The box that turns up last is naturally the one from furthest away.
    late_station = max(unused, key=lambda s: (box_of[s.station_id].expected_arrival, -int(s.station_id)))
    late_box = take(late_station)

    variance_box = take(rng.choice(unused))
    missing_bpa_station = rng.choice(unused)
    missing_bpa_box = take(missing_bpa_station)
    postal_box = take(rng.choice(unused))
    personation_station = rng.choice(unused)
    personation_box = take(personation_station)
    if personation_box.tendered_papers is None:
        raise ValueError(f"box {personation_box.box_id} carries no tendered paper range")

    next_morning = definition.poll_date + timedelta(days=1)
    return DemoScenario(
        seed=seed,
        contest_id=contest_id,
        explained_variance=ExplainedVariance(
            box_id=variance_box.box_id,
            station_id=variance_box.station_id,
            variance=-1,
            log_entry="15:40 An elector left the station with her ballot paper; she did not return.",
        ),
        compensating_pair=CompensatingPair(
            place_id=pair_place,
            station_ids=(pair[0].station_id, pair[1].station_id),
            box_ids=(pair_boxes[0].box_id, pair_boxes[1].box_id),
            variances=(2, -2),
        ),
        repeated_recount=RepeatedRecount(recount_box.box_id, RECOUNT_EXPECTED, RECOUNT_COUNTS),
        late_damaged_box=LateDamagedBox(
            box_id=late_box.box_id,
            expected_arrival=late_box.expected_arrival,
            arrival=datetime.combine(next_morning, LATE_ARRIVAL),
            damaged_seal=rng.choice(late_box.seals),
        ),
        missing_bpa=MissingBallotPaperAccount(
            station_id=missing_bpa_station.station_id,
            box_id=missing_bpa_box.box_id,
            note=f"BPA left in the station; {missing_bpa_station.presiding_officer} phoned the figures through.",
        ),
        postal_votes_in_box=PostalVotesInBox(postal_box.box_id, rng.randint(*POSTAL_VOTES_FOUND)),
        personation=PersonationTendered(
            station_id=personation_station.station_id,
            box_id=personation_box.box_id,
            tendered_paper=personation_box.tendered_papers.first,
        ),
        in_person_turnout=IN_PERSON_TURNOUT,
        postal_return_rate=POSTAL_RETURN_RATE,
        contest_figures=tuple(
            ContestFigures(
                contest_id=contest.contest_id,
                electorate=contest.electorate,
                in_person_electorate=in_person_electorate(definition, contest.contest_id),
                postal_voters=postal_voters(definition, contest.contest_id),
            )
            for contest in definition.contests
        ),
    )


def _single_box_stations(definition: ElectionDefinition, contest_id: str) -> dict[str, BallotBox]:
    """Station ID -> its box, for stations with exactly one box in the contest."""
    boxes_at: dict[str, list[BallotBox]] = {}
    for box in definition.boxes:
        if box.contest_id == contest_id:
            boxes_at.setdefault(box.station_id, []).append(box)
    return {station_id: boxes[0] for station_id, boxes in boxes_at.items() if len(boxes) == 1}


def _places_with_two_single_box_stations(stations: list[PollingStation]) -> list[str]:
    count_at: dict[str, int] = {}
    for station in stations:
        count_at[station.place_id] = count_at.get(station.place_id, 0) + 1
    return [place_id for place_id, count in count_at.items() if count >= 2]


def _can_hold(station: PollingStation, box: BallotBox, papers: int) -> bool:
    return box.ordinary_papers.size > papers and papers <= station.electorate * HIGHEST_PLAUSIBLE_TURNOUT
