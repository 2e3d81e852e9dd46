"""Postal commands through the in-memory state: import, sessions, PVS checks, adjudication, boxes."""

from __future__ import annotations

from datetime import timedelta

from pollday.domain.postal_figures import list_one, list_two, load_book
from pollday.domain.verification import contest_verification, postal_account_id
from tests.domain.helpers import Harness
from tests.domain.test_postal_setup import (
    PCC,
    WARD,
    check,
    cmd,
    combined_harness,
    number,
    ok,
    open_session,
    postal_harness,
    refused,
    returned,
    voter,
)


def test_import_records_voters_packs_and_papers() -> None:
    harness = postal_harness(3, extra=[voter(9, waiver=True, proxy=True)])
    state = harness.state
    assert state.count("postal_voters") == 4 and state.count("postal_packs") == 4
    assert state.get("postal_papers", (number(9),))["state"] == "issued"
    proxy = state.get("postal_voters", ("HE1-0009",))
    assert proxy["proxy_name"] == "Proxy 9" and proxy["signature_waiver"]
    # The same list again changes nothing that matters; a pack cancelled since is marked cancelled.
    again = voter(2, packs=[{"papers": [{"contest_id": WARD, "number": number(2)}], "issue_type": "original",
                             "cancelled": True}])
    ok(harness.run_as("manager", cmd("postal.import_voters", voters=[again])))
    assert state.get("postal_packs", (number(2),))["cancelled"]


def test_import_refusals_name_the_voter_and_the_problem() -> None:
    harness = postal_harness(2)
    bad_contest = voter(5, packs=[{"papers": [{"contest_id": "nowhere", "number": "77"}], "issue_type": "original",
                                   "cancelled": False}])
    refused(harness.run_as("manager", cmd("postal.import_voters", voters=[bad_contest])),
            "voter 1 (HE1-0005)", "'nowhere' is not a contest")
    clash = voter(6, packs=[{"papers": [{"contest_id": WARD, "number": number(1)}], "issue_type": "original",
                             "cancelled": False}])
    refused(harness.run_as("manager", cmd("postal.import_voters", voters=[clash])), f"ballot paper {number(1)}")
    refused(harness.run_as("manager", cmd("postal.import_voters", voters=[voter(7, dob="14/03/1960")])),
            "date_of_birth '14/03/1960' is not a date")
    refused(harness.run_as("postal", cmd("postal.import_voters", voters=[voter(8)])), "run_election")
    reinstated = voter(2, packs=[{"papers": [{"contest_id": WARD, "number": number(2)}], "issue_type": "original",
                                  "cancelled": True}])
    ok(harness.run_as("manager", cmd("postal.import_voters", voters=[reinstated])))
    refused(harness.run_as("manager", cmd("postal.import_voters", voters=[voter(2)])), "cannot be reinstated")


def test_notice_under_48_hours_is_recorded_as_a_warning_not_refused() -> None:
    harness = postal_harness(2)
    open_session(harness, notice_hours=30)
    session = harness.state.get("postal_sessions", ("S1",))
    assert "notice was given 30 hours before the session" in session["notice_warning"]
    refused(harness.run_as("postal", cmd("postal.open_session", session_id="S2", title="Two",
                                         notice_given_at="2026-05-01T10:00")), "Session S1 (S1) is still open")
    refused(harness.run_as("postal", cmd("postal.open_session", session_id="S1", title="Again",
                                         notice_given_at="2026-05-01T10:00")), "was opened at")


def test_a_straightforward_pvs_is_accepted_and_its_paper_placed() -> None:
    harness = postal_harness(3)
    open_session(harness)
    ok(check(harness, number(1)))
    row = returned(harness, number(1))
    assert row["decision"] == "accepted" and row["proposal"] == "accept" and row["dob_written"] == "1960-03-14"
    assert harness.state.get("postal_papers", (number(1),))["box_id"] == "PS1"
    assert harness.state.get("postal_ballot_boxes", ("PS1",))["papers"] == 1
    assert harness.state.get("postal_envelope_batches", ("S1", "1"))["items"] == 1


