"""Typed access from any widget or screen to the running PolldayApp and what it holds."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from pollday.tui.app import PolldayApp


def shell_of(node: DOMNode) -> PolldayApp:
    """The PolldayApp a widget runs in (a cast: pollday widgets only ever run inside one)."""
    return cast("PolldayApp", node.app)
