"""Placing the problems `validate_definition` finds back into the files they came from.

validate_definition speaks of "box 14A" or "contest local.x.2026-05-07"; people editing
files need "boxes.csv line 3". The loader records where each ID was written and this
module turns one into the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pollday.definition.layout import BOXES, CANDIDATES, ELECTION_FILE, STATIONS, USERS
from pollday.domain.election import DefinitionProblem

# validate_definition reports a box whose station or contest is unknown; the loader has
# already said so, naming the file to look in, so these are dropped rather than repeated.
_REFERENCE_PROBLEM_ENDINGS = ("is not in the stations list", "is not one of the contests")


def candidates_subject(contest_id: str) -> str:
    """The subject marking a contest whose candidate rows had problems already reported."""
    return f"candidates of contest {contest_id}"


@dataclass
class SourceMap:
    file_names: Mapping[str, str]
    contest_positions: dict[str, list[int]] = field(default_factory=dict)
    candidate_lines: dict[str, list[int]] = field(default_factory=dict)
    station_lines: dict[str, list[int]] = field(default_factory=dict)
    box_lines: dict[str, list[int]] = field(default_factory=dict)
    user_lines: dict[str, list[int]] = field(default_factory=dict)

    def rule_problems(self, found: Iterable[DefinitionProblem], incomplete: set[str]) -> list[DefinitionProblem]:
        """validate_definition's problems placed in files, leaving out those already reported.

        `incomplete` holds the subjects ("station 12", "users", ...) whose rows had a problem
        when read: checking the rules on what was left of them only produces echoes.
        """
        placed: list[DefinitionProblem] = []
        for problem in found:
            if self._already_reported(problem, incomplete):
                continue
            located = self.locate(problem)
            if located not in placed:
                placed.append(located)
        return placed

    def _already_reported(self, problem: DefinitionProblem, incomplete: set[str]) -> bool:
        if problem.where in incomplete:
            return True
        kind, _, subject_id = problem.where.partition(" ")
        if kind == "box" and problem.message.endswith(_REFERENCE_PROBLEM_ENDINGS):
            return True
        return (kind == "contest" and _is_about_candidates(problem.message)
                and candidates_subject(subject_id) in incomplete)

    def locate(self, problem: DefinitionProblem) -> DefinitionProblem:
        where, message = problem.where, problem.message
        if where.startswith("election."):
            path = "officers" if where == "election.officers" else where
            return DefinitionProblem(ELECTION_FILE, f"{path}: {message}")
        if where == "contests":
            return DefinitionProblem(ELECTION_FILE, f"contests: {message}")
        if where == "users":
            return DefinitionProblem(self.file_names[USERS.key], message)
        kind, _, subject_id = where.partition(" ")
        if kind == "contest":
            return self._locate_contest(subject_id, message) or problem
        lines_by_kind = {
            "station": (STATIONS.key, self.station_lines),
            "box": (BOXES.key, self.box_lines),
            "user": (USERS.key, self.user_lines),
        }
        if kind in lines_by_kind:
            file_key, lines = lines_by_kind[kind]
            if subject_id in lines:
                return DefinitionProblem(f"{self.file_names[file_key]} {describe_lines(lines[subject_id])}",
                                         f"{where}: {message}")
        return problem

    def _locate_contest(self, contest_id: str, message: str) -> DefinitionProblem | None:
        candidate_lines = self.candidate_lines.get(contest_id)
        if candidate_lines and _is_about_candidates(message):
            return DefinitionProblem(f"{self.file_names[CANDIDATES.key]} {describe_lines(candidate_lines)}",
                                     f"contest {contest_id}: {message}")
        positions = self.contest_positions.get(contest_id)
        if positions:
            entries = ", ".join(f"contests[{position}]" for position in positions)
            return DefinitionProblem(ELECTION_FILE, f"{entries} ({contest_id}): {message}")
        return None


def _is_about_candidates(message: str) -> bool:
    return "candidate" in message or "ballot order" in message


def describe_lines(lines: Iterable[int]) -> str:
    """"line 4", or "lines 2-5, 9" for several."""
    ordered = sorted(set(lines))
    runs: list[str] = []
    start = previous = ordered[0]
    for line in [*ordered[1:], None]:
        if line is not None and line == previous + 1:
            previous = line
            continue
        runs.append(str(start) if start == previous else f"{start}-{previous}")
        if line is not None:
            start = previous = line
    return f"{'line' if len(ordered) == 1 else 'lines'} {', '.join(runs)}"
