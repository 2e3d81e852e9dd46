"""The tendered verification statement (D1), for one contest (reference §1.4 C, §2.5).

Per polling station: the tendered ballot papers received, issued, spoilt and unused as the
presiding officer's BPA gives them, and the number of entries on the tendered votes list,
which should equal the papers issued. Tendered papers are never counted as votes and
their packet stays sealed, so these figures stand apart from the verification statement.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pollday.documents.facts import facts_from_service
from pollday.documents.layouts import DocumentLayout
from pollday.documents.report_tables import (
    NONE,
    RenderedDocument,
    finish_document,
    note,
    require_contest,
    returning_officer,
    signed,
    start_document,
    system_sign_off,
    whole,
)
from pollday.documents.tables import Column, Row, draw_table
from pollday.domain.ordering import natural_key
from pollday.domain.verification import effective_bpa
from pollday.services.election_service import ElectionService

TITLE = "Tendered ballot papers: verification statement"
COLUMNS = (
    Column("Polling station", 60),
    Column("Received", 19, "R"),
    Column("Issued (BPA)", 19, "R"),
    Column("Spoilt", 17, "R"),
    Column("Unused", 17, "R"),
    Column("Entries on tendered votes list", 24, "R"),
    Column("List less issued", 20, "R"),
)
FIGURES = ("tendered_received", "tendered_issued", "tendered_spoilt", "tendered_unused", "tendered_list_entries")


def tendered_rows(service: ElectionService, contest_id: str) -> list[dict[str, Any]]:
    """Per station of the contest, its tendered figures from the BPA verification uses (None without one)."""
    require_contest(service, contest_id)
    view = service.store.view()
    station_ids = sorted({b["station_id"] for b in view.rows("boxes", contest_id=contest_id)}, key=natural_key)
    rows = []
    for station_id in station_ids:
        station = view.get("stations", (station_id,))
        bpa, keying_differs = effective_bpa(view, station_id, contest_id)
        rows.append({
            "station_id": station_id,
            "label": f"Station {station_id} {station['name'] if station else ''}".strip(),
            "figures": {name: bpa[name] for name in FIGURES} if bpa else None,
            "keying_differs": keying_differs,
        })
    return rows


def render_tendered_statement(service: ElectionService, contest_id: str, generated_at: datetime,
                              layout: DocumentLayout | None = None) -> RenderedDocument:
    stations = tendered_rows(service, contest_id)
    view = service.store.view()
    signed_off = view.get("contest_verification", (contest_id,))
    is_signed = bool(signed_off and signed_off["signed_off"])
    facts = facts_from_service(service, TITLE, generated_at, contest_id=contest_id, final=is_signed)
    doc = start_document(facts, layout)
    election = service.election()

    doc.paragraph("Per polling station, the tendered ballot papers accounted for on the ballot paper account (BPA) "
                  "and the entries on the tendered votes list. Tendered ballot papers are not counted as votes: "
                  "their packet stays sealed and is not opened at the count.")
    rows = [_station_row(s) for s in stations]
    totals = {name: sum(s["figures"][name] for s in stations if s["figures"]) for name in FIGURES}
    rows.append(Row([
        f"Total ({len(stations)} stations)", *(whole(totals[name]) for name in FIGURES),
        signed(totals["tendered_list_entries"] - totals["tendered_issued"]),
    ], bold=True, rule_above=True))
    draw_table(doc, COLUMNS, rows)
    problems = [f"{s['label']}: {problem}" for s in stations for problem in station_problems(s)]
    if problems:
        doc.heading("To look at")
        for problem in problems:
            doc.paragraph(problem)
    note(doc, "Received = issued + spoilt + unused. Each tendered paper issued has one entry on the tendered votes "
              "list, so the list less the papers issued should be 0.")
    if is_signed and signed_off and signed_off["signed_off_by"] and signed_off["signed_off_at"]:
        doc.signature_blocks([system_sign_off(view, election, signed_off["signed_off_by"],
                                              signed_off["signed_off_at"])])
    else:
        doc.signature_blocks([(returning_officer(election), None)])
    return finish_document(doc)


def _station_row(station: dict[str, Any]) -> Row:
    figures = station["figures"]
    if figures is None:
        return Row([station["label"], NONE, NONE, NONE, NONE, NONE, NONE])
    difference = figures["tendered_list_entries"] - figures["tendered_issued"]
    return Row([station["label"], *(whole(figures[name]) for name in FIGURES), signed(difference)])


def station_problems(station: dict[str, Any]) -> list[str]:
    """What a supervisor should look at before the statement is signed: missing or unbalanced figures."""
    figures = station["figures"]
    if figures is None:
        if station["keying_differs"]:
            return ["the BPA was keyed twice with different figures; its tendered figures are not in the totals"]
        return ["no BPA yet; its tendered figures are not in the totals"]
    problems = []
    accounted = figures["tendered_issued"] + figures["tendered_spoilt"] + figures["tendered_unused"]
    if accounted != figures["tendered_received"]:
        problems.append(f"tendered papers issued + spoilt + unused = {whole(accounted)}, but "
                        f"{whole(figures['tendered_received'])} were received")
    if figures["tendered_list_entries"] != figures["tendered_issued"]:
        problems.append(f"the tendered votes list has {whole(figures['tendered_list_entries'])} entries but the "
                        f"BPA shows {whole(figures['tendered_issued'])} tendered papers issued")
    return problems
