"""The postal export says where a station's BPA section D and the hand-in records disagree."""

from __future__ import annotations

from pathlib import Path

from pollday.domain.postal_stations import all_station_differences
from pollday.services.election_service import ElectionService
from pollday.services.postal_export import postal_export
from tests.conftest import DemoCopy


def test_the_export_carries_the_station_differences(demo_copy: DemoCopy, tmp_path: Path) -> None:
    service = ElectionService.open(demo_copy("boxes-arriving", tmp_path / "b.db"))
    try:
        assert postal_export(service)["hand_ins"]["station_bpa_differences"] == {}  # the demo keys section D right
        station = next(r for r in service.store.view().rows("postal_hand_ins") if r["station_id"])["station_id"]
        bpa = next(r for r in service.store.view().rows("bpas", station_id=station) if r["postal_accepted"])
        result = service.execute(service.session_for("supervisor1"), {"cmd": "bpa.resolve", "args": {
            "station_id": station, "contest_id": bpa["contest_id"], "reason": "re-read section D",
            **{name: bpa[name] for name in _FIGURES}, "postal_accepted": bpa["postal_accepted"] + 1}})
        assert result.applied, result.reason
        differences = postal_export(service)["hand_ins"]["station_bpa_differences"]
        assert differences == all_station_differences(service.store.view())
        assert differences.get(station), "an extra accepted postal vote on the BPA must be reported"
    finally:
        service.close()


_FIGURES = ("ordinary_received", "issued", "spoilt", "unused", "tendered_received", "tendered_issued",
            "tendered_spoilt", "tendered_unused", "tendered_list_entries", "postal_accepted", "postal_rejected",
            "postal_forms")
