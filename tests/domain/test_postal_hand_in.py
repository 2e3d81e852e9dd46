"""Postal votes handed in: the reference's §9.5 item 4 scenarios, the fourth list, and refusals."""

from __future__ import annotations

from typing import Any

from pollday.domain.postal_figures import hand_in_totals, list_four, load_book
from tests.domain.helpers import Harness
from tests.domain.test_postal_setup import check, cmd, number, ok, open_session, postal_harness, refused

PERSON = {"person_name": "Mrs Ann Hale", "person_address": "1 Church Lane, Harrowden HA1 1AA"}


def hand_in(harness: Harness, reference: str, station_id: str | None = "1", **form: Any) -> dict[str, Any]:
    ok(harness.run_as("postal", cmd("postal.hand_in", reference=reference, station_id=station_id, **form)))
    row = harness.state.get("postal_hand_ins", (reference,))
    assert row is not None
    return row


def accepted_rejected(row: dict[str, Any]) -> tuple[int, int]:
    accepted = row["accepted_own"] + row["accepted_proxy"] + row["accepted_others"]
    rejected = row["rejected_own"] + row["rejected_proxy"] + row["rejected_others"] + row["rejected_left_behind"]
    return accepted, rejected


def test_own_plus_five_others_is_accepted() -> None:
    row = hand_in(postal_harness(1), "F1", own_vote=True, others=5, **PERSON)
    assert accepted_rejected(row) == (6, 0) and row["outcome"] == "accepted" and row["reasons"] == []


def test_own_plus_six_rejects_the_six_others() -> None:
    row = hand_in(postal_harness(1), "F1", own_vote=True, others=6, **PERSON)
    assert (row["accepted_own"], row["rejected_others"]) == (1, 6)
    assert row["reasons"] == ["over_limit_this_hand_in"] and row["outcome"] == "partly_rejected"


def test_a_second_visit_taking_the_count_to_seven_is_rejected() -> None:
    harness = postal_harness(1)
    first = hand_in(harness, "F1", own_vote=True, others=4, **PERSON)
    assert accepted_rejected(first) == (5, 0)
    # The same person at another station, writing the address differently: still the same person.
    second = hand_in(harness, "F2", station_id="2", others=2, person_name="ann hale",
                     person_address="1 church ln harrowden ha11aa")
    assert (second["rejected_others"], second["reasons"]) == (2, ["over_limit_cumulative"])
    assert second["person_key"] == first["person_key"]
    person = harness.state.get("postal_hand_in_people", (first["person_key"],))
    assert (person["others_accepted"], person["hand_ins"]) == (4, 2)


def test_proxy_with_two_proxy_votes_and_four_others_is_rejected() -> None:
    row = hand_in(postal_harness(1), "F1", proxy_votes=2, others=4, **PERSON)
    assert (row["accepted_proxy"], row["rejected_others"]) == (2, 4)
    assert row["reasons"] == ["over_limit_this_hand_in"]


def test_campaigner_with_a_relatives_vote_or_a_neighbours() -> None:
    harness = postal_harness(1)
    relative = hand_in(harness, "F1", own_vote=True, others=1, campaigner=True, relatives_or_cared_for=True,
                       **PERSON)
    assert accepted_rejected(relative) == (2, 0)
    neighbour = hand_in(harness, "F2", others=1, campaigner=True, person_name="Tom Reed",
                        person_address="3 Mill Road")
    assert (neighbour["rejected_others"], neighbour["reasons"]) == (1, ["campaigner_not_permitted"])


def test_votes_left_on_the_desk_and_incomplete_forms() -> None:
    harness = postal_harness(1)
    left = hand_in(harness, "LB1", left_behind=2)
    assert (left["rejected_left_behind"], left["reasons"], left["outcome"]) == (2, ["left_behind"], "rejected")
    incomplete = hand_in(harness, "F2", own_vote=True, others=1, form_complete=False)
    assert accepted_rejected(incomplete) == (0, 2) and incomplete["reasons"] == ["form_incomplete"]
    refused(harness.run_as("postal", cmd("postal.hand_in", reference="LB2", station_id="1", left_behind=1,
                                         own_vote=True)), "left behind have no form")


def test_wrong_area_votes_are_passed_on_not_counted() -> None:
    harness = postal_harness(1)
    row = hand_in(harness, "F1", own_vote=True, wrong_area=2, **PERSON)
    assert accepted_rejected(row) == (1, 0) and row["wrong_area"] == 2
    only_wrong = hand_in(harness, "F2", wrong_area=1, person_name="Sam Lee", person_address="9 Back Lane")
    assert only_wrong["outcome"] == "forwarded"
    assert hand_in_totals(load_book(harness.state))["wrong_area"] == 3


def test_hand_in_refusals() -> None:
    harness = postal_harness(1)
    hand_in(harness, "F1", own_vote=True, **PERSON)
    refused(harness.run_as("postal", cmd("postal.hand_in", reference="F1", station_id="1", own_vote=True,
                                         **PERSON)), "form F1 was recorded at")
    refused(harness.run_as("postal", cmd("postal.hand_in", reference="F3", station_id="1", proxy_votes=5,
                                         **PERSON)), "proxy for at most 4 electors")
    refused(harness.run_as("postal", cmd("postal.hand_in", reference="F4", station_id="1", own_vote=True)),
            "name and address")
    refused(harness.run_as("postal", cmd("postal.hand_in", reference="F5", station_id="99", own_vote=True,
                                         **PERSON)), "station 99")
    refused(harness.run_as("postal", cmd("postal.hand_in", reference="F6", station_id=None, own_vote=True,
                                         **PERSON)), "say where")


def test_rejected_packets_opened_feed_the_fourth_list_without_ballot_numbers() -> None:
    harness = postal_harness(8)
    hand_in(harness, "F1", own_vote=True, others=6, **PERSON)
    open_session(harness, final=True)
    for n in range(1, 6):
        ok(harness.run_as("postal", cmd("postal.open_rejected_hand_in", session_id="S1", reference="F1",
                                        ballot_number=number(n), paper_with_pvs=n != 5)))
    ok(harness.run_as("postal", cmd("postal.open_rejected_hand_in", session_id="S1", reference="F1",
                                    pvs_present=False)))
    refused(harness.run_as("postal", cmd("postal.open_rejected_hand_in", session_id="S1", reference="F1",
                                         ballot_number=number(6))), "all 6 rejected pack(s) of F1")
    refused(check(harness, number(1)), "rejected when handed in (form F1)")
    rows = list_four(load_book(harness.state))
    assert [r["elector_number"] for r in rows] == [f"HE1-{n:04d}" for n in range(1, 6)]
    assert rows[0]["reason_labels"][0].startswith("More than the permitted number")
    assert [r["paper_with_matching_number"] for r in rows] == [True, True, True, True, False]
    numbers = {number(n) for n in range(1, 9)}
    assert not any(str(value) in numbers for row in rows for value in row.values())
