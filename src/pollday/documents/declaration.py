"""The declaration of result of poll, which is also the public notice of the result (reference §4.1).

Statutory content: the election, area and date; every candidate in ballot paper order with
surname, other names (and the commonly used name where given, both names as the EC
recommends), description and votes, and who is elected; the rejected ballot papers under
each statutory head and their total. Common practice adds the electorate, the ballot
papers counted, turnout with its definition, the note of any lot drawn and, at a UK
Parliamentary election, the schedule of deposits. Every figure comes from `result_records`,
the read model behind `pollday export results`; only a declared result can be printed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pollday.documents.base import PolldayDocument
from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.report_tables import (
    NotReady,
    RenderedDocument,
    candidate_name,
    commonly_used_name,
    finish_document,
    moment,
    note,
    percent,
    require_contest,
    returning_officer,
    start_document,
    system_sign_off,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table, keep_together, table_height
from pollday.documents.typography import line_height
from pollday.domain.election import ContestKind
from pollday.domain.results import DEPOSIT_THRESHOLD
from pollday.services.election_service import ElectionService
from pollday.services.results_export import result_records

TITLE = "Declaration of result of poll"
CANDIDATE_COLUMNS = (
    Column("Surname", 30),
    Column("Other names", 42),
    Column("Description", 44),
    Column("Number of votes", 22, "R"),
    Column("", 16),
)
REJECTED_COLUMNS = (Column("Head", 14), Column("Reason for rejection", 118), Column("Number", 26, "R"))
DEPOSIT_COLUMNS = (
    Column("Candidate", 70),
    Column("Votes", 26, "R"),
    Column("Share of valid votes", 30, "R"),
    Column("Deposit", 28),
)


def declared_record(service: ElectionService, contest_id: str) -> dict[str, Any]:
    """The declared result of a contest; refused, with the reason, for anything else."""
    contest = require_contest(service, contest_id)
    records = result_records(service, contest_id)
    if not records:
        raise NotReady(f"{contest['name']} has no result yet: the count must finish and be declared first")
    record = records[0]
    if record["status"] != "declared":
        raise NotReady(f"{contest['name']} has not been declared (provisional result {record['version']} is "
                            "the latest): the declaration is printed once the result is declared")
    return record


def lot_note(record: dict[str, Any]) -> str | None:
    """The note the reference (§3.6) prescribes when lots decided a seat."""
    lot = record.get("lot")
    if not lot:
        return None
    names = {c["candidate_id"]: candidate_name(c) for c in record["candidates"]}
    winners = [names.get(w, w) for w in lot["winners"]]
    if len(winners) == 1:
        return ("Following an equality of votes, lots were drawn and an additional vote was allotted to "
                f"{winners[0]}.")
    return ("Following an equality of votes, lots were drawn and an additional vote was allotted to each of "
            f"{', '.join(winners[:-1])} and {winners[-1]}.")


def render_declaration(service: ElectionService, contest_id: str, generated_at: datetime,
                       layout: DocumentLayout | None = None) -> RenderedDocument:
    record = declared_record(service, contest_id)
    contest = require_contest(service, contest_id)
    facts = facts_from_service(service, TITLE, generated_at, contest_id=contest_id, final=True)
    doc = start_document(facts, layout)
    view = service.store.view()
    election = service.election()
    declaration = view.get("declarations", (contest_id,)) or {}
    if declaration.get("by") and record["declared_at"]:
        signatory, sign_off = system_sign_off(view, election, declaration["by"], record["declared_at"])
    else:
        signatory, sign_off = returning_officer(election), None
    body_pt = doc.layout.fonts.body_pt
    poll_date = date.fromisoformat(election["poll_date"])

    doc.key_values([
        ("Area", contest["name"]),
        ("Date of poll", f"{poll_date:%A} {poll_date.day} {poll_date:%B %Y}"),
        ("Number to be elected", whole(record["seats"])),
    ], key_width=50)
    capacity = f"the {signatory.title}" if signatory.title else "the Returning Officer"
    doc.paragraph(f"I, {signatory.name}, being {capacity} at the above election, hereby give notice that the "
                  "number of votes recorded for each candidate at the election is as follows:")
    draw_table(doc, CANDIDATE_COLUMNS, [_candidate_row(c) for c in record["candidates"]], size_pt=body_pt - 0.5)
    elected = [candidate_name(c) for c in record["candidates"] if c["elected"]]
    doc.paragraph(f"and that {_and_list(elected)} {'is' if len(elected) == 1 else 'are'} duly elected.")
    lot = lot_note(record)
    if lot:
        doc.paragraph(lot)

    doc.heading("Rejected ballot papers")
    doc.paragraph("The number of ballot papers rejected was as follows:")
    rows = [Row([head, entry["label"], whole(entry["papers"])]) for head, entry in record["rejected"].items()]
    rows.append(Row(["", "Total rejected", whole(record["invalid_votes"])], bold=True, rule_above=True))
    draw_table(doc, REJECTED_COLUMNS, rows, size_pt=body_pt - 0.5)
    if record["rejected_in_part"]:
        doc.paragraph(f"In addition, {whole(record['rejected_in_part'])} ballot paper(s) were rejected in part: "
                      "their votes that were not void were counted.")

    doc.heading("Ballot papers and turnout")
    doc.key_values([
        ("Electorate", whole(record["electorate"])),
        ("Ballot papers counted (the verified total)", whole(record["ballot_papers_counted"])),
        ("Ballot box turnout", percent(record["ballot_box_turnout"])),
        ("Valid vote turnout", percent(record["valid_vote_turnout"])),
        ("Time of declaration", moment(record["declared_at"])),
    ], key_width=80)
    note(doc, "Ballot box turnout is the ballot papers counted (valid and rejected) divided by the electorate; valid "
              "vote turnout is the valid ballot papers divided by the electorate. Turnout is not a statutory figure.")

    doc.signature_blocks([(signatory, sign_off)])
    # The schedule of deposits follows the signed declaration: it is for the candidates and the
    # Treasury, not part of the public notice.
    if contest["kind"] == ContestKind.PARLIAMENTARY:
        _deposits(doc, record, body_pt)
    return finish_document(doc)


def _candidate_row(candidate: dict[str, Any]) -> Row:
    other_names = candidate["forenames"]
    known_as = commonly_used_name(candidate)
    if known_as:
        other_names += f" (known as {known_as})"
    return Row([candidate["surname"], other_names, candidate["party"] or "", whole(candidate["votes"]),
                "Elected" if candidate["elected"] else ""], bold=candidate["elected"])


def _deposits(doc: PolldayDocument, record: dict[str, Any], body_pt: float) -> None:
    rows = [
        Row([candidate_name(c), whole(c["votes"]), percent(c["share"]),
             "Returned" if c["deposit_returned"] else "Forfeited"])
        for c in record["candidates"]
    ]
    heading_pt = doc.layout.fonts.heading_pt
    keep_together(doc, table_height(doc, DEPOSIT_COLUMNS, rows, body_pt - 0.5) + 3 * line_height(heading_pt))
    doc.heading("Schedule of deposits")
    draw_table(doc, DEPOSIT_COLUMNS, rows, size_pt=body_pt - 0.5)
    threshold = record["valid_votes"] * DEPOSIT_THRESHOLD
    note(doc, f"A deposit is returned to a candidate who polled more than {DEPOSIT_THRESHOLD:.0%} of the total valid "
              f"votes (more than {threshold:,.2f} of {whole(record['valid_votes'])}), by the next working day after "
              "the declaration; otherwise it is forfeited.")


def _and_list(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
