"""The statement of rejected ballot papers, for one contest (reference §3.4).

The number rejected under each statutory head and the total, with the papers rejected in
part in a multi-member contest. The figures are those of the declared result, or of the
latest provisional result before the declaration, taken from `result_records` like the
declaration itself. Beside each head: how many of those rejections a counting agent
objected to, counted from the adjudications of the round that result came from.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.report_tables import (
    NotReady,
    RenderedDocument,
    finish_document,
    moment,
    note,
    require_contest,
    returning_officer,
    start_document,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table
from pollday.services.election_service import ElectionService
from pollday.services.results_export import result_records

TITLE = "Statement of rejected ballot papers"
COLUMNS = (
    Column("Head", 14),
    Column("Reason for rejection", 96),
    Column("Number rejected", 30, "R"),
    Column("Rejection objected to", 34, "R"),
)


def result_and_round(service: ElectionService, contest_id: str) -> tuple[dict[str, Any], int, int]:
    """(the result record, the provisional version its figures come from, that version's count round)."""
    contest = require_contest(service, contest_id)
    records = result_records(service, contest_id)
    if not records:
        raise NotReady(f"{contest['name']} has no provisional result yet: the statement of rejected ballot "
                            "papers is drawn up when the count's figures are ready")
    record = records[0]
    view = service.store.view()
    declaration = view.get("declarations", (contest_id,))
    version = declaration["version"] if declaration else record["version"]
    provisional = view.get("provisional_results", (contest_id, version))
    return record, version, provisional["round"] if provisional else 0


def objections(service: ElectionService, contest_id: str, round_number: int) -> dict[str, int]:
    """Rejections objected to, by head; 'in_part' for papers rejected in part."""
    counts: dict[str, int] = {}
    for decision in service.store.view().rows("adjudications", contest_id=contest_id, round=round_number):
        if not decision["objected"]:
            continue
        key = "in_part" if decision["decision"] == "rejected_in_part" else decision["head"]
        if decision["decision"] in ("rejected", "rejected_in_part"):
            counts[key] = counts.get(key, 0) + 1
    return counts


def render_rejected_papers(service: ElectionService, contest_id: str, generated_at: datetime,
                           layout: DocumentLayout | None = None) -> RenderedDocument:
    record, version, round_number = result_and_round(service, contest_id)
    declared = record["status"] == "declared"
    facts = facts_from_service(service, TITLE, generated_at, contest_id=contest_id, final=declared)
    doc = start_document(facts, layout)
    objected = objections(service, contest_id, round_number)

    if declared:
        source = f"the declared result (declared at {moment(record['declared_at'])})"
    else:
        source = f"provisional result {version} (not yet declared: these figures may still change)"
    doc.key_values([
        ("Figures of", source),
        ("Count round", whole(round_number)),
        ("Ballot papers counted", whole(record["ballot_papers_counted"])),
    ], key_width=50)
    rows = [Row([head, entry["label"], whole(entry["papers"]), whole(objected.get(head, 0))])
            for head, entry in record["rejected"].items()]
    rows.append(Row(["", "Total rejected", whole(record["invalid_votes"]),
                     whole(sum(objected.get(head, 0) for head in record["rejected"]))], bold=True, rule_above=True))
    multi_member = record["seats"] > 1
    if multi_member or record["rejected_in_part"]:
        rows.append(Row(["", "Rejected in part (the votes not void were counted)", whole(record["rejected_in_part"]),
                         whole(objected.get("in_part", 0))]))
    draw_table(doc, COLUMNS, rows, size_pt=doc.layout.fonts.body_pt - 0.5)
    note(doc, "Each paper rejected is endorsed \"rejected\", and \"rejection objected to\" where a counting agent "
              "objects to the decision. Papers rejected in part are not in the total rejected: they are among the "
              "valid papers, counted for the votes that were not void.")
    doc.signature_blocks([(returning_officer(service.election()), None)])
    return finish_document(doc)
