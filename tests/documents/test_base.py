from __future__ import annotations

import functools
import re
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from pollday import __version__
from pollday.documents.base import PolldayDocument
from pollday.documents.facts import DocumentFacts, DocumentStatus, facts_from_service, status_for
from pollday.documents.layouts import load_document_layout
from pollday.documents.signatures import Signatory, SystemSignOff
from pollday.services.election_service import ElectionService
from tests.documents.conftest import GENERATED_AT
from tests.documents.pdf_tools import page_count, pdf_text

FACTS = DocumentFacts(
    election_id="kestrel-vale-2026",
    election_name="Kestrel Vale parliamentary election",
    authority="Kestrel Vale District Council",
    mode="official",
    title="Verification statement",
    status=DocumentStatus.PROVISIONAL,
    generated_at=GENERATED_AT,
    journal_seq=123,
    journal_hash="a1b2c3d4e5f60718293a4b5c6d7e8f90",
    contest_name="Kestrel Vale",
)


def build_long_document(facts: DocumentFacts) -> bytes:
    doc = PolldayDocument(facts, load_document_layout())
    doc.add_page()
    doc.title_block()
    for number in range(1, 80):
        if number % 20 == 1:
            doc.heading(f"Part {number // 20 + 1}")
        doc.paragraph(f"Line {number}: the papers of box {number} were counted by Nguyễn Thảo and Zoë Ní Bhriain.")
    doc.signature_blocks([
        (Signatory("Naomi Sutcliffe", "Acting Returning Officer"), None),
        (Signatory("Ruth Whitlock", "Deputy Returning Officer"),
         SystemSignOff("Ruth Whitlock", datetime(2026, 5, 8, 1, 2, tzinfo=UTC))),
    ])
    return doc.to_bytes()


long_document = functools.cache(build_long_document)  # a 3-page document takes about half a second


def test_furniture_is_on_every_page() -> None:
    pdf = long_document(FACTS)
    pages = page_count(pdf)
    assert pages >= 3
    for page in range(1, pages + 1):
        text = pdf_text(pdf, page)
        assert f"page {page} of {pages}" in text
        assert "Kestrel Vale parliamentary election" in text
        assert "Kestrel Vale · Verification statement · Kestrel Vale District Council" in text
        assert "election kestrel-vale-2026" in text
        assert "PROVISIONAL" in text
        assert "generated 7 May 2026 22:41 BST" in text  # 21:41 UTC, shown on the UK clock
        assert f"pollday {__version__}" in text
        assert "journal 123 · a1b2c3d4" in text


def test_the_same_facts_give_the_same_bytes() -> None:
    assert build_long_document(FACTS) == long_document(FACTS)


def test_unicode_names_and_signatures_print() -> None:
    text = " ".join(pdf_text(long_document(FACTS)).split())
    assert "Nguyễn Thảo and Zoë Ní Bhriain" in text
    assert "Signed in the system by Ruth Whitlock at 8 May 2026 02:02 BST" in text
    assert "Naomi Sutcliffe" in text and "Signature" in text and "Date and time" in text


def test_a_rehearsal_shows_rehearsal_on_every_page() -> None:
    rehearsal = replace(FACTS, mode="rehearsal", status=DocumentStatus.REHEARSAL)
    pdf = long_document(rehearsal)
    for page in range(1, page_count(pdf) + 1):
        text = pdf_text(pdf, page, raw=True)
        assert "PROVISIONAL" not in text
        # header, footer and the diagonal watermark (its letters come out one per line)
        assert len(re.findall(r"R\s*E\s*H\s*E\s*A\s*R\s*S\s*A\s*L", text)) >= 3


def test_an_official_document_has_no_watermark() -> None:
    text = pdf_text(long_document(replace(FACTS, status=DocumentStatus.OFFICIAL)), 1)
    assert "REHEARSAL" not in text and text.count("OFFICIAL") == 2


def test_a_rehearsal_database_never_makes_official_documents() -> None:
    assert status_for("rehearsal", final=True) == DocumentStatus.REHEARSAL
    assert status_for("official", final=False) == DocumentStatus.PROVISIONAL
    assert status_for("official", final=True) == DocumentStatus.OFFICIAL
    with pytest.raises(ValueError, match="REHEARSAL"):
        replace(FACTS, mode="rehearsal", status=DocumentStatus.OFFICIAL)


def test_generated_at_must_carry_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        replace(FACTS, generated_at=datetime(2026, 5, 7, 22, 41))


def test_the_layout_can_override_the_authority_name(tmp_path: pytest.TempPathFactory) -> None:
    folder = tmp_path / "layouts"  # type: ignore[operator]
    folder.mkdir()
    (folder / "council.toml").write_text('kind = "document"\n[authority]\nname = "Kestrel Vale Borough Council"\n')
    doc = PolldayDocument(FACTS, load_document_layout("council", search_path=[folder]))
    doc.add_page()
    doc.title_block()
    text = pdf_text(doc.to_bytes())
    assert "Kestrel Vale Borough Council" in text and "District Council" not in text


def test_facts_from_a_database(demo_service: ElectionService, official_service: ElectionService) -> None:
    facts = facts_from_service(demo_service, "Ballot box labels", GENERATED_AT, final=True)
    seq, head = demo_service.store.journal_head()
    assert (facts.election_id, facts.status, facts.journal_seq) == ("kestrel-vale-2026", DocumentStatus.REHEARSAL, seq)
    assert facts.journal_mark == f"journal {seq} · {head[:8]}"
    contest_id = official_service.store.view().rows("contests")[0]["contest_id"]
    official = facts_from_service(official_service, "Declaration", GENERATED_AT, contest_id=contest_id, final=True)
    assert (official.status, official.contest_name) == (DocumentStatus.OFFICIAL, "Harrowden East ward")
    with pytest.raises(ValueError, match="no contest"):
        facts_from_service(official_service, "Declaration", GENERATED_AT, contest_id="local.nowhere.2026-05-07")
