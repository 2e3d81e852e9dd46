"""A4 sheets of labels: a QR code, a tall Code128, the payload in words and large print on each.

Why both codes (tech-notes trap 6): a QR code reads at any angle and survives scuffs;
Code128 suits the cheapest laser scanners and reads from further away; the printed
payload lets staff type it when neither will scan.

    +--------------------------------------------------+
    | +------+  Box 23A                                |
    | |  QR  |  Station 12 · St Anne's Hall            |
    | +------+  Kestrel Vale                           |
    |  ||| |||| | ||| || |||| ||| | |||| || ||| |||   |
    | [REHEARSAL]      BK7Q2-23AF          [REHEARSAL] |
    +--------------------------------------------------+
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pollday.documents.base import PolldayDocument
from pollday.documents.code128 import Code128, encode_code128
from pollday.documents.errors import LabelError
from pollday.documents.facts import DocumentFacts
from pollday.documents.labels import LabelContent
from pollday.documents.layouts import MIN_BARCODE_MODULE_MM, LabelLayout
from pollday.documents.qr import qr_matrix
from pollday.documents.symbols import code128_module, draw_code128, draw_qr
from pollday.documents.typography import FAMILY, MONO, line_height

GAP_MM = 1.0  # between the QR/text zone, the bars and the payload text
QR_TEXT_GAP_MM = 2.5
BARS_TO_TEXT_MM = 0.6
SHRINK_BEFORE_WRAPPING = 0.8  # a line may lose a fifth of its size to stay on one line
QR_SHARE_OF_WIDTH = 0.4  # the rest of the label's width is for the large print
QUIET_ZONE_SHARE_OF_PADDING = 0.6  # the Code128 quiet zones may reach this far into the label padding
MIN_ZONE_MM = 8.0  # a version 1 QR code at 0.25 mm modules, and two lines of small print
REHEARSAL_TAG = "REHEARSAL"


@dataclass(frozen=True)
class _PlacedCode:
    code: Code128
    module_mm: float


def render_label_sheet(labels: Sequence[LabelContent], facts: DocumentFacts, layout: LabelLayout) -> bytes:
    if not labels:
        raise LabelError(f"there are no {facts.title.lower()} to print in {facts.election_id}")
    _check_room(layout)  # refuse before drawing anything
    codes = [_place_code(label.payload, layout) for label in labels]
    doc = PolldayDocument(facts, layout.document, with_mono=True)
    doc.set_auto_page_break(False)  # labels are placed by the sheet geometry, never flowed
    per_sheet = layout.sheet.per_sheet
    for index, (label, code) in enumerate(zip(labels, codes, strict=True)):
        if index % per_sheet == 0:
            doc.add_page()
        x, y = layout.sheet.origin_of(index % per_sheet)
        _draw_label(doc, label, code, x, y, layout, facts.rehearsal)
    return doc.to_bytes()


def sheet_count(label_count: int, layout: LabelLayout) -> int:
    return -(-label_count // layout.sheet.per_sheet)


def _zone_height(layout: LabelLayout) -> float:
    """Height left above the Code128 for the QR code and the large print."""
    style = layout.style
    inner_h = layout.sheet.label_height_mm - 2 * style.padding_mm
    return inner_h - line_height(style.payload_pt) - BARS_TO_TEXT_MM - style.barcode_height_mm - GAP_MM


def _check_room(layout: LabelLayout) -> None:
    if _zone_height(layout) < MIN_ZONE_MM:
        raise LabelError(f"layout '{layout.name}' ({layout.document.path}): the labels leave "
                         f"{_zone_height(layout):.1f} mm above the Code128 for the QR code and the large print, "
                         f"less than {MIN_ZONE_MM} mm: make label.barcode_height_mm or label.padding_mm smaller")


def _place_code(payload: str, layout: LabelLayout) -> _PlacedCode:
    style, sheet = layout.style, layout.sheet
    code = encode_code128(payload)
    available = sheet.label_width_mm - 2 * style.padding_mm * (1 - QUIET_ZONE_SHARE_OF_PADDING)
    module = code128_module(code, style.quiet_zone_modules, available, style.barcode_module_mm)
    if module < MIN_BARCODE_MODULE_MM:
        needed = (code.module_count + 2 * style.quiet_zone_modules) * MIN_BARCODE_MODULE_MM
        raise LabelError(
            f"the Code128 of '{payload}' needs {needed:.1f} mm at the smallest module that scans reliably "
            f"({MIN_BARCODE_MODULE_MM} mm), but the labels of layout '{layout.name}' are "
            f"{sheet.label_width_mm:g} mm wide: choose a layout with wider labels, such as labels-14"
        )
    return _PlacedCode(code, module)


def _draw_label(doc: PolldayDocument, label: LabelContent, placed: _PlacedCode, x: float, y: float,
                layout: LabelLayout, rehearsal: bool) -> None:
    style, sheet = layout.style, layout.sheet
    width, height = sheet.label_width_mm, sheet.label_height_mm
    if style.outline:
        with doc.local_context(draw_color=190, line_width=0.1):
            doc.rect(x, y, width, height)
    pad = style.padding_mm
    inner_x, inner_y, inner_w, inner_h = x + pad, y + pad, width - 2 * pad, height - 2 * pad

    payload_h = line_height(style.payload_pt)
    payload_y = inner_y + inner_h - payload_h
    bars_y = payload_y - BARS_TO_TEXT_MM - style.barcode_height_mm
    bars_w = (placed.code.module_count + 2 * style.quiet_zone_modules) * placed.module_mm
    draw_code128(doc, placed.code, x + (width - bars_w) / 2, bars_y, placed.module_mm, style.barcode_height_mm,
                 style.quiet_zone_modules)
    doc.set_font(MONO, "", style.payload_pt)
    doc.set_xy(inner_x, payload_y)
    doc.cell(inner_w, payload_h, label.payload, align="C")
    if rehearsal:
        _draw_rehearsal_tags(doc, inner_x, payload_y, inner_w, style.payload_pt)

    zone_h = _zone_height(layout)
    qr_side = draw_qr(doc, qr_matrix(label.payload, style.qr_error_correction), inner_x, inner_y,
                      min(zone_h, inner_w * QR_SHARE_OF_WIDTH))
    text_x = inner_x + qr_side + QR_TEXT_GAP_MM
    _draw_large_print(doc, label, text_x, inner_y, inner_x + inner_w - text_x, zone_h, layout)


def _draw_large_print(doc: PolldayDocument, label: LabelContent, x: float, y: float, width: float, height: float,
                      layout: LabelLayout) -> None:
    style = layout.style
    needed = line_height(style.heading_pt) + len(label.lines) * line_height(style.text_pt)
    scale = min(1.0, height / needed)  # a short label shrinks every line alike, keeping the order of sizes
    heading_pt = style.heading_pt * scale
    text_pt = max(style.min_text_pt, style.text_pt * scale)
    spare = height - needed * scale  # room for a long heading or line to take a second line

    rows: list[tuple[str, bool, float, float]] = []  # text, bold, font size, row height
    heading = _wrapped(doc, label.heading, width, heading_pt, style.min_text_pt * 1.5, True, spare, max_lines=2)
    spare -= (len(heading) - 1) * line_height(heading_pt)
    rows += [(text, True, size, line_height(heading_pt)) for text, size in heading]
    for index, line in enumerate(label.lines):
        bold = index == 0
        wrapped = _wrapped(doc, line, width, text_pt, style.min_text_pt, bold, spare, max_lines=3)
        spare -= (len(wrapped) - 1) * line_height(text_pt)
        rows += [(text, bold, size, line_height(text_pt)) for text, size in wrapped]
    cursor = y
    for text, bold, size, row_height in rows:
        doc.set_font(FAMILY, "B" if bold else "", size)
        doc.set_xy(x, cursor)
        doc.cell(width, row_height, text)
        cursor += row_height


def _wrapped(doc: PolldayDocument, text: str, width: float, size_pt: float, min_pt: float, bold: bool,
             spare_height: float, max_lines: int) -> list[tuple[str, float]]:
    """One line, a little smaller if need be; else wrapped when the label has the room; else shrunk to fit."""
    doc.set_font(FAMILY, "B" if bold else "", size_pt)
    if doc.get_string_width(text) * SHRINK_BEFORE_WRAPPING <= width:
        return [doc.fit_text(text, width, size_pt, size_pt * SHRINK_BEFORE_WRAPPING, bold=bold)]
    lines = doc.multi_cell(width, line_height(size_pt), text, dry_run=True, output="LINES")
    extra_height = (len(lines) - 1) * line_height(size_pt)
    breaks_between_words = " ".join(lines).split() == text.split()  # never split a seal number or a name
    if len(lines) <= max_lines and extra_height <= spare_height and breaks_between_words:
        return [(line, size_pt) for line in lines]
    return [doc.fit_text(text, width, size_pt, min(size_pt, min_pt), bold=bold)]


def _draw_rehearsal_tags(doc: PolldayDocument, x: float, y: float, width: float, size_pt: float) -> None:
    """REHEARSAL at both ends of the payload line: seen whichever end of the label shows."""
    doc.set_font(FAMILY, "B", size_pt)
    tag_width = doc.get_string_width(REHEARSAL_TAG) + 2
    with doc.local_context(fill_color=0, text_color=255):
        for tag_x in (x, x + width - tag_width):
            doc.set_xy(tag_x, y)
            doc.cell(tag_width, line_height(size_pt), REHEARSAL_TAG, align="C", fill=True)
