"""Verification arithmetic (reference §2 and §9.3 (3), (4)): pure functions over the state.

An *account* is what a ballot paper account (BPA) covers: one polling station's papers
for one contest, however many boxes they came in (an overflow box shares its station's
BPA), or one postal ballot box against its postal BPA. Verification compares what was
counted with what the account says should be there.

A variance is never a pass (reference §2.3). An account is verified when:
- its latest counts match the BPA exactly; or
- the variance is explained (a reason from EXPLANATIONS, plus a note); or
- it belongs to a group of accounts in the same polling place whose variances net to zero; or
- every box in it has been recounted at least MIN_RECOUNTS times and its last two counts agree.
A resolution holds only for the variance it was given for: a later count that changes the
variance re-opens the account.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pollday.domain.ordering import natural_key
from pollday.domain.state import StateView
from pollday.domain.table_cache import cached

MIN_RECOUNTS = 2  # EC: "recounted at least twice, until two consecutive counts agree"

EXPLANATIONS: dict[str, str] = {
    "voter_left_with_paper": "A voter left with a ballot paper (recorded in the polling station log)",
    "bpa_arithmetic": "The ballot paper account's arithmetic was wrong",
    "spoilt_unused_miscount": "Spoilt or unused papers were miscounted",
    "paper_in_other_poll_box": "Papers were put in another poll's box (combined polls)",
    "postal_votes_in_box": "Postal votes were found in the box and sent to postal opening",
    "tendered_paper_in_box": "A tendered ballot paper was found in the box",
    "other": "Other: the note says what",
}


class AccountState(StrEnum):
    AWAITING_BOXES = "awaiting_boxes"
    AWAITING_BPA = "awaiting_bpa"
    BPA_KEYING_DIFFERS = "bpa_keying_differs"
    AWAITING_COUNT = "awaiting_count"
    MATCHED = "matched"
    VARIANCE = "variance"
    EXPLAINED = "explained"
    COMPENSATED = "compensated"
    RECOUNTED = "recounted"


VERIFIED_STATES = {AccountState.MATCHED, AccountState.EXPLAINED, AccountState.COMPENSATED, AccountState.RECOUNTED}

STATE_LABELS = {
    AccountState.AWAITING_BOXES: "Box not yet received",
    AccountState.AWAITING_BPA: "No ballot paper account yet",
    AccountState.BPA_KEYING_DIFFERS: "BPA keyed twice with different figures: supervisor to resolve",
    AccountState.AWAITING_COUNT: "Not yet counted",
    AccountState.MATCHED: "Matches the BPA",
    AccountState.VARIANCE: "Variance: explain, group or recount",
    AccountState.EXPLAINED: "Variance explained",
    AccountState.COMPENSATED: "Compensating variance in the same polling place",
    AccountState.RECOUNTED: "Recounted until two consecutive counts agreed",
}


def station_account_id(station_id: str, contest_id: str) -> str:
    return f"station:{station_id}:{contest_id}"


def postal_account_id(box_id: str) -> str:
    return f"postal:{box_id}"


@dataclass(frozen=True)
class BoxCounts:
    box_id: str
    received: bool
    attempts: tuple[int, ...]

    @property
    def latest(self) -> int | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def recount_settled(self) -> bool:
        return len(self.attempts) >= 1 + MIN_RECOUNTS and self.attempts[-1] == self.attempts[-2]


@dataclass(frozen=True)
class Account:
    account_id: str
    contest_id: str
    station_id: str | None  # None for a postal ballot box
    place_id: str | None
    label: str  # "Station 23 St Anne's Hall" or "Postal box P1 (session 3)"
    boxes: tuple[BoxCounts, ...]
    expected: int | None
    moved_in: int  # this contest's papers found in another contest's box at the same station
    moved_out: int  # other contests' papers found in this account's boxes (not in its counts)
    state: AccountState
    resolution: dict[str, Any] | None

    @property
    def counted(self) -> int | None:
        latest = [b.latest for b in self.boxes]
        if not latest or any(v is None for v in latest):
            return None
        return sum(v for v in latest if v is not None) + self.moved_in

    @property
    def variance(self) -> int | None:
        if self.counted is None or self.expected is None:
            return None
        return self.counted - self.expected

    @property
    def verified(self) -> bool:
        return self.state in VERIFIED_STATES


def effective_bpa(view: StateView, station_id: str, contest_id: str) -> tuple[dict[str, Any] | None, bool]:
    """(the BPA to verify against, whether two keyings disagree and await a supervisor)."""
    keyings = {row["keying"]: row for row in view.rows("bpas", station_id=station_id, contest_id=contest_id)}
    if "agreed" in keyings:
        return keyings["agreed"], False
    first, second = keyings.get("first"), keyings.get("second")
    if first is None:
        return None, False
    if second is not None and bpa_figures(first) != bpa_figures(second):
        return None, True
    return first, False


BPA_FIGURES = (
    "ordinary_received", "issued", "spoilt", "unused", "tendered_received", "tendered_issued", "tendered_spoilt",
    "tendered_unused", "tendered_list_entries", "postal_accepted", "postal_rejected", "postal_forms",
)


def bpa_figures(row: dict[str, Any]) -> dict[str, int]:
    return {name: row[name] for name in BPA_FIGURES}


def bpa_balance_problems(figures: dict[str, int]) -> list[str]:
    """What does not add up on a BPA as the presiding officer completed it (reference §1.4)."""
    problems = []
    accounted = figures["issued"] + figures["spoilt"] + figures["unused"]
    if accounted != figures["ordinary_received"]:
        problems.append(
            f"papers received {figures['ordinary_received']} but issued + spoilt + unused = {accounted}"
        )
    tendered = figures["tendered_issued"] + figures["tendered_spoilt"] + figures["tendered_unused"]
    if tendered != figures["tendered_received"]:
        problems.append(
            f"tendered papers received {figures['tendered_received']} but issued + spoilt + unused = {tendered}"
        )
    if figures["tendered_list_entries"] != figures["tendered_issued"]:
        problems.append(
            f"tendered votes list has {figures['tendered_list_entries']} entries but "
            f"{figures['tendered_issued']} tendered papers were issued"
        )
    return problems


def _box_counts(view: StateView, box_id: str, received: bool) -> BoxCounts:
    attempts = sorted(view.rows("verification_counts", box_id=box_id), key=lambda r: r["attempt"])
    return BoxCounts(box_id, received, tuple(r["count"] for r in attempts))


def _state(boxes: tuple[BoxCounts, ...], expected: int | None, keying_differs: bool, variance: int | None,
           resolution: dict[str, Any] | None) -> AccountState:
    if not all(b.received for b in boxes):
        return AccountState.AWAITING_BOXES
    if keying_differs:
        return AccountState.BPA_KEYING_DIFFERS
    if expected is None:
        return AccountState.AWAITING_BPA
    if variance is None:
        return AccountState.AWAITING_COUNT
    if variance == 0:
        return AccountState.MATCHED
    if resolution is not None and resolution["variance"] == variance:
        return AccountState(resolution["kind"])
    if all(b.recount_settled for b in boxes):
        return AccountState.RECOUNTED
    return AccountState.VARIANCE


def contest_accounts(view: StateView, contest_id: str) -> list[Account]:
    """Every account of a contest: stations in station order, then postal boxes."""
    view = cached(view)
    received = {r["box_id"] for r in view.rows("box_receipts")}
    stations = {s["station_id"]: s for s in view.rows("stations")}
    by_station: dict[str, list[str]] = {}
    for box in view.rows("boxes", contest_id=contest_id):
        by_station.setdefault(box["station_id"], []).append(box["box_id"])
    accounts = []
    for station_id in sorted(by_station, key=natural_key):
        station = stations[station_id]
        boxes = tuple(_box_counts(view, b, b in received) for b in sorted(by_station[station_id], key=natural_key))
        bpa, keying_differs = effective_bpa(view, station_id, contest_id)
        moved_in = sum(
            m["papers"] for b in view.rows("boxes", station_id=station_id) if b["contest_id"] != contest_id
            for m in view.rows("paper_moves", box_id=b["box_id"], to_contest_id=contest_id)
        )
        moved_out = sum(m["papers"] for b in boxes for m in view.rows("paper_moves", box_id=b.box_id))
        accounts.append(_account(
            view, station_account_id(station_id, contest_id), contest_id, station_id, station["place_id"],
            f"Station {station_id} {station['name']}", boxes, bpa["issued"] if bpa else None, keying_differs,
            moved_in, moved_out,
        ))
    for postal in sorted(view.rows("postal_boxes", contest_id=contest_id), key=lambda r: natural_key(r["box_id"])):
        boxes = (_box_counts(view, postal["box_id"], postal["box_id"] in received),)
        accounts.append(_account(
            view, postal_account_id(postal["box_id"]), contest_id, None, None,
            f"Postal box {postal['box_id']} ({postal['session']})", boxes, postal["papers_placed"], False, 0, 0,
        ))
    return accounts


def _account(view: StateView, account_id: str, contest_id: str, station_id: str | None, place_id: str | None,
             label: str, boxes: tuple[BoxCounts, ...], expected: int | None, keying_differs: bool,
             moved_in: int, moved_out: int) -> Account:
    resolution = view.get("account_resolutions", (account_id,))
    draft = Account(account_id, contest_id, station_id, place_id, label, boxes, expected, moved_in, moved_out,
                    AccountState.AWAITING_COUNT, resolution)
    state = _state(boxes, expected, keying_differs, draft.variance, resolution)
    return Account(account_id, contest_id, station_id, place_id, label, boxes, expected, moved_in, moved_out,
                   state, resolution)


def find_account(view: StateView, account_id: str) -> Account | None:
    view = cached(view)
    for contest in view.rows("contests"):
        for account in contest_accounts(view, contest["contest_id"]):
            if account.account_id == account_id:
                return account
    return None


def account_of_box(view: StateView, box_id: str) -> Account | None:
    box = view.get("boxes", (box_id,))
    if box is not None:
        return find_account(view, station_account_id(box["station_id"], box["contest_id"]))
    if view.get("postal_boxes", (box_id,)) is not None:
        return find_account(view, postal_account_id(box_id))
    return None


@dataclass(frozen=True)
class ContestVerification:
    contest_id: str
    accounts: tuple[Account, ...]
    electorate: int

    @property
    def verified_accounts(self) -> int:
        return sum(1 for a in self.accounts if a.verified)

    @property
    def complete(self) -> bool:
        return bool(self.accounts) and all(a.verified for a in self.accounts)

    def _total(self, postal: bool) -> int:
        return sum(a.counted or 0 for a in self.accounts if (a.station_id is None) == postal and a.verified)

    @property
    def station_total(self) -> int:
        return self._total(postal=False)

    @property
    def postal_total(self) -> int:
        return self._total(postal=True)

    @property
    def verified_total(self) -> int:
        return self.station_total + self.postal_total

    @property
    def expected_total(self) -> int:
        return sum(a.expected or 0 for a in self.accounts)

    @property
    def ballot_box_turnout(self) -> float | None:
        """Ballot papers verified / electorate: the 'ballot box turnout' definition (reference §4.1)."""
        if not self.complete or self.electorate <= 0:
            return None
        return self.verified_total / self.electorate


def contest_verification(view: StateView, contest_id: str) -> ContestVerification:
    view = cached(view)
    contest = view.get("contests", (contest_id,))
    electorate = contest["electorate"] if contest else 0
    return ContestVerification(contest_id, tuple(contest_accounts(view, contest_id)), electorate)
