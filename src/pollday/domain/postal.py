"""Postal vote rules (reference §5), as pure functions: no state, no clock.

- the identifier decision table of the Electoral Commission (§5.4), applied to what an
  opening operator sees on a postal voting statement (PVS);
- reading a date of birth as written on a PVS, strictly;
- the handing-in limits of the Elections Act 2022 (§5.3), cumulative per person;
- the dates that follow from the poll date: rejection notices, retention.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from pollday.domain.canonical import sha256_hex

OTHERS_LIMIT = 5  # other electors' postal votes one person may hand in per election (§5.3)
PROXY_LIMIT = 4  # a person may be proxy for at most 4 electors (§5.7), so a form cannot carry more
NOTICE_HOURS = 48  # written notice of an opening session to candidates (§5.4)
NOTICE_MONTHS = 3  # the ERO tells rejected postal voters within 3 months of polling day (§5.6)
RETENTION_YEARS = 1  # election documents are kept one year, then destroyed (§4.2, PER r.57)
# A "date of birth" this close to the check is the date the PVS was filled in, not a birthday.
COMPLETION_WINDOW = timedelta(days=366)

# Ballot paper numbers travel in PVS barcodes (domain.payloads): the same alphabet, upper case.
BALLOT_NUMBER = re.compile(r"^[0-9A-Z][0-9A-Z./-]{0,23}$")


def normalise_ballot_number(text: str) -> str:
    return text.strip().upper()


def ballot_number_problem(number: str) -> str | None:
    if not BALLOT_NUMBER.match(number):
        return (f"'{number}' is not a ballot paper number: use up to 24 letters, digits, '-', '.' or '/' "
                "as printed on the paper")
    return None


# --- identifiers (§5.4) ------------------------------------------------------------------


class Signature(StrEnum):
    MATCHES = "matches"
    DOES_NOT_MATCH = "does_not_match"
    BLANK = "blank"
    WAIVER = "waiver"  # blank, and the operator believes the voter holds a signature waiver


class IdentifierReason(StrEnum):
    """The only reasons the law allows for rejecting a PVS on its identifiers (RPR 2001 reg 87)."""

    SIGNATURE_MISMATCH = "signature_does_not_match"
    DOB_MISMATCH = "date_of_birth_does_not_match"
    SIGNATURE_BLANK = "signature_blank"
    DOB_BLANK = "date_of_birth_blank"


IDENTIFIER_REASON_LABELS: dict[IdentifierReason, str] = {
    IdentifierReason.SIGNATURE_MISMATCH: "The signature does not match the one in the personal identifiers record",
    IdentifierReason.DOB_MISMATCH: "The date of birth does not match the one in the personal identifiers record",
    IdentifierReason.SIGNATURE_BLANK: "The signature field is blank",
    IdentifierReason.DOB_BLANK: "The date of birth field is blank",
}


class Proposal(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"  # a proposed rejection: the RO (or a deputy with the power) confirms or overturns it
    REFER = "refer"  # no statutory reason, but the RO must look before it is accepted


class Flag(StrEnum):
    """What the RO should know about a PVS besides the statutory reasons."""

    DAY_MONTH_SWAPPED = "day_month_swapped"
    COMPLETION_DATE = "completion_date"
    WAIVER_NOT_ON_LIST = "waiver_not_on_list"
    NO_DOB_ON_RECORD = "no_date_of_birth_on_record"
    REFERRED = "referred_by_operator"
    RECHECKED = "rechecked"


FLAG_LABELS: dict[Flag, str] = {
    Flag.DAY_MONTH_SWAPPED: "Day and month swapped: the RO may accept it if satisfied it is the same date",
    Flag.COMPLETION_DATE: "The date written looks like the date the PVS was completed, not a date of birth",
    Flag.WAIVER_NOT_ON_LIST: "Signature left blank, but the voter has no signature waiver on the list",
    Flag.NO_DOB_ON_RECORD: "No date of birth in the personal identifiers record to compare with",
    Flag.REFERRED: "Referred to the RO by the opening operator",
    Flag.RECHECKED: "Re-checked at a later session",
}


@dataclass(frozen=True)
class IdentifierResult:
    proposal: Proposal
    reasons: tuple[IdentifierReason, ...]
    flags: tuple[Flag, ...]


def judge_identifiers(signature: Signature, written_dob: date | None, recorded_dob: date | None, waiver: bool,
                      checked_on: date, referred: bool = False) -> IdentifierResult:
    """The EC decision table (§5.4): propose accept, reject (with reasons) or refer to the RO.

    A signature left blank is fine only with a waiver. A date of birth must match the
    record; one written with day and month swapped is referred, never rejected outright,
    because the RO may be satisfied it is the same date.
    """
    reasons: list[IdentifierReason] = []
    flags: list[Flag] = []
    if signature in (Signature.BLANK, Signature.WAIVER):
        if signature == Signature.WAIVER and not waiver:
            flags.append(Flag.WAIVER_NOT_ON_LIST)
        if not waiver:
            reasons.append(IdentifierReason.SIGNATURE_BLANK)
    elif signature == Signature.DOES_NOT_MATCH:
        reasons.append(IdentifierReason.SIGNATURE_MISMATCH)
    if written_dob is None:
        reasons.append(IdentifierReason.DOB_BLANK)
    elif recorded_dob is None:
        flags.append(Flag.NO_DOB_ON_RECORD)
    elif written_dob != recorded_dob:
        if swapped_day_month(written_dob) == recorded_dob:
            flags.append(Flag.DAY_MONTH_SWAPPED)
        else:
            if written_dob >= checked_on - COMPLETION_WINDOW:
                flags.append(Flag.COMPLETION_DATE)
            reasons.append(IdentifierReason.DOB_MISMATCH)
    if referred:
        flags.append(Flag.REFERRED)
    if reasons:
        proposal = Proposal.REJECT
    elif any(f in (Flag.DAY_MONTH_SWAPPED, Flag.NO_DOB_ON_RECORD, Flag.REFERRED) for f in flags):
        proposal = Proposal.REFER
    else:
        proposal = Proposal.ACCEPT
    return IdentifierResult(proposal, tuple(reasons), tuple(flags))


def swapped_day_month(day: date) -> date | None:
    if day.day == day.month or day.day > 12:
        return None
    return date(day.year, day.day, day.month)


_DMY = re.compile(r"^(\d{1,2})[\s/.-]+(\d{1,2})[\s/.-]+(\d{2}|\d{4})$")
_COMPACT = re.compile(r"^(\d{2})(\d{2})(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_HOW = "type it as written on the PVS, day month year (e.g. 14 03 1960), or leave it empty if the field is blank"


class NotADate(ValueError):
    """Text typed as a date that is not one; the message says why and what to type."""

    def __init__(self, text: str, why: str = "") -> None:
        self.text, self.why = text, why
        super().__init__(f"'{text}' is not a date: {why + '; ' if why else ''}{_HOW}")


def parse_written_date(text: str, today: date) -> date | None:
    """A date as a person writes it in the UK (day first), or None when blank.

    Two-digit years are read as the latest year not after `today`, which is how a
    date of birth is meant; anything that is not a real date is refused, never guessed.
    """
    text = text.strip()
    if not text:
        return None
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := (_DMY.match(text) or _COMPACT.match(text)):
        day, month = int(match.group(1)), int(match.group(2))
        year = int(match.group(3))
        if len(match.group(3)) == 2:
            year += 2000 if 2000 + year <= today.year else 1900
    else:
        raise NotADate(text)
    if not 1 <= month <= 12:
        raise NotADate(text, f"there is no month {month}")
    try:
        return date(year, month, day)
    except ValueError:
        raise NotADate(text, f"there is no {day} {MONTHS[month - 1]} {year}") from None


# --- handing in (§5.3) -------------------------------------------------------------------


class HandInReason(StrEnum):
    """Why postal votes handed in were rejected (RPR 2001 reg 82B; the last one is discretionary)."""

    FORM_INCOMPLETE = "form_incomplete"
    OVER_LIMIT_THIS_HAND_IN = "over_limit_this_hand_in"
    OVER_LIMIT_CUMULATIVE = "over_limit_cumulative"
    CAMPAIGNER_NOT_PERMITTED = "campaigner_not_permitted"
    LEFT_BEHIND = "left_behind"
    SUSPECTED_OFFENCE = "suspected_offence"


HAND_IN_REASON_LABELS: dict[HandInReason, str] = {
    HandInReason.FORM_INCOMPLETE: "The return of postal voting documents form was not fully completed",
    HandInReason.OVER_LIMIT_THIS_HAND_IN: "More than the permitted number of other electors' postal votes "
                                          "were handed in at once",
    HandInReason.OVER_LIMIT_CUMULATIVE: "Handing them in would take the person over the permitted number of "
                                        "other electors' postal votes for this election",
    HandInReason.CAMPAIGNER_NOT_PERMITTED: "A political campaigner handed in postal votes of electors who are "
                                           "not close relatives or people they regularly care for",
    HandInReason.LEFT_BEHIND: "The postal voting documents were left behind without a completed form",
    HandInReason.SUSPECTED_OFFENCE: "Rejected by the authorised person on suspicion of an offence (s.112A RPA 1983)",
}


@dataclass(frozen=True)
class HandInForm:
    """What a return of postal voting documents form (PVR form) says, or that there was none."""

    own_vote: bool = False
    others: int = 0  # other electors' postal votes, not counting those completed as their proxy
    proxy_votes: int = 0  # postal votes the person completed as proxy
    campaigner: bool = False
    relatives_or_cared_for: bool = False  # the campaigner's attestation
    form_complete: bool = True
    left_behind: int = 0  # packs left without a form: no person, no form fields
    suspected_offence: bool = False

    @property
    def items(self) -> int:
        return int(self.own_vote) + self.others + self.proxy_votes + self.left_behind


@dataclass(frozen=True)
class EarlierHandIns:
    """What the same person has already handed in and had accepted in this election."""

    others_accepted: int = 0
    proxy_accepted: int = 0


@dataclass(frozen=True)
class HandInOutcome:
    accepted_own: int
    accepted_proxy: int
    accepted_others: int
    rejected_own: int
    rejected_proxy: int
    rejected_others: int
    rejected_left_behind: int
    reasons: tuple[HandInReason, ...]
    permitted_others: int  # how many others this person could still hand in before this form

    @property
    def accepted(self) -> int:
        return self.accepted_own + self.accepted_proxy + self.accepted_others

    @property
    def rejected(self) -> int:
        return self.rejected_own + self.rejected_proxy + self.rejected_others + self.rejected_left_behind


def decide_hand_in(form: HandInForm, earlier: EarlierHandIns) -> HandInOutcome:
    """Accept or reject each part of a hand-in under the Elections Act 2022 limits.

    The own vote falls only with the whole form (incomplete, left behind, offence).
    Other electors' votes are all rejected when they would breach a limit, in this
    hand-in or cumulatively, or when a campaigner cannot attest they are relatives or
    people cared for: the reference's scenarios reject "the 6 others", not the sixth.
    Proxy votes use up the allowance for others (5 minus the proxy votes); they are
    rejected only when they alone exceed what is left of it. Rejected items never
    use the allowance up.
    """
    permitted = max(OTHERS_LIMIT - earlier.proxy_accepted - earlier.others_accepted, 0)
    whole: list[HandInReason] = []
    if form.left_behind:
        whole.append(HandInReason.LEFT_BEHIND)
    if not form.form_complete:
        whole.append(HandInReason.FORM_INCOMPLETE)
    if form.suspected_offence:
        whole.append(HandInReason.SUSPECTED_OFFENCE)
    if whole:
        return HandInOutcome(0, 0, 0, int(form.own_vote), form.proxy_votes, form.others, form.left_behind,
                             tuple(whole), permitted)
    reasons: list[HandInReason] = []
    if form.others + form.proxy_votes > OTHERS_LIMIT:
        reasons.append(HandInReason.OVER_LIMIT_THIS_HAND_IN)
    if form.campaigner and form.others and not form.relatives_or_cared_for:
        reasons.append(HandInReason.CAMPAIGNER_NOT_PERMITTED)
    reject_others = bool(reasons) and form.others > 0
    kept = form.proxy_votes + (0 if reject_others else form.others)
    reject_proxy = False
    if kept > permitted:
        reasons.append(HandInReason.OVER_LIMIT_CUMULATIVE)
        reject_others = form.others > 0
        # Proxy votes go too only when they alone would pass what is left of the allowance.
        reject_proxy = form.proxy_votes > permitted
    rejected_others = form.others if reject_others else 0
    rejected_proxy = form.proxy_votes if reject_proxy else 0
    return HandInOutcome(int(form.own_vote), form.proxy_votes - rejected_proxy, form.others - rejected_others, 0,
                         rejected_proxy, rejected_others, 0, tuple(reasons), permitted)


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "sir", "dame"})
_ABBREVIATIONS = {
    "st": "street", "rd": "road", "ave": "avenue", "av": "avenue", "ln": "lane", "dr": "drive", "cl": "close",
    "ct": "court", "pl": "place", "sq": "square", "cres": "crescent", "gdns": "gardens", "tce": "terrace",
}


def _tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", plain).split()


def person_key(name: str, address: str) -> str:
    """Who handed votes in, for the cumulative limit: the same person however the form was written.

    Case, accents, punctuation, spacing, titles and common street abbreviations are
    ignored. Only a hash is kept as the key, so the key itself discloses nobody.
    """
    name_part = "".join(t for t in _tokens(name) if t not in _TITLES)
    address_part = "".join(_ABBREVIATIONS.get(t, t) for t in _tokens(address))
    return sha256_hex(f"{name_part}|{address_part}")[:24]


# --- dates that follow from the poll -----------------------------------------------------


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(f"no date {months} months after {day}")  # unreachable: 28 exists in every month


def notices_due_by(poll_date: date) -> date:
    return add_months(poll_date, NOTICE_MONTHS)


def retention_ends(poll_date: date) -> date:
    return add_months(poll_date, 12 * RETENTION_YEARS)


def notice_shortfall(notice_given_at: datetime, session_start: datetime) -> timedelta | None:
    """How much short of 48 hours the notice of a session was, or None when it was enough."""
    given = session_start - notice_given_at
    required = timedelta(hours=NOTICE_HOURS)
    return required - given if given < required else None


def labels(reasons: Iterable[str]) -> list[str]:
    """Statutory wording for stored reason codes, identifier or hand-in."""
    texts = {**{r.value: t for r, t in IDENTIFIER_REASON_LABELS.items()},
             **{r.value: t for r, t in HAND_IN_REASON_LABELS.items()}}
    return [texts.get(r, r) for r in reasons]
