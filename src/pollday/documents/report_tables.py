"""Shared pieces of the statements, registers and notices.

- figures written one way everywhere ("44,105", "+2", "59.56%"), so a figure on a PDF
  reads exactly as the same figure in an export;
- tables that break across pages with their header repeated and never split a row;
- who signs: the Returning Officer as named in the election definition, or the person
  who signed off in the system with the title they sign under;
- the start and end of every document (title block, landscape pages for wide logs) and
  the two refusals: an unknown contest (DocumentError) and a document asked for too
  early, e.g. a declaration before the result is declared (NotReady).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from fpdf.enums import XPos, YPos

from pollday.documents.base import PolldayDocument
from pollday.documents.errors import DocumentError
from pollday.documents.facts import DocumentFacts, uk_datetime
from pollday.documents.layouts import DocumentLayout, PageSize, load_document_layout
from pollday.documents.signatures import Signatory, SystemSignOff
from pollday.documents.typography import FAMILY, line_height
from pollday.domain.roles import ROLE_LABELS, Role
from pollday.domain.timefmt import UK


class NotReady(DocumentError):
    """The election has not reached the point where this document can be made (e.g. not declared yet)."""


NONE = "—"  # a figure that does not exist yet (box not counted, no BPA)
CELL_PAD_MM = 0.3  # fpdf2 adds its own cell margin (1 mm) inside multi_cell
ROW_PAD_MM = 0.7
HEADER_SHADE = 232  # light enough to photocopy cleanly
ROW_RULE_SHADE = 190


# --- figures -------------------------------------------------------------------------------


def whole(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def signed(value: int | None) -> str:
    """A variance or a change: '+2', '-2', '0'. ASCII minus, so a copied figure pastes as a number."""
    if value is None:
        return NONE
    return f"{value:+,}" if value else "0"


def percent(fraction: float | None, places: int = 2) -> str:
    return NONE if fraction is None else f"{fraction * 100:.{places}f}%"


def moment(iso: str | None) -> str:
    """'8 May 2026 02:09 BST'. Stored naive times (expected arrivals) are already UK local."""
    if not iso:
        return NONE
    return uk_datetime(aware(iso))


def aware(iso: str) -> datetime:
    parsed = datetime.fromisoformat(iso)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UK)


def clock(iso: str | None, poll_date: date) -> str:
    """'22:43' on polling day, '8 May 01:10' after midnight: short enough for a table column."""
    if not iso:
        return NONE
    local = aware(iso).astimezone(UK)
    return f"{local:%H:%M}" if local.date() == poll_date else f"{local.day} {local:%b %H:%M}"


def candidate_name(candidate: dict[str, Any]) -> str:
    """'Ingrid Ødegård': other names then surname, as printed on the ballot paper."""
    return f"{candidate['forenames']} {candidate['surname']}".strip()


def commonly_used_name(candidate: dict[str, Any]) -> str | None:
    """The name the candidate asked to be known by, in full; None when they gave none."""
    forenames = candidate.get("commonly_used_forenames") or ""
    surname = candidate.get("commonly_used_surname") or ""
    if not forenames and not surname:
        return None
    return f"{forenames or candidate['forenames']} {surname or candidate['surname']}".strip()


# --- documents -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    pages: int
    facts: DocumentFacts


def start_document(facts: DocumentFacts, layout: DocumentLayout | None = None) -> PolldayDocument:
    doc = PolldayDocument(facts, layout or load_document_layout())
    doc.add_page()
    doc.title_block()
    return doc


def landscape(layout: DocumentLayout) -> DocumentLayout:
    """The same layout turned on its side, for logs and registers with many columns."""
    page = layout.page
    if page.width_mm >= page.height_mm:
        return layout
    return replace(layout, page=PageSize(page.height_mm, page.width_mm))


def finish_document(doc: PolldayDocument) -> RenderedDocument:
    pdf = doc.to_bytes()
    return RenderedDocument(pdf, doc.page_no(), doc.facts)


def note(doc: PolldayDocument, text: str) -> None:
    """A small-print paragraph: definitions and the rules a figure follows."""
    size = doc.layout.fonts.small_pt
    doc.set_font(FAMILY, "", size)
    doc.multi_cell(0, line_height(size), text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(line_height(size) * 0.5)


# --- tables --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    heading: str
    weight: float  # share of the content width, relative to the other columns
    align: str = "L"  # "R" for figures, so that the digits line up


@dataclass(frozen=True)
class Row:
    cells: Sequence[str]
    bold: bool = False
    rule_above: bool = False  # a firm line over a total


def draw_table(doc: PolldayDocument, columns: Sequence[Column], rows: Sequence[Row],
               size_pt: float | None = None) -> None:
    """Rows kept whole; at a page break the header is drawn again on the new page."""
    size = size_pt or doc.layout.fonts.small_pt
    widths = _widths(doc, columns)
    header = Row([c.heading for c in columns], bold=True)
    header_height = _row_height(doc, header, widths, size)
    first_height = _row_height(doc, rows[0], widths, size) if rows else 0
    if doc.will_page_break(header_height + first_height):
        doc.add_page()  # a header never sits alone at the foot of a page
    _draw_header(doc, columns, header, widths, size, header_height)
    for row in rows:
        height = _row_height(doc, row, widths, size)
        if doc.will_page_break(height):
            doc.add_page()
            _draw_header(doc, columns, header, widths, size, header_height)
        _draw_row(doc, columns, row, widths, size, height)
    doc.set_xy(doc.l_margin, doc.get_y() + line_height(size))


def table_height(doc: PolldayDocument, columns: Sequence[Column], rows: Sequence[Row],
                 size_pt: float | None = None) -> float:
    size = size_pt or doc.layout.fonts.small_pt
    widths = _widths(doc, columns)
    header = Row([c.heading for c in columns], bold=True)
    return sum(_row_height(doc, row, widths, size) for row in (header, *rows)) + line_height(size)


def keep_together(doc: PolldayDocument, height: float) -> None:
    """Start a new page when `height` does not fit on this one but would fit on a fresh page:
    a short table (with its heading) then never splits, and a long one starts where it is."""
    usable = doc.h - doc.t_margin - doc.b_margin
    if height <= usable and doc.will_page_break(height):
        doc.add_page()


def _widths(doc: PolldayDocument, columns: Sequence[Column]) -> list[float]:
    total_weight = sum(c.weight for c in columns)
    return [doc.content_width * c.weight / total_weight for c in columns]


def _cell_lines(doc: PolldayDocument, text: str, width: float, size: float, bold: bool) -> int:
    if not text:
        return 1
    doc.set_font(FAMILY, "B" if bold else "", size)
    lines = doc.multi_cell(width - 2 * CELL_PAD_MM, line_height(size), text, dry_run=True, output="LINES")
    return max(1, len(lines))


def _row_height(doc: PolldayDocument, row: Row, widths: Sequence[float], size: float) -> float:
    lines = max(_cell_lines(doc, text, width, size, row.bold) for text, width in zip(row.cells, widths, strict=True))
    return lines * line_height(size) + 2 * ROW_PAD_MM


def _draw_header(doc: PolldayDocument, columns: Sequence[Column], header: Row, widths: Sequence[float],
                 size: float, height: float) -> None:
    with doc.local_context(fill_color=HEADER_SHADE):
        doc.rect(doc.l_margin, doc.get_y(), doc.content_width, height, style="F")
    _draw_row(doc, columns, header, widths, size, height, rule_width=0.3)


def _draw_row(doc: PolldayDocument, columns: Sequence[Column], row: Row, widths: Sequence[float], size: float,
              height: float, rule_width: float = 0.1) -> None:
    top = doc.get_y()
    left = doc.l_margin
    if row.rule_above:
        with doc.local_context(draw_color=0, line_width=0.3):
            doc.line(left, top, left + doc.content_width, top)
    doc.set_font(FAMILY, "B" if row.bold else "", size)
    x = left
    for column, text, width in zip(columns, row.cells, widths, strict=True):
        if text:
            doc.set_xy(x + CELL_PAD_MM, top + ROW_PAD_MM)
            doc.multi_cell(width - 2 * CELL_PAD_MM, line_height(size), text, align=column.align)
        x += width
    shade = 0 if rule_width > 0.1 else ROW_RULE_SHADE
    with doc.local_context(draw_color=shade, line_width=rule_width):
        doc.line(left, top + height, left + doc.content_width, top + height)
    doc.set_xy(left, top + height)


# --- who signs -----------------------------------------------------------------------------


def returning_officer(election: dict[str, Any]) -> Signatory:
    """The (Acting) Returning Officer named in the election definition, with the title they sign as."""
    officers = election.get("officers") or []
    for officer in officers:
        title = officer["title"].lower()
        if "returning officer" in title and not title.startswith("deputy"):
            return Signatory(officer["name"], officer["title"])
    if officers:
        return Signatory(officers[0]["name"], officers[0]["title"])
    return Signatory("", "Returning Officer")


def full_name(view: Any, username: str | None) -> str:
    user = view.get("users", (username,)) if username else None
    return user["full_name"] if user else (username or NONE)


def signatory_of(view: Any, election: dict[str, Any], username: str) -> Signatory:
    """The person who acted in the system, under their officer title when the definition names them."""
    name = full_name(view, username)
    for officer in election.get("officers") or []:
        if officer["name"] == name:
            return Signatory(name, officer["title"])
    user = view.get("users", (username,))
    role = ROLE_LABELS.get(Role(user["role"])) if user else None
    return Signatory(name, role or "")


def system_sign_off(view: Any, election: dict[str, Any], username: str,
                    at_iso: str) -> tuple[Signatory, SystemSignOff]:
    signatory = signatory_of(view, election, username)
    return signatory, SystemSignOff(signatory.name, aware(at_iso))


def require_contest(service: Any, contest_id: str) -> dict[str, Any]:
    """The contest, or an error naming the contests there are."""
    view = service.store.view()
    contest = view.get("contests", (contest_id,))
    if contest is None:
        known = ", ".join(c["contest_id"] for c in sorted(view.rows("contests"), key=lambda c: c["position"]))
        raise DocumentError(f"'{contest_id}' is not a contest of this election; the contests are: {known}")
    return dict(contest)
