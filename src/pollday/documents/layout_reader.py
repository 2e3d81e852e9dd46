"""Reading a layout TOML file key by key, so that every error names the file and the key.

Staff edit layouts by hand on the night; "labels-14.toml: sheet.columns: must be a whole
number from 1 to 20, not 'two'" lets them fix it without reading Python.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pollday.documents.errors import LayoutError


def read_layout_file(path: Path) -> LayoutTable:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise LayoutError(path, "", f"not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise LayoutError(path, "", "not a UTF-8 text file") from None
    except OSError as error:
        raise LayoutError(path, "", f"cannot be read: {error.strerror or error}") from None
    return LayoutTable(path, data)


class LayoutTable:
    """One table of a layout file. Call `finish()` once read, to refuse keys nobody reads (typos)."""

    def __init__(self, path: Path, data: dict[str, Any], prefix: str = "") -> None:
        self.path = path
        self._data = data
        self._prefix = prefix
        self._read: set[str] = set()
        self._children: list[LayoutTable] = []

    def key_name(self, key: str) -> str:
        return f"{self._prefix}{key}"

    def error(self, key: str, problem: str) -> LayoutError:
        return LayoutError(self.path, self.key_name(key), problem)

    def has(self, key: str) -> bool:
        return key in self._data

    def _value(self, key: str, default: Any) -> Any:
        self._read.add(key)
        if key in self._data:
            return self._data[key]
        if default is None:
            raise self.error(key, "missing: this key is required")
        return default

    def table(self, key: str) -> LayoutTable:
        self._read.add(key)
        value = self._data.get(key, {})
        if not isinstance(value, dict):
            raise self.error(key, f"must be a table ([{self.key_name(key)}]), not {_shown(value)}")
        child = LayoutTable(self.path, value, f"{self.key_name(key)}.")
        self._children.append(child)
        return child

    def number(self, key: str, default: float | None = None, *, minimum: float = 0.0, maximum: float = 1000.0,
               unit: str = "") -> float:
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"must be a number{_unit(unit)}, not {_shown(value)}")
        if not minimum <= value <= maximum:
            raise self.error(key, f"must be from {minimum:g} to {maximum:g}{_unit(unit)}, not {value:g}")
        return float(value)

    def integer(self, key: str, default: int | None = None, *, minimum: int = 1, maximum: int = 100) -> int:
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
            raise self.error(key, f"must be a whole number from {minimum} to {maximum}, not {_shown(value)}")
        return value

    def text(self, key: str, default: str | None = None, *, choices: Sequence[str] = ()) -> str:
        value = self._value(key, default)
        if not isinstance(value, str):
            raise self.error(key, f"must be text in quotes, not {_shown(value)}")
        if choices and value not in choices:
            raise self.error(key, f"must be one of {', '.join(choices)}, not {_shown(value)}")
        return value

    def texts(self, key: str, default: Sequence[str] | None = None) -> tuple[str, ...]:
        value = self._value(key, None if default is None else list(default))
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(key, f"must be a list of texts, e.g. [\"Signature\", \"Date\"], not {_shown(value)}")
        return tuple(value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self._value(key, default)
        if not isinstance(value, bool):
            raise self.error(key, f"must be true or false, not {_shown(value)}")
        return value

    def finish(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            known = ", ".join(sorted(self._read)) or "none"
            raise self.error(unknown[0], f"unknown key (keys read here: {known})")
        for child in self._children:
            child.finish()


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)
