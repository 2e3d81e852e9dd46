"""The statements, logs and registers read back as text: every figure as the read models give it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from pollday.documents.box_receipts import render_box_receipts
from pollday.documents.errors import DocumentError
from pollday.documents.facts import uk_datetime
from pollday.documents.provisional_sheet import render_provisional_sheet
from pollday.documents.recount_register import render_recount_register
from pollday.documents.rejected_papers import render_rejected_papers
from pollday.documents.report_tables import NotReady, RenderedDocument
from pollday.documents.tendered_statement import render_tendered_statement
from pollday.documents.verification_statement import render_verification_statement
from pollday.domain.timefmt import UK
from pollday.domain.verification import effective_bpa
from pollday.services.election_service import ElectionService
from pollday.services.results_export import result_records
from pollday.services.verification_export import verification_records
from tests.conftest import DemoCopy
from tests.documents.conftest import GENERATED_AT
from tests.documents.report_text import (
    AT,
    PARL,
    SMALL_WARD,
    WARD,
    assert_furniture,
    flowing_text,
    layout_text,
    lines_starting,
    percent,
    run,
    signed,
    verify_small_election,
    whole,
)


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Iterator[ElectionService]:
    service = ElectionService.open(demo_copy("declared", tmp_path_factory.mktemp("declared") / "d.db"))
    yield service
    service.close()


@pytest.fixture(scope="module")
def arriving(tmp_path_factory: pytest.TempPathFactory, demo_copy: DemoCopy) -> Iterator[ElectionService]:
    service = ElectionService.open(demo_copy("boxes-arriving", tmp_path_factory.mktemp("arriving") / "d.db"))
    yield service
    service.close()


# --- verification statement -------------------------------------------------------------------


@pytest.fixture(scope="module")
def statement(declared: ElectionService) -> RenderedDocument:
    return render_verification_statement(declared, PARL, AT)


def assert_account_rows(text: str, record: dict[str, Any]) -> None:
    for account in record["accounts"]:
        boxes = ", ".join(b["box_id"] for b in account["boxes"])
        rows = lines_starting(text, boxes)
        assert len(rows) == 1, (boxes, rows)
        figures = [whole(account["expected"]), whole(account["verified"]), signed(account["variance"])]
        assert re.search(r"\s" + r"\s+".join(map(re.escape, figures)) + r"(\s|$)", rows[0]), (figures, rows[0])


def test_every_account_and_total_of_the_verification_statement(declared: ElectionService,
                                                               statement: RenderedDocument) -> None:
    record = verification_records(declared, PARL)[0]
    text = layout_text(statement.pdf)
    assert_account_rows(text, record)
    totals = record["totals"]
    accounts = record["accounts"]
    stations = [a for a in accounts if not a["postal"]]
    postal = [a for a in accounts if a["postal"]]
    expected_rows = {
        f"Polling stations ({len(stations)} accounts)": (sum(a["expected"] for a in stations),
                                                        totals["polling_stations_verified"],
                                                        sum(a["variance"] for a in stations)),
        f"Postal ballot boxes ({len(postal)})": (sum(a["expected"] for a in postal), totals["postal_verified"],
                                                  sum(a["variance"] for a in postal)),
        "Total ballot papers verified": (totals["expected"], totals["total_verified"],
                                         sum(a["variance"] for a in accounts)),
    }
    for label, (expected, verified, variance) in expected_rows.items():
        pattern = rf"^\s+{re.escape(label)}\s+{whole(expected)}\s+{whole(verified)}\s+{re.escape(signed(variance))}$"
        assert re.search(pattern, text, re.MULTILINE), label
    # The demo's edge cases: +2/-2 compensating in one hall, -1 explained by the station log.
    assert sorted(a["variance"] for a in accounts if a["variance"]) == [-2, -1, 2]
    assert re.search(rf"Total ballot papers verified\s+{whole(totals['polling_stations_verified'])} \+ "
                     rf"{whole(totals['postal_verified'])} = {whole(totals['total_verified'])}", text)
    assert re.search(rf"Net variance\s+{re.escape(signed(totals['total_verified'] - totals['expected']))}\n", text)
    assert re.search(rf"Ballot box turnout\s+{re.escape(percent(totals['ballot_box_turnout']))} "
                     rf"\({whole(totals['total_verified'])} ÷ {whole(record['electorate'])}\)", text)
    flowing = flowing_text(statement.pdf)
    assert "Ballot box turnout is the number of ballot papers verified divided by the electorate" in flowing
    explained = next(a for a in accounts if a["state"] == "explained")
    assert explained["explanation"] in flowing
    recounted = next(a for a in accounts if any(len(b["counts"]) > 1 for b in a["boxes"]))
    assert "counted " + ", ".join(whole(c) for c in recounted["boxes"][0]["counts"]) in flowing


def test_the_statement_is_signed_off_in_the_system_and_breaks_across_pages(declared: ElectionService,
                                                                           statement: RenderedDocument) -> None:
    record = verification_records(declared, PARL)[0]
    assert statement.pages >= 2
    signed_at = uk_datetime(datetime.fromisoformat(record["signed_off_at"]))
    flowing = flowing_text(statement.pdf)
    assert f"Signed in the system by Naomi Sutcliffe at {signed_at}" in flowing
    assert "Acting Returning Officer" in flowing
    for page in range(2, statement.pages):  # every page the table runs onto repeats its header
        assert re.search(r"^Box\s+Polling station or postal ballot", layout_text(statement.pdf, page), re.MULTILINE)
    assert_furniture(statement)


def test_the_ward_statement_adds_up_too(declared: ElectionService) -> None:
    record = verification_records(declared, WARD)[0]
    text = layout_text(render_verification_statement(declared, WARD, AT).pdf)
    assert_account_rows(text, record)
    assert re.search(rf"Total ballot papers verified\s+{whole(record['totals']['expected'])}\s+"
                     rf"{whole(record['totals']['total_verified'])}\s+0$", text, re.MULTILINE)


def test_the_same_facts_give_the_same_bytes(declared: ElectionService, statement: RenderedDocument) -> None:
    assert render_verification_statement(declared, PARL, AT).pdf == statement.pdf
    later = render_verification_statement(declared, PARL, AT + timedelta(minutes=1)).pdf
    assert later != statement.pdf  # the generated-at time is printed and dated into the file


def test_an_unfinished_verification_says_so(arriving: ElectionService) -> None:
    record = verification_records(arriving, PARL)[0]
    document = render_verification_statement(arriving, PARL, AT)
    text = layout_text(document.pdf)
    assert f"{record['totals']['accounts_verified']} of {record['totals']['accounts']}" in text
    assert "not yet: these figures may still change" in text
    assert "stated when every account is verified" in text
    assert "Not yet counted" in text or "Box not yet received" in text
    assert re.search(r"^Signature\s", text, re.MULTILINE)  # lines for a pen, not a system sign-off
    assert_furniture(document)


def test_official_statement_is_provisional_until_signed_off(official_service: ElectionService) -> None:
    verify_small_election(official_service)
    before = render_verification_statement(official_service, SMALL_WARD, GENERATED_AT)
    assert "PROVISIONAL" in layout_text(before.pdf, nodiag=False)
    assert "OFFICIAL" not in layout_text(before.pdf, nodiag=False)
    run(official_service, "ro", "verification.sign_off", contest_id=SMALL_WARD)
    after = render_verification_statement(official_service, SMALL_WARD, GENERATED_AT)
    text = layout_text(after.pdf, nodiag=False)
    assert "OFFICIAL" in text and "PROVISIONAL" not in text and "REHEARSAL" not in text
    assert re.search(r"Total ballot papers verified\s+1,500\s+1,500\s+0$", text, re.MULTILINE)
    tendered = layout_text(render_tendered_statement(official_service, SMALL_WARD, GENERATED_AT).pdf)
    assert re.search(r"^Total \(2 stations\)\s+20\s+2\s+0\s+18\s+2\s+0$", tendered, re.MULTILINE)


# --- tendered statement ----------------------------------------------------------------------


def test_tendered_statement_gives_each_stations_bpa_and_list(declared: ElectionService) -> None:
    document = render_tendered_statement(declared, PARL, AT)
    text = layout_text(document.pdf)
    view = declared.store.view()
    station_ids = sorted({b["station_id"] for b in view.rows("boxes", contest_id=PARL)}, key=int)
    names = ("tendered_received", "tendered_issued", "tendered_spoilt", "tendered_unused", "tendered_list_entries")
    totals = dict.fromkeys(names, 0)
    for station_id in station_ids:
        bpa, _ = effective_bpa(view, station_id, PARL)
        assert bpa is not None
        rows = lines_starting(text, f"Station {station_id}")
        assert len(rows) == 1, station_id
        expected = [whole(bpa[n]) for n in names] + [signed(bpa["tendered_list_entries"] - bpa["tendered_issued"])]
        assert rows[0].split()[-6:] == expected, rows[0]
        for name in names:
            totals[name] += bpa[name]
    assert totals["tendered_issued"] == 1  # the paper issued after personation
    total_row = lines_starting(text, f"Total ({len(station_ids)} stations)")
    assert total_row[0].split()[-6:] == [whole(totals[n]) for n in names] + ["0"]
    assert "Tendered ballot papers are not counted as votes" in flowing_text(document.pdf)
    assert_furniture(document)


# --- box receipts ------------------------------------------------------------------------------


def expected_arrival(box: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(box["expected_arrival"]).replace(tzinfo=UK)


def test_overdue_boxes_depend_on_the_time_given(arriving: ElectionService) -> None:
    view = arriving.store.view()
    received = {r["box_id"] for r in view.rows("box_receipts")}
    waiting = [b for b in view.rows("boxes") if b["box_id"] not in received]
    postal_waiting = [b for b in view.rows("postal_boxes") if b["box_id"] not in received]
    assert waiting, "the demo at boxes-arriving has boxes still out"
    now = min(expected_arrival(b) for b in waiting) + timedelta(minutes=7)
    overdue = {b["box_id"] for b in waiting if expected_arrival(b) < now}
    document = render_box_receipts(arriving, now)
    text = layout_text(document.pdf)
    assert re.search(rf"Overdue at {re.escape(uk_datetime(now))}\s+{len(overdue)}$", text, re.MULTILINE)
    assert re.search(rf"Not yet received\s+{len(waiting) + len(postal_waiting)}$", text, re.MULTILINE)
    for box in waiting:
        row = lines_starting(text, box["box_id"])[0]
        assert ("OVERDUE by" in row) == (box["box_id"] in overdue), row
        station = view.get("stations", (box["station_id"],))
        assert station["presiding_officer_phone"] in row
    later = layout_text(render_box_receipts(arriving, now + timedelta(hours=3)).pdf)
    assert re.search(rf"Overdue at .*\s{len(waiting)}$", later, re.MULTILINE)
    assert_furniture(document)


def test_receipt_log_rows(declared: ElectionService) -> None:
    document = render_box_receipts(declared, AT)
    text = layout_text(document.pdf)
    view = declared.store.view()
    receipts = view.rows("box_receipts")
    assert "Every box has been received." in text
    assert re.search(rf"Received\s+{len(receipts)}$", text, re.MULTILINE)
    users = {u["username"]: u["full_name"] for u in view.rows("users")}
    for receipt in receipts:
        rows = lines_starting(text, receipt["box_id"])
        assert len(rows) == 1, receipt["box_id"]
        arrived = datetime.fromisoformat(receipt["arrived_at"]).astimezone(UK)
        assert f"{arrived:%H:%M}" in rows[0]
        assert receipt["delivered_by"].split()[0] in rows[0]
        assert users[receipt["received_by"]].split()[0] in rows[0]
    flowing = flowing_text(document.pdf)
    damaged = [c for c in view.rows("seal_checks") if c["status"] == "damaged"]
    assert damaged and all(f"damaged: {c['seal']}" in flowing for c in damaged)
    missing = view.rows("packets", status="missing")
    assert missing and all(p["note"] in flowing for p in missing)
    assert "Siobhán" in flowing  # a presiding officer's accented name prints
    assert_furniture(document)


# --- statement of rejected ballot papers -----------------------------------------------------


@pytest.mark.parametrize("contest_id", [PARL, WARD])
def test_rejected_papers_by_head_with_objections(declared: ElectionService, contest_id: str) -> None:
    record = result_records(declared, contest_id)[0]
    view = declared.store.view()
    declaration = view.get("declarations", (contest_id,))
    round_number = view.get("provisional_results", (contest_id, declaration["version"]))["round"]
    decisions = view.rows("adjudications", contest_id=contest_id, round=round_number)
    document = render_rejected_papers(declared, contest_id, AT)
    text = layout_text(document.pdf)
    for head, entry in record["rejected"].items():
        objected = sum(1 for d in decisions if d["decision"] == "rejected" and d["head"] == head and d["objected"])
        pattern = rf"^{head}\s+{re.escape(entry['label'])}\s+{whole(entry['papers'])}\s+{objected}$"
        assert re.search(pattern, text, re.MULTILINE), head
    all_objected = sum(1 for d in decisions if d["decision"] == "rejected" and d["objected"])
    assert all_objected >= 1
    assert re.search(rf"^\s+Total rejected\s+{whole(record['invalid_votes'])}\s+{all_objected}$", text, re.MULTILINE)
    in_part = re.search(r"Rejected in part \(the votes not void were counted\)\s+(\d+)", text)
    if record["seats"] > 1:
        assert in_part and int(in_part.group(1)) == record["rejected_in_part"] > 0
    else:
        assert in_part is None
    assert "the declared result" in text
    assert_furniture(document)


def test_no_statement_before_a_result(arriving: ElectionService) -> None:
    with pytest.raises(NotReady, match="has no provisional result yet"):
        render_rejected_papers(arriving, PARL, AT)


# --- provisional result sheets ---------------------------------------------------------------


def test_each_provisional_version_with_its_changes(declared: ElectionService) -> None:
    view = declared.store.view()
    versions = {v["version"]: v["figures"] for v in view.rows("provisional_results", contest_id=PARL)}
    candidates = sorted(view.rows("candidates", contest_id=PARL), key=lambda c: c["ballot_order"])
    first = layout_text(render_provisional_sheet(declared, PARL, AT, version=1).pdf)
    latest_document = render_provisional_sheet(declared, PARL, AT)
    latest = layout_text(latest_document.pdf)
    assert "Provisional result 2" in latest and "superseded by provisional result 2" in first
    assert "declared at" in latest
    moved = 0
    for candidate in candidates:
        name = f"{candidate['forenames']} {candidate['surname']}"
        cid = candidate["candidate_id"]
        change = versions[2]["votes"][cid] - versions[1]["votes"][cid]
        moved += abs(change)
        assert re.search(rf"^{re.escape(name)}\s.*\s{whole(versions[1]['votes'][cid])}\s+—(\s|$)", first,
                         re.MULTILINE), name
        assert re.search(rf"^{re.escape(name)}\s.*\s{whole(versions[2]['votes'][cid])}\s+"
                         rf"{re.escape(signed(change))}(\s|$)", latest, re.MULTILINE), name
    assert moved == 4  # the recount moved two votes from one candidate to another
    for label, key in (("Valid ballot papers", "valid_papers"), ("Total rejected", "rejected_total"),
                       ("Ballot papers verified", "verified_total"), ("Electorate", "electorate")):
        change = versions[2][key] - versions[1][key]
        assert re.search(rf"^\s*{label}\s+{whole(versions[2][key])}\s+{re.escape(signed(change))}$", latest,
                         re.MULTILINE), label
    assert "Ingrid Ødegård" in latest
    assert_furniture(latest_document)


def test_a_tie_and_its_lot_show_on_the_ward_sheet(declared: ElectionService) -> None:
    text = flowing_text(render_provisional_sheet(declared, WARD, AT).pdf)
    assert "Equality of votes for the last seat between" in text
    assert "Lots were drawn at" in text and "will be treated as having one additional vote" in text


def test_an_unknown_version_is_named(declared: ElectionService) -> None:
    with pytest.raises(DocumentError, match="there is no provisional result 7; the versions are: 1, 2"):
        render_provisional_sheet(declared, PARL, AT, version=7)


# --- recount register --------------------------------------------------------------------------


def test_recount_register_lists_every_request(declared: ElectionService) -> None:
    view = declared.store.view()
    requests = sorted(view.rows("recount_requests", contest_id=PARL), key=lambda r: r["number"])
    document = render_recount_register(declared, PARL, AT)
    text = layout_text(document.pdf)
    flowing = flowing_text(document.pdf)
    assert re.search(rf"^Requests\s+{len(requests)}$", text, re.MULTILINE)
    for request in requests:
        assert re.match(rf"{request['number']}\s", lines_starting(text, str(request["number"]))[0])
        assert f"{request['decision'].upper()}: {request['decision_reason']}" in flowing
        assert request["requested_by"] in flowing
    recount = next(r for r in requests if r["round_opened"] is not None)
    versions = {v["round"]: v for v in view.rows("provisional_results", contest_id=PARL)}
    before = versions[1]["figures"]["votes"]
    after = versions[recount["round_opened"]]["figures"]["votes"]
    names = {c["candidate_id"]: f"{c['forenames']} {c['surname']}" for c in view.rows("candidates", contest_id=PARL)}
    changes = [f"{names[c]} {signed(after[c] - before[c])}" for c in after if after[c] != before[c]]
    assert f"provisional result {versions[recount['round_opened']]['version']}: {', '.join(changes)}" in flowing
    assert "no recount" in flowing and "bundle check: no new count round" in flowing
    assert_furniture(document)


def test_a_contest_with_no_requests(declared: ElectionService) -> None:
    assert "No recount has been requested." in layout_text(render_recount_register(declared, WARD, AT).pdf)


def test_unknown_contest_names_the_contests(declared: ElectionService) -> None:
    message = f"'parl.nowhere' is not a contest of this election; the contests are: {PARL}, {WARD}"
    with pytest.raises(DocumentError, match=re.escape(message)):
        render_recount_register(declared, "parl.nowhere", AT)