def test_refusals_at_the_scanning_desk() -> None:
    harness = postal_harness(3, extra=[voter(4, packs=[{"papers": [{"contest_id": WARD, "number": number(4)}],
                                                         "issue_type": "original", "cancelled": True}])])
    open_session(harness)
    ok(check(harness, number(1)))
    reason = refused(check(harness, number(1)), f"the PVS for ballot paper {number(1)} was already checked in "
                                                "Session S1 (S1) at")
    assert reason.endswith("by Test Postal")
    refused(check(harness, "999999"), "not on the postal voters list")
    refused(check(harness, number(4)), "was cancelled")
    refused(check(harness, number(2), dob="31/02/1960"), "'31/02/1960' is not a date: there is no 31 February 1960")
    refused(check(harness, number(2), dob="sometime in 1960"), "is not a date")
    refused(check(harness, number(2), batch="9"), "batch 9 has not been counted")
    refused(check(harness, number(2), signature=None), "signature judgement")
    refused(check(harness, number(2), actor="reception"), "postal_opening")


def test_decision_table_proposals_go_to_the_ro() -> None:
    harness = postal_harness(6, extra=[voter(7, waiver=True)])
    open_session(harness)
    ok(check(harness, number(1), signature="does_not_match"))
    refused(check(harness, number(2), dob="03/14/1960"), "there is no month 14")
    ok(check(harness, number(2), dob="14 03 1960"))
    ok(check(harness, number(3), dob="14/03/1961"))
    ok(check(harness, number(4), dob="", signature="blank"))
    ok(check(harness, number(7), signature="blank"))
    first = returned(harness, number(1))
    assert (first["decision"], first["proposed_reasons"]) == ("awaiting_adjudication", ["signature_does_not_match"])
    assert returned(harness, number(3))["proposed_reasons"] == ["date_of_birth_does_not_match"]
    assert returned(harness, number(4))["proposed_reasons"] == ["signature_blank", "date_of_birth_blank"]
    assert returned(harness, number(7))["decision"] == "accepted"  # blank signature with a waiver
    assert harness.state.get("postal_papers", (number(1),))["state"] == "held"


def test_day_and_month_swapped_is_referred_not_rejected() -> None:
    harness = postal_harness(2, extra=[voter(5, dob="1960-03-04")])
    open_session(harness)
    ok(check(harness, number(5), dob="03/04/1960"))
    row = returned(harness, number(5))
    assert (row["proposal"], row["proposed_reasons"], row["flags"]) == ("refer", [], ["day_month_swapped"])
    refused(harness.run_as("deputy", cmd("postal.adjudicate", ballot_number=number(5), decision="accept")),
            "postal_adjudicate")
    ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(5), decision="accept",
                                note="same date, day and month swapped")))
    assert returned(harness, number(5))["decision"] == "accepted"
    assert harness.state.get("postal_papers", (number(5),))["state"] == "placed"


def test_adjudication_confirms_or_overturns_and_records_objections() -> None:
    harness = postal_harness(4)
    open_session(harness)
    for n in (1, 2, 3):
        ok(check(harness, number(n), signature="does_not_match"))
    ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(1), decision="reject", objected=True)))
    ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(2), decision="accept",
                                note="matches the signature on the application form")))
    ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(3), decision="reject",
                                reasons=["signature_does_not_match", "date_of_birth_does_not_match"],
                                suspected_offence=True)))
    first, second, third = (returned(harness, number(n)) for n in (1, 2, 3))
    assert (first["decision"], first["reasons"], first["objected"]) == ("rejected", ["signature_does_not_match"],
                                                                         True)
    assert second["decision"] == "accepted" and harness.state.get("postal_papers", (number(2),))["box_id"] == "PS1"
    assert third["suspected_offence"] and len(third["reasons"]) == 2
    assert harness.state.get("postal_papers", (number(1),))["state"] == "attached"
    refused(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(1), decision="accept")),
            "not awaiting a decision")
    refused(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(4), decision="accept")),
            "has not been checked yet")
    ok(check(harness, number(4), dob="", signature="matches", refer=True))
    refused(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(4), decision="accept",
                                     objected=True)), "no rejection reasons, objection")


