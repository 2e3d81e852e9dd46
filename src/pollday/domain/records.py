"""The projection records: the current state that screens and documents read.

Commands change these only through `Change` values; the store turns the specs into SQL
tables and the in-memory state keeps them as dictionaries, so both hold exactly the
same rows and give the same digest. Each feature declares its tables in its own module;
this one gathers them.
"""

from __future__ import annotations

from pollday.domain.record_spec import (
    Column,
    ColumnKind,
    RecordError,
    TableSpec,
    normalize_row,
)
from pollday.domain.record_spec import cols as _cols
from pollday.domain.records_control import CONTROL_ROOM_TABLES
from pollday.domain.records_postal import POSTAL_TABLES

__all__ = ["PROJECTIONS", "PROJECTIONS_BY_NAME", "Column", "ColumnKind", "RecordError", "TableSpec", "normalize_row"]


ELECTION = TableSpec(
    "election",
    ("election_id",),
    _cols(
        "election_id:text", "name:text", "poll_date:text", "authority:text", "mode:text", "officers:json",
        "defined_at:text", "poll_state:text", "poll_opened_at:text?", "poll_closed_at:text?",
    ),
)
CONTESTS = TableSpec(
    "contests",
    ("contest_id",),
    _cols("contest_id:text", "position:int", "name:text", "kind:text", "seats:int", "electorate:int", "stage:text"),
)
CANDIDATES = TableSpec(
    "candidates",
    ("candidate_id",),
    _cols(
        "candidate_id:text", "contest_id:text", "ballot_order:int", "surname:text", "forenames:text",
        "description:text", "commonly_used_surname:text", "commonly_used_forenames:text",
    ),
)
STATIONS = TableSpec(
    "stations",
    ("station_id",),
    _cols(
        "station_id:text", "name:text", "district_code:text", "place_id:text", "place_name:text",
        "place_address:text", "electorate:int", "presiding_officer:text", "presiding_officer_phone:text",
    ),
)
BOXES = TableSpec(
    "boxes",
    ("box_id",),
    _cols(
        "box_id:text", "station_id:text", "contest_id:text", "seals:json", "ordinary_first:int",
        "ordinary_last:int", "tendered_first:int?", "tendered_last:int?", "expected_arrival:text", "state:text",
    ),
)
USERS = TableSpec(
    "users",
    ("username",),
    _cols(
        "username:text", "full_name:text", "role:text", "powers:json", "active:bool", "pin_hash:text",
        "failed_pins:int", "locked_until:text?", "last_sign_in_at:text?",
    ),
)

# Schema 2: box reception and verification.
BOX_RECEIPTS = TableSpec(
    "box_receipts",
    ("box_id",),
    _cols(
        "box_id:text", "arrived_at:text", "received_by:text", "delivered_by:text", "seals_done:bool",
        "location:text", "location_at:text",
    ),
    since_schema=2,
)
SEAL_CHECKS = TableSpec(
    "seal_checks",
    ("box_id", "seal"),
    _cols("box_id:text", "seal:text", "status:text", "note:text", "at:text", "by:text"),
    since_schema=2,
)
CUSTODY_EVENTS = TableSpec(
    "custody_events",
    ("box_id", "number"),
    _cols("box_id:text", "number:int", "location:text", "note:text", "at:text", "by:text"),
    since_schema=2,
)
PACKETS = TableSpec(
    "packets",
    ("station_id", "packet"),
    _cols("station_id:text", "packet:text", "status:text", "note:text", "at:text", "by:text"),
    since_schema=2,
)
BPAS = TableSpec(
    "bpas",
    ("station_id", "contest_id", "keying"),
    _cols(
        "station_id:text", "contest_id:text", "keying:text", "ordinary_received:int", "issued:int", "spoilt:int",
        "unused:int", "tendered_received:int", "tendered_issued:int", "tendered_spoilt:int", "tendered_unused:int",
        "tendered_list_entries:int", "postal_accepted:int", "postal_rejected:int", "postal_forms:int",
        "source:text", "note:text", "at:text", "by:text",
    ),
    since_schema=2,
)
POSTAL_BOXES = TableSpec(
    "postal_boxes",
    ("box_id",),
    _cols("box_id:text", "contest_id:text", "session:text", "papers_placed:int", "state:text", "at:text", "by:text"),
    since_schema=2,
)
VERIFICATION_COUNTS = TableSpec(
    "verification_counts",
    ("box_id", "attempt"),
    _cols("box_id:text", "attempt:int", "count:int", "at:text", "by:text"),
    since_schema=2,
)
PAPER_MOVES = TableSpec(
    "paper_moves",
    ("box_id", "to_contest_id"),
    _cols("box_id:text", "to_contest_id:text", "papers:int", "note:text", "at:text", "by:text"),
    since_schema=2,
)
ACCOUNT_RESOLUTIONS = TableSpec(
    "account_resolutions",
    ("account_id",),
    _cols(
        "account_id:text", "kind:text", "reason_code:text", "note:text", "variance:int", "group_with:json",
        "at:text", "by:text",
    ),
    since_schema=2,
)
CONTEST_VERIFICATION = TableSpec(
    "contest_verification",
    ("contest_id",),
    _cols(
        "contest_id:text", "signed_off:bool", "signed_off_by:text?", "signed_off_at:text?", "reopens:int",
        "last_reopen_reason:text",
    ),
    since_schema=2,
)

