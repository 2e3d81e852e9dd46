"""One interface over the two barcode decoders, zxing-cpp (preferred) and pyzbar.

zxing-cpp is a self-contained wheel, several times faster on a full page and reads more
damaged QR codes (tech-notes figures); pyzbar needs the system library libzbar0 (trap 3).
Both report the same `FoundCode`s, so the rest of pollday never knows which one ran.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

from pollday.devices.images import (
    DEFAULT_DPI,
    CropBox,
    ImageReadError,
    PageImage,
    crop,
    is_pdf,
    page_count,
    read_pages,
)

Corner = tuple[int, int]

# Ours (QR, Code128) and Code39, still common on printed statements. Looking for DataMatrix
# and PDF417 as well would more than double zxing-cpp's time on an A4 page (86 ms, not 41).
_ZXING_FORMATS = "QRCode,Code128,Code39"
_PYZBAR_SYMBOLS = ("QRCODE", "CODE128", "CODE39")
_SYMBOLOGY_NAMES = {"qrcode": "qr"}


def symbology_name(raw: str) -> str:
    """'QR Code', 'QRCODE', 'QRCode' -> 'qr': one spelling whichever decoder found it."""
    key = "".join(c for c in raw.lower() if c.isalnum())
    return _SYMBOLOGY_NAMES.get(key, key)


@dataclass(frozen=True)
class FoundCode:
    symbology: str  # "qr", "code128", ...
    text: str
    position: tuple[Corner, ...]  # corners in pixels of the whole page: top-left, top-right, bottom-right, bottom-left

    def moved(self, offset: Corner) -> FoundCode:
        dx, dy = offset
        return FoundCode(self.symbology, self.text, tuple((x + dx, y + dy) for x, y in self.position))


class Decoder(Protocol):
    name: str

    def describe(self) -> str: ...

    def decode(self, image: Image.Image) -> list[FoundCode]: ...


class DecoderUnavailable(Exception):
    """A decoder that cannot run here; the message says what to install."""


class ZxingDecoder:
    name = "zxing"

    def __init__(self) -> None:
        try:
            import zxingcpp
        except ImportError as error:
            raise DecoderUnavailable(f"zxing-cpp is not installed ({error}): pip install zxing-cpp") from None
        self._zxing: Any = zxingcpp

    def describe(self) -> str:
        return f"zxing-cpp {_package_version('zxing-cpp')}"

    def decode(self, image: Image.Image) -> list[FoundCode]:
        # Made for each call: a zxing object kept for the life of the process is reported as a leak at exit.
        formats = self._zxing.barcode_formats_from_str(_ZXING_FORMATS)
        # Labels and statements are dark on light: skipping the inverted pass saves about a third.
        found = self._zxing.read_barcodes(image, formats=formats, try_invert=False)
        return [
            FoundCode(
                symbology_name(code.format.name),
                code.text,
                tuple((corner.x, corner.y) for corner in (code.position.top_left, code.position.top_right,
                                                          code.position.bottom_right, code.position.bottom_left)),
            )
            for code in found
        ]


class PyzbarDecoder:
    name = "pyzbar"

    def __init__(self) -> None:
        try:
            from pyzbar import pyzbar
        except ImportError as error:  # also raised when the zbar shared library is missing
            raise DecoderUnavailable(
                f"pyzbar cannot run ({error}): install the zbar library (apt-get install libzbar0) and pyzbar"
            ) from None
        self._pyzbar: Any = pyzbar
        self._symbols = [pyzbar.ZBarSymbol[name] for name in _PYZBAR_SYMBOLS]

    def describe(self) -> str:
        return f"pyzbar {_package_version('pyzbar')} (zbar)"

    def decode(self, image: Image.Image) -> list[FoundCode]:
        found = self._pyzbar.decode(image, symbols=self._symbols)
        codes = []
        for code in found:
            left, top, width, height = code.rect
            corners = ((left, top), (left + width, top), (left + width, top + height), (left, top + height))
            codes.append(FoundCode(symbology_name(code.type), code.data.decode("utf-8", "replace"), corners))
        return codes


DECODERS: dict[str, Callable[[], Decoder]] = {  # in order of preference
    ZxingDecoder.name: ZxingDecoder,
    PyzbarDecoder.name: PyzbarDecoder,
}
AUTO = "auto"


def available_decoders() -> list[str]:
    """Names of the decoders that can run here, best first."""
    names = []
    for name, make in DECODERS.items():
        try:
            make()
        except DecoderUnavailable:
            continue
        names.append(name)
    return names


def best_decoder() -> Decoder:
    problems = []
    for make in DECODERS.values():
        try:
            return make()
        except DecoderUnavailable as error:
            problems.append(str(error))
    raise DecoderUnavailable("no barcode decoder can run here: " + "; ".join(problems))


def decoder_named(name: str) -> Decoder:
    """'auto' for the best available, or 'zxing' / 'pyzbar'."""
    if name == AUTO:
        return best_decoder()
    if name not in DECODERS:
        raise DecoderUnavailable(f"unknown decoder '{name}': choose {AUTO}, {', '.join(DECODERS)}")
    return DECODERS[name]()


def decode_page(decoder: Decoder, page: PageImage, crop_box: CropBox | None = None) -> list[FoundCode]:
    zone, offset = crop(page.image, crop_box)
    return [code.moved(offset) for code in decoder.decode(zone)]


# --- batches: what one worker process does -----------------------------------------------


@dataclass(frozen=True)
class DecodeTask:
    """Some pages of one file for one worker. Plain data, so it crosses to worker processes."""

    path: Path
    pages: tuple[int, ...] | None  # None: every page
    decoder: str
    crop: CropBox | None = None
    dpi: int = DEFAULT_DPI


@dataclass(frozen=True)
class PageResult:
    path: Path
    page: int | None  # None when the file could not be opened at all
    decoder: str
    codes: tuple[FoundCode, ...] = ()
    error: str | None = None


def plan_tasks(files: Iterable[Path], decoder: str, crop_box: CropBox | None = None,
               dpi: int = DEFAULT_DPI) -> list[DecodeTask]:
    """One task per page of a PDF or multi-page TIFF, so that the pages of one big batch file
    spread over the workers; one task per single image."""
    tasks = []
    for path in files:
        try:
            count = page_count(path)
        except ImageReadError:
            tasks.append(DecodeTask(path, None, decoder, crop_box, dpi))  # its worker reports the error
            continue
        if count == 1 and not is_pdf(path):
            tasks.append(DecodeTask(path, None, decoder, crop_box, dpi))
        else:
            tasks.extend(DecodeTask(path, (number,), decoder, crop_box, dpi) for number in range(1, count + 1))
    return tasks


def run_task(task: DecodeTask) -> list[PageResult]:
    """Decode the task's pages; a file that cannot be read gives a result with the error, never an exception."""
    decoder = decoder_named(task.decoder)
    results: list[PageResult] = []
    try:
        for page in read_pages(task.path, task.pages, task.dpi):
            codes = tuple(decode_page(decoder, page, task.crop))
            results.append(PageResult(task.path, page.page, decoder.name, codes))
    except ImageReadError as error:
        failed_page = (task.pages[0] if task.pages and len(task.pages) == 1 else None)
        results.append(PageResult(task.path, failed_page, decoder.name, error=str(error)))
    return results


def _package_version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "(version unknown)"
