"""Shared helpers for the document tests: reading PDFs back as text, formatting figures."""

from __future__ import annotations

import re
import subprocess
import tempfile
from datetime import UTC, datetime
from typing import Any

from pollday.documents.report_tables import RenderedDocument
from pollday.services.election_service import ElectionService
from tests.documents.pdf_tools import page_count, pdf_text

PARL = "parl.kestrel-vale.2026-05-07"
WARD = "local.harrowden.north-ward.2026-05-07"
SMALL_WARD = "local.harrowden.east-ward.2026-05-07"
AT = datetime(2026, 5, 8, 7, 0, tzinfo=UTC)


# --- reading PDFs back ---------------------------------------------------------------------


def layout_text(pdf: bytes, page: int | None = None, nodiag: bool = True) -> str:
    """`pdftotext -layout`: table rows stay on one line. `-nodiag` leaves out the diagonal REHEARSAL
    watermark, whose letters would otherwise land in the middle of rows."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        pages = ["-f", str(page), "-l", str(page)] if page is not None else []
        options = ["-layout", *(["-nodiag"] if nodiag else []), *pages]
        return subprocess.run(["pdftotext", *options, file.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def flowing_text(pdf: bytes) -> str:
    """The text in drawing order with whitespace collapsed: a sentence wrapped inside a table cell reads whole."""
    return " ".join(pdf_text(pdf, raw=True).split())


def lines_starting(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(rf"{re.escape(start)}\s", line)]


def whole(value: int) -> str:
    return f"{value:,}"


def signed(value: int) -> str:
    return f"{value:+,}" if value else "0"


def percent(fraction: float) -> str:
    return f"{fraction * 100:.2f}%"


def assert_furniture(document: RenderedDocument) -> None:
    """REHEARSAL in the header and the footer, and 'page x of y', on every page."""
    pages = page_count(document.pdf)
    assert pages == document.pages
    for page in range(1, pages + 1):
        text = layout_text(document.pdf, page, nodiag=False)
        assert text.count("REHEARSAL") >= 2, f"page {page}"
        assert "REHEARSAL · generated" in text
        assert f"page {page} of {pages}" in text


# --- databases -----------------------------------------------------------------------------

def run(service: ElectionService, actor: str, name: str, **args: Any) -> None:
    result = service.execute(service.session_for(actor), {"cmd": name, "args": args})
    assert result.applied, result.reason


def verify_small_election(service: ElectionService) -> None:
    """The small official election: poll closed, both boxes in and counted, matching their BPAs."""
    run(service, "manager", "poll.open")
    run(service, "manager", "poll.close")
    for box, papers in (("1", 800), ("2", 700)):
        run(service, "reception", "box.check_in", box_id=box, delivered_by="the presiding officer")
        run(service, "reception", "bpa.record", station_id=box, contest_id=SMALL_WARD, ordinary_received=papers + 10,
            issued=papers, spoilt=0, unused=10, tendered_received=10, tendered_issued=1, tendered_unused=9,
            tendered_list_entries=1)
        run(service, "assistant", "verification.count", box_id=box, count=papers)


