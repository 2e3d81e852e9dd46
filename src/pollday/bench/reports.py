"""report_ms: building the PDFs staff wait for on the night, with the DejaVu (Unicode) fonts.

- the declaration of result (`pollday.documents.declaration`), for the demo's largest
  contest at the declared stage; goal under 300 ms (full size only: smoke builds no
  declared election);
- the verification statement (`pollday.documents.verification_statement`), for the
  largest contest at the size's late stage (verified; boxes-arriving at smoke size);
- the ballot box label sheet for every box, at each scale.

A document module that does not exist yet is reported as not built. The floor is one
A4 page with pollday's furniture and title block and nothing else: the cost of the
fonts and the page itself, which every document pays per page.
"""

from __future__ import annotations

import importlib
import importlib.util
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.bench.elections import count_night_clock
from pollday.documents.facts import facts_from_service
from pollday.documents.labels import DEFAULT_LAYOUTS, SHEET_TITLES, LabelKind, labels_for
from pollday.documents.layouts import load_document_layout, load_label_layout
from pollday.services.election_service import ElectionService

DECLARATION_GOAL = "p99 < 300 ms with a Unicode font"
LARGE_SHEET_REPEATS = 3  # a 10x label sheet is ~45 pages: a few samples say enough


def figure(ctx: BenchContext) -> figures.Figure:
    repeats = ctx.size.document_repeats
    parts = {
        "declaration": figures.attempt(partial(_declaration, ctx, repeats), unit="ms", goal=DECLARATION_GOAL),
        "verification_statement": figures.attempt(partial(
            _optional_document, ctx, "pollday.documents.verification_statement", "render_verification_statement",
            ctx.size.late_stage, repeats, None), unit="ms"),
    }
    for scale in ctx.size.scales:
        sheets = repeats if scale == 1 else min(repeats, LARGE_SHEET_REPEATS)
        parts[f"label_sheet_{scale}x"] = figures.attempt(partial(_label_sheet, ctx, scale, sheets), unit="ms")
    return figures.composite(parts, unit="ms", goal=DECLARATION_GOAL)


def _declaration(ctx: BenchContext, repeats: int) -> figures.Figure:
    module = "pollday.documents.declaration"
    if importlib.util.find_spec(module) is None:
        return figures.not_built(module, unit="ms", goal=DECLARATION_GOAL)
    if ctx.size.declaration_stage is None:
        return figures.skipped(f"the {ctx.size.name} size builds no declared election: run --size full", unit="ms",
                               goal=DECLARATION_GOAL)
    return _optional_document(ctx, module, "render_declaration", ctx.size.declaration_stage, repeats,
                              DECLARATION_GOAL)


def _optional_document(ctx: BenchContext, module_name: str, function: str, stage: str, repeats: int,
                       goal: str | None) -> figures.Figure:
    if importlib.util.find_spec(module_name) is None:
        return figures.not_built(module_name, unit="ms", goal=goal)
    render: Callable[[ElectionService, str, datetime], Any] = getattr(importlib.import_module(module_name), function)
    service = ElectionService.open(ctx.elections.get(1, stage).path, clock=count_night_clock())
    try:
        view = service.store.view()
        contest_id = max((row["contest_id"] for row in view.rows("contests")),
                         key=lambda contest: view.count("boxes", contest_id=contest))
        boxes = view.count("boxes", contest_id=contest_id)
        at = service.clock.now()
        samples, pages = [], 0
        for _ in range(repeats):
            started = time.perf_counter()
            pages = render(service, contest_id, at).pages
            samples.append((time.perf_counter() - started) * 1000)
        floor = _page_floor(service, repeats)
    finally:
        service.close()
    met = figures.percentile(samples, 0.99) < 300 if goal else None
    return figures.latency(samples, floor=floor, goal=goal, goal_met=met, pages=pages, boxes=boxes,
                           notes=f"{module_name}.{function} for {contest_id} ({boxes} boxes) at the 1x {stage} stage")


def _label_sheet(ctx: BenchContext, scale: int, repeats: int) -> figures.Figure:
    from pollday.documents.label_sheet import render_label_sheet, sheet_count  # imports fpdf: only when used

    stage = ctx.size.late_stage
    service = ElectionService.open(ctx.elections.get(scale, stage).path, clock=count_night_clock())
    try:
        layout = load_label_layout(DEFAULT_LAYOUTS[LabelKind.BOXES])
        samples, labels = [], 0
        for _ in range(repeats):
            started = time.perf_counter()
            contents = labels_for(LabelKind.BOXES, service)
            facts = facts_from_service(service, SHEET_TITLES[LabelKind.BOXES], service.clock.now())
            render_label_sheet(contents, facts, layout)
            samples.append((time.perf_counter() - started) * 1000)
            labels = len(contents)
        floor = _page_floor(service, repeats)
    finally:
        service.close()
    pages = sheet_count(labels, layout)
    return figures.latency(samples, floor=floor, pages=pages, labels=labels,
                           ms_per_page=figures.rounded(statistics.median(samples) / pages),
                           notes=f"{labels} ballot box labels on {pages} A4 sheets of {layout.name}, {scale}x {stage}")


def _page_floor(service: ElectionService, repeats: int) -> dict[str, Any]:
    from pollday.documents.base import PolldayDocument  # imports fpdf: only when used

    layout = load_document_layout()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        doc = PolldayDocument(facts_from_service(service, "Floor", service.clock.now()), layout)
        doc.add_page()
        doc.title_block()
        doc.to_bytes()
        samples.append((time.perf_counter() - started) * 1000)
    return figures.floor_samples("one A4 page with pollday's furniture and title block, DejaVu fonts", samples)
