from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from pollday.domain.verification import (
    MIN_RECOUNTS,
    AccountState,
    BoxCounts,
    bpa_balance_problems,
    contest_verification,
    find_account,
    station_account_id,
)
from tests.domain.helpers import Harness
from tests.factories import combined_election

WARD = "local.harrowden.east-ward.2026-05-07"
PCC = "pcc.harrowdenshire.2026-05-07"
S1_WARD = station_account_id("1", WARD)
S2_WARD = station_account_id("2", WARD)


def cmd(name: str, **args: Any) -> dict[str, Any]:
    return {"cmd": name, "args": args}


def bpa(station: str, contest: str, issued: int, **extra: Any) -> dict[str, Any]:
    figures = {"ordinary_received": issued + 30, "issued": issued, "spoilt": 2, "unused": 28}
    return cmd("bpa.record", station_id=station, contest_id=contest, **figures, **extra)


def received_everything() -> Harness:
    harness = Harness(combined_election())
    harness.run_as("manager", cmd("poll.open"))
    harness.run_as("manager", cmd("poll.close"))
    for box in ("1", "2", "1P", "2P"):
        assert harness.run_as("reception", cmd("box.check_in", box_id=box, delivered_by="PO")).applied
    return harness


def state_of(harness: Harness, account_id: str) -> AccountState:
    account = find_account(harness.state, account_id)
    assert account is not None
    return account.state


def test_bpa_balance_check_as_typed() -> None:
    good = {"ordinary_received": 100, "issued": 70, "spoilt": 2, "unused": 28, "tendered_received": 10,
            "tendered_issued": 1, "tendered_spoilt": 0, "tendered_unused": 9, "tendered_list_entries": 1,
            "postal_accepted": 0, "postal_rejected": 0, "postal_forms": 0}
    assert bpa_balance_problems(good) == []
    assert bpa_balance_problems(good | {"unused": 27}) == ["papers received 100 but issued + spoilt + unused = 99"]
    assert "tendered votes list has 0 entries but 1" in bpa_balance_problems(good | {"tendered_list_entries": 0})[0]


def test_double_keying_by_two_people_and_supervisor_resolution() -> None:
    harness = received_everything()
    assert harness.run_as("reception", bpa("1", WARD, 800)).applied
    same_person = harness.run_as("reception", bpa("1", WARD, 800, keying="second"))
    assert not same_person.applied and "different person" in same_person.reason
    assert harness.run_as("supervisor", bpa("1", WARD, 801, keying="second")).applied
    assert state_of(harness, S1_WARD) == AccountState.BPA_KEYING_DIFFERS
    no_reason = cmd("bpa.resolve", station_id="1", contest_id=WARD, ordinary_received=830, issued=800, spoilt=2,
                    unused=28, reason="")
    assert "give the reason" in harness.run_as("supervisor", no_reason).reason
    settled = dict(no_reason, args=no_reason["args"] | {"reason": "checked the paper BPA: 800"})
    assert harness.run_as("supervisor", settled).applied
    assert state_of(harness, S1_WARD) == AccountState.AWAITING_COUNT
    assert not harness.run_as("assistant", settled).applied  # needs supervise_verification


def test_bad_counts_are_refused_with_reasons() -> None:
    harness = received_everything()
    negative = harness.run_as("assistant", cmd("verification.count", box_id="1", count=-3))
    assert not negative.applied and "cannot be negative" in negative.reason
    huge = harness.run_as("assistant", cmd("verification.count", box_id="1", count=15000))
    assert not huge.applied and "was given 1,470 ordinary papers" in huge.reason
    text = harness.run_as("assistant", cmd("verification.count", box_id="1", count="812"))
    assert not text.applied and "expected int" in text.reason
    assert harness.state.rows("verification_counts") == []


def test_matched_explained_and_a_later_count_reopens_the_variance() -> None:
    harness = received_everything()
    harness.run_as("reception", bpa("1", WARD, 800))
    harness.run_as("assistant", cmd("verification.count", box_id="1", count=799))
    assert state_of(harness, S1_WARD) == AccountState.VARIANCE
    assert find_account(harness.state, S1_WARD).variance == -1
    bad_code = harness.run_as("supervisor", cmd("verification.explain", account_id=S1_WARD, reason_code="gremlins",
                                                note="x"))
    assert not bad_code.applied and "not an explanation code" in bad_code.reason
    assert harness.run_as("supervisor", cmd("verification.explain", account_id=S1_WARD,
                                            reason_code="voter_left_with_paper", note="PS log entry 14")).applied
    assert state_of(harness, S1_WARD) == AccountState.EXPLAINED
    harness.run_as("assistant", cmd("verification.count", box_id="1", count=797))
    assert state_of(harness, S1_WARD) == AccountState.VARIANCE  # the explanation was for -1, not -3
    harness.run_as("assistant", cmd("verification.count", box_id="1", count=800))
    assert state_of(harness, S1_WARD) == AccountState.MATCHED


