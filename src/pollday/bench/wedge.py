"""wedge_burst_ok: 100 keyboard-wedge scans arriving in one burst at the scan field.

A USB scanner in keyboard mode, an SSH session or a browser can deliver many reads'
keys at once. Textual's own Input then glues later codes onto earlier ones (tech-notes
trap 1), and `pilot.press` hides it by pausing between keys, so every key event of all
100 scans (characters and Enter) is posted before the app handles any of them.

The scan field is found by name: a widget class called `...ScanField` in a module of
`pollday.tui.widgets`. Whatever messages that class (or a pollday base class) defines
are collected, and their text compared with the codes sent: all recorded, in order,
none merged. Until the scan field exists the figure is "not built yet", and the same
burst is sent to the sign-in screen's EntryField as a reference. Textual is imported
here only inside the functions, so importing the bench never pays for it.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import pkgutil
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from pollday.bench import figures
from pollday.bench.context import BenchContext
from pollday.demo.generator import ELECTION_ID
from pollday.domain.payloads import PayloadKind, election_tag, encode

SCANS = 100
GOAL = f"all {SCANS} recorded, in order, none merged"
WIDGETS_PACKAGE = "pollday.tui.widgets"
WAIT_STEPS = 1000
WAIT_STEP_S = 0.01


def figure(ctx: BenchContext) -> figures.Figure:
    codes = [encode(PayloadKind.BOX, election_tag(ELECTION_ID, "rehearsal"), f"KV{n}") for n in range(1, SCANS + 1)]
    scan_field = _find_scan_field()
    if scan_field is None:
        missing = figures.not_built(f"a ScanField widget in {WIDGETS_PACKAGE} (e.g. tui/widgets/scan_field.py)",
                                    unit="pass", goal=GOAL)
        if importlib.util.find_spec(WIDGETS_PACKAGE) is not None:
            from pollday.tui.widgets.entry_field import EntryField

            missing["reference_entry_field"] = asyncio.run(_burst(lambda: EntryField(clear_on_enter=True), codes))
        return missing
    result = asyncio.run(_burst(scan_field, codes))
    ok = result["recorded"] == SCANS and result["in_order"] and result["merged"] == 0 and result["garbled"] == 0
    return figures.value(
        ok, unit="pass", n=SCANS, floor_reason="a pass/fail figure: the burst is the worst case, not a cost",
        goal=GOAL, goal_met=ok, notes=f"{scan_field.__module__}.{scan_field.__qualname__}, every key posted at once",
        **result)


def _find_scan_field() -> type[Any] | None:
    if importlib.util.find_spec(WIDGETS_PACKAGE) is None:
        return None
    package = importlib.import_module(WIDGETS_PACKAGE)
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{WIDGETS_PACKAGE}.{info.name}")
        for name, value in vars(module).items():
            if name.endswith("ScanField") and isinstance(value, type) and value.__module__ == module.__name__:
                return value
    return None


def _pollday_messages(widget_class: type[Any]) -> list[type[Any]]:
    """The message classes pollday defines on the widget or its pollday bases (not Textual's own,
    such as Input.Changed, which is posted on every key)."""
    from textual.message import Message

    found = []
    for klass in widget_class.__mro__:  # class dictionaries: reading attributes off a widget class runs descriptors
        for value in vars(klass).values():
            if isinstance(value, type) and issubclass(value, Message) and value.__module__.startswith("pollday."):
                found.append(value)
    return found


def _text_of(message: Any) -> str:
    for name in ("value", "text", "code", "raw"):
        if isinstance(getattr(message, name, None), str):
            return str(getattr(message, name))
    return repr(message)


async def _burst(make_widget: Callable[[], Any], codes: list[str]) -> dict[str, Any]:
    from textual import events, on
    from textual.app import App, ComposeResult
    from textual.keys import _character_to_key  # what Textual's own drivers use to name a typed character

    widget = make_widget()
    received: list[str] = []
    sources: Counter[str] = Counter()  # "scanned" or "typed", where the field says which

    def recorder() -> Callable[[App[None], Any], None]:
        # A function per message type: `on` adds each type to the function it decorates.
        def record(app: App[None], message: Any) -> None:
            received.append(_text_of(message))
            sources[str(getattr(message, "source", "not told"))] += 1

        return record

    handlers = {f"_bench_on_{number}": on(kind)(recorder())
                for number, kind in enumerate(_pollday_messages(type(widget)))}
    if not handlers:
        raise RuntimeError(f"{type(widget).__qualname__} defines no message of its own to report a scan with")

    class Harness(App[None]):
        def compose(self) -> ComposeResult:
            yield widget

        def on_mount(self) -> None:
            self.set_focus(widget)

    # Textual collects @on handlers when a class is created, so the handlers go in at creation.
    harness_class = type("BurstHarness", (Harness,), handlers)
    app = harness_class()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        for code in codes:
            for character in code:
                app.post_message(events.Key(_character_to_key(character), character))
            app.post_message(events.Key("enter", "\r"))
        for _ in range(WAIT_STEPS):
            if len(received) >= len(codes):
                break
            await pilot.pause(WAIT_STEP_S)
        handled_ms = (time.perf_counter() - started) * 1000
    longest = max(len(code) for code in codes)
    sent = set(codes)
    return {
        "recorded": len(received),
        "in_order": received == codes[: len(received)],
        "merged": sum(1 for text in received if len(text) > longest),  # two codes glued make a longer one
        "garbled": sum(1 for text in received if text not in sent),
        "sources": dict(sources),
        "burst_handled_ms": figures.rounded(handled_ms),
        "widget": f"{type(widget).__module__}.{type(widget).__qualname__}",
    }
