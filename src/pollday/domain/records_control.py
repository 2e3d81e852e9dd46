"""Projection tables for the polling-day control room: incidents, station status, turnout, transit (schema 4),
and the postal vote sweep schedule (schema 5).

Keys are chosen so every lookup a command makes is by key or key prefix (the store has
no other index): an incident's timeline and links by incident number, a station's
history, returns, sweeps and refusals by station ID. Histories are append-only rows
keyed by a per-parent sequence, so two operators adding notes to one incident at once
each get their own row.
"""

from __future__ import annotations

from pollday.domain.record_spec import TableSpec, cols

# One row per election: control-room settings and the incident counter, so numbering an
# incident reads one row rather than counting a table that may hold thousands.
CONTROL_SETTINGS = TableSpec(
    "control_settings",
    ("election_id",),
    cols("election_id:text", "turnout_times:json", "incidents:int", "at:text", "by:text"),
    since_schema=4,
)
INCIDENTS = TableSpec(
    "incidents",
    ("number",),
    cols(
        "number:int", "station_id:text?", "category:text", "severity:text", "description:text",
        "reporter_name:text", "reporter_role:text", "reporter_phone:text", "channel:text", "voters_affected:int?",
        "state:text", "reported_at:text", "reported_by:text", "acknowledged_at:text?", "acknowledged_by:text?",
        "acted_at:text?", "assigned_to:text?", "assigned_at:text?", "escalated_to:text?", "escalated_at:text?",
        "resolved_at:text?", "resolution:text", "closed_at:text?", "closed_by:text?", "events:int", "updated_at:text",
    ),
    since_schema=4,
)
# The timeline: opening, every move, assignment, escalation, note and link, in order.
INCIDENT_EVENTS = TableSpec(
    "incident_events",
    ("number", "seq"),
    cols("number:int", "seq:int", "kind:text", "text:text", "from_state:text?", "to_state:text?", "at:text",
         "by:text"),
    since_schema=4,
)
INCIDENT_LINKS = TableSpec(
    "incident_links",
    ("number", "kind", "target"),
    cols("number:int", "kind:text", "target:text", "note:text", "at:text", "by:text"),
    since_schema=4,
)
# A station with no row here has not been set up; "received at count" is derived from box receipts.
STATION_STATUS = TableSpec(
    "station_status",
    ("station_id",),
    cols(
        "station_id:text", "state:text", "since:text", "reason:text", "queue_length:int?", "opened_at:text?",
        "inspector:text", "inspector_at:text?", "events:int", "at:text", "by:text",
    ),
    since_schema=4,
)
STATION_EVENTS = TableSpec(
    "station_events",
    ("station_id", "seq"),
    cols("station_id:text", "seq:int", "kind:text", "from_state:text", "to_state:text", "since:text", "reason:text",
         "queue_length:int?", "at:text", "by:text"),
    since_schema=4,
)
TURNOUT_RETURNS = TableSpec(
    "turnout_returns",
    ("station_id", "slot"),
    cols("station_id:text", "slot:text", "issued:int", "queue_length:int", "notes:text", "reason:text",
         "corrections:int", "at:text", "by:text"),
    since_schema=4,
)
PV_SWEEPS = TableSpec(
    "pv_sweeps",
    ("station_id", "number"),
    cols("station_id:text", "number:int", "collected_by:text", "packets:int", "envelopes:int", "collected_at:text",
         "note:text", "at:text", "by:text"),
    since_schema=4,
)
# The planned collections (schema 5), numbered per station as the collections are. `sweep` is
# the number of the pv_sweeps row that fulfilled one: the link lives here so the schema-4
# table keeps its columns.
PV_SWEEP_SCHEDULE = TableSpec(
    "pv_sweep_schedule",
    ("station_id", "number"),
    cols("station_id:text", "number:int", "due_at:text", "collector:text", "note:text", "state:text",
         "sweep:int?", "reason:text", "revisions:int", "scheduled_at:text", "scheduled_by:text", "updated_at:text",
         "updated_by:text"),
    since_schema=5,
)
BOX_DISPATCHES = TableSpec(
    "box_dispatches",
    ("box_id",),
    cols("box_id:text", "station_id:text", "collector:text", "left_at:text", "eta:text", "note:text",
         "revisions:int", "at:text", "by:text"),
    since_schema=4,
)
# The ballot paper refusal list (BPRL, §6.4). The elector number is optional: the list may
# be disclosed only to the person refused or under a court order, so exports leave it out.
VOTER_ID_REFUSALS = TableSpec(
    "voter_id_refusals",
    ("station_id", "number"),
    cols("station_id:text", "number:int", "reason_code:int", "elector_number:text", "note:text",
         "later_issued:bool", "returned_at:text?", "at:text", "by:text"),
    since_schema=4,
)
# The VIDEF tallies a presiding officer reports for the day, replaced by each new report.
VOTER_ID_TALLIES = TableSpec(
    "voter_id_tallies",
    ("station_id",),
    cols("station_id:text", "vac_used:int", "aed_used:int", "private_checks:int", "not_issued_no_id:int",
         "returned_with_id:int", "greeter:bool", "at:text", "by:text"),
    since_schema=4,
)

CONTROL_ROOM_TABLES: tuple[TableSpec, ...] = (
    CONTROL_SETTINGS, INCIDENTS, INCIDENT_EVENTS, INCIDENT_LINKS, STATION_STATUS, STATION_EVENTS, TURNOUT_RETURNS,
    PV_SWEEPS, BOX_DISPATCHES, VOTER_ID_REFUSALS, VOTER_ID_TALLIES, PV_SWEEP_SCHEDULE,
)
