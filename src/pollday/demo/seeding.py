"""Independent random streams derived from one demo seed.

Each part of the demo draws from its own stream, named by labels, so that adding a
draw in one part (or building more constituencies) never shifts the figures of another.
`random.Random` hashes a string seed with SHA-512, so a stream is the same in every
process and on every platform.
"""

from __future__ import annotations

import random


def substream(seed: int, *labels: str | int) -> random.Random:
    return random.Random(":".join(["pollday-demo", str(seed), *(str(label) for label in labels)]))
