from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pollday.demo.electorate import postal_voters
from pollday.demo.generator import WARD_CONTEST_ID, parliamentary_contest_id
from pollday.demo.scenario import DemoScenario, build_demo_scenario
from pollday.domain.election import BallotBox, ElectionDefinition
from tests.demo.builds import demo

PARL = parliamentary_contest_id(1)


def box(definition: ElectionDefinition, box_id: str) -> BallotBox:
    matches = [b for b in definition.boxes if b.box_id == box_id and b.contest_id == PARL]
    assert len(matches) == 1, f"box {box_id} is not a Kestrel Vale parliamentary box"
    return matches[0]


def stations_used(scenario: DemoScenario) -> list[str]:
    return [
        scenario.explained_variance.station_id,
        *scenario.compensating_pair.station_ids,
        scenario.missing_bpa.station_id,
        scenario.personation.station_id,
    ]


def boxes_used(scenario: DemoScenario) -> list[str]:
    return [
        scenario.explained_variance.box_id,
        *scenario.compensating_pair.box_ids,
        scenario.repeated_recount.box_id,
        scenario.late_damaged_box.box_id,
        scenario.missing_bpa.box_id,
        scenario.postal_votes_in_box.box_id,
        scenario.personation.box_id,
    ]


def assert_scenario_fits(definition: ElectionDefinition, scenario: DemoScenario) -> None:
    stations = {s.station_id: s for s in definition.stations}
    used_boxes = [box(definition, box_id) for box_id in boxes_used(scenario)]
    assert len({b.station_id for b in used_boxes}) == len(used_boxes), "each case needs a station of its own"
    assert all(station_id in stations for station_id in stations_used(scenario))
    assert scenario.explained_variance.station_id == box(definition, scenario.explained_variance.box_id).station_id

    pair = scenario.compensating_pair
    assert {stations[s].place_id for s in pair.station_ids} == {pair.place_id}
    assert [box(definition, b).station_id for b in pair.box_ids] == list(pair.station_ids)
    assert sum(pair.variances) == 0 and pair.variances != (0, 0)

    recount = scenario.repeated_recount
    recount_box = box(definition, recount.box_id)
    assert recount.counts == (812, 811, 811) and recount.expected == 811
    assert recount_box.ordinary_papers.size >= max(recount.counts)
    assert recount.expected <= stations[recount_box.station_id].electorate

    late = scenario.late_damaged_box
    late_box = box(definition, late.box_id)
    assert late.arrival == datetime.combine(definition.poll_date + timedelta(days=1), time(1, 10))
    assert late.expected_arrival == late_box.expected_arrival < late.arrival
    assert late.damaged_seal in late_box.seals

    tendered = box(definition, scenario.personation.box_id).tendered_papers
    assert tendered is not None and tendered.first <= scenario.personation.tendered_paper <= tendered.last
    assert box(definition, scenario.missing_bpa.box_id).station_id == scenario.missing_bpa.station_id
    assert scenario.postal_votes_in_box.postal_votes_found > 0


def test_every_case_points_at_a_real_box_or_station_of_its_own() -> None:
    assert_scenario_fits(demo(), build_demo_scenario(demo(), 2026))


def test_the_compensating_stations_share_a_polling_place() -> None:
    definition = demo()
    pair = build_demo_scenario(definition, 2026).compensating_pair
    places = {s.station_id: s.place_id for s in definition.stations}
    assert places[pair.station_ids[0]] == places[pair.station_ids[1]] == pair.place_id
    assert pair.station_ids[0] != pair.station_ids[1]


def test_the_late_box_is_the_one_expected_last() -> None:
    definition = demo()
    late = build_demo_scenario(definition, 2026).late_damaged_box
    single_box_arrivals = [b.expected_arrival for b in definition.boxes
                           if b.contest_id == PARL and not b.box_id.endswith("A")]
    assert late.expected_arrival == max(single_box_arrivals)


def test_turnout_expectations_and_contest_figures() -> None:
    definition = demo()
    scenario = build_demo_scenario(definition, 2026)
    assert scenario.in_person_turnout == pytest.approx(0.52)
    assert scenario.postal_return_rate == pytest.approx(0.84)
    ward = scenario.figures_for(WARD_CONTEST_ID)
    assert ward.postal_voters == postal_voters(definition, WARD_CONTEST_ID)
    assert ward.in_person_electorate + ward.postal_voters == ward.electorate
    assert [f.contest_id for f in scenario.contest_figures] == [c.contest_id for c in definition.contests]


def test_the_scenario_is_determined_by_its_seed() -> None:
    definition = demo()
    assert build_demo_scenario(definition, 2026) == build_demo_scenario(definition, 2026)
    picks = {tuple(boxes_used(build_demo_scenario(definition, seed))) for seed in range(6)}
    assert len(picks) > 1


def test_a_definition_without_kestrel_vale_is_refused() -> None:
    definition = demo()
    foreign = replace(definition, contests=tuple(c for c in definition.contests if c.contest_id != PARL))
    with pytest.raises(ValueError, match="not a demo definition"):
        build_demo_scenario(foreign, 2026)


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_the_scenario_fits_the_demo_of_any_seed(seed: int) -> None:
    definition = demo(seed)
    assert_scenario_fits(definition, build_demo_scenario(definition, seed))