def test_recounted_until_two_consecutive_counts_agree() -> None:
    harness = received_everything()
    harness.run_as("reception", bpa("1", WARD, 810))
    for count, expected_state in ((812, AccountState.VARIANCE), (811, AccountState.VARIANCE),
                                  (811, AccountState.RECOUNTED)):
        harness.run_as("assistant", cmd("verification.count", box_id="1", count=count))
        assert state_of(harness, S1_WARD) == expected_state
    assert find_account(harness.state, S1_WARD).counted == 811


def test_compensating_variances_in_one_place_must_net_to_zero() -> None:
    harness = received_everything()
    harness.run_as("reception", bpa("1", WARD, 800))
    harness.run_as("reception", bpa("2", WARD, 700))
    harness.run_as("assistant", cmd("verification.count", box_id="1", count=802))
    harness.run_as("assistant", cmd("verification.count", box_id="2", count=697))
    unequal = harness.run_as("supervisor", cmd("verification.compensate", account_ids=[S1_WARD, S2_WARD], note="n"))
    assert not unequal.applied and "net -1" in unequal.reason
    harness.run_as("assistant", cmd("verification.count", box_id="2", count=698))
    assert harness.run_as("supervisor", cmd("verification.compensate", account_ids=[S1_WARD, S2_WARD],
                                            note="papers in the neighbouring box")).applied
    assert state_of(harness, S1_WARD) == state_of(harness, S2_WARD) == AccountState.COMPENSATED
    mixed = harness.run_as("supervisor", cmd("verification.compensate",
                                             account_ids=[S1_WARD, station_account_id("1", PCC)], note="n"))
    assert not mixed.applied


def test_papers_of_another_poll_move_to_that_polls_account() -> None:
    harness = received_everything()
    harness.run_as("reception", bpa("1", WARD, 800))
    harness.run_as("reception", bpa("1", PCC, 900))
    harness.run_as("assistant", cmd("verification.count", box_id="1", count=797))
    harness.run_as("assistant", cmd("verification.count", box_id="1P", count=897))
    assert harness.run_as("assistant", cmd("verification.move_papers", box_id="1P", to_contest_id=WARD,
                                           papers=3, note="ward papers in the PCC box")).applied
    ward = find_account(harness.state, S1_WARD)
    assert (ward.counted, ward.state) == (800, AccountState.MATCHED)
    assert find_account(harness.state, station_account_id("1", PCC)).moved_out == 3
    same = harness.run_as("assistant", cmd("verification.move_papers", box_id="1", to_contest_id=WARD, papers=1))
    assert not same.applied and "already a box of" in same.reason


def test_sign_off_needs_every_account_verified_and_the_power_then_locks() -> None:
    harness = received_everything()
    early = harness.run_as("ro", cmd("verification.sign_off", contest_id=WARD))
    assert not early.applied and "2 account(s) are not verified yet" in early.reason
    harness.run_as("reception", bpa("1", WARD, 800))
    harness.run_as("reception", bpa("2", WARD, 700))
    harness.run_as("assistant", cmd("verification.count", box_id="1", count=800))
    harness.run_as("assistant", cmd("verification.count", box_id="2", count=700))
    assert harness.run_as("postal", cmd("postal_box.register", box_id="PV1", contest_id=WARD, session="Session 1",
                                        papers_placed=412)).applied
    harness.run_as("reception", cmd("box.check_in", box_id="PV1", delivered_by="postal team"))
    harness.run_as("assistant", cmd("verification.count", box_id="PV1", count=412))
    deputy = harness.run_as("deputy", cmd("verification.sign_off", contest_id=WARD))
    assert not deputy.applied and "'sign_off_verification' permission" in deputy.reason
    assert harness.run_as("ro", cmd("verification.sign_off", contest_id=WARD)).applied
    progress = contest_verification(harness.state, WARD)
    assert (progress.station_total, progress.postal_total, progress.verified_total) == (1500, 412, 1912)
    assert progress.ballot_box_turnout == 1912 / 3100
    locked = harness.run_as("assistant", cmd("verification.count", box_id="1", count=801))
    assert not locked.applied and "figures are locked until the RO reopens it" in locked.reason
    assert not harness.run_as("deputy", cmd("verification.reopen", contest_id=WARD, reason="typo")).applied
    assert harness.run_as("ro", cmd("verification.reopen", contest_id=WARD, reason="box 1 recount asked")).applied
    assert harness.run_as("assistant", cmd("verification.count", box_id="1", count=800)).applied
    assert harness.state.get("contests", (WARD,))["stage"] == "verifying"


attempt_lists = st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=6)


@given(attempt_lists, st.integers(min_value=0, max_value=20))
def test_account_state_follows_the_rule(attempts: list[int], expected: int) -> None:
    """Verified exactly when the latest count matches, or after enough recounts that agree."""
    harness = received_everything()
    harness.run_as("reception", bpa("1", WARD, expected))
    for count in attempts:
        harness.run_as("assistant", cmd("verification.count", box_id="1", count=count))
    state = state_of(harness, S1_WARD)
    settled = len(attempts) >= 1 + MIN_RECOUNTS and attempts[-1] == attempts[-2]
    if attempts[-1] == expected:
        assert state == AccountState.MATCHED
    elif settled:
        assert state == AccountState.RECOUNTED
    else:
        assert state == AccountState.VARIANCE
    assert BoxCounts("1", True, tuple(attempts)).latest == attempts[-1]
