"""The recount register of a contest (reference §3.5): every request for a recount and what came of it.

Who asked, in what capacity and when; what they asked for (a full recount, a bundle check or
named piles); the RO's decision with the reason, who made it and when; the count round a
granted recount opened; and the outcome: the provisional result that round produced and
how each candidate's votes moved against the result the request was made after.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout, load_document_layout
from pollday.documents.report_tables import (
    RenderedDocument,
    candidate_name,
    clock,
    finish_document,
    full_name,
    landscape,
    note,
    require_contest,
    signed,
    start_document,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table
from pollday.services.election_service import ElectionService

TITLE = "Recount register"
COLUMNS = (
    Column("No.", 10),
    Column("Requested", 34),
    Column("Asked by", 32),
    Column("Capacity", 24),
    Column("Scope", 30),
    Column("Decision and reason", 58),
    Column("Decided", 28),
    Column("Round opened", 16, "R"),
    Column("Outcome", 48),
)
CAPACITIES = {
    "candidate": "candidate",
    "election_agent": "election agent",
    "designated_counting_agent": "designated counting agent",
    "returning_officer": "Returning Officer (own initiative)",
}
SCOPES = {"full": "full recount", "bundle_check": "bundle check", "piles": "recount of piles"}


def render_recount_register(service: ElectionService, contest_id: str, generated_at: datetime,
                            layout: DocumentLayout | None = None) -> RenderedDocument:
    require_contest(service, contest_id)
    view = service.store.view()
    declared = view.get("declarations", (contest_id,)) is not None
    facts = facts_from_service(service, TITLE, generated_at, contest_id=contest_id, final=declared)
    doc = start_document(facts, landscape(layout or load_document_layout()))  # reasons and outcomes need width
    requests = sorted(view.rows("recount_requests", contest_id=contest_id), key=lambda r: r["number"])
    versions = {v["version"]: v for v in view.rows("provisional_results", contest_id=contest_id)}
    names = {c["candidate_id"]: candidate_name(c) for c in view.rows("candidates", contest_id=contest_id)}
    poll_date = date.fromisoformat(service.election()["poll_date"])

    decisions = [r["decision"] for r in requests]
    doc.key_values([
        ("Requests", whole(len(requests))),
        ("Granted", whole(decisions.count("granted"))),
        ("Refused", whole(decisions.count("refused"))),
        ("Awaiting a decision", whole(decisions.count("pending"))),
        ("Result", "declared: no further recount is possible" if declared else "not yet declared"),
    ], key_width=50)
    if requests:
        draw_table(doc, COLUMNS, [_request_row(view, r, versions, names, poll_date) for r in requests])
    else:
        doc.paragraph("No recount has been requested.")
    note(doc, "A candidate or election agent present when a count or recount finishes may ask for a recount; the "
              "Returning Officer may refuse a request that is unreasonable, and may offer a bundle check instead. "
              "A bundle check opens no new count round. Times are UK local time.")
    return finish_document(doc)


def _request_row(view: Any, request: dict[str, Any], versions: dict[int, dict[str, Any]], names: dict[str, str],
                 poll_date: date) -> Row:
    requested = (f"{clock(request['at'], poll_date)}, after provisional result {request['after_version']}; "
                 f"recorded by {full_name(view, request['recorded_by'])}")
    capacity = CAPACITIES.get(request["capacity"], request["capacity"])
    scope = SCOPES.get(request["scope"], request["scope"])
    if request["piles"]:
        scope += ": " + ", ".join(request["piles"])
    if request["note"]:
        scope += f" ({request['note']})"
    if request["decision"] == "pending":
        decision, decided = "awaiting the RO's decision", ""
    else:
        decision = f"{request['decision'].upper()}: {request['decision_reason']}"
        decided = f"{clock(request['decided_at'], poll_date)} by {full_name(view, request['decided_by'])}"
    round_opened = whole(request["round_opened"]) if request["round_opened"] is not None else ""
    return Row([str(request["number"]), requested, request["requested_by"], capacity, scope, decision, decided,
                round_opened, outcome(request, versions, names)])


def outcome(request: dict[str, Any], versions: dict[int, dict[str, Any]], names: dict[str, str]) -> str:
    """What the request led to, in words; for a recount, the votes it moved."""
    if request["decision"] == "pending":
        return "awaiting a decision"
    if request["decision"] == "refused":
        return "no recount"
    if request["round_opened"] is None:
        return "bundle check: no new count round, the figures stand"
    after = next((v for v in sorted(versions.values(), key=lambda v: v["version"])
                  if v["round"] == request["round_opened"]), None)
    if after is None:
        return f"recount in progress (round {request['round_opened']})"
    before = versions.get(request["after_version"])
    label = f"provisional result {after['version']}"
    if before is None:
        return label
    moved = [f"{names.get(cid, cid)} {signed(votes - before['figures']['votes'].get(cid, 0))}"
             for cid, votes in after["figures"]["votes"].items()
             if votes != before["figures"]["votes"].get(cid, 0)]
    rejected_change = after["figures"]["rejected_total"] - before["figures"]["rejected_total"]
    if rejected_change:
        moved.append(f"rejected {signed(rejected_change)}")
    return f"{label}: " + (", ".join(moved) if moved else "no change")
