"""Turning CSV rows into the domain's records, checking each field and each reference.

A row with any problem is left out of what is built, and its subject is marked incomplete
so that the rule checks run afterwards do not report the same fault again.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from pollday.definition.csv_table import CsvRow
from pollday.definition.layout import ELECTION_FILE, STATIONS
from pollday.definition.source_map import SourceMap, candidates_subject
from pollday.definition.values import (
    ValueProblem,
    parse_arrival,
    parse_choice,
    parse_powers,
    parse_seals,
    parse_whole_number,
)
from pollday.domain.election import BallotBox, Candidate, PaperRange, PollingStation, UserAccount, candidate_id_for
from pollday.domain.pins import pin_format_problem
from pollday.domain.roles import Role

RecordT = TypeVar("RecordT")

PERSON_ROLES = tuple(role for role in Role if role != Role.SYSTEM)


@dataclass(frozen=True)
class UserRow:
    """A user as read, before its PIN (if any) is hashed."""

    account: UserAccount
    pin: str


def read_candidates(
    rows: list[CsvRow], contest_ids: Collection[str] | None, sources: SourceMap, incomplete: set[str]
) -> dict[str, list[Candidate]]:
    """Candidates by contest ID, in ballot order. `contest_ids` is None when election.toml was unreadable."""
    by_contest: dict[str, list[Candidate]] = {}
    for row in rows:
        contest_id = row.text("contest_id", required=True)
        ballot_order = row.value("ballot_order", parse_whole_number)
        if contest_id and contest_ids is not None and contest_id not in contest_ids:
            row.problem(f"contest '{contest_id}' is not in {ELECTION_FILE}")
        if not contest_id:
            continue
        sources.candidate_lines.setdefault(contest_id, []).append(row.line)
        candidate = Candidate(
            candidate_id=candidate_id_for(contest_id, ballot_order or 0),
            ballot_order=ballot_order or 0,
            surname=row.text("surname"),
            forenames=row.text("forenames"),
            description=row.text("description"),
            commonly_used_surname=row.text("commonly_used_surname"),
            commonly_used_forenames=row.text("commonly_used_forenames"),
        )
        if row.ok:
            by_contest.setdefault(contest_id, []).append(candidate)
        else:
            incomplete.add(candidates_subject(contest_id))
    for candidates in by_contest.values():
        candidates.sort(key=lambda candidate: candidate.ballot_order)
    return by_contest


def read_stations(rows: list[CsvRow], sources: SourceMap, incomplete: set[str]) -> list[PollingStation]:
    stations: list[PollingStation] = []
    for row in rows:
        station_id = row.text("station_id", required=True)
        station = PollingStation(
            station_id=station_id,
            name=row.text("name", required=True),
            district_code=row.text("district_code", required=True),
            place_id=row.text("place_id"),  # validate_definition explains a missing polling place
            place_name=row.text("place_name", required=True),
            place_address=row.text("place_address"),
            electorate=row.value("electorate", parse_whole_number) or 0,
            presiding_officer=row.text("presiding_officer"),
            presiding_officer_phone=row.text("presiding_officer_phone"),
        )
        _keep(row, station_id, "station", sources.station_lines, incomplete, stations, station)
    return stations


def read_boxes(
    rows: list[CsvRow],
    station_ids: Collection[str] | None,
    contest_ids: Collection[str] | None,
    poll_date: date,
    sources: SourceMap,
    incomplete: set[str],
) -> list[BallotBox]:
    """`station_ids` and `contest_ids` are None when their file could not be read, so not checked."""
    boxes: list[BallotBox] = []
    for row in rows:
        box_id = row.text("box_id", required=True)
        station_id = row.text("station_id", required=True)
        if station_id and station_ids is not None and station_id not in station_ids:
            row.problem(f"station '{station_id}' is not in {sources.file_names[STATIONS.key]}")
        contest_id = row.text("contest_id", required=True)
        if contest_id and contest_ids is not None and contest_id not in contest_ids:
            row.problem(f"contest '{contest_id}' is not in {ELECTION_FILE}")
        seals = parse_seals(row.text("seals"))
        ordinary = _paper_range(row, "ordinary", required=True)
        tendered = _paper_range(row, "tendered", required=False)
        arrival = row.value("expected_arrival", lambda raw: parse_arrival(raw, poll_date))
        box = None
        if ordinary is not None and arrival is not None:
            box = BallotBox(box_id, station_id, contest_id, seals, ordinary, tendered, arrival)
        _keep(row, box_id, "box", sources.box_lines, incomplete, boxes, box)
    return boxes


def _paper_range(row: CsvRow, label: str, *, required: bool) -> PaperRange | None:
    first_column, last_column = f"{label}_first", f"{label}_last"
    if not required:
        first_raw, last_raw = row.text(first_column), row.text(last_column)
        if not first_raw and not last_raw:
            return None
        if not (first_raw and last_raw):
            given, empty = (first_column, last_column) if first_raw else (last_column, first_column)
            row.problem(f"{given} is given but {empty} is empty: give both, or leave both empty if there are "
                        f"no {label} papers")
            return None
    first = row.value(first_column, parse_whole_number)
    last = row.value(last_column, parse_whole_number)
    return PaperRange(first, last) if first is not None and last is not None else None


def read_users(rows: list[CsvRow], sources: SourceMap, incomplete: set[str]) -> list[UserRow]:
    users: list[UserRow] = []
    for row in rows:
        username = row.text("username", required=True)
        full_name = row.text("full_name", required=True)
        role = _user_role(row)
        powers = row.value("powers", parse_powers, required=False) or ()
        pin = row.text("pin")
        problem = pin_format_problem(pin) if pin else None
        if problem:
            # The PIN itself is not repeated: even a rehearsal PIN should not end up in a log.
            row.problem(f"pin cannot be used: {problem}")
        user = UserRow(UserAccount(username, full_name, role, powers), pin) if role is not None else None
        _keep(row, username, "user", sources.user_lines, incomplete, users, user)
    if any(not row.ok for row in rows):
        incomplete.add("users")
    return users


def _user_role(row: CsvRow) -> Role | None:
    raw = row.text("role", required=True)
    if not raw:
        return None
    if raw.lower() == Role.SYSTEM.value:
        row.problem(f"role 'system' is kept for the set-up step and is never a person: use one of: "
                    f"{', '.join(PERSON_ROLES)}")
        return None
    try:
        return parse_choice(raw, PERSON_ROLES)
    except ValueProblem as problem:
        row.problem(f"role {problem}")
        return None


def _keep(
    row: CsvRow,
    subject_id: str,
    kind: str,
    lines: dict[str, list[int]],
    incomplete: set[str],
    records: list[RecordT],
    record: RecordT | None,
) -> None:
    """Note where the subject was written, and keep its record only if the row was faultless."""
    if subject_id:
        lines.setdefault(subject_id, []).append(row.line)
    if row.ok and record is not None:
        records.append(record)
    elif subject_id:
        incomplete.add(f"{kind} {subject_id}")
