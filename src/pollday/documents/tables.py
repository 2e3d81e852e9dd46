"""Tables for every document: a shaded header repeated on every page, rows never split,
a light rule under each row, long cells wrapped at spaces.

Built for registers of thousands of rows (the marked postal voters list has 17,000).
Measuring and writing each cell with fpdf2's `multi_cell` costs about 3.5 ms a row, a
minute for a constituency; here each word's width is measured once (the same street and
town names recur on every page), lines are wrapped from those widths and written with
`text()`, and the rule colour is set without a saved graphics state per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pollday.documents.base import PolldayDocument
from pollday.documents.typography import FAMILY, line_height

CELL_PAD_MM = 0.3  # fpdf2 adds its own cell margin (1 mm) inside each cell
ROW_PAD_MM = 0.7
HEADER_SHADE = 232  # light enough to photocopy cleanly
ROW_RULE_SHADE = 190


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


class TextWidths:
    """Text widths at one font size, from cached word widths. fpdf2 adds up glyph widths with no
    kerning (no text shaping is set up), so a line is as wide as its words and spaces."""

    def __init__(self, doc: PolldayDocument, size: float) -> None:
        self.doc = doc
        self.size = size
        self.cache: dict[tuple[bool, str], float] = {}

    def of(self, text: str, bold: bool) -> float:
        words = text.split(" ")
        return sum(self._word(word, bold) for word in words) + (len(words) - 1) * self._word(" ", bold)

    def _word(self, word: str, bold: bool) -> float:
        key = (bold, word)
        if key not in self.cache:
            self.doc.set_font(FAMILY, "B" if bold else "", self.size)
            self.cache[key] = self.doc.get_string_width(word)
        return self.cache[key]

    def wrap(self, text: str, width: float, bold: bool) -> list[str]:
        """Greedy wrapping at spaces and at line breaks; a word wider than the cell is cut where it must be."""
        space = self._word(" ", bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, line_width = "", 0.0
            for word in paragraph.split(" "):
                word_width = self._word(word, bold)
                if line and line_width + space + word_width > width:
                    lines += self._cut(line, line_width, width, bold)
                    line, line_width = word, word_width
                elif line:
                    line, line_width = f"{line} {word}", line_width + space + word_width
                else:
                    line, line_width = word, word_width
            lines += self._cut(line, line_width, width, bold)
        return lines

    def _cut(self, line: str, line_width: float, width: float, bold: bool) -> list[str]:
        if line_width <= width:
            return [line]
        pieces = []
        while len(line) > 1 and self.of(line, bold) > width:
            cut = next((i for i in range(len(line) - 1, 0, -1) if self.of(line[:i], bold) <= width), 1)
            pieces.append(line[:cut])
            line = line[cut:]
        return [*pieces, line]


def draw_table(doc: PolldayDocument, columns: Sequence[Column], rows: Sequence[Row],
               size_pt: float | None = None) -> None:
    """Rows kept whole; at a page break the header is drawn again on the new page."""
    size = size_pt or doc.layout.fonts.small_pt
    measure = TextWidths(doc, size)
    widths = _widths(doc, columns)
    header = Row([c.heading for c in columns], bold=True)
    header_laid = _layout(measure, header, widths, doc.c_margin)
    first = _layout(measure, rows[0], widths, doc.c_margin)[0] if rows else 0
    if doc.will_page_break(header_laid[0] + first):
        doc.add_page()  # a header never sits alone at the foot of a page
    # Set and restored by hand: a local_context saved across a page break would unbalance the page's q/Q.
    saved_colour, saved_width = doc.draw_color, doc.line_width
    _header(doc, measure, columns, header, header_laid, widths)
    for row in rows:
        laid_out = _layout(measure, row, widths, doc.c_margin)
        if doc.will_page_break(laid_out[0]):
            doc.add_page()
            _header(doc, measure, columns, header, header_laid, widths)
        _row(doc, measure, columns, row, laid_out, widths)
    doc.set_draw_color(saved_colour)
    doc.set_line_width(saved_width)
    doc.set_xy(doc.l_margin, doc.get_y() + line_height(size))


def table_height(doc: PolldayDocument, columns: Sequence[Column], rows: Sequence[Row],
                 size_pt: float | None = None) -> float:
    size = size_pt or doc.layout.fonts.small_pt
    measure = TextWidths(doc, size)
    widths = _widths(doc, columns)
    header = Row([c.heading for c in columns], bold=True)
    return sum(_layout(measure, row, widths, doc.c_margin)[0] for row in (header, *rows)) + line_height(size)


def keep_together(doc: PolldayDocument, height: float) -> None:
    """Start a new page when `height` does not fit on this one but would fit on a fresh page:
    a short table (with its heading) then never splits, and a long one starts where it is."""
    usable = doc.h - doc.t_margin - doc.b_margin
    if height <= usable and doc.will_page_break(height):
        doc.add_page()


def _widths(doc: PolldayDocument, columns: Sequence[Column]) -> list[float]:
    total_weight = sum(c.weight for c in columns)
    return [doc.content_width * c.weight / total_weight for c in columns]


Laid = tuple[float, list[list[str]]]  # the row's height, each cell's lines


def _layout(measure: TextWidths, row: Row, widths: Sequence[float], c_margin: float) -> Laid:
    cells = [measure.wrap(text, width - 2 * CELL_PAD_MM - 2 * c_margin, row.bold) if text else []
             for text, width in zip(row.cells, widths, strict=True)]
    lines = max(1, *(len(cell) for cell in cells))
    return lines * line_height(measure.size) + 2 * ROW_PAD_MM, cells


def _header(doc: PolldayDocument, measure: TextWidths, columns: Sequence[Column], header: Row, laid_out: Laid,
            widths: Sequence[float]) -> None:
    with doc.local_context(fill_color=HEADER_SHADE):
        doc.rect(doc.l_margin, doc.get_y(), doc.content_width, laid_out[0], style="F")
    _row(doc, measure, columns, header, laid_out, widths, rule=(0, 0.3))


def _row(doc: PolldayDocument, measure: TextWidths, columns: Sequence[Column], row: Row, laid_out: Laid,
         widths: Sequence[float], rule: tuple[int, float] = (ROW_RULE_SHADE, 0.1)) -> None:
    height, cells = laid_out
    top, left = doc.get_y(), doc.l_margin
    if row.rule_above:
        doc.set_draw_color(0)
        doc.set_line_width(0.3)
        doc.line(left, top, left + doc.content_width, top)
    doc.set_font(FAMILY, "B" if row.bold else "", measure.size)
    step = line_height(measure.size)
    # Where fpdf2's cell() puts the baseline of a line, as the documents printed before this table did.
    baseline = top + ROW_PAD_MM + 0.5 * step + 0.3 * doc.font_size
    x = left
    for column, lines, width in zip(columns, cells, widths, strict=True):
        inner = width - 2 * CELL_PAD_MM - 2 * doc.c_margin
        for number, text in enumerate(lines):
            offset = inner - measure.of(text, row.bold) if column.align == "R" else 0
            doc.text(x + CELL_PAD_MM + doc.c_margin + offset, baseline + number * step, text)
        x += width
    doc.set_draw_color(rule[0])
    doc.set_line_width(rule[1])
    doc.line(left, top + height, left + doc.content_width, top + height)
    doc.set_xy(left, top + height)
