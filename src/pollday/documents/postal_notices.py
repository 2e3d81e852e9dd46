"""Notices of rejected postal votes: the letters the ERO sends within 3 months (reference §5.6).

A cover sheet for the Electoral Registration Officer (how many letters, by when, how many
were not made because an offence is suspected), then one letter a page: the voter on
the third list (and the elector, where the voter was their proxy) and, at a UK
Parliamentary election, the fourth list. A letter names the specified reasons and
nothing else: no date of birth, no signature, no ballot paper number. The letters are
`postal_export`'s notices, as `pollday postal export --list notices` gives them as CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from fpdf.enums import XPos, YPos

from pollday.documents.base import PolldayDocument
from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.postal_common import contest_names, final_figures, long_date, postal_records_for_print
from pollday.documents.report_tables import NONE, RenderedDocument, finish_document, note, start_document, whole
from pollday.documents.tables import Column, Row, draw_table
from pollday.documents.typography import FAMILY, line_height
from pollday.domain.timefmt import UK
from pollday.services.election_service import ElectionService

TITLE = "Notices of rejected postal votes"
ERO = "Electoral Registration Officer"
COVER_COLUMNS = (Column("Reference", 40), Column("To", 50), Column("List", 10, "R"), Column("Reason(s)", 80))


def render_rejection_notices(service: ElectionService, generated_at: datetime,
                             layout: DocumentLayout | None = None) -> RenderedDocument:
    records = postal_records_for_print(service, names_needed=True)
    letters = records["notices"]
    final = final_figures(service, records, list(contest_names(service)))
    facts = facts_from_service(service, TITLE, generated_at, final=final)
    doc = start_document(facts, layout)
    letter_date = long_date(generated_at.astimezone(UK).date())
    withheld = records["notices_withheld_for_suspected_offence"]

    doc.key_values([
        ("Letters", whole(len(letters))),
        ("To be sent by", long_date(date.fromisoformat(letters[0]["due_by"])) if letters else NONE),
        ("Not made: offence suspected", whole(withheld)),
    ], key_width=60)
    note(doc, "For the Electoral Registration Officer. Each voter on the third list is told that their postal vote "
              "was rejected and why, and the elector too where the voter was their proxy; at a UK Parliamentary "
              "election the fourth list (rejected when handed in) is told as well. No letter is made for a voter "
              "who the Returning Officer suspects of an offence: see the record of suspected offences sent with "
              "the lists. Do not send a letter to anyone who is no longer an absent voter.")
    if letters:
        draw_table(doc, COVER_COLUMNS, [Row([letter["letter_id"], letter["recipient_name"], str(letter["list"]),
                                             "; ".join(letter["reasons"])]) for letter in letters])
    else:
        doc.paragraph("There are no letters to send.")
    by_elector = {(letter["list"], letter["elector_number"], letter["recipient"]): letter for letter in letters}
    for letter in letters:
        doc.add_page()
        write_letter(doc, letter, by_elector, records["election_name"], letter_date)
    return finish_document(doc)


def write_letter(doc: PolldayDocument, letter: dict[str, Any], by_elector: dict[tuple[int, str, str], Any],
                 election: str, letter_date: str) -> None:
    size = doc.layout.fonts.body_pt
    height = line_height(size)
    _lines(doc, [ERO, doc.authority], size, align="R")
    doc.ln(height)
    _lines(doc, [letter["recipient_name"], *letter["recipient_address"].split(", ")], size)
    doc.ln(height)
    elector = "Proxy for elector number" if letter["recipient"] == "proxy" else "Elector number"
    _lines(doc, [letter_date, f"Our reference: {letter['letter_id']}", f"{elector}: {letter['elector_number']}"], size)
    doc.ln(height)
    doc.set_font(FAMILY, "B", size + 1)
    doc.multi_cell(0, line_height(size + 1), f"Your postal vote at the {election}", align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(height * 0.5)
    doc.paragraph(f"Dear {letter['recipient_name']},")
    doc.paragraph(opening(letter, by_elector))
    for reason in letter["reasons"]:
        doc.paragraph(f"•  {reason}")
    for paragraph in closing(letter):
        doc.paragraph(paragraph)
    doc.ln(height)
    _lines(doc, ["Yours sincerely,", "", "", ERO, doc.authority], size)


def _lines(doc: PolldayDocument, lines: Sequence[str], size: float, align: str = "L") -> None:
    doc.set_font(FAMILY, "", size)
    for text in lines:
        doc.multi_cell(0, line_height(size), text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def opening(letter: dict[str, Any], by_elector: dict[tuple[int, str, str], Any]) -> str:
    """Whose vote it was and at which stage it was rejected, in the recipient's terms."""
    key = (letter["list"], letter["elector_number"])
    if letter["recipient"] == "proxy":
        elector = by_elector.get((*key, "elector"))
        whose = f"the postal vote you returned as proxy for {elector['recipient_name'] if elector else 'an elector'}"
    elif (*key, "proxy") in by_elector:
        whose = "the postal vote your proxy returned on your behalf"
    else:
        whose = "your postal vote"
    if letter["list"] == 3:
        stage = ("was not counted. The postal voting statement returned with it was rejected when it was checked, "
                 "for the following reason(s):")
    else:
        stage = "was not counted. It was rejected when it was handed in, for the following reason(s):"
    return f"I am writing to tell you that {whose} {stage}"


def closing(letter: dict[str, Any]) -> list[str]:
    paragraphs = []
    if letter["fresh_signature_may_be_requested"]:
        paragraphs.append("Because the signature did not match the one we hold, I may write to you separately to ask "
                          "for a fresh signature. If I do, please reply by the date that letter gives: if you do not, "
                          "your postal vote arrangement may be cancelled.")
    paragraphs.append("If you have any questions, please contact the electoral services office, quoting the reference "
                      "above.")
    return paragraphs
