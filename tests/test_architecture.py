"""House rules that the import linter cannot see."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "pollday"
CLOCK_READS = re.compile(r"datetime\.now\(|date\.today\(|time\.time\(|time\.monotonic\(|utcnow\(")


def test_the_domain_never_reads_the_clock() -> None:
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in (SRC / "domain").rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if CLOCK_READS.search(line)
    ]
    assert offenders == []


def test_only_the_services_clock_reads_the_time() -> None:
    readers = {
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if CLOCK_READS.search(path.read_text())
    }
    assert readers <= {"services/clock.py"}
