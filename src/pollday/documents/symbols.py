"""Drawing QR codes and Code128 bars onto a PDF page as filled rectangles.

Sizes snap to whole dots of a 600 dpi printer, so every bar and module prints with the
same width instead of alternating between two (which decoders read as wrong widths).
"""

from __future__ import annotations

import math

from fpdf import FPDF
from fpdf.drawing import PaintedPath
from fpdf.enums import PathPaintRule

from pollday.documents.code128 import Code128
from pollday.documents.qr import Matrix

PRINTER_DOT_MM = 25.4 / 600
QR_QUIET_MODULES = 2  # inside the drawn square; the label padding adds more


def snap_down(length_mm: float) -> float:
    """The largest whole number of printer dots not longer than `length_mm`."""
    return math.floor(length_mm / PRINTER_DOT_MM + 1e-9) * PRINTER_DOT_MM


def snap(length_mm: float) -> float:
    return round(length_mm / PRINTER_DOT_MM) * PRINTER_DOT_MM


def draw_qr(pdf: FPDF, matrix: Matrix, x: float, y: float, side: float) -> float:
    """Draw the code in a square of at most `side` mm with its top-left at (x, y); return the side drawn."""
    count = len(matrix) + 2 * QR_QUIET_MODULES
    module = snap_down(side / count)
    drawn = module * count
    with pdf.local_context(fill_color=255):
        pdf.rect(x, y, drawn, drawn, style="F")  # a white quiet zone, whatever is printed under it
    origin_x, origin_y = snap(x) + QR_QUIET_MODULES * module, snap(y) + QR_QUIET_MODULES * module
    # One path for all dark modules: filled as a single shape, neighbouring modules join without
    # the hairline seams that separately filled squares leave when rasterised with anti-aliasing.
    path = PaintedPath()
    path.style.paint_rule = PathPaintRule.FILL_NONZERO
    path.style.fill_color = "#000000"
    for row_index, row in enumerate(matrix):
        column = 0
        while column < len(row):  # one rectangle per run of dark modules keeps the PDF small
            if not row[column]:
                column += 1
                continue
            run_start = column
            while column < len(row) and row[column]:
                column += 1
            path.rectangle(origin_x + run_start * module, origin_y + row_index * module,
                           (column - run_start) * module, module)
    pdf.draw_path(path, copy=False)  # fpdf2 would deep-copy the path: most of the time of a label
    return drawn


def code128_module(code: Code128, quiet_zone_modules: int, available_mm: float, preferred_mm: float) -> float:
    """The widest module up to `preferred_mm`, in whole printer dots, that fits the code and its quiet zones."""
    total_modules = code.module_count + 2 * quiet_zone_modules
    return snap_down(min(preferred_mm, available_mm / total_modules))


def draw_code128(pdf: FPDF, code: Code128, x: float, y: float, module: float, height: float,
                 quiet_zone_modules: int) -> float:
    """Draw the bars with their quiet zones starting at x; return the width drawn, quiet zones included."""
    width = (code.module_count + 2 * quiet_zone_modules) * module
    with pdf.local_context(fill_color=255):
        pdf.rect(x, y, width, height, style="F")
    start = snap(x) + quiet_zone_modules * module
    with pdf.local_context(fill_color=0):
        for first_module, modules in code.bars():
            pdf.rect(start + first_module * module, y, modules * module, height, style="F")
    return width
