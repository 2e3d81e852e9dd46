"""The statement as to postal ballot papers (Form K) for one contest, with the EC's postal figures.

Form K is made for each poll (reference §4.2), so this is one contest's statement: every
line of `form_k_lines` with its figure, each marked "to be confirmed" as the CSV marks
it, because the line list follows the domain reference and not yet the prescribed form.
Where the figures do not add up yet (a PVS awaiting the RO, say) the problems are
printed above the signature. An annex gives the postal part of the Electoral
Commission's post-poll data request, which is a separate return. Every figure comes from
`postal_export`, as `pollday postal export --list form-k` and `--list ec-stats` do.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pollday.documents.base import PolldayDocument
from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.postal_common import final_figures, long_date, postal_records_for_print
from pollday.documents.report_tables import (
    NONE,
    RenderedDocument,
    finish_document,
    note,
    percent,
    require_contest,
    returning_officer,
    start_document,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table, keep_together, table_height
from pollday.documents.typography import FAMILY, line_height
from pollday.domain.postal import labels
from pollday.services.election_service import ElectionService

TITLE = "Statement as to postal ballot papers (Form K)"
TO_BE_CONFIRMED = "to be confirmed"
COLUMNS = (
    Column("No.", 9),
    Column("Entry", 76),
    Column("Number", 16, "R"),
    Column("Note", 45),
    Column("Wording", 30),
)
TOTALS = {"issued_total", "rejected_total", "included_in_count"}
EC_COLUMNS = (Column("Figure", 120), Column("Number", 30, "R"))
EC_FIGURES = (
    ("electorate", "Electorate"),
    ("postal_voters", "Postal voters (a live pack with a paper of this poll)"),
    ("proxy_postal_voters", "of whom voting by proxy"),
    ("postal_votes_issued", "Postal votes issued"),
    ("postal_votes_cancelled", "Postal votes cancelled"),
    ("covering_envelopes_returned", "Covering envelopes returned before the close of poll"),
    ("covering_envelopes_returned_after_close", "Covering envelopes received after the close of poll"),
    ("return_rate", "Return rate (returned before the close ÷ issued less cancelled)"),
    ("postal_votes_included_in_count", "Postal votes included in the count"),
    ("rejected_no_pvs", "Rejected: no postal voting statement"),
    ("rejected_no_ballot_paper", "Rejected: no ballot paper"),
    ("rejected_signature_missing", "Rejected: signature missing"),
    ("rejected_dob_missing", "Rejected: date of birth missing"),
    ("rejected_signature_mismatch", "Rejected: signature does not match"),
    ("rejected_dob_mismatch", "Rejected: date of birth does not match"),
    ("rejected_identifiers_total", "Rejected on the identifiers (postal votes, any reason)"),
    ("rejected_when_handed_in", "Rejected when handed in"),
    ("rejected_total", "Rejected in all"),
)


def render_form_k(service: ElectionService, contest_id: str, generated_at: datetime,
                  layout: DocumentLayout | None = None) -> RenderedDocument:
    require_contest(service, contest_id)
    records = postal_records_for_print(service, names_needed=False)
    statement = next(k for k in records["form_k"] if k["contest_id"] == contest_id)
    statistics = next(s for s in records["ec_stats"] if s["contest_id"] == contest_id)
    final = final_figures(service, records, [contest_id])
    facts = facts_from_service(service, TITLE, generated_at, contest_id=contest_id, final=final)
    doc = start_document(facts, layout)

    doc.key_values([
        ("Poll", f"{statement['contest_name']}, {long_date(date.fromisoformat(records['poll_date']))}"),
        ("Figures", "they add up" if not statement["problems"] else "they do not add up yet: see below"),
        ("Result", "declared" if final else "not final: these figures may still change"),
    ], key_width=40)
    _caveat(doc, statement["caveat"])
    draw_table(doc, COLUMNS, form_k_rows(statement["lines"]))
    if statement["problems"]:
        doc.heading("Why these figures are not final")
        for problem in statement["problems"]:
            doc.paragraph(problem)
    note(doc, "A copy of this statement goes to the Secretary of State and to the Electoral Commission. The EC's "
              "current guidance says not before the 10th and no later than the 25th calendar day after polling day; "
              "older texts say the 10th to the 15th: confirm the window for this poll.")
    doc.signature_blocks([(returning_officer(service.election()), None)])
    _ec_annex(doc, statistics)
    return finish_document(doc)


def form_k_rows(lines: list[dict[str, Any]]) -> list[Row]:
    return [Row([str(number), line["label"], whole(line["value"]), line["note"],
                 TO_BE_CONFIRMED if line["to_be_confirmed"] else ""],
                bold=line["code"] in TOTALS, rule_above=line["code"] in TOTALS)
            for number, line in enumerate(lines, start=1)]


def _caveat(doc: PolldayDocument, caveat: str) -> None:
    """The line list is not yet checked against the prescribed form: say so where nobody can miss it."""
    size = doc.layout.fonts.body_pt
    doc.set_font(FAMILY, "B", size)
    with doc.local_context(line_width=0.4):
        doc.multi_cell(0, line_height(size), f"TO BE CONFIRMED. {caveat}", border=1, padding=1.5,
                       align="L")
    doc.ln(line_height(size))


def ec_rows(statistics: dict[str, Any]) -> list[Row]:
    rows = []
    for key, label in EC_FIGURES:
        value = statistics[key]
        if key == "return_rate":
            rows.append(Row([label, NONE if value is None else percent(value)]))
        else:
            rows.append(Row([label, whole(value)], bold=key == "rejected_total", rule_above=key == "rejected_total"))
    return rows


def combination_rows(statistics: dict[str, Any]) -> list[Row]:
    return [Row([" and ".join(labels(combination.split("+"))), whole(count)])
            for combination, count in statistics["rejected_identifiers_by_combination"].items()]


def _ec_annex(doc: PolldayDocument, statistics: dict[str, Any]) -> None:
    doc.add_page()
    doc.heading("Annex: postal figures for the EC's post-poll data request")
    note(doc, "Not part of Form K: the Commission collects these on its portal, and the fields it asks for vary "
              "by poll. The same figures are in `pollday postal export --list ec-stats`.")
    draw_table(doc, EC_COLUMNS, ec_rows(statistics))
    combinations = combination_rows(statistics)
    if combinations:
        columns = (Column("Postal votes rejected on the identifiers, by reason or combination of reasons", 120),
                   Column("Number", 30, "R"))
        keep_together(doc, table_height(doc, columns, combinations))
        draw_table(doc, columns, combinations)
