"""The absent voters list from a CSV file, as one `postal.import_voters` command (format: docs/postal.md).

One row per postal ballot pack issued, so an elector whose pack was replaced has two
rows: the cancelled one and the replacement. The whole file is checked before anything
is imported, and every problem is reported with its file, line and column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pollday.domain.postal import NotADate, ballot_number_problem, normalise_ballot_number, parse_written_date

REQUIRED = ("elector_number", "name", "address", "ballot_papers", "issue_type")
OPTIONAL = ("date_of_birth", "signature_waiver", "proxy_name", "proxy_address", "proxy_elector_number", "issued_as")
PERSONAL = ("name", "address", "date_of_birth", "signature_waiver", "proxy_name", "proxy_address",
            "proxy_elector_number")
ISSUE_TYPES = ("original", "replacement_spoilt", "replacement_lost")
CANCELLED = "cancelled"
_TRUE, _FALSE = {"y", "yes", "true", "1"}, {"", "n", "no", "false", "0"}
_FULL_YEAR = re.compile(r"\d{4}")


class AbsentVotersImportError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AbsentVotersFile:
    voters: list[dict[str, Any]]
    rows: int

    @property
    def packs(self) -> int:
        return sum(len(v["packs"]) for v in self.voters)

    @property
    def command(self) -> dict[str, Any]:
        return {"cmd": "postal.import_voters", "args": {"voters": self.voters}}


class _Problems:
    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.found: list[str] = []

    def add(self, line: int, column: str, message: str) -> None:
        self.found.append(f"{self.file_name} line {line}, {column}: {message}")


def read_absent_voters_csv(text: str, file_name: str, contest_ids: Sequence[str]) -> AbsentVotersFile:
    """The voters of a CSV file, grouped by elector; AbsentVotersImportError lists every problem.

    `contest_ids` are the election's contests in ballot order, so a paper may name its
    contest by ID or by position (1, 2 ...), or give a bare number when there is one contest.
    """
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [f"{file_name}: missing column '{c}'" for c in REQUIRED if c not in header]
    unknown = [f"{file_name}: unknown column '{c}'" for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        raise AbsentVotersImportError(missing + unknown)
    problems = _Problems(file_name)
    voters: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    numbers: dict[str, int] = {}
    rows = 0
    for line, raw in enumerate(reader, start=2):
        record = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(record.values()):
            continue
        rows += 1
        voter = _voter(problems, line, record)
        pack = _pack(problems, line, record, contest_ids, numbers)
        elector = voter["elector_number"]
        if not elector:
            continue
        if elector not in voters:
            voters[elector] = {**voter, "packs": []}
            first_line[elector] = line
        else:
            for column in PERSONAL:
                if voters[elector][column] != voter[column]:
                    problems.add(line, column, f"differs from line {first_line[elector]} for elector {elector}")
        if pack is not None:
            voters[elector]["packs"].append(pack)
    if not rows:
        problems.found.append(f"{file_name}: no postal voters in the file")
    if problems.found:
        raise AbsentVotersImportError(problems.found)
    return AbsentVotersFile(list(voters.values()), rows)


def _voter(problems: _Problems, line: int, record: dict[str, str]) -> dict[str, Any]:
    for column in ("elector_number", "name", "address"):
        if not record.get(column):
            problems.add(line, column, "is empty")
    voter: dict[str, Any] = {column: record.get(column, "") for column in
                             ("elector_number", "name", "address", "proxy_name", "proxy_address",
                              "proxy_elector_number")}
    if bool(voter["proxy_name"]) != bool(voter["proxy_address"]):
        problems.add(line, "proxy_name" if not voter["proxy_name"] else "proxy_address",
                     "a proxy needs both a name and an address")
    voter["date_of_birth"] = _date_of_birth(problems, line, record.get("date_of_birth", ""))
    waiver = record.get("signature_waiver", "").lower()
    if waiver not in _TRUE | _FALSE:
        problems.add(line, "signature_waiver", f"'{waiver}' is not yes or no")
    voter["signature_waiver"] = waiver in _TRUE
    return voter


def _date_of_birth(problems: _Problems, line: int, text: str) -> str:
    if not text:
        return ""
    if not _FULL_YEAR.search(text):
        problems.add(line, "date_of_birth", f"'{text}' needs the year in full (e.g. 14/03/1960)")
        return ""
    try:
        day = parse_written_date(text, date.max)
    except NotADate as error:
        problems.add(line, "date_of_birth", f"'{text}' is not a date{': ' + error.why if error.why else ''}")
        return ""
    return day.isoformat() if day else ""


def _pack(problems: _Problems, line: int, record: dict[str, str], contest_ids: Sequence[str],
          numbers: dict[str, int]) -> dict[str, Any] | None:
    issue = record.get("issue_type", "").lower()
    issued_as = record.get("issued_as", "").lower()
    if issue == CANCELLED:
        issue, cancelled = issued_as or "original", True
        if issue not in ISSUE_TYPES:
            problems.add(line, "issued_as", f"'{issued_as}' is not one of {', '.join(ISSUE_TYPES)}")
            return None
    elif issue in ISSUE_TYPES:
        cancelled = False
        if issued_as:
            problems.add(line, "issued_as", "is only for cancelled packs")
    else:
        problems.add(line, "issue_type", f"'{issue}' is not one of {', '.join((*ISSUE_TYPES, CANCELLED))}")
        return None
    papers = _papers(problems, line, record.get("ballot_papers", ""), contest_ids, numbers)
    return {"papers": papers, "issue_type": issue, "cancelled": cancelled} if papers else None


def _papers(problems: _Problems, line: int, text: str, contest_ids: Sequence[str],
            numbers: dict[str, int]) -> list[dict[str, str]]:
    papers: list[dict[str, str]] = []
    entries = [e for e in re.split(r"[;\s]+", text) if e]
    if not entries:
        problems.add(line, "ballot_papers", "is empty: list the ballot paper number(s) issued")
    for entry in entries:
        contest_ref, _, number_text = entry.rpartition(":")
        contest = _contest(contest_ref, contest_ids)
        if contest is None:
            problems.add(line, "ballot_papers", f"'{entry}': name the contest (ID or position 1-{len(contest_ids)}) "
                                                "before the number, as CONTEST:NUMBER")
            continue
        number = normalise_ballot_number(number_text)
        problem = ballot_number_problem(number)
        if problem:
            problems.add(line, "ballot_papers", problem)
            continue
        if number in numbers:
            problems.add(line, "ballot_papers", f"ballot paper {number} is also on line {numbers[number]}")
            continue
        if any(p["contest_id"] == contest for p in papers):
            problems.add(line, "ballot_papers", f"two papers for {contest} in one pack")
            continue
        numbers[number] = line
        papers.append({"contest_id": contest, "number": number})
    return papers


def _contest(reference: str, contest_ids: Sequence[str]) -> str | None:
    if not reference:
        return contest_ids[0] if len(contest_ids) == 1 else None
    if reference in contest_ids:
        return reference
    if reference.isdigit() and 1 <= int(reference) <= len(contest_ids):
        return contest_ids[int(reference) - 1]
    return None
