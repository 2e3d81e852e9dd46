"""Result arithmetic (reference §3, §4.1, §9.3 (5)-(9)): pure functions, no state.

Counts arrive as candidate totals per count table; doubtful papers are adjudicated one by
one. From those this module works out the figures of a result, checks them against the
verified total (the reconciliation gate), finds the winners and any tie that needs lots.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pollday.domain.election import ContestKind

# Statutory heads of rejected ballot papers (reference §3.4).
REJECTION_HEADS: dict[ContestKind, dict[str, str]] = {
    ContestKind.PARLIAMENTARY: {
        "A": "Want of official mark",
        "B": "Voting for more than one candidate",
        "C": "Writing or mark by which the voter could be identified",
        "D": "Unmarked or void for uncertainty",
    },
    ContestKind.LOCAL: {
        "A": "Want of official mark",
        "B": "Voting for more candidates than the voter is entitled to",
        "C": "Writing or mark by which the voter could be identified",
        "D": "Unmarked or wholly void for uncertainty",
    },
    ContestKind.REFERENDUM: {
        "A": "No official mark",
        "B": "Voting for both answers",
        "C": "Writing or mark by which the voter could be identified",
        "D": "Unmarked or void for uncertainty",
    },
}
REJECTION_HEADS[ContestKind.PCC] = REJECTION_HEADS[ContestKind.LOCAL]
REJECTION_HEADS[ContestKind.MAYORAL] = REJECTION_HEADS[ContestKind.LOCAL]
REJECTED_IN_PART = "Rejected in part"  # multi-member local contests only; recorded beside the heads

DEPOSIT_THRESHOLD = 0.05  # UKPGE: returned when a candidate polls MORE than 5% of valid votes


@dataclass(frozen=True)
class ResultFigures:
    """Everything a declaration states, before lots."""

    seats: int
    candidate_ids: tuple[str, ...]  # in ballot order
    votes: Mapping[str, int]
    valid_papers: int  # papers with at least one vote counted (multi-seat), or Σ votes (single seat)
    rejected: Mapping[str, int]  # head -> papers wholly rejected
    rejected_in_part: int
    verified_total: int
    electorate: int
    lot_winner: str | None = None  # the candidate given one extra vote by lot

    @property
    def rejected_total(self) -> int:
        return sum(self.rejected.values())

    @property
    def papers_counted(self) -> int:
        return self.valid_papers + self.rejected_total

    def final_votes(self) -> dict[str, int]:
        votes = dict(self.votes)
        if self.lot_winner is not None:
            votes[self.lot_winner] += 1
        return votes


@dataclass(frozen=True)
class Reconciliation:
    balanced: bool
    problems: tuple[str, ...] = field(default=())


def reconcile(figures: ResultFigures) -> Reconciliation:
    """The gate: no result while the papers do not add up to the verified total (§9.3 (5), (6))."""
    problems = []
    if figures.papers_counted != figures.verified_total:
        difference = figures.papers_counted - figures.verified_total
        problems.append(
            f"valid papers {figures.valid_papers:,} + rejected {figures.rejected_total:,} = "
            f"{figures.papers_counted:,}, but {figures.verified_total:,} papers were verified ({difference:+,})"
        )
    total_votes = sum(figures.votes.values())
    if figures.seats == 1 and total_votes != figures.valid_papers:
        problems.append(f"votes add up to {total_votes:,} but there are {figures.valid_papers:,} valid papers")
    if figures.seats > 1:
        if total_votes > figures.seats * figures.valid_papers:
            problems.append(
                f"{total_votes:,} votes is more than {figures.seats} x {figures.valid_papers:,} valid papers allows"
            )
        for candidate, count in figures.votes.items():
            if count > figures.valid_papers:
                problems.append(f"candidate {candidate} has {count:,} votes, more than the {figures.valid_papers:,} "
                                "valid papers")
    for head, count in figures.rejected.items():
        if count < 0:
            problems.append(f"rejected under head {head} is negative ({count})")
    return Reconciliation(not problems, tuple(problems))


@dataclass(frozen=True)
class Standing:
    winners: tuple[str, ...]
    tied_for_last_seat: tuple[str, ...]  # empty unless a lot is needed

    @property
    def needs_lot(self) -> bool:
        return bool(self.tied_for_last_seat)


def standing(votes: Mapping[str, int], seats: int, ballot_order: Sequence[str]) -> Standing:
    """Winners are the top `seats` by votes; equal votes across the boundary need lots (§3.6)."""
    ranked = sorted(ballot_order, key=lambda c: -votes[c])
    if len(ranked) <= seats:
        return Standing(tuple(ranked), ())
    boundary = votes[ranked[seats - 1]]
    if votes[ranked[seats]] != boundary:
        return Standing(tuple(ranked[:seats]), ())
    sure = tuple(c for c in ranked if votes[c] > boundary)
    tied = tuple(c for c in ranked if votes[c] == boundary)
    return Standing(sure, tied)


def majority(votes: Mapping[str, int], seats: int, ballot_order: Sequence[str]) -> int | None:
    """The last elected candidate's lead over the first not elected; None when uncontested."""
    ranked = sorted(ballot_order, key=lambda c: -votes[c])
    if len(ranked) <= seats:
        return None
    return votes[ranked[seats - 1]] - votes[ranked[seats]]


def share(votes: int, valid_votes: int) -> float:
    return votes / valid_votes if valid_votes else 0.0


def deposit_returned(votes: int, valid_votes: int) -> bool:
    return valid_votes > 0 and votes / valid_votes > DEPOSIT_THRESHOLD


def turnouts(figures: ResultFigures) -> dict[str, float | None]:
    """Both definitions of turnout (reference §4.1), labelled; turnout is not statutory."""
    if figures.electorate <= 0:
        return {"ballot_box_turnout": None, "valid_vote_turnout": None}
    return {
        "ballot_box_turnout": figures.papers_counted / figures.electorate,
        "valid_vote_turnout": figures.valid_papers / figures.electorate,
    }
