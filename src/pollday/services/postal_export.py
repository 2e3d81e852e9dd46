"""Postal records for exports and documents: the statutory lists, notices, Form K, EC statistics.

One read model for the CSV and JSON exports now and the PDFs later. Lists 3 and 4, the
marked list and the notices never carry a ballot paper number (reference §9.3 item 14).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from pollday.domain.postal import IdentifierReason, notices_due_by
from pollday.domain.postal_figures import (
    FORM_K_CAVEAT,
    PostalBook,
    all_contest_figures,
    ec_statistics,
    form_k_lines,
    hand_in_totals,
    list_four,
    list_one,
    list_three,
    list_two,
    load_book,
    marked_list,
    session_summaries,
)
from pollday.domain.postal_stations import all_station_differences
from pollday.services.election_service import ElectionService

LIST_NAMES = ("1", "2", "3", "4", "marked", "form-k", "ec-stats", "notices", "sessions", "hand-ins")
_HAND_IN_COLUMNS = (
    "reference", "station_id", "location", "own_vote", "others", "proxy_votes", "campaigner",
    "relatives_or_cared_for", "form_complete", "left_behind", "wrong_area", "accepted_own", "accepted_proxy",
    "accepted_others", "rejected_own", "rejected_proxy", "rejected_others", "rejected_left_behind", "reasons",
    "outcome", "opened", "at",
)
_FRESH_SIGNATURE = {IdentifierReason.SIGNATURE_MISMATCH.value}  # the follow-up is for mismatches (§5.6)


def rejection_notices(book: PostalBook, poll_date: date) -> tuple[list[dict[str, Any]], int]:
    """(the letters the ERO must send, how many were withheld because an offence is suspected).

    Third-list voters are told, and the elector too where the voter was their proxy; at
    a UK Parliamentary election the fourth list is told as well (reference §5.6). A
    letter names the specified reasons only: no identifiers, no ballot paper number.
    """
    due = notices_due_by(poll_date).isoformat()
    parliamentary = any(c["kind"] == "parl" for c in book.contests)
    sources = [(3, row) for row in list_three(book)] + ([(4, row) for row in list_four(book)] if parliamentary else [])
    letters: list[dict[str, Any]] = []
    withheld = 0
    for list_number, row in sources:
        if row["suspected_offence"]:
            withheld += 1
            continue
        recipients = [("elector", row["name"], row["address"])]
        if row["proxy_name"]:
            recipients.insert(0, ("proxy", row["proxy_name"], row["proxy_address"]))
        for recipient, name, address in recipients:
            letters.append({
                "letter_id": f"L{list_number}-{row['elector_number']}-{recipient}",
                "list": list_number, "elector_number": row["elector_number"], "recipient": recipient,
                "recipient_name": name, "recipient_address": address, "reasons": row["reason_labels"],
                "due_by": due,
                "fresh_signature_may_be_requested": list_number == 3 and bool(_FRESH_SIGNATURE & set(row["reasons"])),
            })
    return letters, withheld


def postal_export(service: ElectionService) -> dict[str, Any]:
    """Everything postal, as plain records."""
    view = service.store.view()
    election = service.election()
    book = load_book(view)
    figures = all_contest_figures(book)
    notices, withheld = rejection_notices(book, date.fromisoformat(election["poll_date"]))
    return {
        "election_id": election["election_id"],
        "election_name": election["name"],
        "poll_date": election["poll_date"],
        "personal_data_purged": view.get("postal_purges", ("personal_data",)) is not None,
        "lists": {"1": list_one(book), "2": list_two(book), "3": list_three(book), "4": list_four(book)},
        "marked": marked_list(book),
        "form_k": [{"contest_id": f.contest_id, "contest_name": f.contest_name, "caveat": FORM_K_CAVEAT,
                    "lines": form_k_lines(f), "problems": f.problems()} for f in figures],
        "ec_stats": [ec_statistics(f) for f in figures],
        "notices": notices,
        "notices_withheld_for_suspected_offence": withheld,
        "sessions": session_summaries(book),
        "hand_ins": {**hand_in_totals(book), "forms": _hand_in_forms(book),
                     # Section D of each station's BPA against the hand-in records, once both are in.
                     "station_bpa_differences": all_station_differences(view)},
    }


def _hand_in_forms(book: PostalBook) -> list[dict[str, Any]]:
    """The forms without the names and addresses on them: those stay on the paper forms."""
    return [{k: form[k] for k in _HAND_IN_COLUMNS} for form in sorted(book.hand_ins.values(), key=lambda f: f["at"])]


def postal_records(service: ElectionService, name: str) -> list[dict[str, Any]]:
    """One list as flat records (one row each), for CSV."""
    if name not in LIST_NAMES:
        raise ValueError(f"'{name}' is not a postal list: choose one of {', '.join(LIST_NAMES)}")
    everything = postal_export(service)
    if name in ("1", "2", "3", "4"):
        return everything["lists"][name]
    if name == "form-k":
        return [{"contest_id": k["contest_id"], "contest_name": k["contest_name"], **line}
                for k in everything["form_k"] for line in k["lines"]]
    if name == "sessions":
        return [{**s, "boxes": "; ".join(f"{b['box_id']} {b['state']} {b['papers']}" for b in s["boxes"])}
                for s in everything["sessions"]]
    if name == "hand-ins":
        return everything["hand_ins"]["forms"]
    return everything[{"marked": "marked", "ec-stats": "ec_stats", "notices": "notices"}[name]]


_ELECTOR = ("elector_number", "name", "address", "proxy_name", "proxy_address", "proxy_elector_number")
# Columns per list, so that an empty list still exports its header.
LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "1": ("ballot_number", "contest_id", "session_id", "received_at"),
    "2": ("ballot_number", "contest_id", "session_id", "pvs_checked_at"),
    "3": (*_ELECTOR, "reasons", "reason_labels", "contests", "session_id", "rejection_objected_to",
          "suspected_offence", "rejected_on_recheck", "decided_at"),
    "4": (*_ELECTOR, "reasons", "reason_labels", "paper_with_matching_number", "contests", "hand_in_reference",
          "station_id", "location", "handed_in_recorded_at", "suspected_offence"),
    "marked": ("elector_number", "name", "address", "proxy_name", "returned", "pvs_returned", "returned_at",
               "session_id", "status"),
    "form-k": ("contest_id", "contest_name", "code", "label", "value", "to_be_confirmed", "note"),
    "ec-stats": ("contest_id", "contest_name", "electorate", "postal_voters", "proxy_postal_voters",
                 "postal_votes_issued", "postal_votes_cancelled", "covering_envelopes_returned",
                 "covering_envelopes_returned_after_close", "return_rate", "postal_votes_included_in_count",
                 "rejected_no_pvs", "rejected_no_ballot_paper", "rejected_signature_missing", "rejected_dob_missing",
                 "rejected_signature_mismatch", "rejected_dob_mismatch", "rejected_identifiers_total",
                 "rejected_identifiers_by_combination", "rejected_when_handed_in", "rejected_total"),
    "notices": ("letter_id", "list", "elector_number", "recipient", "recipient_name", "recipient_address",
                "reasons", "due_by", "fresh_signature_may_be_requested"),
    "sessions": ("session_id", "name", "location", "final", "notice_given_at", "notice_warning", "max_agents",
                 "agents", "opened_at", "closed_at", "pvs_checked", "accepted", "rejected", "rejected_at_hand_in",
                 "awaiting_adjudication", "boxes"),
    "hand-ins": _HAND_IN_COLUMNS,
}


def postal_csv(records: list[dict[str, Any]], name: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = LIST_COLUMNS[name]
    writer.writerow(columns)
    for record in records:
        writer.writerow([_cell(record.get(c)) for c in columns])
    return out.getvalue()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value
