"""The demo's count: table figures, adjudication, recounts, a tie decided by lot, the declarations.

Reference §9.5: rejected papers about 0.3% (heads A 1%, B 15%, C 4%, D 80%); in Kestrel Vale
a recount asked for by an election agent is refused as unreasonable and a bundle check is
offered, then a second recount changes one candidate by 2 votes; in the three-seat ward,
papers rejected in part and a tie for the third seat decided by lot.
"""

from __future__ import annotations

from datetime import time, timedelta

from pollday.demo.night import DemoNight
from pollday.domain.count import count_position
from pollday.domain.election import Contest
from pollday.domain.verification import contest_verification

TABLES = 8
REJECTION_MIX = (("A", 0.01), ("B", 0.15), ("C", 0.04), ("D", 0.80))


def _shares(night: DemoNight, contest: Contest) -> list[float]:
    weights = [night.rng.uniform(0.2, 1.0) ** 2 for _ in contest.candidates]
    total = sum(weights)
    return [w / total for w in weights]


def _split(total: int, parts: int, night: DemoNight) -> list[int]:
    """Near-equal piles for the tables, as a count supervisor would hand them out."""
    sizes = [round(total / parts * night.rng.uniform(0.95, 1.05)) for _ in range(parts - 1)]
    return [*sizes, total - sum(sizes)]


def _head(night: DemoNight) -> str:
    pick = night.rng.random()
    for head, weight in REJECTION_MIX:
        if pick < weight:
            return head
        pick -= weight
    return "D"


def _table_figures(
    night: DemoNight, contest: Contest, papers: int, shares: list[float]
) -> tuple[dict[str, int], int, int]:
    """(votes per candidate, valid papers, doubtful) for one table given `papers` papers."""
    doubtful = max(1, round(papers * night.rng.uniform(0.002, 0.006)))
    valid = papers - doubtful
    ids = [c.candidate_id for c in contest.candidates]
    if contest.seats == 1:
        raw = [valid * s for s in shares]
        votes = [int(v) for v in raw]
        for index in sorted(range(len(ids)), key=lambda i: raw[i] - votes[i], reverse=True)[: valid - sum(votes)]:
            votes[index] += 1
    else:
        votes_cast = valid * contest.seats * night.rng.uniform(0.82, 0.9)
        votes = [min(valid, round(votes_cast * s)) for s in shares]
    return dict(zip(ids, votes, strict=True)), valid, doubtful


def count_contest(night: DemoNight, contest: Contest) -> None:
    view = night.service.store.view()
    total = contest_verification(view, contest.contest_id).verified_total
    shares = _shares(night, contest)
    counters = ("assistant1", "assistant2", "assistant3")
    for number, papers in enumerate(_split(total, TABLES, night), start=1):
        votes, valid, doubtful = _table_figures(night, contest, papers, shares)
        night.tick(240)
        args = {"contest_id": contest.contest_id, "table_id": f"T{number}", "papers_given": papers, "votes": votes,
                "doubtful": doubtful}
        if contest.seats > 1:
            args["valid_papers"] = valid
        night.run(counters[number % 3], "count.record_table", **args)
        if number % 3 == 0:  # a sample of tables is keyed twice
            night.run("supervisor2", "count.record_table", keying="second", **args)
        _adjudicate_table(night, contest, f"T{number}", doubtful)


def _adjudicate_table(night: DemoNight, contest: Contest, table_id: str, doubtful: int) -> None:
    ids = [c.candidate_id for c in contest.candidates]
    for paper in range(doubtful):
        night.tick(40)
        args: dict[str, object] = {"contest_id": contest.contest_id, "table_id": table_id}
        roll = night.rng.random()
        if roll < 0.3:  # the voter's intention is clear after all (a tick, a mark outside the box)
            chosen = night.rng.sample(ids, 1 if contest.seats == 1 else night.rng.randint(1, contest.seats))
            args |= {"decision": "allowed", "candidate_ids": chosen}
        elif contest.seats > 1 and roll < 0.45:
            args |= {"decision": "rejected_in_part", "candidate_ids": night.rng.sample(ids, 1), "head": "B"}
        else:
            args |= {"decision": "rejected", "head": _head(night), "objected": paper == 0 and roll > 0.9}
        night.run("deputy1", "count.adjudicate", **args)


def _provisional(night: DemoNight, contest: Contest) -> None:
    night.tick(300)
    night.run("manager", "count.provisional", contest_id=contest.contest_id)


def _latest(night: DemoNight, contest: Contest) -> dict[str, object]:
    versions = night.service.store.view().rows("provisional_results", contest_id=contest.contest_id)
    return max(versions, key=lambda v: v["version"])["figures"]  # type: ignore[no-any-return]


