"""The table behind every document: its own text measuring and wrapping, whole rows, the header on every page."""

from __future__ import annotations

import re

import pytest

from pollday.documents.base import PolldayDocument
from pollday.documents.facts import DocumentFacts, DocumentStatus
from pollday.documents.layouts import load_document_layout
from pollday.documents.report_tables import finish_document
from pollday.documents.tables import Column, Row, TextWidths, draw_table
from pollday.documents.typography import FAMILY
from tests.documents.conftest import GENERATED_AT
from tests.documents.report_text import layout_text

FACTS = DocumentFacts(election_id="kestrel-vale-2026", election_name="Kestrel Vale parliamentary election",
                      authority="Kestrel Vale District Council", mode="official", title="Marked postal voters list",
                      status=DocumentStatus.PROVISIONAL, generated_at=GENERATED_AT, journal_seq=123,
                      journal_hash="a1b2c3d4e5f60718293a4b5c6d7e8f90")

SAMPLES = ("Małgorzata Nguyễn-Ní Bhriain", "138 Queen Street, Harrowden KV1 4GQ", "  two  spaces ", "6 May 17:05 · S5",
           "ballot paper received without its PVS")


@pytest.fixture
def doc() -> PolldayDocument:
    document = PolldayDocument(FACTS, load_document_layout())
    document.add_page()
    return document


@pytest.mark.parametrize("bold", [False, True])
def test_widths_from_words_equal_fpdf_widths(doc: PolldayDocument, bold: bool) -> None:
    widths = TextWidths(doc, 8)
    for text in SAMPLES:
        doc.set_font(FAMILY, "B" if bold else "", 8)
        assert widths.of(text, bold) == pytest.approx(doc.get_string_width(text)), text


def test_wrapped_lines_fit_and_keep_every_word(doc: PolldayDocument) -> None:
    widths = TextWidths(doc, 8)
    text = "Flat 3, Kestrelvaleandharrowdenboroughcouncilchambers, 12 Long Road\nproxy: Di Moss"
    lines = widths.wrap(text, 30, bold=False)
    assert all(widths.of(line, False) <= 30 for line in lines), lines
    assert lines[-1] == "proxy: Di Moss"
    assert "".join("".join(lines).split()) == "".join(text.split())  # the long word is cut, never dropped
    assert widths.wrap("accepted", 30, bold=False) == ["accepted"]


def test_rows_are_whole_and_the_header_repeats(doc: PolldayDocument) -> None:
    columns = (Column("Number", 15), Column("Name and address", 60), Column("Votes", 15, "R"))
    rows = [Row([f"E-{n:04d}", f"Voter {n}\n{n} Long Road, Harrowden KV1 {n % 10}AB", f"{n:,}"]) for n in range(1, 301)]
    rows.append(Row(["", "Total", f"{sum(range(1, 301)):,}"], bold=True, rule_above=True))
    draw_table(doc, columns, rows)
    document = finish_document(doc)
    pages = layout_text(document.pdf).split("\f")[: document.pages]
    assert len(pages) > 3
    for page in pages:
        assert re.search(r"^Number\s+Name and address\s+Votes$", page, re.MULTILINE)
        for number in map(int, re.findall(r"^E-(\d{4}) ", page, re.MULTILINE)):
            assert re.search(rf"^E-{number:04d}\s+Voter {number}\s+{number:,}$", page, re.MULTILINE)
            assert re.search(rf"^\s+{number} Long Road, Harrowden KV1 {number % 10}AB$", page, re.MULTILINE), number
    assert re.search(r"^\s+Total\s+45,150$", pages[-1], re.MULTILINE)
