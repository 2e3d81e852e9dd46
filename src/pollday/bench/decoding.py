"""decode_pages_per_s: reading labels back from A4 scans, zxing-cpp and pyzbar side by side.

The ballot box label sheet of the 1x election is rendered once with pdftoppm at 300 dpi
(as `pollday decode` renders a PDF), then each decoder reads whole pages and single-label
crops, in this process and then with one worker process per core. Every decode is
checked against the payloads printed, so a fast decoder that misses codes shows it.

There is no floor for a single decode: the decoders are the work, and the two libraries
side by side are each other's reference. The all-cores figures have as floor perfect
scaling of the single-process rate.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image

from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.bench.elections import count_night_clock
from pollday.devices.decoders import DECODERS, Decoder, DecoderUnavailable, decoder_named
from pollday.devices.images import DEFAULT_DPI, CropBox, ImageReadError, crop, read_pages
from pollday.documents.facts import facts_from_service
from pollday.documents.labels import DEFAULT_LAYOUTS, SHEET_TITLES, LabelKind, labels_for
from pollday.documents.layouts import LabelLayout, load_label_layout
from pollday.services.election_service import ElectionService

NO_FLOOR = "the decoder is the work: pyzbar and zxing-cpp side by side are each other's reference"
SCALING_FLOOR = "perfect scaling: the single-process rate times the worker processes"
CODES_PER_LABEL = 2  # a QR code and a Code128


@dataclass(frozen=True)
class Scans:
    pages: list[Image.Image]
    page_files: list[Path]  # the same pages as PGM files, for the worker processes
    expected: list[set[str]]  # the payloads printed on each page
    crops: list[Image.Image]  # one per label of the first page
    crop_boxes: list[CropBox]
    crop_payloads: list[str]


def figure(ctx: BenchContext) -> figures.Figure:
    try:
        scans = _render(ctx)
    except ImageReadError as error:  # poppler-utils missing: a machine problem, not a bench failure
        return figures.skipped(str(error), unit="pages/s")
    parts: dict[str, figures.Figure] = {}
    for name in DECODERS:
        try:
            decoder = decoder_named(name)
        except DecoderUnavailable as error:
            for part in ("page", "crop", "page_all_cores", "crop_all_cores"):
                parts[f"{name}_{part}"] = figures.skipped(str(error), unit="ms")
            continue
        page = _single(decoder, scans.pages, scans.expected, ctx.size.decode_pages, "A4 page at 300 dpi")
        label = _single(decoder, scans.crops, [{payload} for payload in scans.crop_payloads], ctx.size.decode_crops,
                        "single-label crop")
        parts[f"{name}_page"] = page
        parts[f"{name}_crop"] = label
        parallel = _all_cores(scans, name, {"page": (ctx.size.decode_parallel_pages, page["per_s"]),
                                            "crop": (ctx.size.decode_crops, label["per_s"])})
        parts.update({f"{name}_{kind}_all_cores": result for kind, result in parallel.items()})
    return figures.composite(parts, unit="pages/s", notes=f"{len(scans.pages)} label sheet pages, {DEFAULT_DPI} dpi")


def _render(ctx: BenchContext) -> Scans:
    from pollday.documents.label_sheet import render_label_sheet, sheet_count  # imports fpdf: only when used

    layout = load_label_layout(DEFAULT_LAYOUTS[LabelKind.BOXES])
    service = ElectionService.open(ctx.elections.get(1, ctx.size.late_stage).path, clock=count_night_clock())
    try:
        labels = labels_for(LabelKind.BOXES, service)
        facts = facts_from_service(service, SHEET_TITLES[LabelKind.BOXES], service.clock.now())
        pdf = ctx.scratch("labels.pdf")
        pdf.write_bytes(render_label_sheet(labels, facts, layout))
    finally:
        service.close()
    wanted = min(sheet_count(len(labels), layout), max(ctx.size.decode_pages, ctx.size.decode_parallel_pages))
    pages = [page.image for page in read_pages(pdf, range(1, wanted + 1), DEFAULT_DPI)]
    per_sheet = layout.sheet.per_sheet
    expected = [{label.payload for label in labels[n * per_sheet:(n + 1) * per_sheet]} for n in range(len(pages))]
    page_files = []
    for number, image in enumerate(pages, start=1):
        path = ctx.scratch(f"label-page-{number}.pgm")
        image.save(path)
        page_files.append(path)
    boxes = _label_boxes(layout, len(expected[0]))
    return Scans(pages, page_files, expected, [crop(pages[0], box)[0] for box in boxes], boxes,
                 [label.payload for label in labels[: len(boxes)]])


def _label_boxes(layout: LabelLayout, count: int) -> list[CropBox]:
    sheet, page = layout.sheet, layout.document.page
    boxes = []
    for index in range(count):
        x, y = sheet.origin_of(index)
        boxes.append(CropBox(x, y, sheet.label_width_mm, sheet.label_height_mm, page.width_mm, page.height_mm))
    return boxes


def _single(decoder: Decoder, images: Sequence[Image.Image], expected: Sequence[set[str]], count: int,
            what: str) -> figures.Figure:
    decoder.decode(images[0])  # the first call loads the library's tables: not a scan's cost
    samples, found, wanted = [], 0, 0
    for number in range(count):
        index = number % len(images)
        started = time.perf_counter()
        codes = decoder.decode(images[index])
        samples.append((time.perf_counter() - started) * 1000)
        found += len({(code.text, code.symbology) for code in codes if code.text in expected[index]})
        wanted += len(expected[index]) * CODES_PER_LABEL
    total_s = sum(samples) / 1000
    return figures.latency(samples, floor_reason=NO_FLOOR, per_s=figures.rounded(count / total_s),
                           codes_found=found, codes_printed=wanted,
                           notes=f"{decoder.describe()}, {what}, one process")


def _all_cores(scans: Scans, decoder: str, work: dict[str, tuple[int, float]]) -> dict[str, figures.Figure]:
    """For each kind ("page", "crop"): decode `count` of them with one worker per core, against
    perfect scaling of the single-process rate."""
    workers = os.cpu_count() or 1
    context = multiprocessing.get_context("spawn")
    results = {}
    with context.Pool(workers, initializer=_load, initargs=(scans.page_files, scans.crop_boxes, decoder)) as pool:
        # One slow task per worker first, so every worker has loaded its pages before the clock starts.
        pool.map(_settle, range(workers), chunksize=1)
        for kind, (count, single_rate) in work.items():
            size = len(scans.page_files) if kind == "page" else len(scans.crop_boxes)
            started = time.perf_counter()
            found = pool.map(_decode_one, [(kind, number % size) for number in range(count)], chunksize=1)
            rate = count / (time.perf_counter() - started)
            results[kind] = figures.value(
                rate, unit=f"{kind}s/s", n=count,
                floor=figures.floor_value(SCALING_FLOOR, single_rate * workers, f"{kind}s/s"),
                codes_found=sum(found), workers=workers,
                notes=f"{decoder}, {count} {kind}s over {workers} worker processes (spawned, pages preloaded)")
    return results


# --- in the worker processes -----------------------------------------------------------------

_worker: dict[str, Any] = {}


def _load(page_files: list[Path], crop_boxes: list[CropBox], decoder: str) -> None:
    pages = []
    for path in page_files:
        with Image.open(path) as image:
            pages.append(image.convert("L"))
    _worker["page"] = pages
    _worker["crop"] = [crop(pages[0], box)[0] for box in crop_boxes]
    _worker["decoder"] = decoder_named(decoder)
    _worker["decoder"].decode(_worker["crop"][0])


def _settle(_: int) -> int:
    time.sleep(0.2)
    return os.getpid()


def _decode_one(task: tuple[str, int]) -> int:
    kind, index = task
    return len(_worker["decoder"].decode(_worker[kind][index]))
