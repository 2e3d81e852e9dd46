from __future__ import annotations

from typing import Any

import pytest

from pollday.domain.count import count_position
from pollday.domain.election import ElectionDefinition
from tests.domain.helpers import Harness
from tests.factories import small_election, three_seat_ward

WARD = "local.harrowden.east-ward.2026-05-07"
C = [f"{WARD}/{n}" for n in (1, 2, 3)]
NORTH = "local.harrowden.north-ward.2026-05-07"
N = [f"{NORTH}/{n}" for n in range(1, 6)]


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def must(harness: Harness, actor: str, raw: dict[str, Any]) -> None:
    decision = harness.run_as(actor, raw)
    assert decision.applied, decision.reason


def verified(definition: ElectionDefinition, counts: dict[str, tuple[str, str, int]]) -> Harness:
    """Poll closed, boxes received, BPAs matching the counts, verification signed off."""
    harness = Harness(definition)
    must(harness, "manager", cmd("poll.open"))
    must(harness, "manager", cmd("poll.close"))
    for box, (station, contest, papers) in counts.items():
        must(harness, "reception", cmd("box.check_in", box_id=box, delivered_by="PO"))
        must(harness, "reception", cmd("bpa.record", station_id=station, contest_id=contest,
                                       ordinary_received=papers + 10, issued=papers, spoilt=0, unused=10))
        must(harness, "assistant", cmd("verification.count", box_id=box, count=papers))
    for contest in {c for _s, c, _p in counts.values()}:
        must(harness, "ro", cmd("verification.sign_off", contest_id=contest))
    return harness


@pytest.fixture
def single() -> Harness:
    return verified(small_election(), {"1": ("1", WARD, 800), "2": ("2", WARD, 700)})


def table(table_id: str, given: int, votes: list[int], doubtful: int = 0, **extra: Any) -> dict[str, Any]:
    return cmd("count.record_table", contest_id=WARD, table_id=table_id, papers_given=given,
               votes=dict(zip(C, votes, strict=True)), doubtful=doubtful, **extra)


def test_no_votes_before_verification_is_signed_off() -> None:
    harness = Harness(small_election())
    refused = harness.run_as("assistant", table("T1", 10, [5, 3, 2]))
    assert not refused.applied and "has not been verified and signed off yet" in refused.reason


def test_table_figures_must_reconcile_to_the_papers_given(single: Harness) -> None:
    off = single.run_as("assistant", table("T1", 800, [400, 300, 99], doubtful=0))
    assert not off.applied and "799 valid papers + 0 doubtful = 799, but the table was given 800 papers" in off.reason
    partial = single.run_as("assistant", cmd("count.record_table", contest_id=WARD, table_id="T1", papers_given=5,
                                             votes={C[0]: 5}))
    assert not partial.applied and "give a figure for every candidate" in partial.reason
    negative = single.run_as("assistant", table("T1", 800, [401, 300, -1], doubtful=100))
    assert not negative.applied and "whole number from 0" in negative.reason


