"""Finding the DejaVu TTF fonts: fpdf2's core fonts are Latin-1 only (tech-notes trap 4).

Candidate and staff names such as "Nguyễn Thảo" must print, so every document embeds
DejaVu Sans. POLLDAY_FONT_DIR points at another folder holding the same files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pollday.documents.errors import FontNotFound

FONT_FILES = {
    "regular": "DejaVuSans.ttf",
    "bold": "DejaVuSans-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",  # payload text: a dotted zero never reads as the letter O
}
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu"),  # Fedora, Arch
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/opt/homebrew/share/fonts"),
    Path.home() / "Library" / "Fonts",
)


@dataclass(frozen=True)
class FontFiles:
    regular: Path
    bold: Path
    mono: Path


def find_fonts() -> FontFiles:
    override = os.environ.get("POLLDAY_FONT_DIR")
    folders = (Path(override),) if override else FONT_DIRS
    for folder in folders:
        paths = {role: folder / name for role, name in FONT_FILES.items()}
        if all(path.is_file() for path in paths.values()):
            return FontFiles(**paths)
    where = f"POLLDAY_FONT_DIR={override}" if override else ", ".join(str(f) for f in FONT_DIRS)
    raise FontNotFound(
        f"the DejaVu Sans fonts ({', '.join(FONT_FILES.values())}) were not found in {where}: "
        "install them (Debian: apt-get install fonts-dejavu-core) or set POLLDAY_FONT_DIR to their folder"
    )
