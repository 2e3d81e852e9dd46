"""Turnout through polling day as a line chart, drawn with fpdf2's lines, circles and text.

Time runs along the bottom from 07:00 to 22:00 at its true scale, so a long gap between
reporting times looks long; turnout runs up the side from 0. Each station is a thin grey
line and the overall figure a black one with its value printed at each reporting time.
"""

from __future__ import annotations

import math

from pollday.documents.base import PolldayDocument
from pollday.documents.control_room_pages import turnout
from pollday.documents.typography import FAMILY, PT_TO_MM, line_height
from pollday.domain.control_room import POLLS_CLOSE, POLLS_OPEN, parse_clock, turnout_percent
from pollday.services.control_room_records import TurnoutTable

CHART_HEIGHT_MM = 64.0
AXIS_LABEL_MM = 12.0  # room left of the plot for '40%'
STATION_GRAY = 185
GRID_GRAY = 225
LABEL_PT = 7.0
OPENS, CLOSES = f"{POLLS_OPEN:%H:%M}", f"{POLLS_CLOSE:%H:%M}"


def _minutes_of(text: str) -> int:
    moment = parse_clock(text) or POLLS_CLOSE
    return moment.hour * 60 + moment.minute


def draw_turnout_chart(doc: PolldayDocument, table: TurnoutTable) -> None:
    """The chart at the current position, the full content width, CHART_HEIGHT_MM tall."""
    top = doc.get_y() + 4
    left = doc.l_margin + AXIS_LABEL_MM
    width = doc.content_width - AXIS_LABEL_MM - 4
    height = CHART_HEIGHT_MM - 14  # the rest is axis labels and the key
    start, end = _minutes_of(OPENS), _minutes_of(CLOSES)
    station_lines = [[(s, turnout_percent(r.issued[s], r.electorate)) for s in table.times if s in r.issued]
                     for r in table.rows]
    overall = [(p.slot, p.percent) for p in table.series if p.percent is not None]
    highest = max([v for line in station_lines for _, v in line if v is not None] + [v for _, v in overall if v],
                  default=0.0)
    top_value = max(10, math.ceil(highest / 10) * 10)
    step = 10 if top_value <= 60 else 20

    def x_of(slot: str) -> float:
        return left + width * (_minutes_of(slot) - start) / (end - start)

    def y_of(value: float) -> float:
        return top + height * (1 - value / top_value)

    with doc.local_context(draw_color=GRID_GRAY, line_width=0.15, text_color=0):
        doc.set_font(FAMILY, "", LABEL_PT)
        for value in range(0, top_value + 1, step):
            doc.line(left, y_of(value), left + width, y_of(value))
            label = f"{value}%"
            doc.text(left - 1.5 - doc.get_string_width(label), y_of(value) + LABEL_PT * PT_TO_MM / 3, label)
        ticks = (OPENS, *table.times, CLOSES)
        for index, slot in enumerate(ticks):
            doc.line(x_of(slot), top, x_of(slot), top + height)
            # The first and last labels sit inside the axis ends, clear of the '0%' beside the origin.
            shift = 0.0 if index == 0 else 1.0 if index == len(ticks) - 1 else 0.5
            doc.text(x_of(slot) - doc.get_string_width(slot) * shift, top + height + line_height(LABEL_PT), slot)
    origin = (x_of(OPENS), y_of(0))
    with doc.local_context(draw_color=STATION_GRAY, line_width=0.15):
        for line in station_lines:
            points = [origin, *((x_of(s), y_of(v)) for s, v in line if v is not None)]
            if len(points) > 1:
                doc.polyline(points)
    with doc.local_context(draw_color=0, fill_color=0, line_width=0.6, text_color=0):
        points = [origin, *((x_of(s), y_of(v)) for s, v in overall if v is not None)]
        if len(points) > 1:
            doc.polyline(points)
        doc.set_font(FAMILY, "B", LABEL_PT)
        for slot, value in overall:
            if value is None:
                continue
            doc.circle(x_of(slot), y_of(value), 0.9, style="F")
            label = turnout(value)
            doc.text(x_of(slot) - doc.get_string_width(label) - 1.2, y_of(value) - 1.5, label)
    with doc.local_context(draw_color=0, line_width=0.3):
        doc.line(left, top + height, left + width, top + height)
        doc.line(left, top, left, top + height)
    _key(doc, left, top + height + line_height(LABEL_PT) + 3)
    doc.set_xy(doc.l_margin, top + CHART_HEIGHT_MM - 4)


def _key(doc: PolldayDocument, x: float, y: float) -> None:
    doc.set_font(FAMILY, "", LABEL_PT)
    with doc.local_context(draw_color=0, line_width=0.6):
        doc.line(x, y, x + 8, y)
    doc.text(x + 10, y + LABEL_PT * PT_TO_MM / 3, "all stations that reported")
    x += 14 + doc.get_string_width("all stations that reported")
    with doc.local_context(draw_color=STATION_GRAY, line_width=0.3):
        doc.line(x, y, x + 8, y)
    doc.text(x + 10, y + LABEL_PT * PT_TO_MM / 3, "one polling station")
