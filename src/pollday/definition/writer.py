"""Writing an `ElectionDefinition` as a definition folder that `load_definition` reads back.

Used to save a generated election as an example or a rehearsal set. The writer does not
validate the election (a deliberately broken folder can be useful); it only refuses
values the folder format cannot carry, because those would silently change on the way back.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from pollday.definition.layout import (
    BOXES,
    CANDIDATES,
    ELECTION_FILE,
    POWER_SEPARATOR,
    SEAL_SEPARATOR,
    STATIONS,
    USERS,
    TableLayout,
)
from pollday.domain.election import BallotBox, ElectionDefinition
from pollday.domain.pins import pin_format_problem

_SEAL_BREAKERS = re.compile(r"[;\s]")
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def write_definition(
    definition: ElectionDefinition, folder: Path, pins: Mapping[str, str] | None = None
) -> None:
    """Write `definition` into `folder` (created if needed), replacing the definition files there.

    `pins` maps usernames to PINs to put in users.csv, for rehearsal sets; PIN hashes in
    the definition cannot be turned back into PINs, so without `pins` the column is empty.
    Raises ValueError for a definition the format cannot represent.
    """
    pins = dict(pins or {})
    _check_representable(definition, pins)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ELECTION_FILE).write_text(_election_toml(definition), encoding="utf-8")
    _write_table(folder, CANDIDATES, (
        {
            "contest_id": contest.contest_id,
            "ballot_order": str(candidate.ballot_order),
            "surname": candidate.surname,
            "forenames": candidate.forenames,
            "description": candidate.description,
            "commonly_used_surname": candidate.commonly_used_surname,
            "commonly_used_forenames": candidate.commonly_used_forenames,
        }
        for contest in definition.contests
        for candidate in sorted(contest.candidates, key=lambda candidate: candidate.ballot_order)
    ))
    _write_table(folder, STATIONS, (
        {
            "station_id": station.station_id,
            "name": station.name,
            "district_code": station.district_code,
            "place_id": station.place_id,
            "place_name": station.place_name,
            "place_address": station.place_address,
            "electorate": str(station.electorate),
            "presiding_officer": station.presiding_officer,
            "presiding_officer_phone": station.presiding_officer_phone,
        }
        for station in definition.stations
    ))
    _write_table(folder, BOXES, (_box_row(box) for box in definition.boxes))
    # Written even with no users: a header-only file means "no users", where a stale file left
    # behind in the folder would bring back old accounts.
    _write_table(folder, USERS, (
        {
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role.value,
            "powers": POWER_SEPARATOR.join(user.powers),
            "pin": pins.get(user.username, ""),
        }
        for user in definition.users
    ))


def _check_representable(definition: ElectionDefinition, pins: Mapping[str, str]) -> None:
    usernames = {user.username for user in definition.users}
    unknown = sorted(set(pins) - usernames)
    if unknown:
        raise ValueError(f"PINs given for users who are not in the definition: {', '.join(unknown)}")
    for username, pin in pins.items():
        problem = pin_format_problem(pin)
        if problem:
            raise ValueError(f"the PIN given for {username} cannot be used: {problem}")
    for box in definition.boxes:
        for seal in box.seals:
            if not seal or _SEAL_BREAKERS.search(seal):
                raise ValueError(f"box {box.box_id}: seal {seal!r} is empty or contains ';' or a space, "
                                 "which separate seals in boxes.csv")
        if box.expected_arrival.tzinfo is not None:
            raise ValueError(f"box {box.box_id}: expected_arrival has a time zone; "
                             "boxes.csv holds local times at the count")


def _box_row(box: BallotBox) -> dict[str, str]:
    tendered = box.tendered_papers
    return {
        "box_id": box.box_id,
        "station_id": box.station_id,
        "contest_id": box.contest_id,
        "seals": SEAL_SEPARATOR.join(box.seals),
        "ordinary_first": str(box.ordinary_papers.first),
        "ordinary_last": str(box.ordinary_papers.last),
        "tendered_first": str(tendered.first) if tendered else "",
        "tendered_last": str(tendered.last) if tendered else "",
        "expected_arrival": _arrival_text(box.expected_arrival),
    }


def _arrival_text(moment: datetime) -> str:
    # Whole minutes are written as people write them; anything finer is kept, not rounded away.
    if moment.second == 0 and moment.microsecond == 0:
        return moment.isoformat(timespec="minutes")
    return moment.isoformat()


def _write_table(folder: Path, layout: TableLayout, rows: Iterable[Mapping[str, str]]) -> None:
    with (folder / layout.default_name).open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(layout.columns)
        writer.writerows([row[column] for column in layout.columns] for row in rows)


def _election_toml(definition: ElectionDefinition) -> str:
    lines = [
        "# Election definition written by pollday; the format is described in docs/election-format.md.",
        "",
        "[election]",
        f"id = {_toml_string(definition.election_id)}",
        f"name = {_toml_string(definition.name)}",
        f"poll_date = {definition.poll_date.isoformat()}",
        f"authority = {_toml_string(definition.authority)}",
    ]
    for officer in definition.officers:
        lines += ["", "[[officers]]", f"name = {_toml_string(officer.name)}",
                  f"title = {_toml_string(officer.title)}"]
        if officer.powers:
            lines.append(f"powers = [{', '.join(_toml_string(power.value) for power in officer.powers)}]")
    for contest in definition.contests:
        lines += [
            "",
            "[[contests]]",
            f"id = {_toml_string(contest.contest_id)}",
            f"name = {_toml_string(contest.name)}",
            f"kind = {_toml_string(contest.kind.value)}",
            f"seats = {contest.seats}",
            f"electorate = {contest.electorate}",
        ]
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    escaped = "".join(
        _TOML_ESCAPES.get(char) or (f"\\u{ord(char):04X}" if ord(char) < 0x20 or ord(char) == 0x7F else char)
        for char in text
    )
    return f'"{escaped}"'