# Schema 3: the count, adjudication, provisional results, recounts, lots, declaration.
COUNT_STATE = TableSpec(
    "count_state",
    ("contest_id",),
    _cols("contest_id:text", "round:int", "opened_at:text", "opened_by:text"),
    since_schema=3,
)
COUNT_TABLES = TableSpec(
    "count_tables",
    ("contest_id", "round", "table_id", "keying"),
    _cols(
        "contest_id:text", "round:int", "table_id:text", "keying:text", "papers_given:int", "votes:json",
        "valid_papers:int", "doubtful:int", "note:text", "at:text", "by:text",
    ),
    since_schema=3,
)
ADJUDICATIONS = TableSpec(
    "adjudications",
    ("contest_id", "round", "paper_ref"),
    _cols(
        "contest_id:text", "round:int", "paper_ref:text", "table_id:text", "decision:text", "candidate_ids:json",
        "head:text", "objected:bool", "at:text", "by:text",
    ),
    since_schema=3,
)
PROVISIONAL_RESULTS = TableSpec(
    "provisional_results",
    ("contest_id", "version"),
    _cols("contest_id:text", "version:int", "round:int", "figures:json", "at:text", "by:text"),
    since_schema=3,
)
RECOUNT_REQUESTS = TableSpec(
    "recount_requests",
    ("contest_id", "number"),
    _cols(
        "contest_id:text", "number:int", "requested_by:text", "capacity:text", "scope:text", "piles:json",
        "note:text", "after_version:int", "at:text", "recorded_by:text", "decision:text", "decision_reason:text",
        "decided_by:text?", "decided_at:text?", "round_opened:int?",
    ),
    since_schema=3,
)
LOT_DRAWS = TableSpec(
    "lot_draws",
    ("contest_id", "version"),
    _cols(
        "contest_id:text", "version:int", "method:text", "witnesses:text", "tied:json", "winners:json",
        "at:text", "by:text",
    ),
    since_schema=3,
)
DECLARATIONS = TableSpec(
    "declarations",
    ("contest_id",),
    _cols("contest_id:text", "version:int", "figures:json", "at:text", "by:text"),
    since_schema=3,
)

# Which desk each person has open, and where: one terminal per person per desk (schema 5).
DESK_SESSIONS = TableSpec(
    "desk_sessions",
    ("username", "desk"),
    _cols("username:text", "desk:text", "terminal:text", "open:bool", "since:text", "closed_at:text?",
          "taken_from:text"),
    since_schema=5,
)

PROJECTIONS: tuple[TableSpec, ...] = (
    ELECTION, CONTESTS, CANDIDATES, STATIONS, BOXES, USERS,
    BOX_RECEIPTS, SEAL_CHECKS, CUSTODY_EVENTS, PACKETS, BPAS, POSTAL_BOXES, VERIFICATION_COUNTS, PAPER_MOVES,
    ACCOUNT_RESOLUTIONS, CONTEST_VERIFICATION,
    COUNT_STATE, COUNT_TABLES, ADJUDICATIONS, PROVISIONAL_RESULTS, RECOUNT_REQUESTS, LOT_DRAWS, DECLARATIONS,
    *POSTAL_TABLES, *CONTROL_ROOM_TABLES, DESK_SESSIONS,
)
PROJECTIONS_BY_NAME: dict[str, TableSpec] = {spec.name: spec for spec in PROJECTIONS}


