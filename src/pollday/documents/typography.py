"""Font family names and line heights shared by every document."""

from __future__ import annotations

FAMILY = "pollday"  # DejaVu Sans, regular and bold
MONO = "pollday-mono"  # DejaVu Sans Mono
PT_TO_MM = 25.4 / 72
LINE_SPACING = 1.3  # line height as a multiple of the font size
ELLIPSIS = "…"


def line_height(font_pt: float) -> float:
    return font_pt * PT_TO_MM * LINE_SPACING
