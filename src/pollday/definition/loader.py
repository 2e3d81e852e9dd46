"""Loading an election definition folder into an `ElectionDefinition`.

The folder format is described in docs/election-format.md. Loading happens in two passes:
first every file is read and each field and reference checked, naming file, line and
field; then `validate_definition` applies the election rules to what was read and its
problems are placed back into the files. Everything found is raised together, so a
definition is only ever returned when it is completely valid.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from pollday.definition.csv_table import read_table
from pollday.definition.election_toml import ElectionFile, read_election_file
from pollday.definition.errors import DefinitionError
from pollday.definition.layout import BOXES, CANDIDATES, DEFAULT_FILE_NAMES, ELECTION_FILE, STATIONS, TABLES, USERS
from pollday.definition.records import UserRow, read_boxes, read_candidates, read_stations, read_users
from pollday.definition.source_map import SourceMap, candidates_subject
from pollday.domain.election import (
    BallotBox,
    Candidate,
    Contest,
    DefinitionProblem,
    ElectionDefinition,
    PollingStation,
    UserAccount,
    validate_definition,
)
from pollday.domain.pins import SALT_BYTES, hash_pin

# Only used to check the format of "HH:MM" arrival times when poll_date itself is unusable;
# that is already a problem, so no definition built with it is ever returned.
_STAND_IN_POLL_DATE = date(2000, 1, 1)


def load_definition(folder: Path, salt_source: Callable[[int], bytes] = os.urandom) -> ElectionDefinition:
    """Read and validate the definition in `folder`, or raise DefinitionError listing every problem.

    PINs in users.csv are hashed here with salts from `salt_source`; they are meant for
    rehearsals, and real PINs are set with `pollday user set-pin`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise DefinitionError([DefinitionProblem(str(folder), f"{what}: give the folder that holds {ELECTION_FILE}")])
    if not (folder / ELECTION_FILE).is_file():
        raise DefinitionError([DefinitionProblem(
            ELECTION_FILE, f"not found in {folder}: an election definition folder starts with this file")])

    problems: list[DefinitionProblem] = []
    election = read_election_file(folder / ELECTION_FILE, problems)
    sources = SourceMap(election.file_names if election else DEFAULT_FILE_NAMES)
    incomplete = set(election.incomplete) if election else set()
    contest_ids = None
    if election is not None and election.contests_listed:
        sources.contest_positions = election.contest_positions
        contest_ids = set(election.contest_positions)
    tables = {table.key: read_table(folder, sources.file_names[table.key], table, problems) for table in TABLES}

    if tables[CANDIDATES.key] is None and election is not None:
        # Without the candidates file every contest would look uncontested; that is not news.
        incomplete.update(candidates_subject(contest_id) for contest_id in election.contest_positions)
    candidates = read_candidates(tables[CANDIDATES.key] or [], contest_ids, sources, incomplete)
    stations = read_stations(tables[STATIONS.key] or [], sources, incomplete)
    station_ids = set(sources.station_lines) if tables[STATIONS.key] is not None else None
    poll_date = election.poll_date if election and election.poll_date else _STAND_IN_POLL_DATE
    boxes = read_boxes(tables[BOXES.key] or [], station_ids, contest_ids, poll_date, sources, incomplete)
    users = read_users(tables[USERS.key] or [], sources, incomplete)

    definition = None
    # The rules compare contest IDs with the poll date, so they cannot run without one.
    if election is not None and election.poll_date is not None:
        definition = _assemble(election, election.poll_date, candidates, stations, boxes, users)
        problems.extend(sources.rule_problems(validate_definition(definition), incomplete))
    if problems or definition is None:
        raise DefinitionError(problems)
    # Hashed last, and only for a valid definition: scrypt is deliberately slow.
    return replace(definition, users=tuple(_with_pin_hash(user, salt_source) for user in users))


def _assemble(
    election: ElectionFile,
    poll_date: date,
    candidates: Mapping[str, list[Candidate]],
    stations: list[PollingStation],
    boxes: list[BallotBox],
    users: list[UserRow],
) -> ElectionDefinition:
    contests = tuple(
        Contest(entry.contest_id, entry.name, entry.kind, entry.seats, entry.electorate,
                tuple(candidates.get(entry.contest_id, ())))
        for entry in election.contests
    )
    return ElectionDefinition(
        election_id=election.election_id,
        name=election.name,
        poll_date=poll_date,
        authority=election.authority,
        officers=tuple(election.officers),
        contests=contests,
        stations=tuple(stations),
        boxes=tuple(boxes),
        users=tuple(user.account for user in users),
    )


def _with_pin_hash(user: UserRow, salt_source: Callable[[int], bytes]) -> UserAccount:
    if not user.pin:
        return user.account
    return replace(user.account, pin_hash=hash_pin(user.pin, salt_source(SALT_BYTES)))