def test_closing_needs_decisions_sealed_boxes_and_every_envelope_opened() -> None:
    harness = postal_harness(3)
    open_session(harness, envelopes=3)
    ok(check(harness, number(1)))
    ok(check(harness, number(2), signature="does_not_match"))
    refused(harness.run_as("postal", cmd("postal.close_session", session_id="S1")), "await the RO's decision",
            number(2))
    ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(2), decision="reject")))
    refused(harness.run_as("postal", cmd("postal.close_session", session_id="S1")), "PS1 are still open")
    ok(harness.run_as("postal", cmd("postal.seal_box", box_id="PS1")))
    refused(harness.run_as("postal", cmd("postal.close_session", session_id="S1")), "batch 1: 3 counted, 2 opened")
    refused(harness.run_as("postal", cmd("postal.count_envelopes", session_id="S1", batch="1", envelopes=2,
                                         correct=True)), "say why")
    ok(harness.run_as("postal", cmd("postal.count_envelopes", session_id="S1", batch="1", envelopes=2, correct=True,
                                    note="one envelope was empty")))
    ok(harness.run_as("postal", cmd("postal.close_session", session_id="S1")))
    refused(check(harness, number(3)), "closed at")


def test_a_sealed_box_becomes_a_postal_account_for_verification() -> None:
    harness = postal_harness(5)
    open_session(harness)
    for n in range(1, 5):
        ok(check(harness, number(n)))
    ok(harness.run_as("postal", cmd("postal.seal_box", box_id="PS1")))
    account = harness.state.get("postal_boxes", ("PS1",))
    assert (account["papers_placed"], account["session"], account["state"]) == (4, "Session S1", "expected")
    refused(harness.run_as("postal", cmd("postal.seal_box", box_id="PS1")), "already sealed")
    ok(harness.run_as("postal", cmd("postal.open_box", session_id="S1", box_id="PS1B", contest_id=WARD)))
    ok(harness.run_as("postal", cmd("postal.seal_box", box_id="PS1B")))  # empty: withdrawn, no account
    assert harness.state.get("postal_ballot_boxes", ("PS1B",))["state"] == "withdrawn"
    assert harness.state.get("postal_boxes", ("PS1B",)) is None
    refused(harness.run_as("postal", cmd("postal.open_box", session_id="S1", box_id="1", contest_id=WARD)),
            "box number 1 is already used")
    progress = contest_verification(harness.state, WARD)
    assert [a.expected for a in progress.accounts if a.account_id == postal_account_id("PS1")] == [4]


def _verify_stations(harness: Harness) -> None:
    for box, issued in (("1", 700), ("2", 600)):
        ok(harness.run_as("reception", cmd("box.check_in", box_id=box, delivered_by="PO")))
        figures = {"ordinary_received": issued + 30, "issued": issued, "spoilt": 0, "unused": 30}
        ok(harness.run_as("reception", cmd("bpa.record", station_id=box, contest_id=WARD, **figures)))
        ok(harness.run_as("assistant", cmd("verification.count", box_id=box, count=issued)))


