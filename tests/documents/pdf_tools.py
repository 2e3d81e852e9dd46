"""Reading PDFs back the way a person or a scanner would: text with pdftotext, pixels with pdftoppm."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image


def pdf_text(pdf: bytes, page: int | None = None, raw: bool = False) -> str:
    """The text of a page (or all); `raw` keeps content-stream order, which keeps rotated text together."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        pages = ["-f", str(page), "-l", str(page)] if page is not None else []
        mode = ["-raw"] if raw else []
        return subprocess.run(["pdftotext", *mode, *pages, file.name, "-"], capture_output=True, text=True,
                              check=True).stdout


def page_count(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(["pdfinfo", file.name], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def render_page(pdf: bytes, page: int = 1, dpi: int = 300) -> Image.Image:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        # PGM, not PNG: compressing a 300 dpi page costs pdftoppm five times the rendering.
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-f", str(page), "-l", str(page),
                        str(source), str(Path(folder) / "page")], check=True)
        with Image.open(Path(folder) / "page.pgm") as image:
            return image.convert("L")
