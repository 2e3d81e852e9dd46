"""One shared build per (seed, scale): a demo build hashes 15 PINs with full-cost scrypt."""

from __future__ import annotations

import functools

from pollday.demo.generator import build_demo_definition
from pollday.domain.election import ElectionDefinition


@functools.cache
def demo(seed: int = 2026, scale: int = 1) -> ElectionDefinition:
    return build_demo_definition(seed, scale)
