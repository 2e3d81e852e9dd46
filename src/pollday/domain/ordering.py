"""Ordering names the way people read them."""

from __future__ import annotations

import re
from typing import Any


def natural_key(text: str) -> tuple[Any, ...]:
    """'2' before '10', and '23' before '23A'; names without a leading number go last."""
    match = re.match(r"(\d+)(.*)", text)
    return (int(match.group(1)), match.group(2)) if match else (float("inf"), text)
