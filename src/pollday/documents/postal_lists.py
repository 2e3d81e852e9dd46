"""The four statutory lists of rejected postal votes (RPR 2001 reg 87, reference §5.5), for every poll.

1. ballot papers received without a valid postal voting statement: their numbers;
2. valid postal voting statements whose ballot paper did not come: the numbers on them;
3. postal votes rejected on the identifiers: the elector (and proxy), the specified reasons;
4. postal votes rejected when handed in: the elector (and proxy), the reasons, and whether
   a paper with the matching number was in the documents.

Lists 3 and 4 never give a ballot paper number, and no list gives a date of birth or
anything else from the personal identifiers record. The RO's record of suspected
offences, which goes to the ERO with the lists (reference §5.6), closes the document.
The rows are `postal_export`'s, as `pollday postal export --list 1` (to 4) gives them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pollday.documents.base import PolldayDocument
from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout, load_document_layout
from pollday.documents.postal_common import (
    contest_names,
    final_figures,
    postal_records_for_print,
    session_names,
    yes_no,
)
from pollday.documents.report_tables import (
    RenderedDocument,
    clock,
    finish_document,
    landscape,
    note,
    returning_officer,
    start_document,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table, keep_together, table_height
from pollday.documents.typography import line_height
from pollday.services.election_service import ElectionService

TITLE = "Statutory lists of rejected postal votes"
HEADINGS = {
    "1": "First list: ballot papers received without a valid postal voting statement",
    "2": "Second list: valid postal voting statements without their ballot paper",
    "3": "Third list: postal votes rejected on the personal identifiers",
    "4": "Fourth list: postal votes rejected when handed in",
}
NUMBER_COLUMNS = {
    "1": (Column("Ballot paper number", 30), Column("Poll", 60), Column("Opening session", 50),
          Column("Received", 40)),
    "2": (Column("Ballot paper number", 30), Column("Poll", 60), Column("Opening session", 50),
          Column("Statement checked", 40)),
}
ELECTOR_COLUMNS = (Column("Elector number", 22), Column("Elector", 46), Column("Proxy", 34),
                   Column("Reason(s)", 58))
THIRD_COLUMNS = (*ELECTOR_COLUMNS, Column("Poll(s)", 32), Column("Opening session", 25), Column("Notes", 28),
                 Column("Decided", 22))
FOURTH_COLUMNS = (*ELECTOR_COLUMNS, Column("Paper with matching number", 20), Column("Poll(s)", 31),
                  Column("Handed in", 34), Column("Suspected offence", 22))
OFFENCE_COLUMNS = (Column("List", 10), Column("Elector number", 25), Column("Elector", 80), Column("Proxy", 70))


def render_postal_lists(service: ElectionService, generated_at: datetime,
                        layout: DocumentLayout | None = None) -> RenderedDocument:
    records = postal_records_for_print(service, names_needed=True)
    lists = records["lists"]
    polls = contest_names(service)
    final = final_figures(service, records, list(polls))
    facts = facts_from_service(service, TITLE, generated_at, final=final)
    doc = start_document(facts, landscape(layout or load_document_layout()))  # electors and reasons need width
    poll_date = date.fromisoformat(records["poll_date"])
    sessions = session_names(records)
    offences = [(number, row) for number in ("3", "4") for row in lists[number] if row["suspected_offence"]]

    doc.key_values([*((HEADINGS[n], whole(len(lists[n]))) for n in HEADINGS),
                    ("Entries with an offence suspected", whole(len(offences))),
                    ("Status", "final" if final else "these lists may still change")], key_width=140)
    note(doc, "Lists 3 and 4 never give a ballot paper number; no list gives a date of birth or signature. "
              "Times are UK local time.")
    for number in ("1", "2"):
        _section(doc, HEADINGS[number], "", NUMBER_COLUMNS[number],
                 [number_row(row, polls, sessions, poll_date) for row in lists[number]])
    _section(doc, HEADINGS["3"], "", THIRD_COLUMNS, [third_row(row, polls, sessions, poll_date) for row in lists["3"]])
    _section(doc, HEADINGS["4"], "Kept for UK Parliamentary and English polls; not for Welsh local government "
             "elections.", FOURTH_COLUMNS, [fourth_row(row, polls, poll_date) for row in lists["4"]])
    _section(doc, "Record of suspected offences", "Entries on lists 3 and 4 where the Returning Officer suspects an "
             "offence. The Electoral Registration Officer sends these electors no notice of rejection.",
             OFFENCE_COLUMNS, [Row([number, row["elector_number"], _person(row["name"], row["address"]), proxy(row)])
                               for number, row in offences])
    doc.signature_blocks([(returning_officer(service.election()), None)])
    return finish_document(doc)


def _section(doc: PolldayDocument, heading: str, explanation: str, columns: tuple[Column, ...],
             rows: list[Row]) -> None:
    """A heading, a note and the list; a list short enough to fit on one page is kept with its heading."""
    size = doc.layout.fonts.heading_pt
    keep_together(doc, line_height(size) * 4 + (table_height(doc, columns, rows) if rows else 0))
    doc.heading(heading)
    if explanation:
        note(doc, explanation)
    if rows:
        draw_table(doc, columns, rows)
    else:
        doc.paragraph("No entries.")


def number_row(row: dict[str, Any], polls: dict[str, str], sessions: dict[str, str], poll_date: date) -> Row:
    at = row.get("received_at") or row.get("pvs_checked_at")
    return Row([row["ballot_number"], polls.get(row["contest_id"], row["contest_id"]),
                sessions.get(row["session_id"], row["session_id"] or ""), clock(at, poll_date)])


def _person(name: str, address: str) -> str:
    return f"{name}\n{address}" if address else name


def proxy(row: dict[str, Any]) -> str:
    if not row["proxy_name"]:
        return ""
    number = f"\nelector number {row['proxy_elector_number']}" if row["proxy_elector_number"] else ""
    return _person(row["proxy_name"], row["proxy_address"]) + number


def _elector_cells(row: dict[str, Any]) -> list[str]:
    return [row["elector_number"], _person(row["name"], row["address"]), proxy(row), "\n".join(row["reason_labels"])]


def _polls(row: dict[str, Any], polls: dict[str, str]) -> str:
    return "\n".join(polls.get(contest_id, contest_id) for contest_id in row["contests"])


def third_row(row: dict[str, Any], polls: dict[str, str], sessions: dict[str, str], poll_date: date) -> Row:
    notes = [text for flag, text in (("rejection_objected_to", "rejection objected to"),
                                     ("rejected_on_recheck", "rejected on a further check"),
                                     ("suspected_offence", "offence suspected")) if row[flag]]
    return Row([*_elector_cells(row), _polls(row, polls), sessions.get(row["session_id"], row["session_id"] or ""),
                "\n".join(notes), clock(row["decided_at"], poll_date)])


def fourth_row(row: dict[str, Any], polls: dict[str, str], poll_date: date) -> Row:
    where = f"station {row['station_id']}" if row["station_id"] else (row["location"] or "")
    handed_in = f"{row['hand_in_reference']}, {where}, {clock(row['handed_in_recorded_at'], poll_date)}"
    return Row([*_elector_cells(row), yes_no(row["paper_with_matching_number"]), _polls(row, polls), handed_in,
                yes_no(row["suspected_offence"])])
