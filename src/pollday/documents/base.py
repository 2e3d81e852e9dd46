"""The page every pollday PDF is printed on: A4 by layout, DejaVu fonts, furniture on every page.

Usage for a new document:

    facts = facts_from_service(service, "Verification statement", clock.now(), contest_id=...)
    doc = PolldayDocument(facts, load_document_layout())
    doc.add_page()
    doc.title_block()
    doc.heading("Ballot paper accounts")
    doc.paragraph("...")  # or any fpdf2 drawing: doc is an FPDF
    doc.signature_blocks([(Signatory("Naomi Sutcliffe", "Acting Returning Officer"), None)])
    pdf_bytes = doc.to_bytes()

Every page then carries the election and contest name, election ID, status (with a
diagonal REHEARSAL watermark for a rehearsal database), the UK local generated-at time,
"page x of y", the pollday version and the journal position. The creation date in the
file is the generated-at time, so the same facts and content give the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from pollday.documents.facts import DocumentFacts, DocumentStatus
from pollday.documents.fonts import FontFiles, find_fonts
from pollday.documents.layouts import DocumentLayout
from pollday.documents.signatures import Signatory, SystemSignOff, draw_signature_block
from pollday.documents.typography import ELLIPSIS, FAMILY, MONO, PT_TO_MM, line_height


class PolldayDocument(FPDF):
    """An fpdf2 document whose header and footer are the pollday page furniture."""

    def __init__(self, facts: DocumentFacts, layout: DocumentLayout, fonts: FontFiles | None = None,
                 with_mono: bool = False) -> None:
        super().__init__(unit="mm", format=(layout.page.width_mm, layout.page.height_mm))
        self.facts = facts
        self.layout = layout
        fonts = fonts or find_fonts()
        self.add_font(FAMILY, "", fonts.regular)
        self.add_font(FAMILY, "B", fonts.bold)
        if with_mono:  # parsing a TTF costs ~90 ms: only documents that print codes in words load it
            self.add_font(MONO, "", fonts.mono)
        margins = layout.margins
        self.set_margins(margins.left_mm, margins.top_mm, margins.right_mm)
        self.set_auto_page_break(True, margin=margins.bottom_mm)
        # The file's dates come from the facts, never from the wall clock: same input, same bytes.
        self.set_creation_date(facts.generated_at)
        self.set_title(f"{facts.title} - {facts.election_name} ({facts.status.value})")
        self.set_author(self.authority)
        self.set_creator(f"pollday {facts.software_version}")
        self.set_lang("en-GB")
        self.set_font(FAMILY, size=layout.fonts.body_pt)

    @property
    def authority(self) -> str:
        return self.layout.authority_name or self.facts.authority

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def to_bytes(self) -> bytes:
        return bytes(self.output())

    # --- page furniture (fpdf2 calls these on every page) -------------------------------

    def header(self) -> None:
        if self.facts.status == DocumentStatus.REHEARSAL:
            self._watermark("REHEARSAL")  # first, so that everything else is drawn over it
        size = self.layout.furniture.font_pt
        top = self.layout.furniture.header_top_mm
        with self.local_context(text_color=0, draw_color=0):
            status_width = self._header_status(top, size)
            self._header_titles(top, size, self.content_width - status_width - 4)
            rule_y = top + line_height(size) * 2.6  # under both lines of the header
            self.set_line_width(0.2)
            self.line(self.l_margin, rule_y, self.l_margin + self.content_width, rule_y)
        self.set_xy(self.l_margin, self.t_margin)  # content starts where the margins say, not after the header

    def _header_status(self, top: float, size: float) -> float:
        """The status, boxed unless OFFICIAL, with the election ID under it, at the right; returns its width."""
        height = line_height(size)
        right = self.l_margin + self.content_width
        self.set_font(FAMILY, "B", size * 1.6)
        status = self.facts.status.value
        width = self.get_string_width(status) + 3
        self.set_xy(right - width, top)
        border = 0 if self.facts.status == DocumentStatus.OFFICIAL else 1
        self.cell(width, height * 1.4, status, border=border, align="C")
        self.set_font(FAMILY, "", size)
        election = f"election {self.facts.election_id}"
        election_width = max(width, self.get_string_width(election) + 1)
        self.set_xy(right - election_width, top + height * 1.45)
        self.cell(election_width, height, election, align="R")
        return election_width

    def _header_titles(self, top: float, size: float, width: float) -> None:
        """Election name in bold; then contest, document title and authority."""
        height = line_height(size)
        first, first_size = self.fit_text(self.facts.election_name, width, size * 1.15, size, bold=True)
        self.set_font(FAMILY, "B", first_size)
        self.set_xy(self.l_margin, top)
        self.cell(width, height, first)
        parts = [part for part in (self.facts.contest_name, self.facts.title, self.authority) if part]
        second, second_size = self.fit_text(" · ".join(parts), width, size, size * 0.8)
        self.set_font(FAMILY, "", second_size)
        self.set_xy(self.l_margin, top + height)
        self.cell(width, height, second)

    def footer(self) -> None:
        furniture = self.layout.furniture
        size = furniture.font_pt
        height = line_height(size)
        y = self.h - furniture.footer_bottom_mm - height
        left, width = self.l_margin, self.content_width
        facts = self.facts
        with self.local_context(text_color=0, draw_color=0):
            self.set_line_width(0.2)
            self.line(left, y - 0.8, left + width, y - 0.8)
            self.set_font(FAMILY, "", size)
            page_text = f"page {self.page_no()} of {{nb}}"  # fpdf2 puts the page count in for {nb}
            page_width = self.get_string_width(f"page {self.page_no()} of 0000") + 1
            self.set_xy(left + width - page_width, y)
            self.cell(page_width, height, page_text, align="R")
            stamp = (f"{facts.status.value} · generated {facts.generated_at_uk} · "
                     f"pollday {facts.software_version} · {facts.journal_mark}")
            text, text_size = self.fit_text(stamp, width - page_width - 2, size, size * 0.8)
            self.set_font(FAMILY, "", text_size)
            self.set_xy(left, y)
            self.cell(width - page_width - 2, height, text)

    def _watermark(self, text: str) -> None:
        angle = math.degrees(math.atan2(self.h, self.w))
        diagonal = math.hypot(self.w, self.h)
        with self.local_context(text_color=self.layout.watermark_gray):
            self.set_font(FAMILY, "B", 100)
            size = 100 * 0.72 * diagonal / self.get_string_width(text)
            self.set_font(FAMILY, "B", size)
            text_width = self.get_string_width(text)
            centre_x, centre_y = self.w / 2, self.h / 2
            with self.rotation(angle, centre_x, centre_y):
                # text() takes the baseline: drop it by a third of the size to centre the capitals.
                self.text(centre_x - text_width / 2, centre_y + size * PT_TO_MM / 3, text)

    # --- helpers for document content -------------------------------------------------------

    def fit_text(self, text: str, width: float, size_pt: float, min_pt: float, bold: bool = False,
                 family: str = FAMILY) -> tuple[str, float]:
        """Shrink the font down to `min_pt` for `text` to fit `width`; past that, cut it with an ellipsis."""
        style = "B" if bold else ""
        size = size_pt
        while True:
            self.set_font(family, style, size)
            if self.get_string_width(text) <= width:
                return text, size
            if size - 0.25 < min_pt:
                break
            size -= 0.25
        while len(text) > 1 and self.get_string_width(text + ELLIPSIS) > width:
            text = text[:-1]
        return text.rstrip() + ELLIPSIS, size

    def title_block(self) -> None:
        """Authority, document title, election and contest at the top of the first page."""
        fonts = self.layout.fonts
        self.set_font(FAMILY, "", fonts.small_pt)
        self.multi_cell(0, line_height(fonts.small_pt), self.authority, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "B", fonts.title_pt)
        self.multi_cell(0, line_height(fonts.title_pt), self.facts.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", fonts.body_pt)
        lines = [self.facts.election_name, *([self.facts.contest_name] if self.facts.contest_name else [])]
        for text in lines:
            self.multi_cell(0, line_height(fonts.body_pt), text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(line_height(fonts.body_pt))

    def heading(self, text: str) -> None:
        size = self.layout.fonts.heading_pt
        if self.will_page_break(line_height(size) * 3):
            self.add_page()  # a heading never sits alone at the foot of a page
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, line_height(size), text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(line_height(size) * 0.3)

    def paragraph(self, text: str) -> None:
        size = self.layout.fonts.body_pt
        self.set_font(FAMILY, "", size)
        self.multi_cell(0, line_height(size), text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(line_height(size) * 0.5)

    def key_values(self, rows: Sequence[tuple[str, str]], key_width: float = 60) -> None:
        """A two-column list of facts: 'Electorate   74,057'."""
        size = self.layout.fonts.body_pt
        height = line_height(size)
        for key, value in rows:
            if self.will_page_break(height):
                self.add_page()
            self.set_font(FAMILY, "", size)
            self.cell(key_width, height, key)
            self.set_font(FAMILY, "B", size)
            self.multi_cell(0, height, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(height * 0.5)

    def signature_blocks(self, blocks: Sequence[tuple[Signatory, SystemSignOff | None]]) -> None:
        """Signature blocks side by side, as many per row as fit, each kept whole on one page."""
        style = self.layout.signature
        per_row = max(1, int((self.content_width + 8) // (style.width_mm + 8)))
        for start in range(0, len(blocks), per_row):
            row = blocks[start : start + per_row]
            body_pt = self.layout.fonts.body_pt
            height = max(draw_signature_block(self, s, o, style, body_pt, 0, 0, dry_run=True) for s, o in row)
            if self.will_page_break(height):
                self.add_page()
            top = self.get_y()
            for column, (signatory, sign_off) in enumerate(row):
                x = self.l_margin + column * (style.width_mm + 8)
                draw_signature_block(self, signatory, sign_off, style, body_pt, x, top)
            self.set_xy(self.l_margin, top + height + line_height(self.layout.fonts.body_pt))