def _recounts(night: DemoNight, contest: Contest) -> None:
    """An unreasonable request refused, a bundle check, then a recount moving 2 votes."""
    figures = _latest(night, contest)
    votes: dict[str, int] = figures["votes"]  # type: ignore[assignment]
    ranked = sorted(votes, key=lambda c: -votes[c])
    runner_up = next(c for c in contest.candidates if c.candidate_id == ranked[1])
    third = next(c for c in contest.candidates if c.candidate_id == ranked[2])
    cid = contest.contest_id
    night.tick(240)
    night.run("supervisor1", "recount.request", contest_id=cid, requested_by=f"election agent for {third.surname}",
              capacity="election_agent", scope="full", note="asked for a full recount")
    night.tick(180)
    night.run("ro", "recount.decide", contest_id=cid, number=1, decision="refused",
              reason=f"unreasonable: the gap to the winner is {votes[ranked[0]] - votes[third.candidate_id]:,} votes; "
                     "a bundle check was offered")
    night.run("supervisor1", "recount.request", contest_id=cid, requested_by=f"election agent for {third.surname}",
              capacity="election_agent", scope="bundle_check")
    night.run("ro", "recount.decide", contest_id=cid, number=2, decision="granted",
              reason="bundle check: agents inspected the bundles")
    night.tick(1200)
    night.run("supervisor1", "recount.request", contest_id=cid, requested_by=f"{runner_up.forenames} "
              f"{runner_up.surname} (candidate)", capacity="candidate", scope="full")
    night.run("ro", "recount.decide", contest_id=cid, number=3, decision="granted",
              reason="full recount agreed: the runner-up asked at the end of the count")
    table = count_position(night.service.store.view(), cid).tables[0]
    assert table.effective is not None
    recounted = dict(table.effective["votes"])
    recounted[runner_up.candidate_id] += 2  # two papers had gone into the third candidate's bundle
    recounted[third.candidate_id] -= 2
    night.tick(2400)
    night.run("supervisor2", "count.resolve_table", contest_id=cid, table_id=table.table_id,
              papers_given=table.effective["papers_given"], votes=recounted, doubtful=table.effective["doubtful"],
              reason=f"recount: two papers for {runner_up.surname} found in {third.surname}'s bundles")
    _provisional(night, contest)


def _force_tie_for_last_seat(night: DemoNight, contest: Contest) -> None:
    """Make the candidates placed last-elected and first-not-elected finish level (the ward edge case)."""
    position = count_position(night.service.store.view(), contest.contest_id)
    totals = position.figures.votes
    ranked = sorted(totals, key=lambda c: -totals[c])
    last_in, first_out = ranked[contest.seats - 1], ranked[contest.seats]
    needed = totals[last_in] - totals[first_out]
    for table in position.tables:
        if needed == 0:
            break
        assert table.effective is not None
        votes = dict(table.effective["votes"])
        valid = table.effective["valid_papers"]
        room = min(valid - votes[first_out], contest.seats * valid - sum(votes.values()))
        added = min(needed, room)
        if added <= 0:
            continue
        votes[first_out] += added
        needed -= added
        night.run("supervisor1", "count.resolve_table", contest_id=contest.contest_id, table_id=table.table_id,
                  papers_given=table.effective["papers_given"], votes=votes, doubtful=table.effective["doubtful"],
                  valid_papers=valid, reason="tally sheet re-added after checking")


def count_everything(night: DemoNight) -> None:
    night.at(night.local(time(2, 0), next_day=True))
    parl, *others = night.definition.contests
    count_contest(night, parl)
    _provisional(night, parl)
    _recounts(night, parl)
    for contest in others:
        count_contest(night, contest)
        if contest.seats > 1:
            _force_tie_for_last_seat(night, contest)
        _provisional(night, contest)


def declare_everything(night: DemoNight) -> None:
    for contest in night.definition.contests:
        night.clock.advance(timedelta(minutes=10))
        figures = _latest(night, contest)
        tied: list[str] = figures["tied_for_last_seat"]  # type: ignore[assignment]
        if tied:
            seats_left = contest.seats - len(figures["winners"])  # type: ignore[arg-type]
            night.run("ro", "count.draw_lots", contest_id=contest.contest_id,
                      method="each tied candidate's name sealed in an envelope; one drawn from a ballot box by the RO",
                      witnesses="the candidates, their election agents and an Electoral Commission observer",
                      winners=night.rng.sample(tied, seats_left))
        night.run("ro", "count.declare", contest_id=contest.contest_id)
