"""Where a contest's count stands: tables, doubtful papers, figures and what still blocks a result.

Each count table enters its candidate totals (keyed once, and optionally a second time by
someone else); papers set aside as doubtful are decided one by one by the RO. A recount
opens a new *round*: the previous round's tables and decisions are carried into it and
can then be re-entered or reconsidered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pollday.domain.ordering import natural_key
from pollday.domain.results import ResultFigures, reconcile
from pollday.domain.state import StateView
from pollday.domain.verification import contest_verification

# Which figures a table keying holds, in the order they are compared.
TABLE_FIGURES = ("papers_given", "votes", "valid_papers", "doubtful")


@dataclass(frozen=True)
class TableStatus:
    table_id: str
    effective: dict[str, Any] | None  # the figures that count, or None while keyings disagree
    differences: tuple[str, ...]  # where two keyings disagree, in words
    decided: int  # doubtful papers adjudicated
    adjudicated_votes: dict[str, int]

    @property
    def pending_doubtful(self) -> int:
        return (self.effective["doubtful"] if self.effective else 0) - self.decided


def current_round(view: StateView, contest_id: str) -> int:
    state = view.get("count_state", (contest_id,))
    return state["round"] if state else 0


def candidate_order(view: StateView, contest_id: str) -> tuple[str, ...]:
    return tuple(c["candidate_id"] for c in sorted(view.rows("candidates", contest_id=contest_id),
                                                   key=lambda c: c["ballot_order"]))


def _differences(first: dict[str, Any], second: dict[str, Any], names: dict[str, str]) -> tuple[str, ...]:
    found = []
    for figure in ("papers_given", "valid_papers", "doubtful"):
        if first[figure] != second[figure]:
            found.append(f"{figure.replace('_', ' ')}: first {first[figure]}, second {second[figure]}")
    for candidate, votes in first["votes"].items():
        if second["votes"].get(candidate) != votes:
            found.append(f"{names.get(candidate, candidate)}: first {votes}, second {second['votes'].get(candidate)}")
    return tuple(found)


def table_statuses(view: StateView, contest_id: str, round_number: int | None = None) -> list[TableStatus]:
    round_number = current_round(view, contest_id) if round_number is None else round_number
    names = {c["candidate_id"]: f"{c['surname']}, {c['forenames']}"
             for c in view.rows("candidates", contest_id=contest_id)}
    keyings: dict[str, dict[str, dict[str, Any]]] = {}
    for row in view.rows("count_tables", contest_id=contest_id, round=round_number):
        keyings.setdefault(row["table_id"], {})[row["keying"]] = row
    decisions: dict[str, list[dict[str, Any]]] = {}
    for row in view.rows("adjudications", contest_id=contest_id, round=round_number):
        decisions.setdefault(row["table_id"], []).append(row)
    statuses = []
    for table_id in sorted(keyings, key=natural_key):
        rows = keyings[table_id]
        effective: dict[str, Any] | None
        differences: tuple[str, ...] = ()
        if "agreed" in rows:
            effective = rows["agreed"]
        elif "first" in rows and "second" in rows:
            differences = _differences(rows["first"], rows["second"], names)
            effective = None if differences else rows["first"]
        else:
            effective = rows.get("first") or rows.get("carried")
        adjudicated: dict[str, int] = {}
        for decision in decisions.get(table_id, []):
            if decision["decision"] in ("allowed", "rejected_in_part"):
                for candidate in decision["candidate_ids"]:
                    adjudicated[candidate] = adjudicated.get(candidate, 0) + 1
        statuses.append(TableStatus(table_id, effective, differences, len(decisions.get(table_id, [])), adjudicated))
    return statuses


@dataclass(frozen=True)
class CountPosition:
    contest_id: str
    round: int
    tables: tuple[TableStatus, ...]
    figures: ResultFigures
    blockers: tuple[str, ...]  # everything that stops a provisional result, in words

    @property
    def ready(self) -> bool:
        return not self.blockers


def count_position(view: StateView, contest_id: str, round_number: int | None = None) -> CountPosition:
    contest = view.get("contests", (contest_id,))
    if contest is None:
        raise KeyError(contest_id)
    round_number = current_round(view, contest_id) if round_number is None else round_number
    order = candidate_order(view, contest_id)
    tables = table_statuses(view, contest_id, round_number)
    votes = dict.fromkeys(order, 0)
    valid_papers = 0
    for table in tables:
        if table.effective is None:
            continue
        for candidate, count in table.effective["votes"].items():
            votes[candidate] += count
        valid_papers += table.effective["valid_papers"]
        for candidate, count in table.adjudicated_votes.items():
            votes[candidate] += count
    heads = {"A": 0, "B": 0, "C": 0, "D": 0}
    rejected_in_part = 0
    for decision in view.rows("adjudications", contest_id=contest_id, round=round_number):
        if decision["decision"] == "rejected":
            heads[decision["head"]] += 1
        else:
            valid_papers += 1
            rejected_in_part += decision["decision"] == "rejected_in_part"
    verification = contest_verification(view, contest_id)
    figures = ResultFigures(
        seats=contest["seats"], candidate_ids=order, votes=votes, valid_papers=valid_papers, rejected=heads,
        rejected_in_part=rejected_in_part, verified_total=verification.verified_total,
        electorate=contest["electorate"],
    )
    blockers: list[str] = []
    if not tables:
        blockers.append("no count table has entered figures yet")
    for table in tables:
        if table.differences:
            blockers.append(f"table {table.table_id}: the two keyings differ ({'; '.join(table.differences)}): "
                            "a supervisor settles them")
        if table.pending_doubtful > 0:
            blockers.append(f"table {table.table_id}: {table.pending_doubtful} doubtful paper(s) await adjudication")
    if tables and not any(t.differences for t in tables):
        given = sum(t.effective["papers_given"] for t in tables if t.effective)
        if given != figures.verified_total:
            blockers.append(f"the tables were given {given:,} papers in all, but {figures.verified_total:,} were "
                            f"verified ({given - figures.verified_total:+,}): a table is missing or mis-keyed")
        blockers.extend(reconcile(figures).problems)
    return CountPosition(contest_id, round_number, tuple(tables), figures, tuple(dict.fromkeys(blockers)))
