from __future__ import annotations

import ast
import itertools
import re
import unicodedata
from collections import Counter
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pollday.demo import generator
from pollday.demo.electorate import apportion, in_person_electorate, postal_voters, split_within
from pollday.demo.generator import DEMO_PINS, WARD_CONTEST_ID, build_demo_definition, parliamentary_contest_id
from pollday.domain.election import BallotBox, Contest, ContestKind, ElectionDefinition, validate_definition
from pollday.domain.pins import pin_format_problem, verify_pin
from pollday.domain.roles import Power, Role
from tests.demo.builds import demo

PARL = parliamentary_contest_id(1)


def boxes_of(definition: ElectionDefinition, contest_id: str) -> list[BallotBox]:
    return [box for box in definition.boxes if box.contest_id == contest_id]


def contest(definition: ElectionDefinition, contest_id: str) -> Contest:
    return next(c for c in definition.contests if c.contest_id == contest_id)


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("Ø", "O").replace("ø", "o"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def assert_shape(definition: ElectionDefinition) -> None:
    """The figures of section 9.5 that every seed must reproduce."""
    assert validate_definition(definition) == []
    assert len(definition.stations) == 58
    assert len({s.place_id for s in definition.stations}) == 41
    places_by_station_count = Counter(Counter(s.place_id for s in definition.stations).values())
    assert places_by_station_count == {1: 26, 2: 13, 3: 2}
    assert len(boxes_of(definition, PARL)) == 60
    assert sorted(b.box_id for b in boxes_of(definition, WARD_CONTEST_ID)) == ["HN1", "HN2", "HN3", "HN4", "HN5"]
    overflow = [b.box_id for b in boxes_of(definition, PARL) if b.box_id.endswith("A")]
    assert len(overflow) == 2
    assert all(b.box_id[:-1] == b.station_id for b in boxes_of(definition, PARL) if b.box_id in overflow)
    parl, ward = contest(definition, PARL), contest(definition, WARD_CONTEST_ID)
    assert (parl.kind, parl.seats, len(parl.candidates)) == (ContestKind.PARLIAMENTARY, 1, 7)
    assert (ward.kind, ward.seats, len(ward.candidates)) == (ContestKind.LOCAL, 3, 9)


def assert_papers_consecutive(definition: ElectionDefinition, contest_id: str) -> None:
    station_order = {s.station_id: index for index, s in enumerate(definition.stations)}
    boxes = sorted(boxes_of(definition, contest_id),
                   key=lambda b: (station_order[b.station_id], b.ordinary_papers.first))
    next_paper = 1
    for box in boxes:
        assert box.ordinary_papers.first == next_paper, f"box {box.box_id} does not follow on"
        next_paper = box.ordinary_papers.last + 1
    tendered = [b.tendered_papers for b in boxes if b.tendered_papers is not None]
    assert [(r.first, r.last) for r in tendered] == [(1 + 10 * i, 10 * (i + 1)) for i in range(len(tendered))]
    assert len(tendered) == len({b.station_id for b in boxes}), "one tendered range per station"


def test_the_default_demo_passes_validation_and_has_the_reference_shape() -> None:
    definition = demo()
    assert_shape(definition)
    assert definition.election_id == "kestrel-vale-2026"
    assert definition.poll_date.isoformat() == "2026-05-07"
    assert definition.authority == "Kestrel Vale District Council"
    assert [c.contest_id for c in definition.contests] == [
        "parl.kestrel-vale.2026-05-07", "local.harrowden.north-ward.2026-05-07"]


def test_the_same_seed_builds_an_equal_definition_pin_hashes_included() -> None:
    again = build_demo_definition(2026)
    assert again == demo()
    assert [u.pin_hash for u in again.users] == [u.pin_hash for u in demo().users]


def test_another_seed_changes_names_and_figures_but_not_the_shape() -> None:
    first, second = demo(2026), demo(7)
    assert_shape(second)
    assert [s.place_name for s in first.stations] != [s.place_name for s in second.stations]
    assert [s.electorate for s in first.stations] != [s.electorate for s in second.stations]
    assert contest(first, PARL).candidates != contest(second, PARL).candidates
    assert {u.pin_hash for u in first.users}.isdisjoint(u.pin_hash for u in second.users)


def test_the_definition_survives_its_json_round_trip() -> None:
    assert ElectionDefinition.from_json(demo().to_json()) == demo()


def test_electorates_follow_the_in_person_convention() -> None:
    definition = demo()
    parl, ward = contest(definition, PARL), contest(definition, WARD_CONTEST_ID)
    assert 72_000 <= parl.electorate <= 75_700
    assert 9_200 <= ward.electorate <= 9_600
    assert in_person_electorate(definition, PARL) == sum(s.electorate for s in definition.stations)
    for contest_id, electorate in ((PARL, parl.electorate), (WARD_CONTEST_ID, ward.electorate)):
        postal_share = postal_voters(definition, contest_id) / electorate
        assert 0.20 <= postal_share <= 0.24, f"{contest_id}: postal share {postal_share:.3f}"


def test_station_electorates_are_mostly_700_to_2250_with_a_few_tiny_rural_ones() -> None:
    electorates = [s.electorate for s in demo().stations]
    tiny = [e for e in electorates if e < 700]
    assert 2 <= len(tiny) <= 6
    assert all(150 <= e <= 300 for e in tiny)
    assert all(700 <= e <= 2_250 for e in electorates if e >= 700)


def test_the_ward_covers_five_kestrel_vale_stations_and_its_figures_add_up() -> None:
    definition = demo()
    ward_boxes = boxes_of(definition, WARD_CONTEST_ID)
    parl_stations = {b.station_id for b in boxes_of(definition, PARL)}
    assert len({b.station_id for b in ward_boxes}) == 5
    assert {b.station_id for b in ward_boxes} <= parl_stations
    in_person = in_person_electorate(definition, WARD_CONTEST_ID)
    assert in_person + postal_voters(definition, WARD_CONTEST_ID) == contest(definition, WARD_CONTEST_ID).electorate
    assert 0 < in_person < contest(definition, WARD_CONTEST_ID).electorate


@pytest.mark.parametrize("contest_id", [PARL, WARD_CONTEST_ID])
def test_ballot_paper_ranges_run_consecutively_from_1_and_never_overlap(contest_id: str) -> None:
    definition = demo()
    assert_papers_consecutive(definition, contest_id)
    ranges = sorted((b.ordinary_papers.first, b.ordinary_papers.last) for b in boxes_of(definition, contest_id))
    assert all(a_last < b_first for (_, a_last), (b_first, _) in itertools.pairwise(ranges))


def test_each_station_gets_about_five_percent_spare_papers() -> None:
    definition = demo()
    supplied: Counter[str] = Counter()
    for box in boxes_of(definition, PARL):
        supplied[box.station_id] += box.ordinary_papers.size
    for station in definition.stations:
        spare = supplied[station.station_id] - station.electorate
        assert station.electorate * 0.05 <= spare < station.electorate * 0.05 + 25, station.station_id
    assert max(b.tendered_papers.last for b in boxes_of(definition, PARL) if b.tendered_papers) == 580


def test_seals_are_three_to_five_per_box_and_unique() -> None:
    seals = [seal for box in demo().boxes for seal in box.seals]
    assert all(3 <= len(box.seals) <= 5 for box in demo().boxes)
    assert len(seals) == len(set(seals))
    assert all(re.fullmatch(r"KV-\d{6}", seal) for seal in seals)


def test_boxes_are_expected_between_2235_and_0100_and_far_places_come_later() -> None:
    definition = demo()
    poll_day = definition.poll_date
    earliest = datetime.combine(poll_day, time(22, 35))
    latest = datetime.combine(poll_day + timedelta(days=1), time(1, 0))
    arrivals = {b.station_id: b.expected_arrival for b in definition.boxes}
    assert all(earliest <= moment <= latest for moment in arrivals.values())
    assert min(arrivals.values()) < datetime.combine(poll_day, time(23, 0))
    assert max(arrivals.values()) > datetime.combine(poll_day + timedelta(days=1), time(0, 0))
    tiny = [s.station_id for s in definition.stations if s.electorate < 700]
    town = [s.station_id for s in definition.stations if s.station_id in {b.station_id for b in
                                                                          boxes_of(definition, WARD_CONTEST_ID)}]
    assert min(arrivals[s] for s in tiny) > max(arrivals[s] for s in town)


def test_stations_carry_district_codes_places_and_drama_range_phones() -> None:
    definition = demo()
    assert [s.station_id for s in definition.stations] == [str(n) for n in range(1, 59)]
    for station in definition.stations:
        assert re.fullmatch(r"KV[A-H]\d", station.district_code)
        assert re.fullmatch(r"07700 900\d{3}", station.presiding_officer_phone)
        assert station.presiding_officer and station.place_address and station.place_name
    assert len({s.presiding_officer_phone for s in definition.stations}) == 58
    districts_per_place = {s.place_id: s.district_code for s in definition.stations}
    assert all(districts_per_place[s.place_id] == s.district_code for s in definition.stations)


def test_candidates_are_in_alphabetical_ballot_order_with_the_required_variety() -> None:
    parl = contest(demo(), PARL)
    folded = [plain(c.surname) for c in parl.candidates]
    assert folded == sorted(folded)
    assert [c.ballot_order for c in parl.candidates] == list(range(1, 8))
    assert [c.description for c in parl.candidates].count("Independent") == 1
    assert any(c.commonly_used_forenames for c in parl.candidates)
    assert any(not (c.surname + c.forenames).isascii() for c in parl.candidates)
    real_parties = ("Labour", "Conservative", "Liberal", "Green Party", "Reform", "National Party", "Plaid")
    descriptions = {c.description for c in demo().contests[0].candidates + demo().contests[1].candidates}
    assert not any(real in d for d in descriptions for real in real_parties)


def test_the_ward_has_three_parties_each_standing_three() -> None:
    ward = contest(demo(), WARD_CONTEST_ID)
    assert sorted(Counter(c.description for c in ward.candidates).values()) == [3, 3, 3]
    assert {c.description for c in ward.candidates} <= {c.description for c in contest(demo(), PARL).candidates}


def test_officers_are_an_acting_ro_and_two_deputies_with_written_powers() -> None:
    officers = demo().officers
    assert [o.title for o in officers] == ["Acting Returning Officer", "Deputy Returning Officer",
                                           "Deputy Returning Officer"]
    assert set(officers[1].powers) == {Power.ADJUDICATION, Power.DECLARATION, Power.RECOUNT, Power.VERIFICATION}
    assert officers[2].powers == (Power.POSTAL_ADJUDICATION,)


def test_users_cover_every_person_role_and_the_published_pins_unlock_them() -> None:
    users = demo().users
    assert {u.role for u in users} == set(Role) - {Role.SYSTEM}
    assert [u.username for u in users] == list(DEMO_PINS)
    assert len(set(DEMO_PINS.values())) == len(DEMO_PINS)
    for user in users:
        pin = DEMO_PINS[user.username]
        assert pin_format_problem(pin) is None and 4 <= len(pin) <= 6
        assert verify_pin(pin, user.pin_hash), user.username
        assert not verify_pin(str(int(pin) + 1), user.pin_hash)
    by_name = {u.username: u for u in users}
    assert by_name["ro"].full_name == demo().officers[0].name
    assert by_name["deputy1"].powers == demo().officers[1].powers


def test_scale_two_doubles_the_stations_and_keeps_the_first_constituency_as_it_was() -> None:
    one, two = demo(2026, 1), demo(2026, 2)
    assert validate_definition(two) == []
    assert len(two.stations) == 2 * len(one.stations)
    assert len(two.boxes) == 2 * 60 + 5
    assert len({s.place_id for s in two.stations}) == 82
    assert [c.contest_id for c in two.contests] == [PARL, WARD_CONTEST_ID, "parl.kestrel-vale-2.2026-05-07"]
    assert two.stations[:58] == one.stations
    assert two.boxes[:65] == one.boxes
    assert two.users == one.users
    second = contest(two, "parl.kestrel-vale-2.2026-05-07")
    assert second.candidates != contest(one, PARL).candidates
    assert_papers_consecutive(two, second.contest_id)


def test_scale_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="scale"):
        build_demo_definition(2026, 0)


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_every_seed_gives_a_valid_definition_of_the_same_shape(seed: int) -> None:
    definition = demo(seed)
    assert_shape(definition)
    assert_papers_consecutive(definition, PARL)
    assert_papers_consecutive(definition, WARD_CONTEST_ID)
    assert 0.20 <= postal_voters(definition, PARL) / contest(definition, PARL).electorate <= 0.24


