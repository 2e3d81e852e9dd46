"""The failures a document can meet, each with a message complete enough to act on."""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A document could not be made; the message says why and what to change."""


class LayoutError(DocumentError):
    """A layout file is missing or wrong; the message names the file and the key."""

    def __init__(self, path: Path | str, key: str, problem: str) -> None:
        where = f"{path}: {key}" if key else str(path)
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.key = key
        self.problem = problem


class FontNotFound(DocumentError):
    """The Unicode TTF fonts documents need are not installed."""


class LabelError(DocumentError):
    """Label data the barcodes cannot carry, or a label too small for its barcode."""
