"""Reading election.toml: the election itself, its officers, its contests and any renamed files.

Entries are numbered from 1 in messages ("contests[2]" is the second [[contests]] entry),
because the people reading them count that way.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pollday.definition.layout import DEFAULT_FILE_NAMES, ELECTION_FILE
from pollday.definition.values import ValueProblem, parse_choice, parse_date, parse_whole_number
from pollday.domain.election import ContestKind, DefinitionProblem, Officer
from pollday.domain.roles import Power

ValueT = TypeVar("ValueT")

_ELECTION_KEYS = ("id", "name", "poll_date", "authority")
_OFFICER_KEYS = ("name", "title", "powers")
_CONTEST_KEYS = ("id", "name", "kind", "seats", "electorate")
_SECTIONS = ("election", "officers", "contests", "files")
_TOML_POSITION = re.compile(r"\s*\((?:at line (\d+), column (\d+)|at end of document)\)$")


@dataclass(frozen=True)
class ContestEntry:
    """A [[contests]] entry that passed every check; its candidates come from the candidates file."""

    position: int
    contest_id: str
    name: str
    kind: ContestKind
    seats: int
    electorate: int


@dataclass
class ElectionFile:
    election_id: str = ""
    name: str = ""
    poll_date: date | None = None
    authority: str = ""
    officers: list[Officer] = field(default_factory=list)
    contests: list[ContestEntry] = field(default_factory=list)
    # Every contest ID written, with its entry positions, even for entries with other problems,
    # so that rows referring to a contest with a bad seat count are not also reported.
    contest_positions: dict[str, list[int]] = field(default_factory=dict)
    # False when there is no usable [[contests]] list, so references to contests cannot be checked.
    contests_listed: bool = True
    file_names: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FILE_NAMES))
    # validate_definition subjects ("election.id", "contest X", ...) whose entry had a problem
    # already reported; the rule checks would only repeat it in vaguer words.
    incomplete: set[str] = field(default_factory=set)


def read_election_file(path: Path, problems: list[DefinitionProblem]) -> ElectionFile | None:
    """The parsed election.toml, or None when it is not readable TOML at all."""
    data = _parse_toml(path.read_bytes(), problems)
    if data is None:
        return None
    election = ElectionFile()
    for section in data:
        if section not in _SECTIONS:
            _report(problems, section, "unknown section: the sections are [election], [[officers]], [[contests]] "
                                       "and [files]")
    _read_election_table(data, election, problems)
    _read_officers(data, election, problems)
    _read_contests(data, election, problems)
    _read_file_names(data, election, problems)
    return election


def _parse_toml(data: bytes, problems: list[DefinitionProblem]) -> dict[str, Any] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(DefinitionProblem(f"{ELECTION_FILE} line {line}", "is not UTF-8 text: save it as UTF-8"))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        where = ELECTION_FILE
        if position and position.group(1):
            where = f"{ELECTION_FILE} line {position.group(1)}"
            message = f"{message[: position.start()]} at column {position.group(2)}"
        elif position:
            message = f"{message[: position.start()]} at the end of the file"
        problems.append(DefinitionProblem(
            where, f"not valid TOML: {message}: check the quotes, brackets and '=' signs"))
        return None


def _report(problems: list[DefinitionProblem], path: str, message: str) -> None:
    problems.append(DefinitionProblem(ELECTION_FILE, f"{path}: {message}"))


class _Table:
    """One TOML table with its path ("contests[2]"); getters record problems instead of raising."""

    def __init__(self, data: dict[str, Any], path: str, keys: tuple[str, ...],
                 problems: list[DefinitionProblem]) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.failed_keys: list[str] = []
        for key in data:
            if key not in keys:
                _report(problems, f"{path}.{key}", f"unknown key: the keys are {', '.join(keys)}")
                self.failed_keys.append(key)

    @property
    def ok(self) -> bool:
        return not self.failed_keys

    def problem(self, key: str, message: str) -> None:
        _report(self.problems, f"{self.path}.{key}", message)
        self.failed_keys.append(key)

    def value(self, key: str, parse: Callable[[str], ValueT], example: str) -> ValueT | None:
        """A value written as a TOML string (or, for numbers and dates, as their TOML form)."""
        if key not in self.data:
            self.problem(key, f"missing: add a line such as {key} = {example}")
            return None
        raw = self.data[key]
        if isinstance(raw, bool) or not isinstance(raw, str | int | date):
            self.problem(key, f"{_toml_form(raw)} is not usable here: write it like {key} = {example}")
            return None
        if isinstance(raw, datetime):
            self.problem(key, f"{raw.isoformat()} is a date and time: give only the date, like {key} = {example}")
            return None
        try:
            return parse(raw.isoformat() if isinstance(raw, date) else str(raw))
        except ValueProblem as problem:
            self.problem(key, str(problem))
            return None

    def text(self, key: str, example: str, *, may_be_empty: bool = False) -> str:
        value = self.value(key, str, example)
        if value is not None and not value.strip() and not may_be_empty:
            self.problem(key, f"is empty: write it like {key} = {example}")
        return (value or "").strip()


def _toml_form(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a section"
    return repr(value)


def _table(data: dict[str, Any], name: str, problems: list[DefinitionProblem]) -> dict[str, Any] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        _report(problems, name, f"must be a section: write [{name}] on a line of its own")
        return None
    return value


def _entries(data: dict[str, Any], name: str, problems: list[DefinitionProblem]) -> list[dict[str, Any]] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        _report(problems, name, f"must be a list of entries, each starting with [[{name}]] (two square brackets)")
        return None
    return value


def _read_election_table(data: dict[str, Any], election: ElectionFile, problems: list[DefinitionProblem]) -> None:
    if "election" not in data:
        _report(problems, "election", "missing: add an [election] section with id, name, poll_date and authority")
    values = _table(data, "election", problems)
    if values is None:
        election.incomplete.update(f"election.{key}" for key in _ELECTION_KEYS)
        return
    table = _Table(values, "election", _ELECTION_KEYS, problems)
    # Emptiness of id, name and authority is left to validate_definition, which explains each.
    election.election_id = table.text("id", '"harrowden-by-election-2026"', may_be_empty=True)
    election.name = table.text("name", '"North Ward by-election"', may_be_empty=True)
    election.poll_date = table.value("poll_date", parse_date, "2026-07-16")
    election.authority = table.text("authority", '"Harrowden Borough Council"', may_be_empty=True)
    election.incomplete.update(f"election.{key}" for key in table.failed_keys)


def _read_officers(data: dict[str, Any], election: ElectionFile, problems: list[DefinitionProblem]) -> None:
    if "officers" not in data:
        _report(problems, "officers", "missing: add an [[officers]] entry for the Returning Officer "
                                      "and one for each deputy")
    entries = _entries(data, "officers", problems)
    if entries is None:
        election.incomplete.add("election.officers")
        return
    for position, values in enumerate(entries, start=1):
        table = _Table(values, f"officers[{position}]", _OFFICER_KEYS, problems)
        name = table.text("name", '"Margaret Okafor"')
        title = table.text("title", '"Returning Officer"')
        powers = _officer_powers(table)
        if table.ok:
            election.officers.append(Officer(name, title, powers))
        else:
            election.incomplete.add("election.officers")


def _officer_powers(table: _Table) -> tuple[Power, ...]:
    raw = table.data.get("powers", [])
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        table.problem("powers", 'must be a list in square brackets, like powers = ["adjudication", "declaration"]')
        return ()
    powers: list[Power] = []
    for item in raw:
        try:
            power = parse_choice(item, Power)
        except ValueProblem as problem:
            table.problem("powers", str(problem))
            continue
        if power in powers:
            table.problem("powers", f"'{item}' is listed twice")
        powers.append(power)
    return tuple(powers)


def _read_contests(data: dict[str, Any], election: ElectionFile, problems: list[DefinitionProblem]) -> None:
    if "contests" not in data:
        _report(problems, "contests", "missing: add a [[contests]] entry for each contest being counted")
    entries = _entries(data, "contests", problems)
    if entries is None:
        election.incomplete.add("contests")
        election.contests_listed = False
        return
    for position, values in enumerate(entries, start=1):
        table = _Table(values, f"contests[{position}]", _CONTEST_KEYS, problems)
        # An empty ID is left to validate_definition, which explains the ballot ID format.
        contest_id = table.text("id", '"local.harrowden.north-ward.by.2026-07-16"', may_be_empty=True)
        name = table.text("name", '"North Ward"')
        kind = table.value("kind", lambda raw: parse_choice(raw, ContestKind), '"local"')
        seats = table.value("seats", parse_whole_number, "1")
        electorate = table.value("electorate", parse_whole_number, "3112")
        if "id" in values:
            election.contest_positions.setdefault(contest_id, []).append(position)
        if table.ok and kind is not None and seats is not None and electorate is not None:
            election.contests.append(ContestEntry(position, contest_id, name, kind, seats, electorate))
        else:
            election.incomplete.update({"contests", f"contest {contest_id}"})


def _read_file_names(data: dict[str, Any], election: ElectionFile, problems: list[DefinitionProblem]) -> None:
    values = _table(data, "files", problems)
    if values is None:
        return
    table = _Table(values, "files", tuple(DEFAULT_FILE_NAMES), problems)
    for key in DEFAULT_FILE_NAMES:
        if key in values:
            name = table.text(key, f'"{DEFAULT_FILE_NAMES[key]}"')
            if name:
                election.file_names[key] = name
