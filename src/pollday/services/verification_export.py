"""Verification figures as plain records: the one source for exports and the statements."""

from __future__ import annotations

import csv
import io
from typing import Any

from pollday.domain.table_cache import TableCache
from pollday.domain.verification import EXPLANATIONS, STATE_LABELS, Account, contest_verification
from pollday.services.election_service import ElectionService
from pollday.services.status import contests_in_order


def account_record(account: Account, labels: dict[str, str]) -> dict[str, Any]:
    resolution = account.resolution if account.state.value == (account.resolution or {}).get("kind") else None
    if account.state.value == "recounted":
        attempts = max(len(b.attempts) for b in account.boxes)
        explanation = f"recounted: {attempts} counts, the last two agreeing"
    elif resolution and resolution["kind"] == "compensated":
        partners = ", ".join(labels.get(a, a) for a in resolution["group_with"])
        explanation = f"compensating with {partners}: {resolution['note']}"
    elif resolution:
        explanation = f"{EXPLANATIONS.get(resolution['reason_code'], resolution['reason_code'])}: {resolution['note']}"
    else:
        explanation = ""
    return {
        "account_id": account.account_id,
        "label": account.label,
        "station_id": account.station_id,
        "postal": account.station_id is None,
        "boxes": [{"box_id": b.box_id, "counts": list(b.attempts)} for b in account.boxes],
        "expected": account.expected,
        "moved_in": account.moved_in,
        "moved_out": account.moved_out,
        "verified": account.counted if account.verified else None,
        "variance": account.variance,
        "state": account.state.value,
        "state_label": STATE_LABELS[account.state],
        "explanation": explanation,
    }


def verification_records(service: ElectionService, contest_id: str | None = None) -> list[dict[str, Any]]:
    view = TableCache(service.store.view())
    contests = contests_in_order(view, contest_id)
    records = []
    for contest in contests:
        progress = contest_verification(view, contest["contest_id"])
        labels = {a.account_id: a.label for a in progress.accounts}
        signed = view.get("contest_verification", (contest["contest_id"],))
        records.append({
            "contest_id": contest["contest_id"],
            "contest_name": contest["name"],
            "electorate": contest["electorate"],
            "accounts": [account_record(a, labels) for a in progress.accounts],
            "totals": {
                "accounts": len(progress.accounts),
                "accounts_verified": progress.verified_accounts,
                "expected": progress.expected_total,
                "polling_stations_verified": progress.station_total,
                "postal_verified": progress.postal_total,
                "total_verified": progress.verified_total,
                "complete": progress.complete,
                "ballot_box_turnout": progress.ballot_box_turnout,
            },
            "signed_off": bool(signed and signed["signed_off"]),
            "signed_off_by": signed["signed_off_by"] if signed else None,
            "signed_off_at": signed["signed_off_at"] if signed else None,
        })
    return records


CSV_COLUMNS = ("contest_id", "account_id", "label", "boxes", "counts", "expected", "moved_in", "moved_out",
               "verified", "variance", "state", "explanation")


def verification_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for contest in records:
        for account in contest["accounts"]:
            writer.writerow([
                contest["contest_id"], account["account_id"], account["label"],
                ";".join(b["box_id"] for b in account["boxes"]),
                ";".join("/".join(str(c) for c in b["counts"]) for b in account["boxes"]),
                _blank(account["expected"]), account["moved_in"], account["moved_out"], _blank(account["verified"]),
                _blank(account["variance"]), account["state"], account["explanation"],
            ])
        totals = contest["totals"]
        writer.writerow([contest["contest_id"], "TOTAL", "Total ballot papers verified", "", "", totals["expected"],
                         "", "", totals["total_verified"], "", "complete" if totals["complete"] else "incomplete", ""])
    return out.getvalue()


def _blank(value: Any) -> Any:
    return "" if value is None else value
