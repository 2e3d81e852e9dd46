"""What the verification desk reads: one contest's accounts, every count with who made it.

Like readings.py, the read_* functions here may wait for the store's lock, so the desk calls
them from thread workers only. The arithmetic is the domain's (domain/verification.py);
this only gathers what a screen needs to show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pollday.domain.payloads import PayloadKind, ScanVerdict, read_scan
from pollday.domain.state import StateView
from pollday.domain.table_cache import TableCache
from pollday.domain.verification import (
    Account,
    ContestVerification,
    account_of_box,
    contest_verification,
    find_account,
)
from pollday.services.election_service import ElectionService
from pollday.services.verification_export import account_record


@dataclass(frozen=True)
class CountAttempt:
    """One count of one box, as kept for the record: nothing is ever overwritten."""

    attempt: int
    count: int
    by: str  # the counter's full name
    at: str  # ISO time


@dataclass(frozen=True)
class BoxLine:
    box_id: str
    received: bool
    attempts: tuple[CountAttempt, ...]

    @property
    def counts_text(self) -> str:
        """'812, 811, 811': the recount rule is read off this list, so it shows every attempt."""
        return ", ".join(str(a.count) for a in self.attempts)


@dataclass(frozen=True)
class AccountLine:
    """An account with what the domain's Account leaves out: who counted, the place, the explanation."""

    account: Account
    boxes: tuple[BoxLine, ...]
    place_name: str  # empty for a postal ballot box
    explanation: str  # the verification statement's wording (services/verification_export.py)

    @property
    def is_postal(self) -> bool:
        return self.account.station_id is None

    @property
    def box_ids_text(self) -> str:
        return ", ".join(b.box_id for b in self.boxes)

    @property
    def counts_text(self) -> str:
        if len(self.boxes) == 1 or not any(b.attempts for b in self.boxes):
            return self.boxes[0].counts_text
        return "; ".join(f"{b.box_id}: {b.counts_text or '-'}" for b in self.boxes)


@dataclass(frozen=True)
class ContestSummary:
    contest_id: str
    name: str
    accounts_total: int
    accounts_verified: int
    signed_off: bool


@dataclass(frozen=True)
class SignOffRecord:
    signed_off: bool
    by: str  # full name
    at: str  # ISO time, empty if never signed off
    reopens: int
    last_reopen_reason: str


@dataclass(frozen=True)
class BoxPlace:
    """Where a box belongs: enough to follow a scanned box to its contest and station."""

    box_id: str
    contest_id: str
    station_id: str | None  # None for a postal ballot box


@dataclass(frozen=True)
class VerificationReading:
    contests: tuple[ContestSummary, ...]
    contest_id: str
    contest_name: str
    progress: ContestVerification
    lines: tuple[AccountLine, ...]
    sign_off: SignOffRecord | None  # None until the contest was first signed off
    boxes: dict[str, BoxPlace]  # by upper-cased box number, so "hn1" typed by hand finds box HN1

    @property
    def box_ids(self) -> dict[str, str]:
        return {key: place.box_id for key, place in self.boxes.items()}

    def box_place(self, box_id: str) -> BoxPlace | None:
        return self.boxes.get(box_id.upper())

    @property
    def signed_off(self) -> bool:
        return self.sign_off is not None and self.sign_off.signed_off

    def line_of(self, account_id: str) -> AccountLine | None:
        return next((line for line in self.lines if line.account.account_id == account_id), None)

    def line_of_box(self, box_id: str) -> AccountLine | None:
        return next((line for line in self.lines if any(b.box_id == box_id for b in line.boxes)), None)

    def stations_with_variance_beside(self, line: AccountLine) -> tuple[AccountLine, ...]:
        """The stations of this account's polling place with a variance: who a compensating group may hold."""
        return tuple(
            other for other in self.lines
            if not other.is_postal and other.account.place_id == line.account.place_id
            and other.account.variance not in (None, 0)
        )


def _names(view: StateView) -> dict[str, str]:
    return {u["username"]: u["full_name"] for u in view.rows("users")}


def _box_line(view: StateView, box_id: str, received: bool, names: dict[str, str]) -> BoxLine:
    rows = sorted(view.rows("verification_counts", box_id=box_id), key=lambda r: r["attempt"])
    return BoxLine(box_id, received, tuple(
        CountAttempt(r["attempt"], r["count"], names.get(r["by"], r["by"]), r["at"]) for r in rows
    ))


