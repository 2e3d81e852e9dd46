"""The election definition: what an election *is* before anything happens in it.

These records are built by the definition loader (from files) or the demo generator,
travel inside the `election.define` command as JSON, and are validated here so that
both sources obey one set of rules.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pollday.domain.roles import Power, Role


class ElectionMode(StrEnum):
    """Fixed when the database is created: a rehearsal never becomes official, nor the reverse."""

    OFFICIAL = "official"
    REHEARSAL = "rehearsal"


class ContestKind(StrEnum):
    PARLIAMENTARY = "parl"
    LOCAL = "local"
    PCC = "pcc"
    MAYORAL = "mayor"
    REFERENDUM = "ref"


CONTEST_KIND_LABELS = {
    ContestKind.PARLIAMENTARY: "UK Parliamentary",
    ContestKind.LOCAL: "Local government",
    ContestKind.PCC: "Police and Crime Commissioner",
    ContestKind.MAYORAL: "Mayoral",
    ContestKind.REFERENDUM: "Referendum",
}

# Democracy Club ballot IDs: "<kind>.<org>[.<division>].<YYYY-MM-DD>".
BALLOT_ID_PATTERN = re.compile(r"^(parl|local|pcc|mayor|ref)(\.[a-z0-9]+(?:-[a-z0-9]+)*)+\.(\d{4}-\d{2}-\d{2})$")
SLUG_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
# Lower case, digits, '.' and '-' only, so every username fits on a staff badge barcode.
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9.-]{0,23}$")


def candidate_id_for(contest_id: str, ballot_order: int) -> str:
    """The stable ID of a candidate, derived so that definition files need not carry one."""
    return f"{contest_id}/{ballot_order}"


@dataclass(frozen=True)
class Candidate:
    candidate_id: str
    ballot_order: int
    surname: str
    forenames: str
    description: str = ""
    commonly_used_surname: str = ""
    commonly_used_forenames: str = ""

    @property
    def ballot_name(self) -> str:
        surname = self.commonly_used_surname or self.surname
        forenames = self.commonly_used_forenames or self.forenames
        return f"{surname.upper()}, {forenames}"


@dataclass(frozen=True)
class Contest:
    contest_id: str
    name: str
    kind: ContestKind
    seats: int
    electorate: int
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class PollingStation:
    station_id: str
    name: str
    district_code: str
    place_id: str
    place_name: str
    place_address: str
    electorate: int
    presiding_officer: str = ""
    presiding_officer_phone: str = ""


@dataclass(frozen=True)
class PaperRange:
    """A consecutive run of ballot paper numbers, inclusive at both ends."""

    first: int
    last: int

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    def overlaps(self, other: PaperRange) -> bool:
        return self.first <= other.last and other.first <= self.last


@dataclass(frozen=True)
class BallotBox:
    box_id: str
    station_id: str
    contest_id: str
    seals: tuple[str, ...]
    ordinary_papers: PaperRange
    tendered_papers: PaperRange | None
    expected_arrival: datetime


@dataclass(frozen=True)
class Officer:
    name: str
    title: str  # as signed: "Returning Officer", "Acting Returning Officer", "Deputy Returning Officer"
    powers: tuple[Power, ...] = ()


@dataclass(frozen=True)
class UserAccount:
    username: str
    full_name: str
    role: Role
    powers: tuple[Power, ...] = ()
    pin_hash: str = ""  # never the PIN itself; empty means no PIN set yet


@dataclass(frozen=True)
class ElectionDefinition:
    election_id: str
    name: str
    poll_date: date
    authority: str
    officers: tuple[Officer, ...]
    contests: tuple[Contest, ...]
    stations: tuple[PollingStation, ...]
    boxes: tuple[BallotBox, ...]
    users: tuple[UserAccount, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ElectionDefinition:
        return cls(
            election_id=data["election_id"],
            name=data["name"],
            poll_date=date.fromisoformat(data["poll_date"]),
            authority=data["authority"],
            officers=tuple(
                Officer(o["name"], o["title"], tuple(Power(p) for p in o["powers"])) for o in data["officers"]
            ),
            contests=tuple(
                Contest(
                    contest_id=c["contest_id"],
                    name=c["name"],
                    kind=ContestKind(c["kind"]),
                    seats=c["seats"],
                    electorate=c["electorate"],
                    candidates=tuple(Candidate(**cand) for cand in c["candidates"]),
                )
                for c in data["contests"]
            ),
            stations=tuple(PollingStation(**s) for s in data["stations"]),
            boxes=tuple(
                BallotBox(
                    box_id=b["box_id"],
                    station_id=b["station_id"],
                    contest_id=b["contest_id"],
                    seals=tuple(b["seals"]),
                    ordinary_papers=PaperRange(**b["ordinary_papers"]),
                    tendered_papers=PaperRange(**b["tendered_papers"]) if b["tendered_papers"] else None,
                    expected_arrival=datetime.fromisoformat(b["expected_arrival"]),
                )
                for b in data["boxes"]
            ),
            users=tuple(
                UserAccount(
                    username=u["username"],
                    full_name=u["full_name"],
                    role=Role(u["role"]),
                    powers=tuple(Power(p) for p in u["powers"]),
                    pin_hash=u["pin_hash"],
                )
                for u in data["users"]
            ),
        )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class DefinitionProblem:
    """One thing wrong with a definition: where it is and what to do about it."""

    where: str  # e.g. "boxes[12] (box 14A)" or "stations.csv line 14"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def validate_definition(definition: ElectionDefinition) -> list[DefinitionProblem]:
    """Every rule a definition must pass before a database is created from it."""
    problems: list[DefinitionProblem] = []

    def problem(where: str, message: str) -> None:
        problems.append(DefinitionProblem(where, message))

    if not SLUG_PATTERN.match(definition.election_id):
        problem("election.id", f"'{definition.election_id}' must be letters, digits, '.', '-' or '_' (max 40)")
    if not definition.name.strip():
        problem("election.name", "is empty: give the election a name")
    if not definition.authority.strip():
        problem("election.authority", "is empty: name the council or authority")
    if not any(o.title.lower().endswith("returning officer") and "deputy" not in o.title.lower()
               for o in definition.officers):
        problem("election.officers", "no Returning Officer or Acting Returning Officer is named")
    if not definition.contests:
        problem("contests", "there are no contests: add at least one")

    contest_ids: set[str] = set()
    for contest in definition.contests:
        where = f"contest {contest.contest_id}"
        match = BALLOT_ID_PATTERN.match(contest.contest_id)
        if not match:
            problem(where, "the ID must be a Democracy Club ballot ID such as 'parl.kestrel-vale.2026-05-07'")
        else:
            if match.group(1) != contest.kind.value:
                problem(where, f"the ID starts '{match.group(1)}' but the kind is '{contest.kind.value}'")
            if match.group(3) != definition.poll_date.isoformat():
                problem(where, f"the ID's date {match.group(3)} is not the poll date {definition.poll_date}")
        if contest.contest_id in contest_ids:
            problem(where, "this contest ID is used twice")
        contest_ids.add(contest.contest_id)
        if contest.seats < 1:
            problem(where, f"seats is {contest.seats}: a contest elects at least 1")
        if contest.kind == ContestKind.PARLIAMENTARY and contest.seats != 1:
            problem(where, "a UK Parliamentary contest elects exactly 1 member")
        if contest.electorate < 1:
            problem(where, f"electorate is {contest.electorate}: it must be a positive whole number")
        if not contest.candidates:
            problem(where, "no candidates are listed for this contest: add them to the candidates file")
        elif len(contest.candidates) <= contest.seats and contest.kind != ContestKind.REFERENDUM:
            problem(where, f"{len(contest.candidates)} candidate(s) for {contest.seats} seat(s) is uncontested: "
                           "no poll is held, so it does not belong in a count")
        orders = sorted(c.ballot_order for c in contest.candidates)
        if orders != list(range(1, len(orders) + 1)):
            problem(where, "ballot order must run 1, 2, 3 ... with no gaps or repeats")
        candidate_ids: set[str] = set()
        for cand in contest.candidates:
            if cand.candidate_id in candidate_ids:
                problem(where, f"candidate ID '{cand.candidate_id}' is used twice")
            candidate_ids.add(cand.candidate_id)
            if not cand.surname.strip():
                problem(where, f"candidate {cand.ballot_order} has no surname")

    station_ids: set[str] = set()
    for station in definition.stations:
        where = f"station {station.station_id}"
        if station.station_id in station_ids:
            problem(where, "this station ID is used twice")
        station_ids.add(station.station_id)
        if station.electorate < 0:
            problem(where, f"electorate is {station.electorate}: it cannot be negative")
        if not station.place_id.strip():
            problem(where, "no polling place is given")

    box_ids: set[str] = set()
    seal_owner: dict[str, str] = {}
    ranges_by_contest: dict[str, list[tuple[PaperRange, str]]] = {}
    for box in definition.boxes:
        where = f"box {box.box_id}"
        if box.box_id in box_ids:
            problem(where, "this box number is used twice")
        box_ids.add(box.box_id)
        if box.station_id not in station_ids:
            problem(where, f"station '{box.station_id}' is not in the stations list")
        if box.contest_id not in contest_ids:
            problem(where, f"contest '{box.contest_id}' is not one of the contests")
        for seal in box.seals:
            if seal in seal_owner:
                problem(where, f"seal {seal} is also issued to box {seal_owner[seal]}")
            seal_owner[seal] = box.box_id
        for label, paper_range in (("ordinary", box.ordinary_papers), ("tendered", box.tendered_papers)):
            if paper_range is None:
                continue
            if paper_range.first < 1 or paper_range.last < paper_range.first:
                problem(where, f"{label} papers {paper_range.first}-{paper_range.last} is not a valid range")
                continue
            key = f"{box.contest_id}/{label}"
            for other, other_box in ranges_by_contest.get(key, []):
                if other.overlaps(paper_range):
                    problem(where, f"{label} papers {paper_range.first}-{paper_range.last} overlap "
                                   f"box {other_box} ({other.first}-{other.last})")
            ranges_by_contest.setdefault(key, []).append((paper_range, box.box_id))

    usernames: set[str] = set()
    for user in definition.users:
        where = f"user {user.username}"
        if not USERNAME_PATTERN.match(user.username):
            problem(where, "a username is lower-case letters, digits, '.' or '-' (up to 24 characters)")
        if user.username in usernames:
            problem(where, "this username is used twice")
        usernames.add(user.username)
        if user.powers and user.role != Role.DEPUTY_RO:
            problem(where, "only a deputy returning officer holds written powers")
    if definition.users and not any(u.role == Role.RETURNING_OFFICER for u in definition.users):
        problem("users", "no user has the role returning_officer: the RO must be able to sign off")
    return problems
