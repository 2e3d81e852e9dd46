"""Projection tables for the polling-day control room: incidents, station status, turnout, transit (schema 4)."""

from __future__ import annotations

from pollday.domain.record_spec import TableSpec

CONTROL_ROOM_TABLES: tuple[TableSpec, ...] = ()
