"""Signature blocks: who signs, and either their sign-off in the system or lines for a pen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF

from pollday.documents.facts import uk_datetime
from pollday.documents.layouts import SignatureStyle
from pollday.documents.typography import FAMILY, line_height


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str  # e.g. "Acting Returning Officer"


@dataclass(frozen=True)
class SystemSignOff:
    """A sign-off recorded in the journal: shown instead of blank lines."""

    by: str  # the full name of the user who signed off
    at: datetime  # timezone-aware

    def sentence(self) -> str:
        return f"Signed in the system by {self.by} at {uk_datetime(self.at)}"


def draw_signature_block(
    pdf: FPDF,
    signatory: Signatory,
    sign_off: SystemSignOff | None,
    style: SignatureStyle,
    body_pt: float,
    x: float,
    y: float,
    dry_run: bool = False,
) -> float:
    """Draw one block with its top-left corner at (x, y); return its height either way."""
    height = line_height(body_pt)
    small_pt = body_pt * 0.85
    cursor = y
    if sign_off is None:
        for caption in style.wet_lines:
            cursor += style.line_gap_mm
            if not dry_run:
                pdf.set_font(FAMILY, "", small_pt)
                pdf.set_xy(x, cursor - line_height(small_pt))
                caption_width = pdf.get_string_width(caption) + 2
                pdf.cell(caption_width, line_height(small_pt), caption)
                pdf.set_line_width(0.25)
                pdf.line(x + caption_width, cursor, x + style.width_mm, cursor)
        cursor += 1.5
    else:
        sentence_lines = _wrapped_line_count(pdf, sign_off.sentence(), style.width_mm - 2, small_pt)
        box_height = sentence_lines * line_height(small_pt) + 2
        if not dry_run:
            pdf.set_font(FAMILY, "", small_pt)
            pdf.set_line_width(0.25)
            pdf.rect(x, cursor, style.width_mm, box_height)
            pdf.set_xy(x + 1, cursor + 1)
            pdf.multi_cell(style.width_mm - 2, line_height(small_pt), sign_off.sentence(), align="L")
        cursor += box_height + 1.5
    name_height = _wrapped_line_count(pdf, signatory.name, style.width_mm, body_pt, bold=True) * height
    title_height = _wrapped_line_count(pdf, signatory.title, style.width_mm, body_pt) * height
    if not dry_run:
        pdf.set_font(FAMILY, "B", body_pt)
        pdf.set_xy(x, cursor)
        pdf.multi_cell(style.width_mm, height, signatory.name, align="L")
        pdf.set_font(FAMILY, "", body_pt)
        pdf.set_xy(x, cursor + name_height)
        pdf.multi_cell(style.width_mm, height, signatory.title, align="L")
    return cursor + name_height + title_height - y


def _wrapped_line_count(pdf: FPDF, text: str, width: float, size_pt: float, bold: bool = False) -> int:
    pdf.set_font(FAMILY, "B" if bold else "", size_pt)
    lines = pdf.multi_cell(width, line_height(size_pt), text, dry_run=True, output="LINES")
    return max(1, len(lines))
