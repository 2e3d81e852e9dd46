"""Results as plain records: one source for `pollday export results` and the result documents."""

from __future__ import annotations

import csv
import io
from typing import Any

from pollday.domain.count import candidate_order
from pollday.domain.election import ContestKind
from pollday.domain.results import REJECTION_HEADS, deposit_returned, majority, share
from pollday.services.election_service import ElectionService
from pollday.services.status import contests_in_order


def result_records(service: ElectionService, contest_id: str | None = None) -> list[dict[str, Any]]:
    """Every contest with at least a provisional result; declared figures where declared."""
    view = service.store.view()
    contests = contests_in_order(view, contest_id)
    records = []
    for contest in contests:
        declared = view.get("declarations", (contest["contest_id"],))
        versions = view.rows("provisional_results", contest_id=contest["contest_id"])
        if declared is None and not versions:
            continue
        latest = max(versions, key=lambda v: v["version"])
        figures = declared["figures"] if declared else latest["figures"]
        records.append(_record(view, contest, figures, declared, latest))
    return records


def _record(view: Any, contest: dict[str, Any], figures: dict[str, Any], declared: dict[str, Any] | None,
            latest: dict[str, Any]) -> dict[str, Any]:
    order = candidate_order(view, contest["contest_id"])
    candidates = {c["candidate_id"]: c for c in view.rows("candidates", contest_id=contest["contest_id"])}
    votes: dict[str, int] = figures["votes"]
    valid_votes = sum(votes.values())
    elected = set(figures.get("elected", figures["winners"]))
    parliamentary = contest["kind"] == ContestKind.PARLIAMENTARY
    heads = REJECTION_HEADS[ContestKind(contest["kind"])]
    return {
        "ballot_paper_id": contest["contest_id"],
        "contest_name": contest["name"],
        "status": "declared" if declared else "provisional",
        "version": latest["version"],
        "declared_at": declared["at"] if declared else None,
        "seats": contest["seats"],
        "electorate": figures["electorate"],
        "valid_votes": valid_votes,
        "valid_papers": figures["valid_papers"],
        "invalid_votes": figures["rejected_total"],
        "rejected": {head: {"label": heads[head], "papers": figures["rejected"][head]} for head in heads},
        "rejected_in_part": figures["rejected_in_part"],
        "ballot_papers_counted": figures["valid_papers"] + figures["rejected_total"],
        "majority": majority(votes, contest["seats"], order),
        "ballot_box_turnout": figures["ballot_box_turnout"],
        "valid_vote_turnout": figures["valid_vote_turnout"],
        "lot": figures.get("lot"),
        "candidates": [
            {
                "candidate_id": cid,
                "ballot_order": candidates[cid]["ballot_order"],
                "surname": candidates[cid]["surname"],
                "forenames": candidates[cid]["forenames"],
                "commonly_used_surname": candidates[cid]["commonly_used_surname"],
                "commonly_used_forenames": candidates[cid]["commonly_used_forenames"],
                "party": candidates[cid]["description"],
                "votes": votes[cid],
                "share": share(votes[cid], valid_votes),
                "elected": cid in elected,
                "deposit_returned": deposit_returned(votes[cid], valid_votes) if parliamentary else None,
            }
            for cid in order
        ],
    }


# Column names follow the House of Commons Library's candidate-level results files, plus the
# Democracy Club ballot ID that identifies the contest.
CSV_COLUMNS = ("Ballot paper ID", "Constituency name", "Status", "Firstname", "Surname", "Party name", "Votes",
               "Share", "Elected", "Deposit returned", "Electorate", "Valid votes", "Invalid votes", "Majority")


def results_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        for candidate in record["candidates"]:
            deposit = candidate["deposit_returned"]
            writer.writerow([
                record["ballot_paper_id"], record["contest_name"], record["status"], candidate["forenames"],
                candidate["surname"], candidate["party"], candidate["votes"], f"{candidate['share']:.4f}",
                "yes" if candidate["elected"] else "no", "" if deposit is None else ("yes" if deposit else "no"),
                record["electorate"], record["valid_votes"], record["invalid_votes"],
                "" if record["majority"] is None else record["majority"],
            ])
    return out.getvalue()
