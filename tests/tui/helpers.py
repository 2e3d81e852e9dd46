"""Driving the app in tests: waiting for conditions (never sleeping blindly) and reading what it shows."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

P = ParamSpec("P")

# Generous: a PIN check or a read runs in a thread and may wait for the store's lock.
WAIT_STEPS = 500
WAIT_STEP_SECONDS = 0.01


def async_test(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test on its own event loop.

    The project has no pytest-asyncio or anyio plugin; App.run_test only needs a running
    loop, and functools.wraps keeps the test's signature so pytest still injects fixtures.
    """

    @functools.wraps(test)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until `condition` holds; fail (naming `what`) if it never does."""
    for _ in range(WAIT_STEPS):
        if condition():
            return
        await pilot.pause(WAIT_STEP_SECONDS)
    raise AssertionError(f"timed out waiting for {what}")


# The characters a terminal sends for the named keys used in these tests.
KEY_CHARACTERS = {"enter": "\r", "escape": "\x1b", "tab": "\t"}


async def send_keys(pilot: Pilot[None], *keys: str) -> None:
    """Queue every key at once, as a terminal delivers a burst, then let the app handle them.

    Much faster than pilot.press (which waits for the app to go idle after each key) and
    the harder case for the app: see tech-notes trap 1.
    """
    for key in keys:
        character = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


def shown_text(app: App[None], selector: str) -> str:
    """The text a Static (or Label) on the current screen shows."""
    return str(app.screen.query_one(selector, Static).content)
