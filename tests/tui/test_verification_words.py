"""What the verification desk says, tested without a screen."""

from __future__ import annotations

import pytest

from pollday.domain.payloads import PayloadKind, election_tag, encode
from pollday.domain.verification import Account, AccountState, BoxCounts
from pollday.tui.screens.verification_dialogs import net_text
from pollday.tui.screens.verification_words import (
    Tone,
    account_detail,
    account_verdict,
    counts_needed_text,
    recounts_needed,
)
from pollday.tui.verification_readings import AccountLine, BoxLine, CountAttempt, box_from_code

AT = "2026-05-07T23:10:00+01:00"


def line(*box_attempts: tuple[str, tuple[int, ...]], expected: int = 810, state: AccountState = AccountState.VARIANCE,
         station: str | None = "23", explanation: str = "") -> AccountLine:
    boxes = tuple(BoxCounts(box_id, True, attempts) for box_id, attempts in box_attempts)
    account = Account(f"station:{station}:c" if station else "postal:P1", "c", station, "PL1" if station else None,
                      f"Station {station} St Anne's Hall" if station else "Postal box P1 (session 1)", boxes, expected,
                      0, 0, state, None)
    lines = tuple(BoxLine(b.box_id, True, tuple(CountAttempt(n, c, "Ann Lee", AT) for n, c in enumerate(b.attempts, 1)))
                  for b in boxes)
    return AccountLine(account, lines, "St Anne's Hall" if station else "", explanation)


@pytest.mark.parametrize(("attempts", "needed"), [
    ((812,), 2), ((812, 811), 1), ((812, 811, 810), 1), ((812, 812), 1), ((812, 811, 811), 0),
])
def test_the_recount_rule_needs_two_recounts_ending_in_agreement(attempts: tuple[int, ...], needed: int) -> None:
    assert recounts_needed(BoxCounts("23", True, attempts)) == needed


def test_a_variance_says_what_to_do_and_how_many_counts_remain() -> None:
    verdict = account_verdict(line(("23", (812, 811))), "23")
    assert verdict.tone == Tone.WARNING
    assert verdict.heading == "Box 23: variance +1"
    assert verdict.detail == (
        "Counted 811 against the BPA's 810. Explain, group with a neighbouring station in the same polling place, "
        "or recount until two consecutive counts agree: 1 more count needed."
    )


def test_a_postal_box_cannot_be_grouped() -> None:
    verdict = account_verdict(line(("P1", (411,)), expected=412, station=None), "P1")
    assert "Explain, or recount until two consecutive counts agree: 2 more counts needed." in verdict.detail


def test_an_account_of_two_boxes_names_the_box_still_to_count() -> None:
    two = line(("23", (400,)), ("23A", ()), state=AccountState.AWAITING_COUNT)
    assert account_verdict(two, "23").detail == "Still to count for Station 23 St Anne's Hall: box 23A."
    assert counts_needed_text(line(("23", (400, 401)), ("23A", (410,)))) == \
        "box 23: 1 more count needed, box 23A: 2 more counts needed"


def test_recounted_and_explained_accounts_are_green_with_their_story() -> None:
    recounted = account_verdict(line(("23", (812, 811, 811)), state=AccountState.RECOUNTED), "23")
    assert (recounted.tone, recounted.heading) == (Tone.GOOD, "Box 23: Recounted until two consecutive counts agreed")
    assert recounted.detail == ("Counts 812, 811, 811: 811 is the verified figure; the variance +1 goes on the "
                                "statement.")
    explained = account_verdict(line(("23", (809,)), state=AccountState.EXPLAINED,
                                     explanation="compensating with Station 24: wrong box"))
    assert explained.heading == "Station 23 St Anne's Hall: Variance explained"
    assert explained.detail == "Counted 809 against the BPA's 810. Compensating with Station 24: wrong box"


def test_the_detail_lists_every_count_with_who_and_when() -> None:
    detail = account_detail(line(("23", (812, 811))))
    assert detail.splitlines() == [
        "Station 23 St Anne's Hall · Variance: explain, group or recount",
        "Box 23: 812 by Ann Lee 23:10, 811 by Ann Lee 23:10",
    ]


def test_the_net_of_a_group() -> None:
    assert net_text([line(("1", (802,)), expected=800), line(("2", (698,)), expected=700)]) == \
        "Net of the ticked stations: +2 -2 = 0 (only a net of 0 is accepted)"


def test_box_codes_scanned_or_typed() -> None:
    tag = election_tag("harrowden-test", "rehearsal")
    known = {"HN1": "HN1", "23A": "23A"}
    assert box_from_code(encode(PayloadKind.BOX, tag, "23A"), known, "harrowden-test", "rehearsal").box_id == "23A"
    assert box_from_code(" hn1 ", known, "harrowden-test", "rehearsal").box_id == "HN1"
    assert box_from_code("77", known, "harrowden-test", "rehearsal").box_id == "77"  # the command judges it
    official = encode(PayloadKind.BOX, election_tag("harrowden-test", "official"), "23A")
    assert "printed for the official database" in box_from_code(official, known, "harrowden-test", "rehearsal").problem
    assert box_from_code("", known, "harrowden-test", "rehearsal").problem == "type or scan a box number"
