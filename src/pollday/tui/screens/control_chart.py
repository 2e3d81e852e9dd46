"""Turnout through the day as columns of Unicode blocks: the whole area, and one station beside it.

Drawn as text so it needs nothing beyond Textual and looks the same over SSH and in a
browser. Each reporting time is a pair of columns in eighths of a cell; the scale runs to
the next 10% above the highest figure, because a chart that always ran to 100% would make
a 40% day look like nothing happened.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text

EIGHTHS = " ▁▂▃▄▅▆▇█"
AREA_STYLE = "#5fafff"
STATION_STYLE = "#ffd75f"
AXIS_WIDTH = 5  # "100%" and the axis line


def scale_top(values: Sequence[float | None]) -> float:
    highest = max((v for v in values if v is not None), default=0.0)
    return max(10.0, math.ceil((highest + 0.01) / 10) * 10)


def _cell(value: float | None, top: float, height: int, row: int) -> str:
    """The block for `row` (0 at the bottom) of a column `value` high, in a chart `height` rows tall."""
    if value is None:
        return " "
    eighths = round(value / top * height * 8)
    filled = min(8, max(0, eighths - row * 8))
    return EIGHTHS[filled]


def turnout_chart(slots: Sequence[str], area: Sequence[float | None], station: Sequence[float | None] | None,
                  height: int, width: int) -> Text:
    """`height` rows of columns, then the times, then the area's percentages under them."""
    top = scale_top([*area, *(station or [])])
    slot_width = max(3, min(8, (width - AXIS_WIDTH) // max(1, len(slots))))
    bar = 2 if station is not None and slot_width >= 6 else max(1, slot_width - 2)
    lines: list[Text] = []
    for row in reversed(range(height)):
        label = f"{top:.0f}%" if row == height - 1 else ("0%" if row == 0 else "")
        line = Text(f"{label:>4}│", style="#c0c0c0")
        for index in range(len(slots)):
            column = Text(" ")
            column.append(_cell(area[index], top, height, row) * bar, style=AREA_STYLE)
            if station is not None and slot_width >= 6:
                column.append(_cell(station[index], top, height, row) * bar, style=STATION_STYLE)
            line.append_text(column)
            line.append(" " * max(0, slot_width - column.cell_len))
        lines.append(line)
    times = Text(" " * AXIS_WIDTH)
    figures = Text(" " * AXIS_WIDTH)
    for index, slot in enumerate(slots):
        name = slot if slot_width >= 6 else slot[:2]
        times.append(f"{name:<{slot_width}}"[:slot_width], style="bold")
        value = area[index]
        figures.append(f"{'-' if value is None else f'{value:.1f}':<{slot_width}}"[:slot_width], style=AREA_STYLE)
    return Text("\n").join([*lines, times, figures])


def legend(station_name: str | None) -> Text:
    text = Text("█", style=AREA_STYLE)
    text.append(" all stations reporting (% under each time)")
    if station_name:
        text.append("  ")
        text.append("█", style=STATION_STYLE)
        text.append(f" {station_name}")
    return text
