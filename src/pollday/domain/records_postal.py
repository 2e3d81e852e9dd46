"""Projection tables for postal vote opening, adjudication, hand-ins and the statutory lists (schema 4)."""

from __future__ import annotations

from pollday.domain.record_spec import TableSpec

POSTAL_TABLES: tuple[TableSpec, ...] = ()