def test_single_seat_count_to_declaration(single: Harness) -> None:
    must(single, "assistant", table("T1", 800, [400, 300, 97], doubtful=3))
    must(single, "supervisor", table("T1", 800, [400, 300, 97], doubtful=3, keying="second"))
    must(single, "assistant", table("T2", 700, [350, 250, 99], doubtful=1))
    position = count_position(single.state, WARD)
    assert "table T1: 3 doubtful paper(s) await adjudication" in position.blockers
    early = single.run_as("supervisor", cmd("count.provisional", contest_id=WARD))
    assert not early.applied and "doubtful paper(s) await adjudication" in early.reason
    no_power = single.run_as("supervisor", cmd("count.adjudicate", contest_id=WARD, table_id="T1",
                                               decision="rejected", head="A"))
    assert not no_power.applied and "'adjudicate' permission" in no_power.reason
    must(single, "deputy", cmd("count.adjudicate", contest_id=WARD, table_id="T1", decision="rejected", head="A"))
    must(single, "deputy", cmd("count.adjudicate", contest_id=WARD, table_id="T1", decision="rejected", head="D",
                               objected=True))
    must(single, "ro", cmd("count.adjudicate", contest_id=WARD, table_id="T1", decision="allowed",
                           candidate_ids=[C[1]]))
    bad_head = single.run_as("ro", cmd("count.adjudicate", contest_id=WARD, table_id="T2", decision="rejected",
                                       head="Z"))
    assert not bad_head.applied and "needs a head (A, B, C, D)" in bad_head.reason
    in_part = single.run_as("ro", cmd("count.adjudicate", contest_id=WARD, table_id="T2",
                                      decision="rejected_in_part", candidate_ids=[C[0]], head="B"))
    assert not in_part.applied and "multi-member" in in_part.reason
    must(single, "ro", cmd("count.adjudicate", contest_id=WARD, table_id="T2", decision="rejected", head="B"))
    assert not single.run_as("ro", cmd("count.adjudicate", contest_id=WARD, table_id="T2", decision="rejected",
                                       head="B")).applied
    must(single, "supervisor", cmd("count.provisional", contest_id=WARD))
    provisional = single.state.rows("provisional_results", contest_id=WARD)[0]["figures"]
    assert provisional["votes"] == {C[0]: 750, C[1]: 551, C[2]: 196}
    assert provisional["rejected"] == {"A": 1, "B": 1, "C": 0, "D": 1}
    assert provisional["valid_papers"] + provisional["rejected_total"] == 1500 == provisional["verified_total"]
    assert provisional["winners"] == [C[0]] and provisional["majority"] == 199
    manager = single.run_as("manager", cmd("count.declare", contest_id=WARD))
    assert not manager.applied and "'declare' permission" in manager.reason
    must(single, "ro", cmd("count.declare", contest_id=WARD))
    declared = single.state.get("declarations", (WARD,))
    assert declared["figures"]["elected"] == [C[0]]
    after = single.run_as("supervisor", cmd("recount.request", contest_id=WARD, requested_by="H. Ashworth",
                                            capacity="candidate", scope="full"))
    assert not after.applied and "the result is final" in after.reason


def test_deputy_with_declaration_power_can_declare(single: Harness) -> None:
    must(single, "assistant", table("T1", 1500, [750, 550, 200]))
    must(single, "supervisor", cmd("count.provisional", contest_id=WARD))
    must(single, "deputy", cmd("count.declare", contest_id=WARD))


def test_the_gate_names_missing_papers(single: Harness) -> None:
    must(single, "assistant", table("T1", 800, [400, 300, 100]))
    must(single, "assistant", table("T2", 690, [350, 240, 100]))
    refused = single.run_as("supervisor", cmd("count.provisional", contest_id=WARD))
    assert not refused.applied
    assert "the tables were given 1,490 papers in all, but 1,500 were verified (-10)" in refused.reason


def test_keying_differences_name_table_and_candidate(single: Harness) -> None:
    must(single, "assistant", table("T1", 1500, [750, 550, 200]))
    must(single, "supervisor", table("T1", 1500, [750, 551, 199], keying="second"))
    blockers = count_position(single.state, WARD).blockers
    assert any("table T1: the two keyings differ (Nguyễn, Thảo: first 550, second 551; Okafor, Chukwuemeka: "
               "first 200, second 199)" in b for b in blockers)
    must(single, "supervisor", cmd("count.resolve_table", contest_id=WARD, table_id="T1", papers_given=1500,
                                   votes=dict(zip(C, [750, 550, 200], strict=True)), reason="recounted bundle"))
    assert count_position(single.state, WARD).ready


