"""A footer that rebuilds itself only when the keys it shows change.

Textual's Footer recomposes (a widget mounted per key) on every focus change. The postal
desk moves the focus twice a PVS (scan field, form, scan field) while showing the same
keys, and those rebuilds were a large share of each PVS's time on the event loop: the
issue asks for one PVS every two seconds, with the keys typed in bursts.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._shown: tuple[tuple[str, str, str, bool, str], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        shown = tuple((binding.key, binding.description, binding.action, enabled, tooltip)
                      for _node, binding, enabled, tooltip in screen.active_bindings.values() if binding.show)
        if shown == self._shown:
            return  # the same keys: nothing to rebuild
        if screen.app.app_focus:  # the footer only rebuilds while the app has the focus: remember it only then
            self._shown = shown
        super().bindings_changed(screen)