def test_a_recheck_retrieves_the_paper_and_corrects_the_postal_bpa() -> None:
    harness = postal_harness(4)
    open_session(harness, envelopes=3)
    for n in (1, 2, 3):
        ok(check(harness, number(n)))
    ok(harness.run_as("postal", cmd("postal.seal_box", box_id="PS1")))
    ok(harness.run_as("postal", cmd("postal.close_session", session_id="S1")))
    harness.now += timedelta(days=2)
    open_session(harness, "S2")
    refused(harness.run_as("ro", cmd("postal.recheck", session_id="S2", ballot_number=number(2), decision="reject")),
            "give the statutory reason")
    ok(harness.run_as("ro", cmd("postal.recheck", session_id="S2", ballot_number=number(2), decision="reject",
                                reasons=["signature_does_not_match"], note="ERO: signature on file differs")))
    recheck = harness.state.get("postal_rechecks", (number(2), 1))
    assert recheck["retrieved"] == [{"number": number(2), "box_id": "PS1"}]
    assert harness.state.get("postal_boxes", ("PS1",))["papers_placed"] == 2
    box = harness.state.get("postal_ballot_boxes", ("PS1",))
    assert (box["papers"], box["retrieved"]) == (2, 1)
    row = returned(harness, number(2))
    assert row["decision"] == "rejected" and "rechecked" in row["flags"]
    refused(harness.run_as("ro", cmd("postal.recheck", session_id="S2", ballot_number=number(2), decision="reject",
                                     reasons=["signature_blank"])), "only an accepted PVS is re-checked")


def test_no_recheck_once_verification_is_signed_off() -> None:
    harness = postal_harness(3)
    open_session(harness, envelopes=2)
    ok(check(harness, number(1)))
    ok(check(harness, number(2)))
    ok(harness.run_as("postal", cmd("postal.seal_box", box_id="PS1")))
    ok(harness.run_as("postal", cmd("postal.close_session", session_id="S1")))
    ok(harness.run_as("manager", cmd("poll.open")))
    ok(harness.run_as("manager", cmd("poll.close")))
    _verify_stations(harness)
    ok(harness.run_as("reception", cmd("box.check_in", box_id="PS1", delivered_by="postal team")))
    ok(harness.run_as("assistant", cmd("verification.count", box_id="PS1", count=2)))
    ok(harness.run_as("ro", cmd("verification.sign_off", contest_id=WARD)))
    assert contest_verification(harness.state, WARD).postal_total == 2
    open_session(harness, "S2", contests=())
    refused(harness.run_as("ro", cmd("postal.recheck", session_id="S2", ballot_number=number(1), decision="reject",
                                     reasons=["signature_does_not_match"])), "verification of", "signed off")


def test_documents_that_arrive_apart_are_matched() -> None:
    harness = postal_harness(6)
    open_session(harness, envelopes=10)
    ok(check(harness, number(1), pvs_present=False, dob=None, signature=None))  # paper without its PVS
    assert returned(harness, number(1))["decision"] == "awaiting_pvs"
    assert harness.state.get("postal_papers", (number(1),))["state"] == "held"
    ok(check(harness, number(1), envelope_a_present=False))  # its PVS, later
    assert harness.state.get("postal_papers", (number(1),))["state"] == "placed"
    ok(check(harness, number(2), envelope_a_present=False))  # a PVS, paper to follow
    ok(check(harness, number(2), pvs_present=False, dob=None, signature=None))
    assert harness.state.get("postal_papers", (number(2),))["box_id"] == "PS1"
    # Envelope 3 holds PVS 3 with paper 4; envelope 4 holds PVS 4 with paper 3: both end up matched.
    ok(check(harness, number(3), numbers_match=False, envelope_a_number=number(4)))
    assert harness.state.get("postal_papers", (number(4),))["state"] == "held"
    ok(check(harness, number(4), numbers_match=False, envelope_a_number=number(3)))
    assert {harness.state.get("postal_papers", (number(n),))["state"] for n in (3, 4)} == {"placed"}
    ok(check(harness, number(5), pvs_present=False, dob=None, signature=None))
    ok(check(harness, number(6), envelope_a_present=False))
    refused(check(harness, number(6), pvs_present=False, dob="", signature="matches"), "there is no PVS")
    book = load_book(harness.state)
    assert [r["ballot_number"] for r in list_one(book)] == [number(5)]
    assert [r["ballot_number"] for r in list_two(book)] == [number(6)]
    assert harness.state.get("postal_ballot_boxes", ("PS1",))["papers"] == 4