def account_line(view: StateView, account: Account, labels: dict[str, str], names: dict[str, str]) -> AccountLine:
    place_name = ""
    if account.station_id is not None:
        station = view.get("stations", (account.station_id,))
        place_name = station["place_name"] if station else ""
    boxes = tuple(_box_line(view, b.box_id, b.received, names) for b in account.boxes)
    return AccountLine(account, boxes, place_name, account_record(account, labels)["explanation"])


def _sign_off_record(view: StateView, contest_id: str, names: dict[str, str]) -> SignOffRecord | None:
    row = view.get("contest_verification", (contest_id,))
    if row is None:
        return None
    by = row["signed_off_by"] or ""
    return SignOffRecord(bool(row["signed_off"]), names.get(by, by), row["signed_off_at"] or "", row["reopens"],
                         row["last_reopen_reason"] or "")


def _summary(view: StateView, contest: dict[str, Any], progress: ContestVerification) -> ContestSummary:
    signed = view.get("contest_verification", (contest["contest_id"],))
    return ContestSummary(contest["contest_id"], contest["name"], len(progress.accounts), progress.verified_accounts,
                          bool(signed and signed["signed_off"]))


def _box_places(view: StateView) -> dict[str, BoxPlace]:
    places = [BoxPlace(b["box_id"], b["contest_id"], b["station_id"]) for b in view.rows("boxes")]
    places += [BoxPlace(b["box_id"], b["contest_id"], None) for b in view.rows("postal_boxes")]
    return {place.box_id.upper(): place for place in places}


def read_verification(service: ElectionService, contest_id: str | None) -> VerificationReading:
    """The chosen contest in full (the first one when `contest_id` is None or no longer exists)."""
    view = TableCache(service.store.view())
    contests = sorted(view.rows("contests"), key=lambda c: c["position"])
    if not contests:
        raise ValueError("this election has no contests, so there is nothing to verify")
    chosen = next((c for c in contests if c["contest_id"] == contest_id), contests[0])
    progresses = {c["contest_id"]: contest_verification(view, c["contest_id"]) for c in contests}
    progress = progresses[chosen["contest_id"]]
    names = _names(view)
    labels = {a.account_id: a.label for a in progress.accounts}
    return VerificationReading(
        contests=tuple(_summary(view, c, progresses[c["contest_id"]]) for c in contests),
        contest_id=chosen["contest_id"],
        contest_name=chosen["name"],
        progress=progress,
        lines=tuple(account_line(view, a, labels, names) for a in progress.accounts),
        sign_off=_sign_off_record(view, chosen["contest_id"], names),
        boxes=_box_places(view),
    )


def _full_line(view: StateView, account: Account | None) -> AccountLine | None:
    if account is None:
        return None
    # The contest's labels name the partners of a compensating group in the explanation.
    labels = {a.account_id: a.label for a in contest_verification(view, account.contest_id).accounts}
    return account_line(view, account, labels, _names(view))


def read_account_of_box(service: ElectionService, box_id: str) -> AccountLine | None:
    """The account a box belongs to, as it stands now: what a count just did to it."""
    view = service.store.view()
    return _full_line(view, account_of_box(view, box_id))


def read_account(service: ElectionService, account_id: str) -> AccountLine | None:
    view = service.store.view()
    return _full_line(view, find_account(view, account_id))


@dataclass(frozen=True)
class BoxCode:
    """What a scanned or typed code says about a box: its number, or why it is not one."""

    box_id: str
    problem: str  # empty when box_id is usable


def box_from_code(code: str, box_ids: dict[str, str], election_id: str, mode: str) -> BoxCode:
    """A box label's payload (its body is the box number) or a box number typed by hand.

    A typed number that is not in `box_ids` is still passed on: the list may be a moment
    old (a postal box registered at another terminal), and the count command is the one
    that decides, with its own reason.
    """
    text = code.strip()
    if not text:
        return BoxCode("", "type or scan a box number")
    reading = read_scan(text, election_id, mode)
    if reading.verdict == ScanVerdict.NOT_A_PAYLOAD:
        return BoxCode(box_ids.get(text.upper(), text), "")
    if not reading.valid or reading.payload is None:
        return BoxCode("", reading.reason)
    if reading.payload.kind != PayloadKind.BOX:
        return BoxCode("", f"that is a {reading.reason}, not a ballot box label: scan the box's own label")
    body = reading.payload.body
    return BoxCode(box_ids.get(body.upper(), body), "")
