"""A read-only view that reads each table once and answers every later question from memory.

Read models such as a contest's verification ask the same few tables hundreds of times
(one question per station, box and move); against SQLite each question is a query. Over a
cache the whole reading costs one query per table. Use it for one reading at one moment,
never across a write: it does not see changes made after a table was first read.
"""

from __future__ import annotations

from typing import Any

from pollday.domain.record_spec import RecordError
from pollday.domain.state import Key, StateView, spec_of


class TableCache:
    """A StateView over another view: each table is read whole on first use, then indexed per question."""

    def __init__(self, view: StateView) -> None:
        self._view = view
        self._tables: dict[str, list[dict[str, Any]]] = {}
        self._indexes: dict[tuple[str, tuple[str, ...]], dict[tuple[Any, ...], list[dict[str, Any]]]] = {}

    def _index(self, table: str, columns: tuple[str, ...]) -> dict[tuple[Any, ...], list[dict[str, Any]]]:
        index = self._indexes.get((table, columns))
        if index is None:
            spec = spec_of(table)
            unknown = set(columns) - set(spec.column_names)
            if unknown:
                raise RecordError(f"{spec.name}: no column(s) {sorted(unknown)}")
            rows = self._tables.get(table)
            if rows is None:
                rows = self._tables[table] = self._view.rows(table)
            index = {}
            for row in rows:
                index.setdefault(tuple(row[c] for c in columns), []).append(row)
            self._indexes[(table, columns)] = index
        return index

    def get(self, table: str, key: Key) -> dict[str, Any] | None:
        found = self._index(table, spec_of(table).key).get(tuple(key))
        return dict(found[0]) if found else None

    def rows(self, table: str, **where: Any) -> list[dict[str, Any]]:
        columns = tuple(sorted(where))
        found = self._index(table, columns).get(tuple(where[c] for c in columns), [])
        # Copies, as every other view returns: a caller may build on a row without touching the cache.
        return [dict(row) for row in found]

    def count(self, table: str, **where: Any) -> int:
        columns = tuple(sorted(where))
        return len(self._index(table, columns).get(tuple(where[c] for c in columns), []))


def cached(view: StateView) -> StateView:
    """The view itself if it already caches, else a cache over it."""
    return view if isinstance(view, TableCache) else TableCache(view)
