"""The pure postal rules: the EC decision table, written dates, hand-in limits, dates from the poll."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pollday.domain.postal import (
    OTHERS_LIMIT,
    PROXY_LIMIT,
    EarlierHandIns,
    Flag,
    HandInForm,
    HandInReason,
    IdentifierReason,
    NotADate,
    Proposal,
    Signature,
    add_months,
    decide_hand_in,
    judge_identifiers,
    notice_shortfall,
    notices_due_by,
    parse_written_date,
    person_key,
    retention_ends,
    swapped_day_month,
)

TODAY = date(2026, 4, 20)
DOB = date(1960, 3, 14)
SIG_BLANK, DOB_BLANK = IdentifierReason.SIGNATURE_BLANK, IdentifierReason.DOB_BLANK
SIG_MISMATCH, DOB_MISMATCH = IdentifierReason.SIGNATURE_MISMATCH, IdentifierReason.DOB_MISMATCH


@pytest.mark.parametrize(("signature", "written", "waiver", "proposal", "reasons"), [
    # The rows of the EC identifier decision table (reference §5.4).
    (Signature.BLANK, DOB, True, Proposal.ACCEPT, ()),
    (Signature.MATCHES, parse_written_date("14/3/60", TODAY), False, Proposal.ACCEPT, ()),  # another format
    (Signature.BLANK, DOB, False, Proposal.REJECT, (SIG_BLANK,)),
    (Signature.BLANK, None, True, Proposal.REJECT, (DOB_BLANK,)),
    (Signature.MATCHES, None, False, Proposal.REJECT, (DOB_BLANK,)),
    (Signature.MATCHES, date(1961, 3, 14), False, Proposal.REJECT, (DOB_MISMATCH,)),
    (Signature.DOES_NOT_MATCH, DOB, False, Proposal.REJECT, (SIG_MISMATCH,)),
    (Signature.MATCHES, date(2026, 4, 18), False, Proposal.REJECT, (DOB_MISMATCH,)),  # the completion date
    # And the combinations the EC statistics count.
    (Signature.BLANK, None, False, Proposal.REJECT, (SIG_BLANK, DOB_BLANK)),
    (Signature.DOES_NOT_MATCH, date(1950, 1, 1), False, Proposal.REJECT, (SIG_MISMATCH, DOB_MISMATCH)),
])
def test_the_ec_decision_table(signature: Signature, written: date | None, waiver: bool, proposal: Proposal,
                               reasons: tuple[IdentifierReason, ...]) -> None:
    result = judge_identifiers(signature, written, DOB, waiver, TODAY)
    assert (result.proposal, result.reasons) == (proposal, reasons)


def test_flags_for_the_ro() -> None:
    swapped = judge_identifiers(Signature.MATCHES, date(1960, 4, 3), date(1960, 3, 4), False, TODAY)
    assert (swapped.proposal, swapped.reasons, swapped.flags) == (Proposal.REFER, (), (Flag.DAY_MONTH_SWAPPED,))
    completion = judge_identifiers(Signature.MATCHES, date(2026, 4, 18), DOB, False, TODAY)
    assert completion.flags == (Flag.COMPLETION_DATE,)
    claimed = judge_identifiers(Signature.WAIVER, DOB, DOB, False, TODAY)
    assert (claimed.reasons, claimed.flags) == ((SIG_BLANK,), (Flag.WAIVER_NOT_ON_LIST,))
    unknown = judge_identifiers(Signature.MATCHES, DOB, None, False, TODAY)
    assert (unknown.proposal, unknown.flags) == (Proposal.REFER, (Flag.NO_DOB_ON_RECORD,))
    referred = judge_identifiers(Signature.MATCHES, DOB, DOB, False, TODAY, referred=True)
    assert referred.proposal == Proposal.REFER


dates = st.dates(min_value=date(1905, 1, 1), max_value=date(2008, 12, 31))


@given(st.sampled_from(list(Signature)), st.none() | dates, dates, st.booleans(), st.booleans())
def test_decision_table_properties(signature: Signature, written: date | None, recorded: date, waiver: bool,
                                   referred: bool) -> None:
    result = judge_identifiers(signature, written, recorded, waiver, TODAY, referred)
    assert set(result.reasons) <= set(IdentifierReason)
    assert (result.proposal == Proposal.REJECT) == bool(result.reasons)
    signature_ok = signature == Signature.MATCHES or (signature in (Signature.BLANK, Signature.WAIVER) and waiver)
    if result.proposal == Proposal.ACCEPT:
        assert signature_ok and written == recorded and not referred
    swap = swapped_day_month(written) if written is not None else None
    if signature_ok and written != recorded and swap == recorded:
        assert result.proposal == Proposal.REFER  # a day/month swap is never rejected outright


@given(dates)
def test_every_usual_way_of_writing_a_date_reads_back(day: date) -> None:
    for text in (f"{day:%d/%m/%Y}", f"{day:%d %m %Y}", f"{day.day}.{day.month}.{day.year}", day.isoformat(),
                 f"{day:%d-%m-%Y}", f"{day:%d%m%Y}"):
        assert parse_written_date(text, TODAY) == day


def test_two_digit_years_blank_and_not_dates() -> None:
    assert parse_written_date("14/3/60", TODAY) == date(1960, 3, 14)
    assert parse_written_date("1/2/05", TODAY) == date(2005, 2, 1)
    assert parse_written_date("  ", TODAY) is None
    for text, why in (("31/02/1980", "there is no 31 February 1980"), ("12/13/1980", "there is no month 13"),
                      ("1980", "is not a date"), ("14th March 1960", "is not a date"), ("00/01/1960", "no 0 Jan")):
        with pytest.raises(NotADate, match=why):
            parse_written_date(text, TODAY)


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1900, 2010))
def test_impossible_dates_are_refused_never_guessed(day: int, month: int, year: int) -> None:
    try:
        real = date(year, month, day)
    except ValueError:
        with pytest.raises(NotADate):
            parse_written_date(f"{day:02d}/{month:02d}/{year}", TODAY)
    else:
        assert parse_written_date(f"{day:02d}/{month:02d}/{year}", TODAY) == real


forms = st.builds(
    HandInForm,
    own_vote=st.booleans(), others=st.integers(0, 9), proxy_votes=st.integers(0, PROXY_LIMIT),
    campaigner=st.booleans(), relatives_or_cared_for=st.booleans(), form_complete=st.booleans(),
    left_behind=st.just(0), suspected_offence=st.booleans(),
)


@given(st.lists(forms, min_size=1, max_size=6))
def test_hand_in_limits_hold_cumulatively(visits: list[HandInForm]) -> None:
    earlier = EarlierHandIns()
    for form in visits:
        outcome = decide_hand_in(form, earlier)
        assert outcome.accepted + outcome.rejected == form.items
        assert bool(outcome.rejected) == bool(outcome.reasons) or not form.items
        if not form.form_complete or form.suspected_offence:
            assert outcome.accepted == 0
        if form.campaigner and not form.relatives_or_cared_for:
            assert outcome.accepted_others == 0
        assert outcome.accepted_own == (form.own_vote and form.form_complete and not form.suspected_offence)
        earlier = EarlierHandIns(earlier.others_accepted + outcome.accepted_others,
                                 earlier.proxy_accepted + outcome.accepted_proxy)
        # Reference §9.3 item 12: others accepted never exceed 5 minus the proxy votes handed in.
        assert earlier.others_accepted <= OTHERS_LIMIT - earlier.proxy_accepted


def test_hand_in_reasons_are_the_statutory_ones() -> None:
    left = decide_hand_in(HandInForm(left_behind=3), EarlierHandIns())
    assert (left.rejected_left_behind, left.reasons) == (3, (HandInReason.LEFT_BEHIND,))
    both = decide_hand_in(HandInForm(others=6, campaigner=True), EarlierHandIns())
    assert both.reasons == (HandInReason.OVER_LIMIT_THIS_HAND_IN, HandInReason.CAMPAIGNER_NOT_PERMITTED)
    proxies_after_others = decide_hand_in(HandInForm(proxy_votes=2), EarlierHandIns(others_accepted=5))
    assert (proxies_after_others.rejected_proxy, proxies_after_others.reasons) == (
        2, (HandInReason.OVER_LIMIT_CUMULATIVE,))


def test_person_key_ignores_how_the_form_was_written() -> None:
    key = person_key("Mrs Zoë O'Neill", "Flat 2, 10 High St., Harrowden KV1 7NP")
    assert person_key("zoe oneill", "flat 2 10 high street harrowden kv17np") == key
    assert person_key("Zoë O'Neill", "Flat 3, 10 High Street, Harrowden KV1 7NP") != key
    assert "neill" not in key


def test_dates_that_follow_from_the_poll() -> None:
    assert notices_due_by(date(2026, 5, 7)) == date(2026, 8, 7)
    assert retention_ends(date(2024, 2, 29)) == date(2025, 2, 28)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    start = datetime(2026, 4, 20, 9, tzinfo=UTC)
    assert notice_shortfall(start - timedelta(hours=50), start) is None
    assert notice_shortfall(start - timedelta(hours=30), start) == timedelta(hours=18)
