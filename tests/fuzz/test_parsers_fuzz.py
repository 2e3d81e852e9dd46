"""Bad input everywhere: every parser either accepts or refuses with its own error, never crashes,
and a refused command changes nothing but the journal."""

from __future__ import annotations

import shutil
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pollday.definition.errors import DefinitionError
from pollday.definition.loader import load_definition
from pollday.devices.framing import FrameDecoder
from pollday.devices.profiles import find_profile
from pollday.domain.commands import COMMANDS, CommandContext
from pollday.domain.engine import decide
from pollday.domain.payloads import ScanVerdict, read_scan
from pollday.domain.roles import Role
from pollday.domain.state import state_digest
from tests.domain.helpers import Harness
from tests.factories import POLL_OPENS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "harrowden-by-election"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
command_like = st.builds(
    lambda name, args: {"cmd": name, "args": args},
    st.sampled_from(sorted(COMMANDS)) | st.text(max_size=20),
    st.dictionaries(st.text(max_size=15), json_values, max_size=6) | json_values,
)


HARNESS = Harness()  # decide() never changes the state it reads, so one election serves every example
BEFORE = state_digest(HARNESS.state.all_rows())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(command_like, json_values), st.sampled_from(["manager", "ro", "observer", "ghost"]))
def test_random_commands_are_decided_never_crash(raw: object, actor: str) -> None:
    harness = HARNESS
    user = harness.state.get("users", (actor,))
    decision = decide(raw, CommandContext(POLL_OPENS, actor, Role(user["role"]) if user else None, "t"),
                      harness.state)
    if not decision.applied:
        assert decision.reason and not decision.changes
    assert state_digest(harness.state.all_rows()) == BEFORE


@given(st.text(alphabet=string.printable + "é€\x00", max_size=40))
def test_random_scans_get_a_verdict_and_a_reason(raw: str) -> None:
    reading = read_scan(raw, "kestrel-vale-2026", "official")
    assert reading.verdict in set(ScanVerdict) and reading.reason


@given(st.lists(st.binary(max_size=64), max_size=20), st.sampled_from(["generic", "honeywell-xenon", "zebra-ds2208",
                                                                       "datalogic-quickscan"]))
def test_random_serial_bytes_never_crash_the_framing(chunks: list[bytes], profile_name: str) -> None:
    decoder = FrameDecoder(find_profile(profile_name))
    for chunk in chunks:
        for frame in decoder.feed(chunk):
            assert frame.ok or frame.error


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["election.toml", "stations.csv", "boxes.csv", "candidates.csv", "users.csv"]),
       st.integers(min_value=0, max_value=4000), st.text(max_size=12))
def test_mangled_definition_files_load_or_list_problems(tmp_path_factory: object, file_name: str, position: int,
                                                        insert: str) -> None:
    folder = tmp_path_factory.mktemp("def")  # type: ignore[attr-defined]
    shutil.copytree(EXAMPLE, folder, dirs_exist_ok=True)
    target = folder / file_name
    text = target.read_text(encoding="utf-8")
    cut = position % (len(text) + 1)
    target.write_text(text[:cut] + insert + text[cut + len(insert):], encoding="utf-8")
    try:
        definition = load_definition(folder, salt_source=lambda n: b"\x00" * n)
    except DefinitionError as error:
        assert error.problems and all(str(p) for p in error.problems)
    else:
        assert definition.contests
