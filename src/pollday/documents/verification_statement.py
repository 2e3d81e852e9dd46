"""The statement as to the result of the verification, for one contest (reference §2.5).

One row per ballot paper account: box number(s), polling station, the BPA figure, the
verified count, the variance and how it was resolved; then the postal ballot boxes; then
the totals: expected, polling stations + postal = total ballot papers verified, the net
variance and the ballot box turnout with its definition. Every figure comes from
`verification_records`, the read model behind `pollday export verification`, so the
statement and the export cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.report_tables import (
    RenderedDocument,
    finish_document,
    full_name,
    moment,
    note,
    percent,
    require_contest,
    returning_officer,
    signed,
    start_document,
    system_sign_off,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table
from pollday.services.election_service import ElectionService
from pollday.services.verification_export import verification_records

TITLE = "Verification statement"
COLUMNS = (
    Column("Box", 10),
    Column("Polling station or postal ballot box", 52),
    Column("BPA expected", 17, "R"),
    Column("Verified", 17, "R"),
    Column("Variance", 17, "R"),
    Column("Explanation / action", 52),
)


def render_verification_statement(service: ElectionService, contest_id: str, generated_at: datetime,
                                  layout: DocumentLayout | None = None) -> RenderedDocument:
    require_contest(service, contest_id)
    record = verification_records(service, contest_id)[0]
    # OFFICIAL only once the RO has signed the figures off; a rehearsal stays REHEARSAL whatever.
    facts = facts_from_service(service, TITLE, generated_at, contest_id=contest_id, final=record["signed_off"])
    doc = start_document(facts, layout)
    view = service.store.view()
    election = service.election()
    totals = record["totals"]

    doc.key_values([
        ("Ballot paper accounts verified", f"{whole(totals['accounts_verified'])} of {whole(totals['accounts'])}"),
        ("Electorate", whole(record["electorate"])),
        ("Signed off", _signed_off_text(view, record)),
    ])
    doc.paragraph("The result of verifying each ballot box against its ballot paper account (BPA), the postal "
                  "ballot boxes against their postal BPAs, and the total number of ballot papers verified.")
    doc.heading("Ballot paper accounts")
    draw_table(doc, COLUMNS, account_rows(record))

    doc.heading("Totals")
    stations, postal = totals["polling_stations_verified"], totals["postal_verified"]
    doc.key_values([
        ("Ballot papers expected (BPAs)", whole(totals["expected"])),
        ("Verified: polling stations", whole(stations)),
        ("Verified: postal ballot boxes", whole(postal)),
        ("Total ballot papers verified",
         f"{whole(stations)} + {whole(postal)} = {whole(totals['total_verified'])}"),
        ("Net variance", signed(net_variance(record["accounts"]))),
        ("Ballot box turnout", _turnout_text(record)),
    ], key_width=62)
    note(doc, "Ballot box turnout is the number of ballot papers verified divided by the electorate. A variance is "
              "the verified count less the BPA figure; every variance is explained, balanced by a compensating "
              "variance in the same polling place, or confirmed by recounts until two consecutive counts agree.")
    if not totals["complete"]:
        doc.paragraph(f"Verification is not complete: {totals['accounts'] - totals['accounts_verified']} account(s) "
                      "still to be verified. The totals cover the verified accounts only.")
    doc.paragraph("Any counting agent may copy this statement.")
    if record["signed_off"] and record["signed_off_by"] and record["signed_off_at"]:
        doc.signature_blocks([system_sign_off(view, election, record["signed_off_by"], record["signed_off_at"])])
    else:
        doc.signature_blocks([(returning_officer(election), None)])
    return finish_document(doc)


def account_rows(record: dict[str, Any]) -> list[Row]:
    """Stations, their subtotal, postal boxes, their subtotal and the grand total, in that order."""
    accounts = record["accounts"]
    totals = record["totals"]
    stations = [a for a in accounts if not a["postal"]]
    postal = [a for a in accounts if a["postal"]]
    rows = [_account_row(a) for a in stations]
    rows.append(_subtotal(f"Polling stations ({len(stations)} accounts)", stations,
                          totals["polling_stations_verified"]))
    rows += [_account_row(a) for a in postal]
    rows.append(_subtotal(f"Postal ballot boxes ({len(postal)})", postal, totals["postal_verified"]))
    rows.append(Row(["", "Total ballot papers verified", whole(totals["expected"]), whole(totals["total_verified"]),
                     signed(net_variance(accounts)), ""], bold=True, rule_above=True))
    return rows


def net_variance(accounts: Sequence[dict[str, Any]]) -> int:
    """The sum of the variances of the verified accounts: those that make up the verified total."""
    return sum(a["variance"] for a in accounts if a["verified"] is not None)


def _subtotal(label: str, accounts: Sequence[dict[str, Any]], verified: int) -> Row:
    expected = sum(a["expected"] or 0 for a in accounts)
    return Row(["", label, whole(expected), whole(verified), signed(net_variance(accounts)), ""],
               bold=True, rule_above=True)


def _account_row(account: dict[str, Any]) -> Row:
    boxes = ", ".join(b["box_id"] for b in account["boxes"])
    return Row([boxes, account["label"], whole(account["expected"]), whole(account["verified"]),
                signed(account["variance"]), explanation(account)])


def explanation(account: dict[str, Any]) -> str:
    """The resolution in words, the counts of any box counted more than once, and papers moved between polls."""
    parts = []
    if account["explanation"]:
        parts.append(account["explanation"])
    elif account["state"] != "matched":
        parts.append(account["state_label"])
    several = len(account["boxes"]) > 1
    for box in account["boxes"]:
        if len(box["counts"]) > 1:
            counts = ", ".join(whole(c) for c in box["counts"])
            parts.append(f"box {box['box_id']} counted {counts}" if several else f"counted {counts}")
    if account["moved_in"]:
        parts.append(f"includes {whole(account['moved_in'])} of this poll's papers found in another poll's box")
    if account["moved_out"]:
        parts.append(f"{whole(account['moved_out'])} papers of another poll found in the box and moved to it")
    return "; ".join(parts)


def _signed_off_text(view: Any, record: dict[str, Any]) -> str:
    if not record["signed_off"]:
        return "not yet: these figures may still change"
    return f"by {full_name(view, record['signed_off_by'])} at {moment(record['signed_off_at'])}"


def _turnout_text(record: dict[str, Any]) -> str:
    turnout = record["totals"]["ballot_box_turnout"]
    if turnout is None:
        return "stated when every account is verified"
    return f"{percent(turnout)} ({whole(record['totals']['total_verified'])} ÷ {whole(record['electorate'])})"
