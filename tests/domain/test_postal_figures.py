"""The figures add up: Form K arithmetic, EC statistics and the lists, on fixed and random histories."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pollday.domain.postal_figures import (
    adjudication_queue,
    all_contest_figures,
    ec_statistics,
    form_k_lines,
    list_three,
    load_book,
    marked_list,
    session_summaries,
)
from tests.domain.helpers import Harness
from tests.domain.test_postal_setup import PCC, WARD, check, cmd, number, ok, open_session, voter
from tests.factories import combined_election


def _fixed_history() -> Harness:
    """Ten ward voters: accepted, rejected, missing papers, late and undelivered packs, a cancelled one."""
    harness = Harness()
    records = [voter(n) for n in range(1, 10)]
    records.append(voter(10, proxy=True, packs=[
        {"papers": [{"contest_id": WARD, "number": number(10)}], "issue_type": "original", "cancelled": True},
        {"papers": [{"contest_id": WARD, "number": number(11)}], "issue_type": "replacement_lost",
         "cancelled": False},
    ]))
    ok(harness.run_as("manager", cmd("postal.import_voters", voters=records)))
    ok(harness.run_as("postal", cmd("postal.record_undelivered", ballot_number=number(9))))
    open_session(harness, envelopes=7)
    for n in (1, 2, 3):
        ok(check(harness, number(n)))
    ok(check(harness, number(4), signature="does_not_match"))
    ok(check(harness, number(11), dob="", signature="blank"))
    ok(check(harness, number(5), envelope_a_present=False))
    ok(check(harness, number(6), pvs_present=False, dob=None, signature=None))
    ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(4), decision="reject")))
    ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=number(11), decision="reject",
                                suspected_offence=True)))
    ok(harness.run_as("postal", cmd("postal.seal_box", box_id="PS1")))
    ok(harness.run_as("manager", cmd("poll.open")))
    ok(harness.run_as("manager", cmd("poll.close")))
    ok(harness.run_as("postal", cmd("postal.record_late", contest_id=WARD, envelopes=1)))
    return harness


def test_form_k_for_a_fixed_history() -> None:
    (figures,) = all_contest_figures(load_book(_fixed_history().state))
    assert figures.problems() == []
    lines = {line["code"]: line["value"] for line in form_k_lines(figures)}
    assert lines == {
        "issued_original": 10, "issued_replacement_spoilt": 0, "issued_replacement_lost": 1, "issued_total": 11,
        "cancelled": 1, "returned_before_close": 7, "returned_after_close": 1, "returned_undelivered": 1,
        "not_returned": 1, "rejected_no_valid_pvs": 1, "rejected_paper_missing": 1, "rejected_identifiers": 2,
        "rejected_handed_in": 0, "rejected_total": 4, "included_in_count": 3,
    }
    assert all(line["to_be_confirmed"] for line in form_k_lines(figures))
    stats = ec_statistics(figures)
    assert (stats["rejected_signature_mismatch"], stats["rejected_signature_missing"],
            stats["rejected_dob_missing"]) == (1, 1, 1)
    assert stats["rejected_identifiers_by_combination"] == {"signature_blank+date_of_birth_blank": 1,
                                                             "signature_does_not_match": 1}
    assert (stats["postal_voters"], stats["proxy_postal_voters"]) == (10, 1)


def test_list_three_names_electors_and_reasons_never_ballot_numbers() -> None:
    book = load_book(_fixed_history().state)
    rows = list_three(book)
    assert [(r["elector_number"], r["reasons"]) for r in rows] == [
        ("HE1-0004", ["signature_does_not_match"]), ("HE1-0010", ["signature_blank", "date_of_birth_blank"])]
    assert rows[1]["proxy_name"] == "Proxy 10" and rows[1]["suspected_offence"]
    numbers = set(book.papers)
    assert not any(str(value) in numbers for row in rows for value in row.values())


def test_marked_list_and_session_summary() -> None:
    harness = _fixed_history()
    book = load_book(harness.state)
    marked = {r["elector_number"]: r for r in marked_list(book)}
    assert marked["HE1-0001"]["status"] == "accepted" and marked["HE1-0001"]["returned"]
    assert marked["HE1-0006"]["status"] == "ballot paper received without its PVS"
    assert not marked["HE1-0006"]["pvs_returned"]
    assert marked["HE1-0009"]["status"] == "returned undelivered"
    assert marked["HE1-0007"]["status"] == "not returned"
    assert not any("5000" in str(v) for row in marked.values() for v in row.values())
    (summary,) = session_summaries(book)
    assert (summary["pvs_checked"], summary["accepted"], summary["rejected"]) == (6, 4, 2)
    assert summary["boxes"] == [{"box_id": "PS1", "contest_id": WARD, "state": "sealed", "papers": 3,
                                 "retrieved": 0}]
    assert adjudication_queue(harness.state) == []


# --- random histories --------------------------------------------------------------------

ENVELOPES = st.sampled_from(["accept", "sig_mismatch", "dob_blank", "swap", "no_pvs", "no_paper", "pcc_missing",
                             "absent", "undelivered", "hand_in"])


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(3, 14))
    return [{"n": n, "pcc": draw(st.booleans()), "replaced": draw(st.booleans()), "fate": draw(ENVELOPES),
             "verdict": draw(st.sampled_from(["accept", "reject"])), "session": draw(st.integers(1, 2)),
             "recheck": draw(st.integers(0, 5)) == 0}
            for n in range(1, count + 1)]


def _records(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    records = []
    for entry in history:
        n = entry["n"]
        papers = [{"contest_id": WARD, "number": number(n)}]
        if entry["pcc"]:
            papers.append({"contest_id": PCC, "number": f"P{number(n)}"})
        packs = [{"papers": papers, "issue_type": "replacement_spoilt" if entry["replaced"] else "original",
                  "cancelled": False}]
        if entry["replaced"]:
            packs.append({"papers": [{"contest_id": WARD, "number": f"C{number(n)}"}], "issue_type": "original",
                          "cancelled": True})
        records.append(voter(n, packs=packs, dob="1960-03-04"))
    return records


def _envelope(harness: Harness, entry: dict[str, Any], session: str) -> None:
    n, fate = entry["n"], entry["fate"]
    if fate == "accept":
        ok(check(harness, number(n), session_id=session, dob="04/03/1960"))
    elif fate == "sig_mismatch":
        ok(check(harness, number(n), session_id=session, dob="04/03/1960", signature="does_not_match"))
    elif fate == "dob_blank":
        ok(check(harness, number(n), session_id=session, dob=""))
    elif fate == "swap":
        ok(check(harness, number(n), session_id=session, dob="03/04/1960"))
    elif fate == "no_pvs":
        ok(check(harness, number(n), session_id=session, pvs_present=False, dob=None, signature=None))
    elif fate == "no_paper":
        ok(check(harness, number(n), session_id=session, dob="04/03/1960", envelope_a_present=False))
    elif fate == "pcc_missing":
        missing = [f"P{number(n)}"] if entry["pcc"] else []
        ok(check(harness, number(n), session_id=session, dob="04/03/1960", papers_missing=missing))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.integers(0, 3))
def test_figures_add_up_on_any_history(history: list[dict[str, Any]], late: int) -> None:
    harness = Harness(combined_election())
    ok(harness.run_as("manager", cmd("postal.import_voters", voters=_records(history))))
    for entry in history:
        if entry["fate"] == "undelivered":
            ok(harness.run_as("postal", cmd("postal.record_undelivered", ballot_number=number(entry["n"]))))
    hand_ins = [e for e in history if e["fate"] == "hand_in"]
    if hand_ins:
        ok(harness.run_as("postal", cmd("postal.hand_in", reference="F1", station_id="1", own_vote=True,
                                        others=len(hand_ins) + 5, person_name="A Runner", person_address="1 Lane")))
    for session in ("S1", "S2"):
        harness.now += timedelta(days=2)
        open_session(harness, session, contests=(WARD, PCC), envelopes=len(history))
        for entry in history:
            if f"S{entry['session']}" == session:
                _envelope(harness, entry, session)
        if session == "S1":
            for entry in hand_ins:
                ok(harness.run_as("postal", cmd("postal.open_rejected_hand_in", session_id="S1", reference="F1",
                                                ballot_number=number(entry["n"]))))
        for waiting in adjudication_queue(harness.state):
            entry = next(e for e in history if number(e["n"]) == waiting["pvs_number"])
            given = entry["verdict"] == "reject" and not waiting["proposed_reasons"]  # a referral has none
            reasons = ["date_of_birth_does_not_match"] if given else []
            ok(harness.run_as("ro", cmd("postal.adjudicate", ballot_number=waiting["pvs_number"],
                                        decision=entry["verdict"], reasons=reasons)))
        if session == "S2":
            for entry in history:
                paper = harness.state.get("postal_returns", (number(entry["n"]),))
                if entry["recheck"] and paper is not None and paper["decision"] == "accepted":
                    ok(harness.run_as("ro", cmd("postal.recheck", session_id="S2", ballot_number=number(entry["n"]),
                                                decision="reject", reasons=["signature_does_not_match"])))
        for box in (f"P{session}", f"Q{session}"):
            ok(harness.run_as("postal", cmd("postal.seal_box", box_id=box)))
        opened = harness.state.get("postal_envelope_batches", (session, "1"))["items"]
        if opened < len(history):
            ok(harness.run_as("postal", cmd("postal.count_envelopes", session_id=session, batch="1",
                                            envelopes=opened, correct=True, note="the rest were not for this session")))
        ok(harness.run_as("postal", cmd("postal.close_session", session_id=session)))
    ok(harness.run_as("manager", cmd("poll.open")))
    ok(harness.run_as("manager", cmd("poll.close")))
    if late:
        ok(harness.run_as("postal", cmd("postal.record_late", contest_id=WARD, envelopes=late)))
    book = load_book(harness.state)
    for figures in all_contest_figures(book):
        unreturned = sum(1 for p in book.papers.values() if p["contest_id"] == figures.contest_id
                         and p["state"] == "issued" and p["pvs_number"] not in book.returns
                         and not book.packs[p["pvs_number"]]["cancelled"]
                         and not book.packs[p["pvs_number"]]["undelivered_at"])
        if figures.contest_id == WARD and late > unreturned:
            continue  # more late envelopes than packs out: the data is impossible, and problems() says so
        assert figures.problems() == [], figures.problems()
        sealed = sum(r["papers_placed"] for r in harness.state.rows("postal_boxes", contest_id=figures.contest_id))
        assert figures.included == sealed
        assert figures.issued == sum(1 for p in book.papers.values() if p["contest_id"] == figures.contest_id)
        assert sum(figures.identifier_by_combination.values()) == figures.identifier_rejected
        assert sum(figures.identifier_by_reason.values()) >= figures.identifier_rejected
        stats = ec_statistics(figures)
        assert stats["rejected_total"] == figures.rejected
