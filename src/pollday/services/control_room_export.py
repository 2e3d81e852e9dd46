"""Control-room read models: the stations board, incident list, attention list, turnout, boxes in transit,
voter ID summary and shift report, plus their CSV/JSON/text forms (postal vote sweeps: control_sweeps.py).

`ControlRoomView.load(view)` reads the tables every screen needs once; the rarer ones
(timelines, station history, voter ID) are read whole when first asked for. Nothing is
ever read one query per row, so a refresh stays quick with thousands of incidents and
hundreds of stations (about 0.5 s for load, board, list and attention with 10,000
incidents at 580 stations on the development machine: measured, not asserted).

Every read model takes `now` from the caller: the screens pass the clock, tests and
reports a fixed moment. The same records feed the CSV and JSON exports and, later, PDFs.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from pollday.domain.control_room import (
    CATEGORY_LABELS,
    DEFAULT_TURNOUT_TIMES,
    INCIDENT_STATE_LABELS,
    OPEN_INCIDENT_STATES,
    REFUSAL_REASONS,
    SEVERITY_TARGETS,
    STATION_STATE_LABELS,
    TURNOUT_BASE_LABEL,
    IncidentState,
    Severity,
    StationState,
    box_due_at,
    latest_due_slot,
    local_naive_to_aware,
    minutes_late,
    opening_delay,
    poll_moment,
    station_state_of,
    turnout_percent,
)
from pollday.domain.ordering import natural_key
from pollday.domain.state import StateView
from pollday.domain.timefmt import minutes_words, uk_time
from pollday.services.control_room_records import (
    AttentionItem,
    BoxInTransit,
    ChangeLine,
    IncidentFilter,
    IncidentRecord,
    ShiftReport,
    StationBoardRow,
    TurnoutPoint,
    TurnoutRow,
    TurnoutTable,
    VoterIdGroup,
    VoterIdSummary,
)
from pollday.services.control_sweeps import SweepSchedule, sweep_schedule

# Keyed by stored value: a refresh over thousands of rows then builds no enum members.
_OPEN_STATES = frozenset(state.value for state in OPEN_INCIDENT_STATES)
_TARGETS = {severity.value: target for severity, target in SEVERITY_TARGETS.items()}
_STATE_LABELS = {state.value: label for state, label in INCIDENT_STATE_LABELS.items()}
_CATEGORY_LABELS = {category.value: label for category, label in CATEGORY_LABELS.items()}


def _moment(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso) if iso else None


def _minutes(start: str | None, end: str | None) -> int | None:
    if not start or not end:
        return None
    return int((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() // 60)


# --- boxes: shared with the reception board ------------------------------------------------------


def boxes_in_transit(view: StateView, now: datetime) -> list[BoxInTransit]:
    """Every polling station box not yet checked in, latest first; `overdue` past its ETA or expected arrival."""
    stations = {s["station_id"]: s for s in view.rows("stations")}
    return _boxes_in_transit(stations, view.rows("boxes"), _keyed(view.rows("box_receipts"), "box_id"),
                             _keyed(view.rows("box_dispatches"), "box_id"), now)


def overdue_boxes(view: StateView, now: datetime) -> list[BoxInTransit]:
    return [b for b in boxes_in_transit(view, now) if b.overdue]


def _keyed(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {row[key]: row for row in rows}


def _boxes_in_transit(stations: dict[str, dict[str, Any]], boxes: list[dict[str, Any]],
                      receipts: dict[str, Any], dispatches: dict[str, dict[str, Any]],
                      now: datetime) -> list[BoxInTransit]:
    result = []
    for box in boxes:
        if box["box_id"] in receipts:
            continue
        dispatch = dispatches.get(box["box_id"])
        station = stations.get(box["station_id"], {})
        due = box_due_at(box["expected_arrival"], dispatch["eta"] if dispatch else None)
        result.append(BoxInTransit(
            box_id=box["box_id"], station_id=box["station_id"], station_name=station.get("name", ""),
            contest_id=box["contest_id"], presiding_officer=station.get("presiding_officer", ""),
            phone=station.get("presiding_officer_phone", ""),
            expected_arrival=local_naive_to_aware(box["expected_arrival"]).isoformat(),
            dispatched=dispatch is not None, collector=dispatch["collector"] if dispatch else "",
            left_at=dispatch["left_at"] if dispatch else None, eta=dispatch["eta"] if dispatch else None,
            due_at=due.isoformat(), late_minutes=minutes_late(due, now),
        ))
    return sorted(result, key=lambda b: (-b.late_minutes, b.due_at, natural_key(b.box_id)))


# --- the snapshot ----------------------------------------------------------------------------------


class ControlRoomView:
    """Every control-room table read once; each read model is computed from this snapshot."""

    def __init__(self, view: StateView) -> None:
        self._view = view
        election = view.rows("election")
        self.election: dict[str, Any] = election[0] if election else {}
        self.poll_date = date.fromisoformat(self.election["poll_date"]) if election else None
        self.stations = {s["station_id"]: s for s in view.rows("stations")}
        self.station_order = sorted(self.stations, key=natural_key)
        self.status = _keyed(view.rows("station_status"), "station_id")
        self.incident_rows = sorted(view.rows("incidents"), key=lambda r: r["number"])
        self.links: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for link in view.rows("incident_links"):
            self.links[link["number"]].append(link)
        self.returns: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for row in view.rows("turnout_returns"):
            self.returns[row["station_id"]][row["slot"]] = row
        settings = view.rows("control_settings")
        self.turnout_times: tuple[str, ...] = tuple(settings[0]["turnout_times"]) if settings \
            else DEFAULT_TURNOUT_TIMES
        self.boxes = view.rows("boxes")
        self.receipts = _keyed(view.rows("box_receipts"), "box_id")
        self.dispatches = _keyed(view.rows("box_dispatches"), "box_id")
        self.users = {u["username"]: u["full_name"] for u in view.rows("users")}

    @classmethod
    def load(cls, view: StateView) -> ControlRoomView:
        return cls(view)

    # Timelines are only needed for search, the shift report and one incident's detail.
    @cached_property
    def events(self) -> dict[int, list[dict[str, Any]]]:
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in self._view.rows("incident_events"):
            grouped[row["number"]].append(row)
        for rows in grouped.values():
            rows.sort(key=lambda r: r["seq"])
        return grouped

    def name_of(self, username: str | None) -> str:
        return self.users.get(username or "", username or "")

    def station_name(self, station_id: str | None) -> str:
        if station_id is None:
            return "(no station)"
        return self.stations.get(station_id, {}).get("name", station_id)

    # --- incidents -------------------------------------------------------------------------

    def _attention_of(self, row: dict[str, Any], now: datetime) -> AttentionItem | None:
        """The most pressing target an open incident has missed, if any."""
        if row["state"] not in _OPEN_STATES:
            return None
        target = _TARGETS[row["severity"]]
        reported = datetime.fromisoformat(row["reported_at"])
        checks = [("not acknowledged", target.acknowledge, row["acknowledged_at"]),
                  ("no action yet", target.act, row["acted_at"])]
        if row["state"] != IncidentState.ON_HOLD:  # parked on purpose: the resolve clock waits
            checks.append(("not resolved", target.resolve, row["resolved_at"]))
        for what, allowed, done in checks:
            if allowed is None or done is not None:
                continue
            due = reported + allowed
            if now > due:
                return AttentionItem(
                    number=row["number"], severity=row["severity"],
                    level="red" if row["severity"] == Severity.P1 else "amber", what=what, due_at=due.isoformat(),
                    late_minutes=minutes_late(due, now), station_id=row["station_id"],
                    station_name=self.station_name(row["station_id"]), description=row["description"],
                )
        return None

    def attention(self, now: datetime) -> list[AttentionItem]:
        """Open incidents past a target, red first, then by severity and lateness: the TUI rings on red."""
        items = [item for row in self.incident_rows if (item := self._attention_of(row, now)) is not None]
        return sorted(items, key=lambda i: (i.level != "red", i.severity, -i.late_minutes, i.number))

    def _record(self, row: dict[str, Any], now: datetime) -> IncidentRecord:
        attention = self._attention_of(row, now)
        return IncidentRecord(
            number=row["number"], station_id=row["station_id"], station_name=self.station_name(row["station_id"]),
            category=row["category"], category_label=_CATEGORY_LABELS[row["category"]],
            severity=row["severity"], state=row["state"], state_label=_STATE_LABELS[row["state"]],
            description=row["description"],
            reporter_name=row["reporter_name"], reporter_role=row["reporter_role"],
            reporter_phone=row["reporter_phone"], channel=row["channel"], voters_affected=row["voters_affected"],
            reported_at=row["reported_at"], reported_by=row["reported_by"], acknowledged_at=row["acknowledged_at"],
            minutes_to_acknowledge=_minutes(row["reported_at"], row["acknowledged_at"]), acted_at=row["acted_at"],
            assigned_to=row["assigned_to"], escalated_to=row["escalated_to"], escalated_at=row["escalated_at"],
            resolved_at=row["resolved_at"], minutes_to_resolve=_minutes(row["reported_at"], row["resolved_at"]),
            resolution=row["resolution"], closed_at=row["closed_at"], closed_by=row["closed_by"],
            updated_at=row["updated_at"],
            links=tuple(f"{link['kind']}:{link['target']}" for link in self.links.get(row["number"], [])),
            attention=attention.level if attention else None,
        )

    def _haystack(self, row: dict[str, Any]) -> str:
        parts = [row["description"], row["reporter_name"], row["resolution"], row["assigned_to"] or "",
                 self.station_name(row["station_id"]), str(row["number"])]
        parts += [event["text"] for event in self.events.get(row["number"], [])]
        parts += [link["target"] for link in self.links.get(row["number"], [])]
        return "\n".join(parts).casefold()

    def incidents(self, now: datetime, where: IncidentFilter | None = None,
                  limit: int | None = None) -> list[IncidentRecord]:
        """Incidents matching the filter, newest first; at most `limit` of them (a screen's worth)."""
        where = where or IncidentFilter()
        needle = where.text.strip().casefold()
        chosen = []
        states = {s.value for s in where.states}
        severities = {s.value for s in where.severities}
        categories = {c.value for c in where.categories}
        for row in reversed(self.incident_rows):
            if where.open_only and row["state"] not in _OPEN_STATES:
                continue
            if (states and row["state"] not in states) \
                    or (severities and row["severity"] not in severities) \
                    or (categories and row["category"] not in categories) \
                    or (where.station_id is not None and row["station_id"] != where.station_id) \
                    or (where.assignee is not None and (row["assigned_to"] or "") != where.assignee):
                continue
            if needle and needle not in self._haystack(row):
                continue
            chosen.append(self._record(row, now))
            if limit is not None and len(chosen) >= limit:
                break
        return chosen

    def timeline(self, number: int) -> list[dict[str, Any]]:
        return [{**event, "by_name": self.name_of(event["by"])} for event in self.events.get(number, [])]

    # --- stations ---------------------------------------------------------------------------

    def _box_counts(self, now: datetime) -> dict[str, Counter[str]]:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for box in self.boxes:
            tally = counts[box["station_id"]]
            tally["boxes"] += 1
            if box["box_id"] in self.receipts:
                tally["received"] += 1
                continue
            dispatch = self.dispatches.get(box["box_id"])
            if dispatch is not None:
                tally["dispatched"] += 1
            if minutes_late(box_due_at(box["expected_arrival"], dispatch["eta"] if dispatch else None), now):
                tally["overdue"] += 1
        return counts

    def _latest_return(self, station_id: str) -> tuple[str | None, dict[str, Any] | None]:
        returns = self.returns.get(station_id, {})
        for slot in reversed(self.turnout_times):
            if slot in returns:
                return slot, returns[slot]
        return None, None

    def board(self, now: datetime) -> list[StationBoardRow]:
        """One row per station, in station order: status, lateness, incidents, turnout and boxes."""
        boxes = self._box_counts(now)
        open_counts: Counter[str] = Counter()
        worst: dict[str, str] = {}
        for row in self.incident_rows:
            station_id = row["station_id"]
            if station_id is None or row["state"] not in _OPEN_STATES:
                continue
            open_counts[station_id] += 1
            worst[station_id] = min(worst.get(station_id, row["severity"]), row["severity"])
        due = latest_due_slot(self.turnout_times, self.poll_date, now) if self.poll_date else None
        rows = []
        for station_id in self.station_order:
            station = self.stations[station_id]
            status = self.status.get(station_id, {})
            tally = boxes.get(station_id, Counter())
            state = station_state_of(status.get("state"), tally["boxes"], tally["received"])
            slot, latest = self._latest_return(station_id)
            rows.append(StationBoardRow(
                station_id=station_id, name=station["name"], place_name=station["place_name"],
                presiding_officer=station["presiding_officer"], phone=station["presiding_officer_phone"],
                electorate=station["electorate"], state=state.value, state_label=STATION_STATE_LABELS[state],
                since=status.get("since") or None, reason=status.get("reason", ""),
                opened_at=status.get("opened_at"), late_minutes=self._late_opening(state, status, now),
                queue_length=status.get("queue_length"), inspector=status.get("inspector", ""),
                open_incidents=open_counts[station_id], worst_severity=worst.get(station_id),
                latest_slot=slot, latest_issued=latest["issued"] if latest else None,
                turnout_percent=turnout_percent(latest["issued"], station["electorate"]) if latest else None,
                missing_return=due is not None and due not in self.returns.get(station_id, {}),
                boxes=tally["boxes"], boxes_dispatched=tally["dispatched"], boxes_received=tally["received"],
                boxes_overdue=tally["overdue"],
            ))
        return rows

    def _late_opening(self, state: StationState, status: dict[str, Any], now: datetime) -> int | None:
        if self.poll_date is None:
            return None
        opened = _moment(status.get("opened_at"))
        if opened is None and state not in (StationState.NOT_SET_UP, StationState.SETTING_UP):
            return None  # open, or later, with no opening recorded: nothing to measure
        delay = opening_delay(opened, self.poll_date, now)
        return int(delay.total_seconds() // 60) if delay else None

    # --- turnout ----------------------------------------------------------------------------

    def turnout(self, now: datetime) -> TurnoutTable:
        rows = []
        for station_id in self.station_order:
            station = self.stations[station_id]
            returns = self.returns.get(station_id, {})
            slot, latest = self._latest_return(station_id)
            rows.append(TurnoutRow(
                station_id=station_id, name=station["name"], electorate=station["electorate"],
                issued={s: r["issued"] for s, r in returns.items()},
                queue={s: r["queue_length"] for s, r in returns.items()}, latest_slot=slot,
                latest_issued=latest["issued"] if latest else None,
                percent=turnout_percent(latest["issued"], station["electorate"]) if latest else None,
            ))
        series = []
        for slot in self.turnout_times:
            reporting = [r for r in rows if slot in r.issued]
            issued = sum(r.issued[slot] for r in reporting)
            electorate = sum(r.electorate for r in reporting)
            series.append(TurnoutPoint(slot, len(reporting), len(rows), issued, electorate,
                                       turnout_percent(issued, electorate)))
        due = latest_due_slot(self.turnout_times, self.poll_date, now) if self.poll_date else None
        missing = tuple(r.station_id for r in rows if due is not None and due not in r.issued)
        return TurnoutTable(base=TURNOUT_BASE_LABEL, times=self.turnout_times, latest_due=due, rows=tuple(rows),
                            series=tuple(series), not_reported=missing,
                            electorate_total=sum(r.electorate for r in rows))

    # --- boxes, voter ID ----------------------------------------------------------------------

    def in_transit(self, now: datetime) -> list[BoxInTransit]:
        return _boxes_in_transit(self.stations, self.boxes, self.receipts, self.dispatches, now)

    def voter_id_summary(self) -> VoterIdSummary:
        tallies = _keyed(self._view.rows("voter_id_tallies"), "station_id")
        refusals: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in self._view.rows("voter_id_refusals"):
            refusals[row["station_id"]].append(row)

        def group(greeter: bool) -> VoterIdGroup:
            ids = [s for s in self.station_order if bool(tallies.get(s, {}).get("greeter", False)) == greeter]
            rows = [r for s in ids for r in refusals.get(s, [])]
            by_reason = Counter(r["reason_code"] for r in rows)

            def total(name: str) -> int:
                return sum(tallies[s][name] for s in ids if s in tallies)

            return VoterIdGroup(
                stations=len(ids), refusals=len(rows),
                refusals_by_reason={code: by_reason.get(code, 0) for code in REFUSAL_REASONS},
                refused_then_issued=sum(1 for r in rows if r["later_issued"]), vac_used=total("vac_used"),
                aed_used=total("aed_used"), private_checks=total("private_checks"),
                not_issued_no_id=total("not_issued_no_id"), returned_with_id=total("returned_with_id"),
            )

        return VoterIdSummary(with_greeter=group(True), without_greeter=group(False), stations_reported=len(tallies))

    def sweeps(self, now: datetime) -> SweepSchedule:
        return sweep_schedule(self._view, now)

    # --- shift report ---------------------------------------------------------------------------

    def changes_since(self, since: datetime, now: datetime) -> list[ChangeLine]:
        """Every incident and station event recorded in [since, now], in time order."""
        def within(iso: str) -> bool:
            return since <= datetime.fromisoformat(iso) <= now

        changes = []
        for number, events in self.events.items():
            changes += [ChangeLine(e["at"], f"incident #{number}: {_event_text(e)} ({self.name_of(e['by'])})")
                        for e in events if within(e["at"])]
        for event in self._view.rows("station_events"):
            if within(event["at"]):
                what = (event["reason"] if event["kind"] == "inspector"
                        else f"{_state_label(event['from_state'])} -> {_state_label(event['to_state'])}"
                        + (f" ({event['reason']})" if event["reason"] else ""))
                changes.append(ChangeLine(event["at"], f"station {event['station_id']} "
                                                       f"{self.station_name(event['station_id'])}: {what}"))
        return sorted(changes, key=lambda c: (datetime.fromisoformat(c.at), c.what))

    def _counts_since(self, since: datetime, now: datetime) -> dict[str, int]:
        def recent(table: str) -> int:
            return sum(1 for r in self._view.rows(table) if since <= datetime.fromisoformat(r["at"]) <= now)

        return {"turnout returns": recent("turnout_returns"), "postal vote sweeps": recent("pv_sweeps"),
                "ballot paper refusals": recent("voter_id_refusals"), "box dispatches": recent("box_dispatches")}

    def shift_report(self, now: datetime, since: datetime) -> ShiftReport:
        open_records = self.incidents(now, IncidentFilter(open_only=True))
        by_severity = Counter(r.severity for r in open_records)
        board = self.board(now)
        turnout = self.turnout(now)
        return ShiftReport(
            election_name=self.election.get("name", ""), now=now.isoformat(), since=since.isoformat(),
            open_by_severity={s.value: by_severity.get(s.value, 0) for s in Severity},
            open_incidents=tuple(sorted(open_records, key=lambda r: (r.severity, r.number))),
            attention=tuple(self.attention(now)), changes=tuple(self.changes_since(since, now)),
            in_transit=tuple(self.in_transit(now)), not_reported=turnout.not_reported, latest_due=turnout.latest_due,
            stations_not_open=tuple(r for r in board if r.late_minutes is not None and r.opened_at is None),
            stations_suspended=tuple(r for r in board if r.state == StationState.SUSPENDED),
            counts_since=self._counts_since(since, now), overdue_sweeps=self.sweeps(now).overdue,
        )


def _state_label(value: str) -> str:
    return STATION_STATE_LABELS[StationState(value)]


def _event_text(event: dict[str, Any]) -> str:
    if event["to_state"] and event["kind"] != "opened":
        label = INCIDENT_STATE_LABELS[IncidentState(event["to_state"])]
        return f"{label}" + (f": {event['text']}" if event["text"] else "")
    return f"{event['kind']}: {event['text']}"


def attention(view: StateView, now: datetime) -> list[AttentionItem]:
    return ControlRoomView.load(view).attention(now)


# --- exports ---------------------------------------------------------------------------------------


def incident_records(view: StateView, now: datetime, where: IncidentFilter | None = None,
                     with_timeline: bool = True) -> list[dict[str, Any]]:
    """Incidents as plain records, oldest first, each with its timeline: the JSON export."""
    room = ControlRoomView.load(view)
    records = []
    for record in reversed(room.incidents(now, where)):
        plain = asdict(record)
        plain["links"] = list(record.links)
        if with_timeline:
            plain["timeline"] = [
                {"at": e["at"], "by": e["by"], "by_name": e["by_name"], "kind": e["kind"], "from": e["from_state"],
                 "to": e["to_state"], "text": e["text"]}
                for e in room.timeline(record.number)
            ]
        records.append(plain)
    return records


CSV_COLUMNS = (
    "number", "reported_at", "station_id", "station_name", "category", "severity", "state", "description",
    "reporter_name", "reporter_role", "reporter_phone", "channel", "voters_affected", "assigned_to", "escalated_to",
    "acknowledged_at", "minutes_to_acknowledge", "resolved_at", "minutes_to_resolve", "closed_at", "resolution",
    "links", "notes",
)
_TIME_COLUMNS = ("reported_at", "acknowledged_at", "resolved_at", "closed_at")


def incidents_csv(records: list[dict[str, Any]]) -> str:
    """The incident log for a spreadsheet: UK local times, notes joined in order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        row = {**record, "links": "; ".join(record["links"]), "station_id": record["station_id"] or "",
               "category": record["category_label"], "state": record["state_label"]}
        for column in _TIME_COLUMNS:
            row[column] = uk_time(record[column], with_date=True) if record[column] else ""
        row["notes"] = " | ".join(f"{uk_time(e['at'])} {e['by_name']}: {e['text']}"
                                  for e in record.get("timeline", []) if e["kind"] == "note")
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return out.getvalue()


def shift_report_text(report: ShiftReport) -> str:
    lines = [
        f"Control room shift report: {report.election_name}",
        f"At {uk_time(report.now, with_date=True)}; changes since {uk_time(report.since, with_date=True)}.",
        "",
        "Open incidents: " + ", ".join(f"{s} {n}" for s, n in report.open_by_severity.items())
        + f" (total {sum(report.open_by_severity.values())})",
    ]
    for record in report.open_incidents:
        where = record.station_id or "-"
        owner = f", with {record.assigned_to}" if record.assigned_to else ""
        lines.append(f"  #{record.number} {record.severity} {record.state_label:<12} station {where}: "
                     f"{record.category_label}: {_short(record.description)}{owner}")
    lines += ["", f"Past target ({len(report.attention)}):"]
    lines += [f"  #{a.number} {a.severity} {a.what}, {minutes_words(a.late_minutes)} late ({a.level}): "
              f"{_short(a.description)}" for a in report.attention] or ["  none"]
    lines += ["", f"Changes since {uk_time(report.since)} ({len(report.changes)}):"]
    lines += [f"  {uk_time(c.at)} {c.what}" for c in report.changes] or ["  none"]
    lines.append("  also: " + ", ".join(f"{n} {what}" for what, n in report.counts_since.items()))
    overdue = [b for b in report.in_transit if b.overdue]
    lines += ["", f"Boxes not yet at the count: {len(report.in_transit)}, overdue {len(overdue)}:"]
    lines += [f"  box {b.box_id} from {b.station_id} {b.station_name}: due {uk_time(b.due_at)}, "
              f"{minutes_words(b.late_minutes)} late, "
              + (f"left {uk_time(b.left_at)} with {b.collector}" if b.dispatched
                 else f"not dispatched; PO {b.presiding_officer} {b.phone}")
              for b in overdue] or ["  none overdue"]
    lines += ["", f"Postal vote sweeps overdue: {len(report.overdue_sweeps)}"]
    lines += [f"  {uk_time(s.due_at)} station {s.station_id} {s.station_name}: {minutes_words(s.late_minutes)} late, "
              f"with {s.collector or 'no collector named'}" for s in report.overdue_sweeps]
    due = report.latest_due or "no return due yet"
    lines += ["", f"Stations not reported for {due}: {len(report.not_reported)}"]
    if report.not_reported:
        lines.append("  " + ", ".join(report.not_reported))
    lines += ["", f"Stations not open: {len(report.stations_not_open)}; suspended: {len(report.stations_suspended)}"]
    lines += [f"  {r.station_id} {r.name}: not open, {minutes_words(r.late_minutes)} late"
              for r in report.stations_not_open]
    lines += [f"  {r.station_id} {r.name}: suspended since {uk_time(r.since)} ({r.reason})"
              for r in report.stations_suspended]
    return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 70) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


SHIFT_REPORT_FROM = time(6, 0)  # staff arrive at stations from 06:00


def since_default(poll_date: date) -> datetime:
    """Shift reports cover the whole polling day unless told otherwise."""
    return poll_moment(poll_date, SHIFT_REPORT_FROM)


# --- missed targets: the control room's PDFs (postal vote sweeps: control_sweeps.py) -----------------


@dataclass(frozen=True)
class TargetBreach:
    """A response target an incident missed: met late, or still not met at `now`."""

    number: int
    severity: str
    target: str  # "acknowledge", "act" or "resolve"
    allowed_minutes: int
    taken_minutes: int | None  # None: still not done
    late_minutes: int


BREACH_TARGETS = ("acknowledge", "act", "resolve")


def target_breaches(record: IncidentRecord, now: datetime) -> list[TargetBreach]:
    """Every target this incident has missed, closed incidents included (`attention` is only the open ones'
    most pressing): the log and the day's summary count them after the event, not only while they ring."""
    target = _TARGETS[record.severity]
    reported = datetime.fromisoformat(record.reported_at)
    checks = [("acknowledge", target.acknowledge, record.acknowledged_at), ("act", target.act, record.acted_at)]
    if record.state != IncidentState.ON_HOLD:  # parked on purpose: the resolve clock waits
        checks.append(("resolve", target.resolve, record.resolved_at))
    breaches = []
    for name, allowed, done in checks:
        if allowed is None:
            continue
        due = reported + allowed
        moment = datetime.fromisoformat(done) if done else (now if record.is_open else None)
        if moment is None or moment <= due:
            continue
        breaches.append(TargetBreach(
            number=record.number, severity=record.severity, target=name,
            allowed_minutes=int(allowed.total_seconds() // 60),
            taken_minutes=_minutes(record.reported_at, done) if done else None,
            late_minutes=minutes_late(due, moment),
        ))
    return breaches
