"""The provisional result sheet: one version of the provisional result of a contest (reference §3.5).

The RO shows the provisional result to the candidates and agents before announcing it; a
recount gives a new version. The sheet shows one version's figures (votes per candidate in
ballot order, papers valid and rejected under each head, the verified total, turnout) and,
beside each figure, the change since the previous version, so everyone can see what the
recount moved. The figures are the stored snapshot of that version, read as it was kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pollday.documents.errors import DocumentError
from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.report_tables import (
    NONE,
    NotReady,
    RenderedDocument,
    candidate_name,
    commonly_used_name,
    finish_document,
    full_name,
    moment,
    note,
    percent,
    require_contest,
    signed,
    start_document,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table
from pollday.domain.election import ContestKind
from pollday.domain.results import REJECTION_HEADS
from pollday.services.election_service import ElectionService

TITLE = "Provisional result"
CANDIDATE_COLUMNS = (
    Column("Candidate", 52),
    Column("Description", 40),
    Column("Votes", 19, "R"),
    Column("Change", 17, "R"),
    Column("", 44),
)
PAPER_COLUMNS = (Column("Ballot papers", 132), Column("Number", 22, "R"), Column("Change", 20, "R"))


def provisional_versions(service: ElectionService, contest_id: str) -> list[dict[str, Any]]:
    contest = require_contest(service, contest_id)
    versions = sorted(service.store.view().rows("provisional_results", contest_id=contest_id),
                      key=lambda v: v["version"])
    if not versions:
        raise NotReady(f"{contest['name']} has no provisional result yet")
    return versions


def pick_version(versions: list[dict[str, Any]], version: int | None) -> dict[str, Any]:
    if version is None:
        return versions[-1]
    for row in versions:
        if row["version"] == version:
            return row
    known = ", ".join(str(v["version"]) for v in versions)
    raise DocumentError(f"there is no provisional result {version}; the versions are: {known}")


def render_provisional_sheet(service: ElectionService, contest_id: str, generated_at: datetime,
                             version: int | None = None, layout: DocumentLayout | None = None) -> RenderedDocument:
    versions = provisional_versions(service, contest_id)
    current = pick_version(versions, version)
    previous = next((v for v in versions if v["version"] == current["version"] - 1), None)
    contest = require_contest(service, contest_id)
    view = service.store.view()
    facts = facts_from_service(service, f"{TITLE} {current['version']}", generated_at, contest_id=contest_id)
    doc = start_document(facts, layout)
    figures = current["figures"]
    before = previous["figures"] if previous else None

    doc.key_values([
        ("Version", f"{current['version']} of {len(versions)} (count round {current['round']})"),
        ("Prepared", f"{moment(current['at'])} by {full_name(view, current['by'])}"),
        ("Standing of this version", _standing(view, contest_id, current, versions)),
    ], key_width=50)
    if previous is None:
        doc.paragraph("This is the first provisional result: there is no earlier version to compare with.")
    else:
        doc.paragraph(f"Change: this version's figure less provisional result {previous['version']}'s "
                      f"({moment(previous['at'])}).")

    candidates = sorted(view.rows("candidates", contest_id=contest_id), key=lambda c: c["ballot_order"])
    draw_table(doc, CANDIDATE_COLUMNS, [_candidate_row(c, figures, before) for c in candidates],
               size_pt=doc.layout.fonts.body_pt - 1)
    lot = view.get("lot_draws", (contest_id, current["version"]))
    if figures["tied_for_last_seat"]:
        names = {c["candidate_id"]: candidate_name(c) for c in candidates}
        tied = ", ".join(names.get(c, c) for c in figures["tied_for_last_seat"])
        if lot is None:
            doc.paragraph(f"Equality of votes for the last seat between {tied}: lots must be drawn before the "
                          "declaration.")
        else:
            winners = ", ".join(names.get(c, c) for c in lot["winners"])
            doc.paragraph(f"Equality of votes for the last seat between {tied}. Lots were drawn at "
                          f"{moment(lot['at'])} ({lot['method']}; witnessed by {lot['witnesses']}): {winners} "
                          "will be treated as having one additional vote.")

    heads = REJECTION_HEADS[ContestKind(contest["kind"])]
    draw_table(doc, PAPER_COLUMNS, _paper_rows(figures, before, heads), size_pt=doc.layout.fonts.body_pt - 1)
    doc.key_values([
        ("Majority", whole(figures["majority"])),
        ("Ballot box turnout", percent(figures["ballot_box_turnout"])),
        ("Valid vote turnout", percent(figures["valid_vote_turnout"])),
    ], key_width=50)
    note(doc, "Ballot box turnout is the ballot papers counted (valid and rejected) divided by the electorate; valid "
              "vote turnout is the valid ballot papers divided by the electorate. The majority is the last elected "
              "candidate's lead over the first candidate not elected.")
    requests = [r for r in view.rows("recount_requests", contest_id=contest_id)
                if r["after_version"] == current["version"]]
    if requests:
        listed = "; ".join(f"{r['number']}: {r['scope'].replace('_', ' ')} asked by {r['requested_by']}, "
                           f"{r['decision']}" for r in sorted(requests, key=lambda r: r["number"]))
        doc.paragraph(f"Recount requests after this result: {listed}. See the recount register.")
    return finish_document(doc)


def _standing(view: Any, contest_id: str, current: dict[str, Any], versions: list[dict[str, Any]]) -> str:
    declaration = view.get("declarations", (contest_id,))
    if declaration is not None and declaration["version"] == current["version"]:
        return f"declared at {moment(declaration['at'])}"
    if current["version"] != versions[-1]["version"]:
        return f"superseded by provisional result {versions[-1]['version']}"
    return "the latest: not yet declared"


def _change(now: int | None, before: int | None) -> str:
    if now is None or before is None:
        return NONE
    return signed(now - before)


def _candidate_row(candidate: dict[str, Any], figures: dict[str, Any], before: dict[str, Any] | None) -> Row:
    cid = candidate["candidate_id"]
    name = candidate_name(candidate)
    known_as = commonly_used_name(candidate)
    if known_as:
        name += f" (known as {known_as})"
    votes = figures["votes"].get(cid)
    mark = ""
    if cid in figures["winners"]:
        mark = "would be elected"
    elif cid in figures["tied_for_last_seat"]:
        mark = "tied for the last seat"
    return Row([name, candidate["description"] or "", whole(votes),
                _change(votes, before["votes"].get(cid) if before else None), mark], bold=bool(mark))


def _paper_rows(figures: dict[str, Any], before: dict[str, Any] | None, heads: dict[str, str]) -> list[Row]:
    def row(label: str, key: str, bold: bool = False, rule: bool = False) -> Row:
        return Row([label, whole(figures[key]), _change(figures[key], before[key] if before else None)],
                   bold=bold, rule_above=rule)

    rows = [row("Valid ballot papers", "valid_papers")]
    for head, label in heads.items():
        now = figures["rejected"].get(head, 0)
        was = before["rejected"].get(head, 0) if before else None
        rows.append(Row([f"Rejected: {head} {label}", whole(now), _change(now, was)]))
    rows.append(row("Total rejected", "rejected_total", bold=True, rule=True))
    rows.append(row("Ballot papers verified", "verified_total", bold=True))
    if figures["seats"] > 1 or figures["rejected_in_part"]:
        rows.append(row("Rejected in part (among the valid papers)", "rejected_in_part"))
    rows.append(row("Electorate", "electorate"))
    return rows