@given(total=st.integers(0, 10_000), weights=st.lists(st.floats(0.1, 10), min_size=1, max_size=30))
def test_apportion_hands_out_exactly_the_total(total: int, weights: list[float]) -> None:
    parts = apportion(total, weights)
    assert sum(parts) == total and all(part >= 0 for part in parts)


@given(data=st.data(), weights=st.lists(st.floats(0.1, 10), min_size=1, max_size=30))
def test_split_within_keeps_every_part_inside_its_bounds(data: st.DataObject, weights: list[float]) -> None:
    total = data.draw(st.integers(len(weights) * 700, len(weights) * 2_250))
    parts = split_within(total, weights, 700, 2_250)
    assert sum(parts) == total
    assert all(700 <= part <= 2_250 for part in parts)


def test_the_demo_package_reads_no_clock_no_os_randomness_and_no_ui_or_database() -> None:
    forbidden_modules = {"textual", "sqlite3", "sqlite_utils", "secrets"}
    forbidden_calls = {"now", "utcnow", "today", "time", "urandom", "perf_counter", "monotonic"}
    package = Path(generator.__file__).parent
    for source in package.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                imported = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module]
                assert not {name.split(".")[0] for name in imported if name} & forbidden_modules, source.name
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                # The stage scripts may read and set the injected ManualClock, never a real one.
                on_injected_clock = ast.unparse(node.func.value).endswith("clock")
                assert on_injected_clock or node.func.attr not in forbidden_calls, f"{source.name}: {ast.unparse(node)}"