def test_recounts_refused_granted_and_a_new_provisional_version(single: Harness) -> None:
    must(single, "assistant", table("T1", 1500, [750, 548, 202]))
    must(single, "supervisor", cmd("count.provisional", contest_id=WARD))
    agent = single.run_as("supervisor", cmd("recount.request", contest_id=WARD, requested_by="counting agent X",
                                            capacity="designated_counting_agent", scope="full"))
    assert not agent.applied and "only candidates and election agents" in agent.reason
    must(single, "supervisor", cmd("recount.request", contest_id=WARD, requested_by="T. Nguyễn (candidate)",
                                   capacity="candidate", scope="full"))
    blocked = single.run_as("ro", cmd("count.declare", contest_id=WARD))
    assert not blocked.applied and "recount request 1 is still open" in blocked.reason
    must(single, "ro", cmd("recount.decide", contest_id=WARD, number=1, decision="refused",
                           reason="unreasonable: majority of 202; bundle check offered"))
    must(single, "supervisor", cmd("recount.request", contest_id=WARD, requested_by="agent for Nguyễn",
                                   capacity="election_agent", scope="bundle_check"))
    must(single, "ro", cmd("recount.decide", contest_id=WARD, number=2, decision="granted", reason="bundle check"))
    must(single, "supervisor", cmd("recount.request", contest_id=WARD, requested_by="H. Ashworth",
                                   capacity="candidate", scope="full"))
    must(single, "ro", cmd("recount.decide", contest_id=WARD, number=3, decision="granted", reason="close"))
    assert single.state.get("contests", (WARD,))["stage"] == "counting"
    blocked = single.run_as("ro", cmd("count.declare", contest_id=WARD))
    assert not blocked.applied and "no provisional result for the current round" in blocked.reason
    must(single, "assistant", table("T1", 1500, [750, 550, 200]))
    must(single, "supervisor", cmd("count.provisional", contest_id=WARD))
    versions = sorted(single.state.rows("provisional_results", contest_id=WARD), key=lambda v: v["version"])
    assert [v["round"] for v in versions] == [1, 2]
    assert versions[1]["figures"]["votes"][C[1]] - versions[0]["figures"]["votes"][C[1]] == 2
    must(single, "ro", cmd("count.declare", contest_id=WARD))


@pytest.fixture
def ward() -> Harness:
    return verified(three_seat_ward(), {"N1": ("1", NORTH, 1000)})


def ward_table(given: int, valid: int, votes: list[int], doubtful: int = 0) -> dict[str, Any]:
    return cmd("count.record_table", contest_id=NORTH, table_id="T1", papers_given=given, valid_papers=valid,
               votes=dict(zip(N, votes, strict=True)), doubtful=doubtful)


def test_multi_seat_invariants_at_the_table(ward: Harness) -> None:
    too_many = ward.run_as("assistant", ward_table(1000, 1000, [1000, 1000, 1000, 1, 0]))
    assert not too_many.applied and "3,001 votes is more than 3 x 1,000" in too_many.reason
    missing_valid = ward.run_as("assistant", cmd("count.record_table", contest_id=NORTH, table_id="T1",
                                                 papers_given=1000, votes=dict.fromkeys(N, 1)))
    assert not missing_valid.applied and "needs the number of valid papers" in missing_valid.reason


def test_tie_for_the_third_seat_is_decided_by_lot(ward: Harness) -> None:
    must(ward, "assistant", ward_table(1000, 996, [600, 550, 480, 480, 300], doubtful=4))
    for decision in (dict(decision="rejected", head="D"), dict(decision="rejected", head="B"),
                     dict(decision="rejected_in_part", candidate_ids=[N[0]], head="B"),
                     dict(decision="allowed", candidate_ids=[N[1], N[4]])):
        must(ward, "ro", cmd("count.adjudicate", contest_id=NORTH, table_id="T1", **decision))
    must(ward, "supervisor", cmd("count.provisional", contest_id=NORTH))
    figures = ward.state.rows("provisional_results", contest_id=NORTH)[0]["figures"]
    assert figures["valid_papers"] == 998 and figures["rejected_total"] == 2 and figures["rejected_in_part"] == 1
    assert figures["winners"] == [N[0], N[1]] and figures["tied_for_last_seat"] == [N[2], N[3]]
    no_lot = ward.run_as("ro", cmd("count.declare", contest_id=NORTH))
    assert not no_lot.applied and "record the drawing of lots" in no_lot.reason
    wrong = ward.run_as("ro", cmd("count.draw_lots", contest_id=NORTH, method="names in envelopes",
                                  witnesses="agents", winners=[N[4]]))
    assert not wrong.applied and "name that many of the tied candidates" in wrong.reason
    must(ward, "ro", cmd("count.draw_lots", contest_id=NORTH, method="names sealed in envelopes, drawn by the RO",
                         witnesses="candidates, agents and an EC observer", winners=[N[3]]))
    must(ward, "ro", cmd("count.declare", contest_id=NORTH))
    declared = ward.state.get("declarations", (NORTH,))["figures"]
    assert declared["elected"] == [N[0], N[1], N[3]]
    assert declared["votes"][N[3]] == declared["votes"][N[2]] + 1 == 481
