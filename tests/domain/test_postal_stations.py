"""Section D of a station's BPA (postal votes handed in there) against the hand-in records (§1.4, §5.3)."""

from __future__ import annotations

from typing import Any

from pollday.domain.postal_figures import hand_in_totals, load_book
from pollday.domain.postal_stations import (
    HandedIn,
    all_station_differences,
    handed_in_at,
    section_d,
    station_differences,
)
from tests.domain.helpers import Harness
from tests.domain.test_postal_hand_in import PERSON, hand_in
from tests.domain.test_postal_setup import PCC, WARD, cmd, combined_harness, ok, postal_harness

OTHER = {"person_name": "Mr Tom Reid", "person_address": "4 Mill Road, Harrowden HA1 2BB"}


def key_bpa(harness: Harness, station: str, contest: str = WARD, accepted: int = 0, rejected: int = 0,
            forms: int = 0, by: str = "reception", **extra: Any) -> None:
    figures = {"ordinary_received": 100, "issued": 70, "spoilt": 2, "unused": 28, "postal_accepted": accepted,
               "postal_rejected": rejected, "postal_forms": forms}
    ok(harness.run_as(by, cmd("bpa.record", station_id=station, contest_id=contest, **figures, **extra)))


def day_at_station_one(harness: Harness) -> None:
    """Three forms and one packet left behind at station 1; one form at station 2 and one at the offices."""
    hand_in(harness, "PVR-1", own_vote=True, others=2, **PERSON)  # 3 accepted
    hand_in(harness, "PVR-2", own_vote=True, others=6, **OTHER)  # own accepted, 6 others rejected
    hand_in(harness, "PVR-3", own_vote=True, form_complete=False, person_name="", person_address="")  # 1 rejected
    hand_in(harness, "LEFT-1", left_behind=2)  # 2 rejected, no form
    hand_in(harness, "PVR-4", station_id="2", own_vote=True, person_name="Ms Ada Lowe",
            person_address="9 Mill Road, Harrowden")
    hand_in(harness, "PVR-5", station_id=None, location="Council offices", own_vote=True,
            person_name="Mr Ian Cole", person_address="3 Park Road, Harrowden")


def test_the_records_give_the_section_as_the_presiding_officer_counts_it() -> None:
    harness = postal_harness(1)
    day_at_station_one(harness)
    one = handed_in_at(harness.state, "1")
    assert (one.accepted, one.rejected, one.forms) == (4, 9, 3)  # the packet left behind came without a form
    assert one.references == ("LEFT-1", "PVR-1", "PVR-2", "PVR-3")
    assert section_d(harness.state, "1") == {"postal_accepted": 4, "postal_rejected": 9, "postal_forms": 3}
    assert section_d(harness.state, "2") == {"postal_accepted": 1, "postal_rejected": 0, "postal_forms": 1}
    # The council offices' hand-ins belong to no station's BPA; the election-wide totals count every record.
    totals = hand_in_totals(load_book(harness.state))
    assert totals["by_station"] == {"1": {"forms": 3, "accepted": 4, "rejected": 9},
                                    "2": {"forms": 1, "accepted": 1, "rejected": 0}}
    assert totals["forms"] == 6


def test_a_bpa_that_agrees_with_the_records_raises_nothing() -> None:
    harness = postal_harness(1)
    day_at_station_one(harness)
    key_bpa(harness, "1", accepted=4, rejected=9, forms=3)
    key_bpa(harness, "2", accepted=1, forms=1)
    assert station_differences(harness.state, "1") == [] and all_station_differences(harness.state) == {}


def test_a_bpa_that_differs_is_named_with_the_forms_behind_the_records() -> None:
    harness = postal_harness(1)
    day_at_station_one(harness)
    key_bpa(harness, "1", accepted=4, rejected=8, forms=4)
    [difference] = station_differences(harness.state, "1")
    assert difference == (f"station 1's BPA for {WARD} shows 4 accepted, 8 rejected, 4 return forms handed in, but "
                          "the hand-in records (forms LEFT-1, PVR-1, PVR-2, PVR-3) give 4 accepted, 9 rejected, "
                          "3 return forms")


def test_a_blank_section_with_forms_recorded_is_said_once() -> None:
    harness = postal_harness(1)
    day_at_station_one(harness)
    key_bpa(harness, "2")
    assert all_station_differences(harness.state) == {"2": [
        "station 2's BPA shows no postal votes handed in, but the hand-in records (form PVR-4) give 1 accepted, "
        "0 rejected, 1 return forms"]}


def test_figures_on_a_bpa_with_no_hand_in_recorded_are_named() -> None:
    harness = postal_harness(1)
    key_bpa(harness, "1", accepted=2, forms=1)
    assert station_differences(harness.state, "1") == [
        f"station 1's BPA for {WARD} shows 2 accepted, 0 rejected, 1 return forms handed in, but no hand-in is "
        "recorded at the station"]


def test_nothing_to_compare_before_a_bpa_is_keyed_or_when_both_are_nought() -> None:
    harness = postal_harness(1)
    day_at_station_one(harness)
    assert station_differences(harness.state, "1") == []  # forms recorded, BPA not keyed yet
    quiet = postal_harness(1)
    key_bpa(quiet, "2")
    assert station_differences(quiet.state, "2") == [] and handed_in_at(quiet.state, "2") == HandedIn()


def test_a_combined_poll_may_carry_the_section_on_one_bpa_or_on_each() -> None:
    harness = combined_harness(1)
    hand_in(harness, "PVR-1", own_vote=True, others=1, **PERSON)
    key_bpa(harness, "1", WARD, accepted=2, forms=1)
    key_bpa(harness, "1", PCC)  # left blank: the ward's BPA carries the section
    assert station_differences(harness.state, "1") == []
    key_bpa(harness, "1", PCC, keying="second", accepted=3, forms=1, by="supervisor")
    # The PCC's two keyings now differ, so there is no effective PCC BPA to go by until a supervisor settles it.
    assert station_differences(harness.state, "1") == []
    ok(harness.run_as("supervisor", cmd("bpa.resolve", station_id="1", contest_id=PCC, ordinary_received=100,
                                        issued=70, spoilt=2, unused=28, postal_accepted=3, postal_forms=1,
                                        reason="as on the paper BPA")))
    assert station_differences(harness.state, "1") == [
        f"station 1's BPA for {PCC} shows 3 accepted, 0 rejected, 1 return forms handed in, but the hand-in "
        "records (form PVR-1) give 2 accepted, 0 rejected, 1 return forms"]