def test_combined_packs_place_each_paper_in_its_own_contests_box() -> None:
    harness = combined_harness(4)
    open_session(harness, contests=(WARD, PCC))
    ok(check(harness, number(1)))
    ok(check(harness, f"P{number(2)}"))  # the PVS of a combined pack can be scanned by either number
    ok(check(harness, number(3), papers_missing=[f"P{number(3)}"]))
    boxes = {b: harness.state.get("postal_ballot_boxes", (b,))["papers"] for b in ("PS1", "QS1")}
    assert boxes == {"PS1": 3, "QS1": 2}
    assert [(r["ballot_number"], r["contest_id"]) for r in list_two(load_book(harness.state))] == [
        (f"P{number(3)}", PCC)]
    refused(check(harness, number(4), papers_missing=[number(1)]), "is not listed on this PVS")


def test_a_batch_is_one_command_and_all_or_nothing() -> None:
    harness = postal_harness(8)
    open_session(harness, envelopes=10)
    items = [{"ballot_number": number(n), "date_of_birth": "14 03 1960", "signature": "matches"} for n in (1, 2, 3)]
    items.append({"ballot_number": number(4), "date_of_birth": "", "signature": "blank"})
    ok(harness.run_as("postal", cmd("postal.check_batch", session_id="S1", batch="1", items=items)))
    assert harness.state.get("postal_ballot_boxes", ("PS1",))["papers"] == 3
    assert returned(harness, number(4))["decision"] == "awaiting_adjudication"
    again = [{"ballot_number": number(5), "date_of_birth": "14 03 1960", "signature": "matches"},
             {"ballot_number": number(5), "date_of_birth": "14 03 1960", "signature": "matches"}]
    refused(harness.run_as("postal", cmd("postal.check_batch", session_id="S1", batch="1", items=again)),
            "nothing recorded: item 2", "already checked")
    assert harness.state.get("postal_returns", (number(5),)) is None
    refused(harness.run_as("postal", cmd("postal.check_batch", session_id="S1", batch="1",
                                         items=[{"ballot_number": number(6), "signature": "smudged"}])),
            "item 1: signature 'smudged' is not one of")


def test_undelivered_and_late_packs() -> None:
    harness = postal_harness(4)
    ok(harness.run_as("postal", cmd("postal.record_undelivered", ballot_number=number(4), note="gone away")))
    open_session(harness)
    refused(check(harness, number(4)), "came back undelivered")
    ok(check(harness, number(1)))
    refused(harness.run_as("postal", cmd("postal.record_undelivered", ballot_number=number(1))), "it was delivered")
    refused(harness.run_as("postal", cmd("postal.record_late", contest_id=WARD, envelopes=3)), "has not closed")
    ok(harness.run_as("manager", cmd("poll.open")))
    ok(harness.run_as("manager", cmd("poll.close")))
    ok(harness.run_as("postal", cmd("postal.record_late", contest_id=WARD, envelopes=3, note="Royal Mail 09:00")))
    assert harness.state.get("postal_late_returns", (WARD, 1))["envelopes"] == 3


def test_a_combined_pvs_finds_the_paper_that_came_ahead_of_it() -> None:
    harness = combined_harness(2)
    open_session(harness, contests=(WARD, PCC))
    ok(check(harness, f"P{number(1)}", pvs_present=False, dob=None, signature=None))  # the PCC paper, alone
    ok(check(harness, number(1)))  # then the PVS with the ward paper
    assert {harness.state.get("postal_papers", (n,))["state"] for n in (number(1), f"P{number(1)}")} == {"placed"}
    assert returned(harness, number(1))["decision"] == "accepted"
