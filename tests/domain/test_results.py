from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from pollday.domain.results import (
    ResultFigures,
    deposit_returned,
    majority,
    reconcile,
    standing,
    turnouts,
)

CANDIDATES = ("a", "b", "c", "d", "e")


def figures(votes: dict[str, int], seats: int = 1, rejected: int = 0, valid: int | None = None,
            verified: int | None = None) -> ResultFigures:
    valid_papers = sum(votes.values()) if valid is None else valid
    total = valid_papers + rejected if verified is None else verified
    return ResultFigures(seats, tuple(votes), votes, valid_papers, {"A": 0, "B": 0, "C": 0, "D": rejected}, 0,
                         total, 10_000)


def test_gate_balances_and_names_the_difference() -> None:
    assert reconcile(figures({"a": 500, "b": 300}, rejected=7)).balanced
    off = reconcile(figures({"a": 500, "b": 300}, rejected=7, verified=810))
    assert not off.balanced
    assert off.problems == ("valid papers 800 + rejected 7 = 807, but 810 papers were verified (-3)",)


def test_multi_seat_invariants() -> None:
    assert reconcile(figures({"a": 300, "b": 280, "c": 250, "d": 100}, seats=3, valid=400)).balanced
    too_many = reconcile(figures({"a": 400, "b": 400, "c": 400, "d": 1}, seats=3, valid=400))
    assert "1,201 votes is more than 3 x 400 valid papers allows" in too_many.problems[0]
    over = reconcile(figures({"a": 401, "b": 1, "c": 1, "d": 1}, seats=3, valid=400))
    assert any("candidate a has 401 votes" in p for p in over.problems)


def test_standing_and_ties_at_the_boundary() -> None:
    order = CANDIDATES
    assert standing({"a": 9, "b": 7, "c": 7, "d": 3, "e": 1}, 1, order).winners == ("a",)
    tie = standing({"a": 9, "b": 7, "c": 7, "d": 3, "e": 1}, 2, order)
    assert tie.winners == ("a",) and tie.tied_for_last_seat == ("b", "c") and tie.needs_lot
    below = standing({"a": 9, "b": 7, "c": 3, "d": 3, "e": 1}, 2, order)
    assert not below.needs_lot and below.winners == ("a", "b")
    assert majority({"a": 9, "b": 7, "c": 3, "d": 3, "e": 1}, 1, order) == 2


def test_deposits_need_more_than_five_percent() -> None:
    assert not deposit_returned(50, 1000) and deposit_returned(51, 1000)


def test_turnout_definitions() -> None:
    result = turnouts(figures({"a": 5000, "b": 1000}, rejected=20))
    assert result == {"ballot_box_turnout": 6020 / 10000, "valid_vote_turnout": 6000 / 10000}


votes_strategy = st.dictionaries(st.sampled_from(CANDIDATES), st.integers(0, 50), min_size=2, max_size=5)


@given(votes_strategy, st.integers(min_value=1, max_value=4))
def test_standing_properties(votes: dict[str, int], seats: int) -> None:
    order = tuple(c for c in CANDIDATES if c in votes)
    result = standing(votes, seats, order)
    if len(order) <= seats:
        assert set(result.winners) == set(order)
        return
    if not result.needs_lot:
        assert len(result.winners) == seats
        assert min(votes[w] for w in result.winners) > max(votes[c] for c in order if c not in result.winners)
    else:
        assert len(result.winners) < seats < len(result.winners) + len(result.tied_for_last_seat)
        assert len({votes[c] for c in result.tied_for_last_seat}) == 1


@given(votes_strategy, st.integers(0, 30), st.integers(-5, 5))
def test_gate_balances_exactly_when_papers_match(votes: dict[str, int], rejected: int, error: int) -> None:
    assume(sum(votes.values()) > 0)
    result = figures(votes, rejected=rejected, verified=sum(votes.values()) + rejected + error)
    assert reconcile(result).balanced == (error == 0)
