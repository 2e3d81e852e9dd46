"""Printing label sheets and decoding scanned images from the command line.

fpdf, PIL and the decoders are imported inside the commands: importing fpdf alone costs
about 250 ms (tech-notes trap 4), which every other pollday command would otherwise pay.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pollday.cli.common import db_option, open_service
from pollday.cli.errors import EXIT_REFUSED, CliFailure, friendly_errors
from pollday.documents.labels import DEFAULT_LAYOUTS, LabelKind
from pollday.domain.payloads import ScanReading, ScanVerdict, read_scan

if TYPE_CHECKING:
    from pollday.devices.decoders import DecodeTask, PageResult
    from pollday.devices.images import CropBox

LABEL_NOUNS = {
    LabelKind.BOXES: "ballot box labels",
    LabelKind.SEALS: "seal labels",
    LabelKind.BADGES: "staff badges",
    LabelKind.COMMANDS: "command cards",
}
# Without a database there is no election to compare the tag with: a reading against no
# election is "another election" exactly when the structure and check character are right.
_NO_ELECTION = ""
_WELL_FORMED = {ScanVerdict.VALID, ScanVerdict.OTHER_ELECTION, ScanVerdict.OTHER_MODE}


@click.command("labels")
@db_option
@click.option("--kind", type=click.Choice([k.value for k in LabelKind]), required=True,
              help="Which labels: ballot boxes, seals, staff badges or command cards.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The PDF file to write.")
@click.option("--layout", "layout_name", default=None,
              help="Label sheet layout from layouts/ (default: labels-14 for boxes and seals, labels-8 for "
                   "badges and command cards; labels-21 fits short payloads such as box labels).")
@click.option("--copies", type=click.IntRange(1, 50), default=1, show_default=True,
              help="How many of each label, side by side.")
@friendly_errors
def labels_command(db_path: Path, kind: str, out_path: Path, layout_name: str | None, copies: int) -> None:
    """Print A4 label sheets: QR code, Code128, the code in words and large print on every label."""
    from pollday.documents.errors import DocumentError
    from pollday.documents.facts import facts_from_service
    from pollday.documents.label_sheet import render_label_sheet, sheet_count
    from pollday.documents.labels import SHEET_TITLES, labels_for, repeated
    from pollday.documents.layouts import load_label_layout

    label_kind = LabelKind(kind)
    service = open_service(db_path)
    try:
        layout = load_label_layout(layout_name or DEFAULT_LAYOUTS[label_kind])
        labels = repeated(labels_for(label_kind, service), copies)
        facts = facts_from_service(service, SHEET_TITLES[label_kind], service.clock.now())
        pdf = render_label_sheet(labels, facts, layout)
    except DocumentError as error:
        raise CliFailure(str(error)) from None
    finally:
        service.close()
    out_path.write_bytes(pdf)
    pages = sheet_count(len(labels), layout)
    click.echo(f"{out_path}: {len(labels)} {LABEL_NOUNS[label_kind]} on {pages} sheet(s) of {layout.name} "
               f"({layout.document.description}), {facts.status.value}, {facts.journal_mark}")


@click.command("decode")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--decoder", "decoder_name", type=click.Choice(["auto", "zxing", "pyzbar"]), default="auto",
              show_default=True, help="auto picks zxing-cpp when it is installed, as faster and more robust.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Classify codes for this election; without it only the structure and check character are checked.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per core).")
@click.option("--layout", "layout_name", default=None,
              help="A scan layout from layouts/ whose crop zone alone is decoded, e.g. pvs-barcode-zone.")
@click.option("--dpi", type=click.IntRange(72, 1200), default=300, show_default=True,
              help="Resolution PDF pages are rendered at.")
@friendly_errors
def decode_command(paths: tuple[Path, ...], decoder_name: str, db_path: Path | None, jobs: int | None,
                   layout_name: str | None, dpi: int) -> None:
    """Decode barcodes in images, multi-page TIFFs, PDFs and folders of them: one JSON line per code.

    Pages without a code and files that cannot be read get a line too; the exit code is
    non-zero when any file could not be read.
    """
    from pollday.devices.decoders import DecoderUnavailable, decoder_named, plan_tasks
    from pollday.devices.images import collect_files

    try:
        decoder = decoder_named(decoder_name)
    except DecoderUnavailable as error:
        raise CliFailure(str(error)) from None
    classifier = _classifier(db_path)
    crop_box = _crop_box(layout_name)
    files = collect_files(paths)
    if not files:
        raise CliFailure(f"no PNG, JPEG, TIFF or PDF files in {', '.join(str(p) for p in paths)}")
    chosen = "best available" if decoder_name == "auto" else "as asked"
    click.echo(f"pollday decode: {decoder.describe()} ({chosen}), {len(files)} file(s)", err=True)

    tasks = plan_tasks(files, decoder.name, crop_box, dpi)
    failed_files: set[Path] = set()
    pages = codes = 0
    for result in _results(tasks, jobs or _cores()):
        for line in _json_lines(result, classifier):
            click.echo(json.dumps(line, ensure_ascii=False))
        if result.error is not None:
            failed_files.add(result.path)
        else:
            pages += 1
            codes += len(result.codes)
    click.echo(f"pollday decode: {codes} code(s) on {pages} page(s); {len(failed_files)} file(s) could not be read",
               err=True)
    if failed_files:
        sys.exit(EXIT_REFUSED)


@dataclass(frozen=True)
class Classification:
    reading: ScanReading
    valid: bool
    reason: str


@dataclass(frozen=True)
class ScanClassifier:
    """With an election, the verdict of read_scan; without one, the structure and check character only."""

    election_id: str | None = None
    mode: str | None = None

    def classify(self, text: str) -> Classification:
        if self.election_id is None or self.mode is None:
            # Read against no election, a code is "from another election" exactly when its
            # structure and check character are right: the one thing that can be checked here.
            reading = read_scan(text, _NO_ELECTION, "official")
            if reading.verdict in _WELL_FORMED:
                return Classification(reading, True, "structure and check character correct; election not checked "
                                                     "(no --db)")
            return Classification(reading, False, reading.reason)
        reading = read_scan(text, self.election_id, self.mode)
        return Classification(reading, reading.valid, reading.reason)


def _classifier(db_path: Path | None) -> ScanClassifier:
    if db_path is None:
        return ScanClassifier()
    service = open_service(db_path)
    try:
        election = service.election()
    finally:
        service.close()
    return ScanClassifier(election["election_id"], election["mode"])


def _crop_box(layout_name: str | None) -> CropBox | None:
    if layout_name is None:
        return None
    from pollday.devices.images import CropBox
    from pollday.documents.errors import LayoutError
    from pollday.documents.layouts import load_scan_layout

    try:
        layout = load_scan_layout(layout_name)
    except LayoutError as error:
        raise CliFailure(str(error)) from None
    zone = layout.crop
    return CropBox(zone.x_mm, zone.y_mm, zone.width_mm, zone.height_mm, layout.page.width_mm, layout.page.height_mm)


def _results(tasks: Sequence[DecodeTask], jobs: int) -> Iterator[PageResult]:
    """Page results in the order of the tasks, decoded by up to `jobs` processes."""
    from pollday.devices.decoders import PageResult, run_task

    if jobs == 1 or len(tasks) == 1:
        for task in tasks:
            yield from run_task(task)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        futures: list[Future[list[PageResult]]] = [pool.submit(run_task, task) for task in tasks]
        for task, future in zip(tasks, futures, strict=True):
            try:
                yield from future.result()
            except BrokenProcessPool:  # a decoder crashed a worker: report the file, keep the batch going
                page = task.pages[0] if task.pages and len(task.pages) == 1 else None
                yield PageResult(task.path, page, task.decoder, error="the decoder crashed on this file")


def _json_lines(result: PageResult, classifier: ScanClassifier) -> Iterator[dict[str, Any]]:
    base = {"file": str(result.path), "page": result.page}
    empty = {"symbology": None, "kind": None, "payload": None, "tag": None, "body": None, "valid": False}
    if result.error is not None:
        yield {**base, **empty, "reason": result.error, "decoder": result.decoder, "error": result.error}
        return
    if not result.codes:
        yield {**base, **empty, "reason": "no barcode found on this page", "decoder": result.decoder}
        return
    for code in result.codes:
        classification = classifier.classify(code.text)
        payload = classification.reading.payload
        yield {
            **base,
            "symbology": code.symbology,
            "kind": payload.kind.name.lower() if payload else None,
            "payload": code.text,
            "tag": payload.tag if payload else None,
            "body": payload.body if payload else None,
            "valid": classification.valid,
            "reason": classification.reason,
            "decoder": result.decoder,
            "position": [list(corner) for corner in code.position],
        }


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use, e.g. inside a container
    except AttributeError:
        return os.cpu_count() or 1
