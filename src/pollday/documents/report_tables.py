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
