"""Postal vote sweeps read back: the collections made, and the planned ones as due, done or overdue at `now`.

The desk's sweeps screen, the shift report, the control room summary PDF and
`pollday control export-sweeps` all read the schedule from here, so they agree on what is
overdue. A collection that fulfilled no planned one (a station rang in with a pile of
packets) is listed as unscheduled, never lost.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from pollday.domain.ordering import natural_key
from pollday.domain.state import StateView
from pollday.domain.sweep_schedule import SWEEP_GRACE, SweepState, minutes_behind
from pollday.domain.timefmt import uk_time

# What a planned collection is at a moment: its stored state, split by the clock.
DUE, OVERDUE, DONE, CANCELLED = "due", "overdue", "done", "cancelled"
GRACE_MINUTES = int(SWEEP_GRACE.total_seconds() // 60)  # for the documents' notes


@dataclass(frozen=True)
class PostalSweep:
    station_id: str
    station_name: str
    number: int  # the station's first, second... sweep
    collected_by: str
    packets: int
    envelopes: int
    collected_at: str
    note: str
    recorded_at: str
    recorded_by: str


def postal_sweeps(view: StateView) -> list[PostalSweep]:
    """Postal votes collected from polling stations during the day, in the order they were collected."""
    names = {s["station_id"]: s["name"] for s in view.rows("stations")}
    return _collections(view, names)


def _collections(view: StateView, names: dict[str, str]) -> list[PostalSweep]:
    sweeps = [PostalSweep(station_id=r["station_id"], station_name=names.get(r["station_id"], r["station_id"]),
                          number=r["number"], collected_by=r["collected_by"], packets=r["packets"],
                          envelopes=r["envelopes"], collected_at=r["collected_at"], note=r["note"],
                          recorded_at=r["at"], recorded_by=r["by"])
              for r in view.rows("pv_sweeps")]
    return sorted(sweeps, key=lambda s: (datetime.fromisoformat(s.collected_at), natural_key(s.station_id), s.number))


@dataclass(frozen=True)
class ScheduledSweep:
    """A planned collection and, once made, the collection that fulfilled it."""

    station_id: str
    station_name: str
    number: int  # the station's first, second... planned collection
    due_at: str
    collector: str
    note: str
    status: str  # due, overdue, done or cancelled, at the moment the schedule was read
    late_minutes: int  # overdue: how late it is now; done: how late it was made (0 within the grace)
    reason: str  # why it was last moved, or cancelled
    revisions: int
    collected_at: str | None = None
    collected_by: str = ""
    packets: int | None = None
    envelopes: int | None = None
    collection_note: str = ""  # what the collector noted (a receipt signed, say)

    @property
    def remark(self) -> str:
        """The one note worth a narrow column: why it was moved or cancelled, else the collector's, else the plan's."""
        return self.reason or self.collection_note or self.note

    @property
    def overdue(self) -> bool:
        return self.status == OVERDUE

    @property
    def status_label(self) -> str:
        if self.status == DONE and self.late_minutes:
            return "Done late"
        return self.status.capitalize()


@dataclass(frozen=True)
class SweepSchedule:
    now: str
    planned: tuple[ScheduledSweep, ...]  # by due time
    collections: tuple[PostalSweep, ...]  # every collection made, in the order made
    unscheduled: tuple[PostalSweep, ...]  # those that fulfilled no planned one

    def with_status(self, status: str) -> tuple[ScheduledSweep, ...]:
        return tuple(s for s in self.planned if s.status == status)

    @property
    def overdue(self) -> tuple[ScheduledSweep, ...]:
        """Most overdue first: the ones to chase."""
        return tuple(sorted(self.with_status(OVERDUE), key=lambda s: (-s.late_minutes, natural_key(s.station_id))))

    @property
    def done_late(self) -> tuple[ScheduledSweep, ...]:
        return tuple(s for s in self.with_status(DONE) if s.late_minutes)

    @property
    def packets(self) -> int:
        return sum(s.packets for s in self.collections)

    @property
    def envelopes(self) -> int:
        return sum(s.envelopes for s in self.collections)


def sweep_schedule(view: StateView, now: datetime) -> SweepSchedule:
    """Every planned collection as it stands at `now`, with every collection made."""
    names = {s["station_id"]: s["name"] for s in view.rows("stations")}
    collections = _collections(view, names)
    made = {(s.station_id, s.number): s for s in collections}
    planned = []
    for row in view.rows("pv_sweep_schedule"):
        due = datetime.fromisoformat(row["due_at"])
        sweep = made.get((row["station_id"], row["sweep"])) if row["sweep"] is not None else None
        if row["state"] == SweepState.CANCELLED:
            status, late = CANCELLED, 0
        elif sweep is not None:
            status, late = DONE, minutes_behind(due, datetime.fromisoformat(sweep.collected_at))
        else:
            late = minutes_behind(due, now)
            status = OVERDUE if late else DUE
        planned.append(ScheduledSweep(
            station_id=row["station_id"], station_name=names.get(row["station_id"], row["station_id"]),
            number=row["number"], due_at=row["due_at"], collector=row["collector"], note=row["note"], status=status,
            late_minutes=late, reason=row["reason"], revisions=row["revisions"],
            collected_at=sweep.collected_at if sweep else None, collected_by=sweep.collected_by if sweep else "",
            packets=sweep.packets if sweep else None, envelopes=sweep.envelopes if sweep else None,
            collection_note=sweep.note if sweep else "",
        ))
    planned.sort(key=lambda s: (datetime.fromisoformat(s.due_at), natural_key(s.station_id), s.number))
    fulfilled = {(row["station_id"], row["sweep"]) for row in view.rows("pv_sweep_schedule")
                 if row["sweep"] is not None}
    return SweepSchedule(now=now.isoformat(), planned=tuple(planned), collections=tuple(collections),
                         unscheduled=tuple(s for s in collections if (s.station_id, s.number) not in fulfilled))


def overdue_sweeps(view: StateView, now: datetime) -> list[ScheduledSweep]:
    return list(sweep_schedule(view, now).overdue)


# --- exports ---------------------------------------------------------------------------------------

CSV_COLUMNS = ("station_id", "station_name", "planned", "due_at", "collector", "status", "late_minutes",
               "collected_at", "collected_by", "packets", "envelopes", "note", "reason")


def sweep_records(schedule: SweepSchedule) -> list[dict[str, Any]]:
    """Planned collections in due order, then the unscheduled ones: the JSON export."""
    records: list[dict[str, Any]] = [{**asdict(s), "planned": s.number, "status_label": s.status_label}
                                     for s in schedule.planned]
    records += [{"station_id": s.station_id, "station_name": s.station_name, "planned": None, "due_at": None,
                 "collector": "", "status": "unscheduled", "status_label": "Unscheduled", "late_minutes": 0,
                 "collected_at": s.collected_at, "collected_by": s.collected_by, "packets": s.packets,
                 "envelopes": s.envelopes, "note": s.note, "reason": ""} for s in schedule.unscheduled]
    for record in records:
        record.pop("number", None)  # `planned` says which planned collection; a collection has its own number
        record.pop("revisions", None)
    return records


def sweeps_csv(records: list[dict[str, Any]]) -> str:
    """One line per planned or unscheduled collection, UK local times, for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        row = {**record, "status": record["status_label"]}
        for column in ("due_at", "collected_at"):
            row[column] = uk_time(record[column], with_date=True) if record[column] else ""
        writer.writerow(["" if row[c] is None else row[c] for c in CSV_COLUMNS])
    return out.getvalue()

