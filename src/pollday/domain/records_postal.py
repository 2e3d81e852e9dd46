"""Projection tables for postal vote opening, adjudication, hand-ins and the statutory lists (schema 4).

Keys are chosen so that the scan path is lookups by key: a PVS or ballot paper number
finds its paper, its pack and its return directly. The statutory lists are not stored:
they are read from these tables (domain.postal_figures), and lists 3 and 4 are built
without ballot paper numbers.
"""

from __future__ import annotations

from pollday.domain.record_spec import TableSpec, cols

SCHEMA = 4

# The absent voters list as imported: one row per postal (or proxy postal) voter. The
# identifiers here are those of whoever signs the PVS: the proxy's for a proxy postal vote.
POSTAL_VOTERS = TableSpec(
    "postal_voters",
    ("elector_number",),
    cols(
        "elector_number:text", "name:text", "address:text", "date_of_birth:text?", "signature_waiver:bool",
        "proxy_name:text", "proxy_address:text", "proxy_elector_number:text", "purged:bool",
        "imported_at:text", "imported_by:text",
    ),
    since_schema=SCHEMA,
)
# One row per pack sent out, keyed by its PVS number (the first ballot paper number on the
# PVS); `papers` lists every paper in it, one per contest where issue was combined.
POSTAL_PACKS = TableSpec(
    "postal_packs",
    ("pvs_number",),
    cols(
        "pvs_number:text", "elector_number:text", "papers:json", "issue_type:text", "cancelled:bool",
        "undelivered_at:text?", "undelivered_by:text?", "undelivered_note:text",
    ),
    since_schema=SCHEMA,
)
# Every postal ballot paper issued. state: issued, held (received, set aside), placed (in a
# postal ballot box), attached (to a rejected PVS), retrieved (taken out of a box on re-check).
POSTAL_PAPERS = TableSpec(
    "postal_papers",
    ("number",),
    cols(
        "number:text", "pvs_number:text", "contest_id:text", "state:text", "box_id:text?", "session_id:text?",
        "at:text?",
    ),
    since_schema=SCHEMA,
)
# What came back of a pack: the marked postal voters list, the PVS check and its decision.
POSTAL_RETURNS = TableSpec(
    "postal_returns",
    ("pvs_number",),
    cols(
        "pvs_number:text", "session_id:text", "batch:text", "at:text", "by:text",
        "pvs_received:bool", "pvs_session_id:text?", "pvs_at:text?", "pvs_by:text?",
        "envelope_a_present:bool", "numbers_match:bool", "dob_written:text?", "signature:text?",
        "proposal:text", "proposed_reasons:json", "flags:json", "decision:text", "reasons:json",
        "objected:bool", "suspected_offence:bool", "decided_by:text?", "decided_at:text?",
        "hand_in_reference:text?", "note:text",
    ),
    since_schema=SCHEMA,
)
POSTAL_SESSIONS = TableSpec(
    "postal_sessions",
    ("session_id",),
    cols(
        "session_id:text", "name:text", "location:text", "final:bool", "notice_given_at:text", "max_agents:int",
        "agents:json", "notice_warning:text", "opened_at:text", "opened_by:text", "closed_at:text?",
        "closed_by:text?",
    ),
    since_schema=SCHEMA,
)
POSTAL_ENVELOPE_BATCHES = TableSpec(
    "postal_envelope_batches",
    ("session_id", "batch"),
    cols(
        "session_id:text", "batch:text", "envelopes:int", "items:int", "source:text", "note:text", "at:text",
        "by:text",
    ),
    since_schema=SCHEMA,
)
# Postal ballot boxes while they are filled; sealing one writes its `postal_boxes` row
# (schema 2), which verification reads.
POSTAL_BALLOT_BOXES = TableSpec(
    "postal_ballot_boxes",
    ("box_id",),
    cols(
        "box_id:text", "contest_id:text", "session_id:text", "state:text", "papers:int", "retrieved:int",
        "opened_at:text", "opened_by:text", "sealed_at:text?", "sealed_by:text?",
    ),
    since_schema=SCHEMA,
)
POSTAL_RECHECKS = TableSpec(
    "postal_rechecks",
    ("pvs_number", "number"),
    cols(
        "pvs_number:text", "number:int", "session_id:text", "decision:text", "reasons:json", "retrieved:json",
        "objected:bool", "suspected_offence:bool", "note:text", "at:text", "by:text",
    ),
    since_schema=SCHEMA,
)
POSTAL_HAND_INS = TableSpec(
    "postal_hand_ins",
    ("reference",),
    cols(
        "reference:text", "station_id:text?", "location:text", "person_name:text", "person_address:text",
        "person_key:text?", "own_vote:bool", "others:int", "proxy_votes:int", "campaigner:bool",
        "relatives_or_cared_for:bool", "form_complete:bool", "left_behind:int", "wrong_area:int",
        "suspected_offence:bool", "received_by:text", "accepted_own:int", "accepted_proxy:int",
        "accepted_others:int", "rejected_own:int", "rejected_proxy:int", "rejected_others:int",
        "rejected_left_behind:int", "reasons:json", "outcome:text", "opened:int", "at:text", "by:text",
    ),
    since_schema=SCHEMA,
)
# Running totals per person handing in (by a hash of name and address) for the cumulative limit.
POSTAL_HAND_IN_PEOPLE = TableSpec(
    "postal_hand_in_people",
    ("person_key",),
    cols(
        "person_key:text", "own_accepted:int", "others_accepted:int", "proxy_accepted:int", "hand_ins:int",
        "last_reference:text",
    ),
    since_schema=SCHEMA,
)
POSTAL_LATE_RETURNS = TableSpec(
    "postal_late_returns",
    ("contest_id", "number"),
    cols("contest_id:text", "number:int", "envelopes:int", "note:text", "at:text", "by:text"),
    since_schema=SCHEMA,
)
POSTAL_PURGES = TableSpec(
    "postal_purges",
    ("purge",),
    cols("purge:text", "forced:bool", "reason:text", "voters:int", "at:text", "by:text"),
    since_schema=SCHEMA,
)

POSTAL_TABLES: tuple[TableSpec, ...] = (
    POSTAL_VOTERS, POSTAL_PACKS, POSTAL_PAPERS, POSTAL_RETURNS, POSTAL_SESSIONS, POSTAL_ENVELOPE_BATCHES,
    POSTAL_BALLOT_BOXES, POSTAL_RECHECKS, POSTAL_HAND_INS, POSTAL_HAND_IN_PEOPLE, POSTAL_LATE_RETURNS,
    POSTAL_PURGES,
)
