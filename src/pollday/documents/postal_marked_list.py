"""The marked postal voters list (reference §5.5): every postal voter, marked where their return came back.

One row per postal voter in elector number order: the name (and proxy), the address,
when the return came and in which opening session, and where it stands (accepted,
rejected, provisionally rejected, ...), which is what the RO may confirm to a voter who
asks. No ballot paper number and nothing from the personal identifiers record. The rows
are `postal_records(service, "marked")`, as `pollday postal export --list marked` gives
them. A constituency has tens of thousands of postal voters, so the table is drawn by
`tables.draw_table`.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.postal_common import contest_names, final_figures, postal_records_for_print
from pollday.documents.report_tables import RenderedDocument, clock, finish_document, note, start_document, whole
from pollday.documents.tables import Column, Row, draw_table
from pollday.domain.postal_figures import MARKED_STATUS
from pollday.services.election_service import ElectionService

TITLE = "Marked postal voters list"
COLUMNS = (
    Column("Elector number", 19),
    Column("Name", 31),
    Column("Address", 64),
    Column("Returned", 27),
    Column("Where it stands", 33),
)
OTHER_STATUSES = ("not returned", "returned undelivered", "pack cancelled")  # the read model's words


def render_marked_list(service: ElectionService, generated_at: datetime,
                       layout: DocumentLayout | None = None) -> RenderedDocument:
    records = postal_records_for_print(service, names_needed=True)
    rows = records["marked"]
    final = final_figures(service, records, list(contest_names(service)))
    facts = facts_from_service(service, TITLE, generated_at, final=final)
    doc = start_document(facts, layout)
    poll_date = date.fromisoformat(records["poll_date"])

    doc.key_values(summary(rows), key_width=90)
    note(doc, "Marked: the return came back; the time it was opened and its opening session (S1, S2 ...) are given. "
              "The list gives no ballot paper number and nothing from the personal identifiers record. Before the "
              "close of poll the Returning Officer may tell a voter, once satisfied of their identity, whether their "
              "return is marked and whether it is on a list of provisionally rejected votes. Times are UK local time.")
    draw_table(doc, COLUMNS, [marked_row(row, poll_date) for row in rows])
    return finish_document(doc)


def summary(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """How many voters are listed, marked, and in each state, in the order a return moves through them."""
    states = Counter(row["status"] for row in rows)
    order = [*MARKED_STATUS.values(), *OTHER_STATUSES]
    order += sorted(set(states) - set(order))
    return [("Postal voters listed", whole(len(rows))),
            ("Marked as returned", whole(sum(1 for row in rows if row["returned"]))),
            *((f"  {state}", whole(states[state])) for state in order if states[state])]


def marked_row(row: dict[str, Any], poll_date: date) -> Row:
    name = f"{row['name']}\nproxy: {row['proxy_name']}" if row["proxy_name"] else row["name"]
    returned = ""
    if row["returned"]:
        returned = " · ".join(part for part in (clock(row["returned_at"], poll_date), row["session_id"]) if part)
    return Row([row["elector_number"], name, row["address"], returned, row["status"]])
