"""What the postal documents share: the postal records, when they may be printed, names for ids.

Every postal document reads `services.postal_export`, the read model behind
`pollday postal export`, so a PDF and the CSV or JSON agree figure for figure. None of
them ever prints a date of birth, a signature or anything else from the personal
identifiers record: the read model does not carry them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pollday.documents.errors import DocumentError
from pollday.documents.report_tables import NotReady
from pollday.services.election_service import ElectionService
from pollday.services.postal_export import postal_export


def postal_records_for_print(service: ElectionService, *, names_needed: bool) -> dict[str, Any]:
    """The whole postal export, refused when there is nothing to print yet or the names are gone."""
    if service.store.view().count("postal_voters") == 0:
        raise NotReady("no absent voters list has been imported yet, so there are no postal votes to report: "
                       "import it with `pollday postal import-voters`")
    records = postal_export(service)
    if names_needed and records["personal_data_purged"]:
        raise DocumentError("the postal voters' names and addresses have been purged from this database, so the "
                            "lists that name electors can no longer be printed (the figures can: try form-k)")
    return records


def contest_names(service: ElectionService) -> dict[str, str]:
    return {c["contest_id"]: c["name"] for c in service.store.view().rows("contests")}


def session_names(records: dict[str, Any]) -> dict[str, str]:
    return {s["session_id"]: s["name"] for s in records["sessions"]}


def final_figures(service: ElectionService, records: dict[str, Any], contest_ids: list[str]) -> bool:
    """Whether the postal figures of these contests can no longer change in the ordinary course:
    each contest declared and nothing awaiting the RO. Until then a document is PROVISIONAL."""
    view = service.store.view()
    declared = all(view.get("declarations", (contest_id,)) is not None for contest_id in contest_ids)
    settled = all(not k["problems"] for k in records["form_k"] if k["contest_id"] in contest_ids)
    return declared and settled


def long_date(day: date) -> str:
    """'7 May 2026', as a letter or a return gives a date."""
    return f"{day.day} {day:%B %Y}"


def yes_no(value: bool) -> str:
    return "yes" if value else "no"
