"""Scanned pages for barcode decoding: PNG, JPEG, TIFF (every page) and PDF (via pdftoppm).

Every page comes out as an 8-bit grayscale image: both decoders binarise anyway, and
grayscale is a third of the memory of an RGB A4 page at 300 dpi. A crop box, from a
scan layout, keeps only a zone of the page (e.g. the barcode zone of a postal voting
statement), which is faster to decode and ignores other codes on the page.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})
PDF_SUFFIX = ".pdf"
SUPPORTED_SUFFIXES = IMAGE_SUFFIXES | {PDF_SUFFIX}
DEFAULT_DPI = 300  # Code128 at a 0.33 mm module needs 300 dpi (tech-notes trap 6)
POPPLER_TIMEOUT_S = 300  # one page of a damaged PDF must not hang a whole batch
POPPLER_MISSING = "reading PDF files needs pdftoppm and pdfinfo: install poppler-utils (apt-get install poppler-utils)"
_PAGE_NUMBER = re.compile(r"-(\d+)\.pgm$")


class ImageReadError(Exception):
    """A file that cannot be read as pages; the message says which and why."""


@dataclass(frozen=True)
class CropBox:
    """A zone of the page in millimetres from its top-left corner, scaled to each image's size."""

    x_mm: float
    y_mm: float
    width_mm: float
    height_mm: float
    page_width_mm: float
    page_height_mm: float

    def pixels(self, size: tuple[int, int]) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) in pixels of an image of the whole page, whatever its resolution."""
        width, height = size
        scale_x, scale_y = width / self.page_width_mm, height / self.page_height_mm
        left = max(0, round(self.x_mm * scale_x))
        top = max(0, round(self.y_mm * scale_y))
        right = min(width, round((self.x_mm + self.width_mm) * scale_x))
        bottom = min(height, round((self.y_mm + self.height_mm) * scale_y))
        return left, top, max(left + 1, right), max(top + 1, bottom)


@dataclass(frozen=True)
class PageImage:
    path: Path
    page: int  # from 1
    image: Image.Image  # mode "L"


def collect_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the supported files inside folders named (recursively, sorted, hidden ones skipped).

    A file named explicitly is kept whatever its suffix or existence, so that its problem is reported.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found


def is_pdf(path: Path) -> bool:
    return path.suffix.lower() == PDF_SUFFIX


def page_count(path: Path) -> int:
    if is_pdf(path):
        return _pdf_page_count(path)
    with _open_image(path) as image:
        return getattr(image, "n_frames", 1)


def read_pages(path: Path, pages: Sequence[int] | None = None, dpi: int = DEFAULT_DPI) -> Iterator[PageImage]:
    """The pages of a file (all, or those numbered in `pages`), one at a time."""
    if is_pdf(path):
        yield from _pdf_pages(path, pages, dpi)
        return
    wanted = set(pages) if pages is not None else None
    with _open_image(path) as image:
        number = 0
        frames = ImageSequence.Iterator(image)
        while True:
            try:
                frame = next(frames)
            except StopIteration:
                return
            except (OSError, EOFError, ValueError) as error:
                raise ImageReadError(f"{path}: page {number + 1} is damaged: {error}") from None
            number += 1
            if wanted is None or number in wanted:
                yield PageImage(path, number, _grayscale(path, frame))


def crop(image: Image.Image, box: CropBox | None) -> tuple[Image.Image, tuple[int, int]]:
    """The zone of the page to decode, and its offset in the page (to report positions on the page)."""
    if box is None:
        return image, (0, 0)
    left, top, right, bottom = box.pixels(image.size)
    return image.crop((left, top, right, bottom)), (left, top)


def _open_image(path: Path) -> Image.Image:
    try:
        return Image.open(path)
    except FileNotFoundError:
        raise ImageReadError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImageReadError(f"{path}: is a folder") from None
    except UnidentifiedImageError:
        raise ImageReadError(f"{path}: not a PNG, JPEG, TIFF or PDF file, or damaged") from None
    except (OSError, Image.DecompressionBombError) as error:
        raise ImageReadError(f"{path}: cannot be read: {error}") from None


def _grayscale(path: Path, frame: Image.Image) -> Image.Image:
    try:
        frame = ImageOps.exif_transpose(frame) or frame  # phone photos are stored sideways with a rotation tag
        if frame.mode in ("I", "I;16", "I;16B", "I;16L"):  # 16-bit scans: keep the top 8 bits, not clip at 255
            return frame.convert("I").point(lambda value: value / 256).convert("L")
        return frame.convert("L")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ImageReadError(f"{path}: damaged image data: {error}") from None


def _run_poppler(arguments: list[str], path: Path) -> str:
    try:
        done = subprocess.run(arguments, capture_output=True, text=True, timeout=POPPLER_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise ImageReadError(POPPLER_MISSING) from None
    except subprocess.TimeoutExpired:
        raise ImageReadError(f"{path}: {arguments[0]} took more than {POPPLER_TIMEOUT_S} s: damaged PDF?") from None
    if done.returncode != 0:
        detail = next((line for line in done.stderr.splitlines() if line.strip()), f"exit code {done.returncode}")
        raise ImageReadError(f"{path}: not a readable PDF ({detail})")
    return done.stdout


def _pdf_page_count(path: Path) -> int:
    if not path.is_file():
        raise ImageReadError(f"{path}: no such file")
    info = _run_poppler(["pdfinfo", str(path)], path)
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    if match is None:
        raise ImageReadError(f"{path}: not a readable PDF (pdfinfo gives no page count)")
    return int(match.group(1))


def _pdf_pages(path: Path, pages: Sequence[int] | None, dpi: int) -> Iterator[PageImage]:
    numbers = sorted(set(pages)) if pages is not None else list(range(1, _pdf_page_count(path) + 1))
    with tempfile.TemporaryDirectory(prefix="pollday-pdf-") as folder:
        for number in numbers:  # one page at a time: a 300-page batch never fills the disk or memory
            prefix = Path(folder) / "page"
            # Uncompressed PGM: writing a 300 dpi page as PNG costs pdftoppm five times the rendering.
            _run_poppler(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(number), "-l", str(number),
                          str(path), str(prefix)], path)
            rendered = sorted(Path(folder).glob("page-*.pgm"))
            if not rendered:
                raise ImageReadError(f"{path}: page {number} could not be rendered")
            for pgm in rendered:
                match = _PAGE_NUMBER.search(pgm.name)
                with Image.open(pgm) as image:
                    yield PageImage(path, int(match.group(1)) if match else number, image.convert("L"))
                pgm.unlink()
