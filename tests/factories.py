"""Small, fully valid elections built in code, for tests that need one quickly."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pollday.domain.election import (
    BallotBox,
    Candidate,
    Contest,
    ContestKind,
    ElectionDefinition,
    Officer,
    PaperRange,
    PollingStation,
    UserAccount,
)
from pollday.domain.pins import hash_pin
from pollday.domain.roles import Power, Role

POLL_DATE = date(2026, 5, 7)
POLL_OPENS = datetime(2026, 5, 7, 6, 0, tzinfo=UTC)  # 07:00 BST

# username -> (role, powers, PIN); cheap scrypt so tests stay fast, real cost is tested separately.
TEST_USERS: dict[str, tuple[Role, tuple[Power, ...], str]] = {
    "ro": (Role.RETURNING_OFFICER, (), "1111"),
    "deputy": (Role.DEPUTY_RO, (Power.ADJUDICATION, Power.DECLARATION), "2222"),
    "manager": (Role.ELECTIONS_MANAGER, (), "3333"),
    "supervisor": (Role.COUNT_SUPERVISOR, (), "4444"),
    "assistant": (Role.COUNT_ASSISTANT, (), "5555"),
    "reception": (Role.RECEPTION, (), "6666"),
    "postal": (Role.POSTAL_OPENING, (), "7777"),
    "control": (Role.CONTROL_ROOM, (), "8888"),
    "observer": (Role.OBSERVER, (), "9999"),
}
TEST_PIN_COST = 2**4
# Creating a database journals the definition and then the first PIN of each account.
SETUP_ENTRIES = 1 + len(TEST_USERS)


def pin_hash_for_tests(pin: str) -> str:
    return hash_pin(pin, salt=b"pollday-tests-01", n=TEST_PIN_COST)


def small_election(election_id: str = "harrowden-test") -> ElectionDefinition:
    contest_id = "local.harrowden.east-ward.2026-05-07"
    candidates = (
        Candidate(f"{contest_id}/1", 1, "Ashworth", "Helen", "Harrowden Green Party"),
        Candidate(f"{contest_id}/2", 2, "Nguyễn", "Thảo", "Independent"),
        Candidate(f"{contest_id}/3", 3, "Okafor", "Chukwuemeka", "Civic Alliance", "", "Emeka"),
    )
    stations = (
        PollingStation("1", "St Anne's Hall", "HE1", "P1", "St Anne's Hall", "1 Church Lane", 1400,
                       "R. Patel", "07700 900001"),
        PollingStation("2", "Eastfield School", "HE2", "P2", "Eastfield School", "Mill Road", 1200,
                       "J. Moore", "07700 900002"),
    )
    boxes = (
        BallotBox("1", "1", contest_id, ("HE-1001", "HE-1002", "HE-1003"), PaperRange(1, 1470), PaperRange(1, 10),
                  datetime(2026, 5, 7, 22, 40)),
        BallotBox("2", "2", contest_id, ("HE-1004", "HE-1005", "HE-1006"), PaperRange(1471, 2730), PaperRange(11, 20),
                  datetime(2026, 5, 7, 22, 55)),
    )
    users = tuple(
        UserAccount(name, f"Test {name.title()}", role, powers, pin_hash_for_tests(pin))
        for name, (role, powers, pin) in TEST_USERS.items()
    )
    return ElectionDefinition(
        election_id=election_id,
        name="Harrowden East ward by-election",
        poll_date=POLL_DATE,
        authority="Harrowden Borough Council",
        officers=(Officer("Margaret Ellison", "Returning Officer"),
                  Officer("Tom Baines", "Deputy Returning Officer", (Power.ADJUDICATION, Power.DECLARATION))),
        contests=(Contest(contest_id, "Harrowden East ward", ContestKind.LOCAL, 1, 3100, candidates),),
        stations=stations,
        boxes=boxes,
        users=users,
    )


def combined_election() -> ElectionDefinition:
    """Two stations in one hall, each with a box for a local ward and for a PCC poll."""
    base = small_election("combined-test")
    ward = base.contests[0]
    pcc_id = "pcc.harrowdenshire.2026-05-07"
    pcc = Contest(pcc_id, "Harrowdenshire Police and Crime Commissioner", ContestKind.PCC, 1, 250000, (
        Candidate(f"{pcc_id}/1", 1, "Byrne", "Siobhán", "Safer Streets"),
        Candidate(f"{pcc_id}/2", 2, "Marsh", "Geoffrey", "Independent"),
    ))
    stations = tuple(
        PollingStation(s.station_id, s.name, s.district_code, "P1", "Town Hall", "1 Market Square", s.electorate,
                       s.presiding_officer, s.presiding_officer_phone)
        for s in base.stations
    )
    pcc_boxes = (
        BallotBox("1P", "1", pcc_id, ("PC-2001", "PC-2002"), PaperRange(1, 1470), PaperRange(1, 10),
                  datetime(2026, 5, 7, 22, 40)),
        BallotBox("2P", "2", pcc_id, ("PC-2003", "PC-2004"), PaperRange(1471, 2730), PaperRange(11, 20),
                  datetime(2026, 5, 7, 22, 55)),
    )
    return ElectionDefinition(
        election_id=base.election_id, name="Combined test polls", poll_date=base.poll_date,
        authority=base.authority, officers=base.officers, contests=(ward, pcc), stations=stations,
        boxes=base.boxes + pcc_boxes, users=base.users,
    )


def three_seat_ward() -> ElectionDefinition:
    """One station and box for a three-member ward with two party slates."""
    base = small_election("ward-test")
    contest_id = "local.harrowden.north-ward.2026-05-07"
    names = [("Abbott", "Ruth", "Civic Alliance"), ("Baker", "Tom", "Civic Alliance"),
             ("Chen", "Li", "Harrowden Green Party"), ("Dąbrowski", "Piotr", "Harrowden Green Party"),
             ("Evans", "Mair", "Civic Alliance")]
    candidates = tuple(Candidate(f"{contest_id}/{n}", n, s, f, d) for n, (s, f, d) in enumerate(names, start=1))
    station = base.stations[0]
    box = BallotBox("N1", station.station_id, contest_id, ("HN-1",), PaperRange(1, 1470), None,
                    datetime(2026, 5, 7, 22, 40))
    return ElectionDefinition(
        election_id=base.election_id, name="Harrowden North ward", poll_date=base.poll_date,
        authority=base.authority, officers=base.officers,
        contests=(Contest(contest_id, "Harrowden North ward", ContestKind.LOCAL, 3, 2000, candidates),),
        stations=(station,), boxes=(box,), users=base.users,
    )
